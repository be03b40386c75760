#!/usr/bin/env bash
# Installs the Debian packages the product needs: "run" for the kiosk, sign and admin,
# "test" also for the test suite (a browser for the admin's end-to-end test, a PostgreSQL server).
# Packages already present are left alone; without root or sudo it says what is missing and goes on.
set -euo pipefail

want=()
need_python_venv() { ! "${PYTHON:-python3}" -c 'import ensurepip, venv' >/dev/null 2>&1; }
have_initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null; }

if need_python_venv; then want+=(python3-venv); fi
# Optional: the kiosk's spoken prompts ([kiosk] speech); the kiosk runs silent without it.
command -v espeak-ng >/dev/null || want+=(espeak-ng)
if [[ "${1:-run}" == "test" ]]; then
  command -v chromium >/dev/null || want+=(chromium)
  have_initdb || want+=(postgresql)
fi

if [[ ${#want[@]} -eq 0 ]]; then exit 0; fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "system-deps: please install these Debian packages: ${want[*]} (needs root)" >&2
  exit 0
fi

echo "system-deps: installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null

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
  # The central server's browser test runs a site's forwarder with its clock off (libfaketime).
  command -v faketime >/dev/null || want+=(faketime)
  # The installer's test checks its units with systemd-analyze, every command they start present.
  command -v systemd-analyze >/dev/null || want+=(systemd)
  command -v cage >/dev/null || want+=(cage)
  command -v Xwayland >/dev/null || want+=(xwayland)
  # Letters, forms and reports are rendered to PDF by LibreOffice and read back with poppler;
  # Liberation fonts have Times New Roman's metrics, so lines break where Word breaks them.
  command -v soffice >/dev/null || want+=(libreoffice-writer-nogui libreoffice-calc-nogui)
  command -v pdftotext >/dev/null || want+=(poppler-utils)
  compgen -G '/usr/share/fonts/truetype/liberation*/LiberationSerif-Regular.ttf' >/dev/null \
    || want+=(fonts-liberation2)
fi
# "central" (make central): the PostgreSQL server the central server's trial runs on.
if [[ "${1:-run}" == "central" ]]; then
  have_initdb || want+=(postgresql)
fi
# "appliance" (scripts/install.sh): the kiosk's compositor with no desktop (cage), the Wayland
# libraries SDL loads and the login session it runs in.
if [[ "${1:-run}" == "appliance" ]]; then
  # cage will not start without Xwayland (a recommendation apt skips here).
  for package in cage xwayland libwayland-client0 libwayland-cursor0 libwayland-egl1 \
    libxkbcommon0 libegl1 libgles2 libpam-systemd dbus; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' \
      || want+=("$package")
  done
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

#!/usr/bin/env bash
# Installs or upgrades the lobby software as an appliance on Debian 12 / Ubuntu 22.04 or newer:
#   system user "lobby"; code in /opt/congso-lobby/app and its virtualenv in /opt/congso-lobby/venv;
#   settings in /etc/congso-lobby/config.toml (an existing one is kept); the store, journal and
#   backups in /var/lib/congso-lobby (owner only); logs in journald; systemd units, a udev rule
#   for the sign's USB adapter (/dev/lobby-sign) and the kiosk's PAM service.
# An upgrade stops the services, backs the store up, replaces the code, migrates the store and
# prints how to roll back. Running it twice changes nothing the second time.
#
# Usage: sudo scripts/install.sh [--root DIR] [--venv-from VENV] [--no-system-deps] [--no-start]
#                                [--sign-usb VENDOR:PRODUCT[:SERIAL]]
#   --root DIR         install into the tree DIR (packaging, tests): no user is created, no Debian
#                      package installed, systemctl and udevadm are not called; it says what it skips
#   --venv-from VENV   no download: the new virtualenv uses the packages of the existing VENV
#   --no-system-deps   do not install Debian packages (cage, python3-venv...)
#   --no-start         enable the services but do not start them
#   --sign-usb IDS     the sign's USB adapter, as udevadm info shows it (e.g. 1a86:7523, or
#                      0403:6001:A10KJ3NP with its serial number): /dev/lobby-sign is that adapter only
set -euo pipefail
# The code and its virtualenv are read by the service user: never make them owner-only by
# accident of the caller's umask (private files get their modes explicitly below).
umask 022

SRC=$(cd "$(dirname "$0")/.." && pwd)
ROOT=""
VENV_FROM=""
SYSTEM_DEPS=1
START=1
SIGN_USB=""
PYTHON=${PYTHON:-python3}

APP_USER=lobby
PREFIX=/opt/congso-lobby
APP=$PREFIX/app
VENV=$PREFIX/venv
CONF_DIR=/etc/congso-lobby
CONF=$CONF_DIR/config.toml
DATA=/var/lib/congso-lobby
UNIT_DIR=/etc/systemd/system
UDEV_RULE=/etc/udev/rules.d/70-lobby-sign.rules
PAM_FILE=/etc/pam.d/congso-lobby-kiosk
WRAPPER=/usr/local/sbin/congso-lobby-admin
UNITS=(congso-lobby.target congso-lobby-kiosk.service congso-lobby-sign.service
  congso-lobby-admin.service congso-lobby-backup.service congso-lobby-backup.timer
  congso-lobby-failed@.service)
ENABLED=(congso-lobby.target congso-lobby-kiosk.service congso-lobby-sign.service
  congso-lobby-admin.service congso-lobby-backup.timer)
# What is copied into $APP: the program, its assets and documents; not the tests or benchmarks.
SHIPPED=(lobby kiosk signage admin_web assets docs deploy scripts run_kiosk.py config.toml
  pyproject.toml README.md)

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) ROOT=$(realpath -m "${2:?--root needs a folder}"); shift 2 ;;
    --venv-from) VENV_FROM=$(realpath "${2:?--venv-from needs a virtualenv}"); shift 2 ;;
    --no-system-deps) SYSTEM_DEPS=0; shift ;;
    --no-start) START=0; shift ;;
    --sign-usb) SIGN_USB=${2:?--sign-usb needs VENDOR:PRODUCT}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "install: $*"; }
r() { printf '%s%s' "$ROOT" "$1"; }  # a path inside the target tree
changes=0
changed() { changes=$((changes + 1)); say "$*"; }
# Talking to the running systemd and udev: only told under --root, skipped in a chroot or an
# image being built (where the units are installed and enabled only).
live() {
  if [[ -n $ROOT ]]; then
    say "(--root) bỏ qua: $*"
  elif [[ ! -d /run/systemd/system ]]; then
    say "(systemd không chạy trên máy này) bỏ qua: $*"
  else
    "$@"
  fi
}

if [[ -n $SIGN_USB && ! $SIGN_USB =~ ^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}(:[A-Za-z0-9._-]+)?$ ]]; then
  echo "install: --sign-usb: expected VENDOR:PRODUCT (4 hex digits each) and maybe :SERIAL," \
    "such as 1a86:7523, got $SIGN_USB" >&2
  exit 2
fi
if [[ -z $ROOT && $(id -u) -ne 0 ]]; then
  echo "install: cần quyền root: sudo $0 $*" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "install: cần Python 3.11 trở lên ($PYTHON); Debian 12 và Ubuntu 22.04+ có sẵn." >&2
  exit 1
fi

# --- Debian packages and the service user ---------------------------------------------------
if [[ -n $ROOT ]]; then
  say "(--root) bỏ qua: scripts/system-deps.sh appliance"
elif [[ $SYSTEM_DEPS -eq 1 ]]; then
  PYTHON=$PYTHON "$SRC/scripts/system-deps.sh" appliance
fi
if [[ -n $ROOT ]]; then
  say "(--root) bỏ qua: useradd --system $APP_USER"
elif ! id -u "$APP_USER" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$DATA" --no-create-home \
    --shell /usr/sbin/nologin --comment "Lobby kiosk services" "$APP_USER"
  changed "đã tạo người dùng hệ thống $APP_USER"
fi
if [[ -z $ROOT ]]; then
  # Screen and input (kiosk), sound (spoken prompts), serial ports (sign), where they exist.
  for group in video input render audio dialout; do
    if getent group "$group" >/dev/null && ! id -nG "$APP_USER" | grep -qw "$group"; then
      usermod -aG "$group" "$APP_USER"
      changed "đã thêm $APP_USER vào nhóm $group"
    fi
  done
fi

# --- Files ----------------------------------------------------------------------------------
# Owner and mode of what we install; ownership is left alone under --root (not root's tree).
own() {
  local path=$1 owner=$2
  [[ -n $ROOT ]] && return 0
  if [[ $(stat -c %U:%G "$path") != "$owner" ]]; then
    chown "$owner" "$path"
    changed "chủ sở hữu $owner: ${path#"$ROOT"}"
  fi
}
make_dir() {  # PATH MODE OWNER
  local path; path=$(r "$1")
  if [[ ! -d $path ]]; then
    mkdir -p "$path"
    changed "đã tạo $1"
  fi
  if [[ $(stat -c %a "$path") != "${2#0}" ]]; then
    chmod "$2" "$path"
    changed "quyền $2: $1"
  fi
  own "$path" "$3"
}
put_file() {  # SOURCE TARGET MODE: copy when the content or mode differs
  local target; target=$(r "$2")
  if ! cmp -s "$1" "$target"; then
    install -D -m "$3" "$1" "$target"
    changed "đã ghi $2"
  elif [[ $(stat -c %a "$target") != "${3#0}" ]]; then
    chmod "$3" "$target"
    changed "quyền $3: $2"
  fi
}
put_text() {  # TARGET MODE, content on stdin
  local tmp; tmp=$(mktemp)
  cat >"$tmp"
  put_file "$tmp" "$1" "$2"
  rm -f "$tmp"
}

make_dir "$PREFIX" 0755 root:root
make_dir "$APP" 0755 root:root
make_dir "$CONF_DIR" 0750 "root:$APP_USER"
make_dir "$DATA" 0700 "$APP_USER:$APP_USER"
make_dir "$DATA/backups" 0700 "$APP_USER:$APP_USER"

# The program's files, relative to the source tree (a git checkout: its tracked and new files).
list_source() {
  if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$SRC" ls-files --cached --others --exclude-standard -- "${SHIPPED[@]}"
  else
    (cd "$SRC" && find "${SHIPPED[@]}" -type f -not -path '*/__pycache__/*' -not -name '*.pyc')
  fi | while IFS= read -r file; do [[ -f $SRC/$file ]] && echo "$file"; done | sort -u
}
mapfile -t SOURCE_FILES < <(list_source)
if [[ ${#SOURCE_FILES[@]} -lt 20 ]]; then
  echo "install: $SRC does not look like the lobby software's source" >&2
  exit 1
fi

# The source files the installed program lacks or holds in another content or mode (a file is
# installed 0755 when executable in the source, else 0644).
changed_files() {
  local app file
  app=$(r "$APP")
  comm -23 <(cd "$SRC" && sha256sum -- "${SOURCE_FILES[@]}" | sort) \
    <(cd "$app" 2>/dev/null && sha256sum -- "${SOURCE_FILES[@]}" 2>/dev/null | sort) \
    | sed 's/^[0-9a-f]*  //'
  for file in "${SOURCE_FILES[@]}"; do
    if [[ -e $app/$file && ( -x $SRC/$file && ! -x $app/$file || ! -x $SRC/$file && -x $app/$file ) ]]
    then
      echo "$file"
    fi
  done
}
mapfile -t CHANGED < <(changed_files | sort -u)
# An upgrade (or the first installation) when a file is new, changed or no longer shipped.
app_differs() {
  [[ ${#CHANGED[@]} -gt 0 ]] && return 0
  comm -13 <(printf '%s\n' "${SOURCE_FILES[@]}") <(installed_files) | grep -q . && return 0
  return 1
}
installed_files() {
  [[ -d $(r "$APP") ]] || return 0
  (cd "$(r "$APP")" && find . -type f -not -path '*/__pycache__/*' | sed 's#^\./##' | sort)
}

# --- Running the installed program ---------------------------------------------------------
# Under --root the settings name the target's paths (/var/lib/...): the program runs with a copy
# of them whose paths point into the tree.
product_config=""
prepare_config() {
  [[ -n $product_config ]] && return 0
  product_config=$(r "$CONF")
  if [[ -n $ROOT ]]; then
    product_config=$(mktemp --suffix=.toml)
    trap 'rm -f "$product_config"' EXIT
    sed -e "s#\"$DATA#\"$ROOT$DATA#g" -e "s#:///$DATA#:///$ROOT$DATA#g" \
      -e "s#\"$PREFIX#\"$ROOT$PREFIX#g" "$(r "$CONF")" >"$product_config"
  fi
}
run_python() {  # the installed program's Python, as the service user, never the source's code
  if [[ -n $ROOT ]]; then
    (cd / && env PYTHONDONTWRITEBYTECODE=1 "PYTHONPATH=$(r "$APP")" "$(r "$VENV")/bin/python" "$@")
  else
    (cd / && runuser -u "$APP_USER" -- env PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" "$@")
  fi
}
product() { run_python -m admin_web --config "$product_config" "$@"; }
# "present" when the configured store exists (PostgreSQL: always), else "absent".
store_state() {
  run_python -c '
import sys
from lobby.backup import sqlite_database
from lobby.settings import load_settings
database = sqlite_database(load_settings(sys.argv[1]).store_url)
print("present" if database is None or database.exists() else "absent")' "$product_config"
}
backup_line=""
BACKUP_RESULT=none
# The store's backup before an upgrade; BACKUP_RESULT: done, absent (no store yet) or failed.
backup_store() {
  prepare_config
  local state
  state=$(store_state) || state=failed
  BACKUP_RESULT=$state
  [[ $state == present ]] || return 0
  say "sao lưu kho dữ liệu trước khi nâng cấp..."
  if backup_line=$(product backup); then
    echo "$backup_line"
    BACKUP_RESULT="done"
  else
    BACKUP_RESULT=failed
  fi
}
restart_stopped() {
  if [[ ${#WAS_ACTIVE[@]} -gt 0 ]]; then systemctl start "${WAS_ACTIVE[@]}"; fi
}

UPGRADE=0
if app_differs; then
  UPGRADE=1
fi

# Services running the old code stop before it is replaced; they start again at the end.
WAS_ACTIVE=()
if [[ $UPGRADE -eq 1 && -z $ROOT && -d /run/systemd/system ]]; then
  for unit in congso-lobby-kiosk.service congso-lobby-sign.service congso-lobby-admin.service; do
    if systemctl is-active --quiet "$unit"; then WAS_ACTIVE+=("$unit"); fi
  done
  if [[ ${#WAS_ACTIVE[@]} -gt 0 ]]; then
    say "dừng các dịch vụ để nâng cấp: ${WAS_ACTIVE[*]}"
    systemctl stop "${WAS_ACTIVE[@]}"
  fi
fi

# The installed version backs its own store up before its code is replaced; an installation
# older than the backup command is backed up by the new code, before the migrations.
BACKED_UP=0
if [[ $UPGRADE -eq 1 && -f $(r "$APP/lobby/backup.py") && -x $(r "$VENV/bin/python") \
  && -f $(r "$CONF") ]]; then
  backup_store
  if [[ $BACKUP_RESULT == failed ]]; then
    restart_stopped
    echo "install: không sao lưu được kho dữ liệu: chưa nâng cấp, chưa thay đổi gì." >&2
    exit 1
  fi
  BACKED_UP=1
fi

if [[ $UPGRADE -eq 1 ]]; then
  for file in "${CHANGED[@]}"; do
    mode=0644; [[ -x $SRC/$file ]] && mode=0755
    install -D -m "$mode" "$SRC/$file" "$(r "$APP/$file")"
  done
  while IFS= read -r stale; do
    rm -f "$(r "$APP/$stale")"
  done < <(comm -13 <(printf '%s\n' "${SOURCE_FILES[@]}") <(installed_files))
  find "$(r "$APP")" -depth -type d -empty -delete
  find "$(r "$APP")" -type d -exec chmod 0755 {} +
  find "$(r "$APP")" -depth -type d -name __pycache__ -exec rm -rf {} +
  changed "đã chép chương trình vào $APP (${#SOURCE_FILES[@]} tệp)"
fi

# --- Virtualenv ---------------------------------------------------------------------------
python_version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
mapfile -t DEPENDENCIES < <("$PYTHON" -c '
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))' "$SRC/pyproject.toml")
if [[ -n $VENV_FROM ]]; then
  wanted="python $python_version; packages from $VENV_FROM"
else
  wanted="python $python_version; $(printf '%s ' "${DEPENDENCIES[@]}")"
fi
stamp=$(r "$VENV/.congso-lobby-packages")
kind="python $python_version, ${VENV_FROM:+from }${VENV_FROM:-pip}"
if [[ ! -f $stamp || $(tail -n +2 "$stamp") != "$wanted" || ! -x $(r "$VENV/bin/python") ]]; then
  # A new virtualenv only for another Python or another way of getting the packages; changed
  # packages go into the existing one, which a failed download then leaves as it was.
  if [[ ! -x $(r "$VENV/bin/python") || ! -f $stamp || $(head -1 "$stamp") != "$kind" ]]; then
    rm -rf "$(r "$VENV")"
    if [[ -n $VENV_FROM ]]; then
      "$PYTHON" -m venv --without-pip "$(r "$VENV")"
      site=$("$(r "$VENV")/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
      "$VENV_FROM/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
        >"$site/congso-lobby-packages.pth"
    else
      "$PYTHON" -m venv "$(r "$VENV")"
    fi
  fi
  if [[ -z $VENV_FROM ]]; then
    say "cài ${#DEPENDENCIES[@]} gói Python vào $VENV (cần mạng, vài phút)..."
    if ! "$(r "$VENV")/bin/python" -m pip install --quiet --disable-pip-version-check \
      "${DEPENDENCIES[@]}"; then
      restart_stopped
      echo "install: không cài được các gói Python (mạng?): chạy lại lệnh cài đặt khi có mạng." >&2
      exit 1
    fi
  fi
  printf '%s\n%s\n' "$kind" "$wanted" >"$stamp"
  changed "đã chuẩn bị môi trường Python $VENV"
fi
site=$("$(r "$VENV")/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# The program runs from $APP (its assets sit beside the code), found through this path file.
put_text "${site#"$ROOT"}/congso-lobby.pth" 0644 <<<"$APP"
# Compiled once here: the services cannot write beside the code (ProtectSystem=strict).
PYTHONDONTWRITEBYTECODE=1 "$(r "$VENV")/bin/python" -m compileall -q -d "$APP" "$(r "$APP")" \
  >/dev/null

# --- Settings, units, devices ---------------------------------------------------------------
if [[ -e $(r "$CONF") ]]; then
  [[ $changes -gt 0 ]] && say "giữ nguyên cấu hình $CONF"
else
  put_file "$SRC/deploy/config.toml" "$CONF" 0640
fi
own "$(r "$CONF")" "root:$APP_USER"
if [[ $(stat -c %a "$(r "$CONF")") != 640 ]]; then
  chmod 0640 "$(r "$CONF")"
  changed "quyền 0640: $CONF"
fi

units_before=$changes
for unit in "${UNITS[@]}"; do
  put_file "$SRC/deploy/systemd/$unit" "$UNIT_DIR/$unit" 0644
done
units_changed=$((changes - units_before))
put_file "$SRC/deploy/pam/congso-lobby-kiosk" "$PAM_FILE" 0644
udev_before=$changes
if [[ -n $SIGN_USB ]]; then
  IFS=: read -r vendor product serial <<<"$SIGN_USB"
  [[ -n $serial ]] && serial=", ATTRS{serial}==\"$serial\""
  put_text "$UDEV_RULE" 0644 <<EOF
# The LED sign's USB serial adapter appears as /dev/lobby-sign, for the lobby service user only.
# Written by scripts/install.sh --sign-usb $SIGN_USB (docs/install.md, section 6).
SUBSYSTEM=="tty", ATTRS{idVendor}=="${vendor,,}", ATTRS{idProduct}=="${product,,}"$serial, SYMLINK+="lobby-sign", GROUP="$APP_USER", MODE="0660"
EOF
elif [[ ! -e $(r "$UDEV_RULE") ]]; then
  put_file "$SRC/deploy/udev/70-lobby-sign.rules" "$UDEV_RULE" 0644
fi
put_text "$WRAPPER" 0755 <<EOF
#!/bin/sh
# The admin's command line as the lobby service user, with this PC's settings, e.g.:
#   sudo congso-lobby-admin backup        sudo congso-lobby-admin create-admin NAME
exec runuser -u $APP_USER -- $VENV/bin/python -m admin_web --config $CONF "\$@"
EOF

if [[ $UPGRADE -eq 1 ]]; then
  prepare_config
  if [[ $BACKED_UP -eq 0 ]]; then
    backup_store
    if [[ $BACKUP_RESULT == failed ]]; then
      echo "install: không sao lưu được kho dữ liệu: dừng trước khi nâng kho dữ liệu" \
        "(chương trình mới đã chép, kho dữ liệu chưa đổi)." >&2
      exit 1
    fi
  fi
  product migrate
  if [[ -n $backup_line ]]; then
    backup_file=$(sed -n 's/^Đã sao lưu kho dữ liệu vào \(.*\) (.*$/\1/p' <<<"$backup_line" | head -1)
    backup_file=${backup_file#"$ROOT"}
    cat <<EOF
install: Để quay lại phiên bản trước (nếu bản mới có lỗi):
  sudo systemctl stop congso-lobby.target
  sudo congso-lobby-admin restore ${backup_file:-$DATA/backups/<tệp mới nhất>}
  (trong thư mục mã nguồn của phiên bản trước) sudo scripts/install.sh
EOF
  fi
fi

# --- systemd and udev -----------------------------------------------------------------------
if [[ $units_changed -gt 0 ]]; then live systemctl daemon-reload; fi
if [[ -n $ROOT ]]; then
  say "(--root) bỏ qua: systemctl enable ${ENABLED[*]}"
else
  for unit in "${ENABLED[@]}"; do
    if ! systemctl is-enabled --quiet "$unit" 2>/dev/null; then
      systemctl enable --quiet "$unit"
      changed "đã bật $unit"
    fi
  done
fi
if [[ $changes -gt $udev_before ]]; then
  live udevadm control --reload
  live udevadm trigger --subsystem-match=tty
fi
if [[ -e $(r /etc/systemd/system/display-manager.service) ]]; then
  say "CHÚ Ý: máy có màn hình đăng nhập đồ hoạ (display-manager.service) chiếm màn hình;" \
    "tắt nó để kiosk lên ngay khi bật máy: sudo systemctl disable display-manager.service"
fi
if [[ $START -eq 1 ]]; then
  if [[ -n $ROOT || ! -d /run/systemd/system ]]; then
    live systemctl start congso-lobby-sign congso-lobby-admin congso-lobby-backup.timer
  else
    if [[ $UPGRADE -eq 1 || $units_changed -gt 0 ]]; then
      systemctl restart congso-lobby-sign.service congso-lobby-admin.service
    else
      systemctl start congso-lobby-sign.service congso-lobby-admin.service
    fi
    systemctl start congso-lobby-backup.timer
    for unit in "${WAS_ACTIVE[@]}"; do
      [[ $unit == congso-lobby-kiosk.service ]] && systemctl start "$unit"
    done
  fi
fi

if [[ $changes -eq 0 ]]; then
  say "đã cài đặt sẵn, không có gì thay đổi."
else
  say "xong. Kiosk chạy trên màn hình khi khởi động lại máy (sudo reboot)," \
    "hoặc ngay: sudo systemctl start congso-lobby-kiosk"
  say "cấu hình: $CONF; dữ liệu và bản sao lưu: $DATA; nhật ký: journalctl -u 'congso-lobby-*'"
fi

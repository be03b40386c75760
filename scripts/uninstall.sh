#!/usr/bin/env bash
# Removes the lobby software that scripts/install.sh installed: its services, units, udev rule,
# PAM service, admin command and /opt/congso-lobby. The settings (/etc/congso-lobby) and the data
# (/var/lib/congso-lobby: the store, the journal, the backups) stay, and so does the user "lobby",
# unless --purge is given.
#
# Usage: sudo scripts/uninstall.sh [--root DIR] [--purge]
#   --root DIR   remove from the tree DIR (as installed with install.sh --root DIR)
#   --purge      also delete the settings, the data with every backup, and the user "lobby"
set -euo pipefail

ROOT=""
PURGE=0
APP_USER=lobby
PREFIX=/opt/congso-lobby
CONF_DIR=/etc/congso-lobby
DATA=/var/lib/congso-lobby
UNIT_DIR=/etc/systemd/system
UNITS=(congso-lobby.target congso-lobby-kiosk.service congso-lobby-sign.service
  congso-lobby-admin.service congso-lobby-backup.service congso-lobby-backup.timer
  congso-lobby-failed@.service)
FILES=(/etc/udev/rules.d/70-lobby-sign.rules /etc/pam.d/congso-lobby-kiosk
  /usr/local/sbin/congso-lobby-admin)

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) ROOT=$(realpath -m "${2:?--root needs a folder}"); shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "uninstall: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "uninstall: $*"; }
r() { printf '%s%s' "$ROOT" "$1"; }
live() {  # the running systemd and udev: not under --root, nor where systemd does not run
  if [[ -n $ROOT ]]; then
    say "(--root) bỏ qua: $*"
  elif [[ ! -d /run/systemd/system ]]; then
    say "(systemd không chạy trên máy này) bỏ qua: $*"
  else
    "$@"
  fi
}
remove() {
  local path; path=$(r "$1")
  if [[ -e $path || -L $path ]]; then
    rm -rf "$path"
    say "đã xoá $1"
  fi
}

if [[ -z $ROOT && $(id -u) -ne 0 ]]; then
  echo "uninstall: cần quyền root: sudo $0 $*" >&2
  exit 1
fi

SERVICES=(congso-lobby.target congso-lobby-kiosk.service congso-lobby-sign.service
  congso-lobby-admin.service congso-lobby-backup.timer)
if [[ -n $ROOT ]]; then
  say "(--root) bỏ qua: systemctl disable --now ${SERVICES[*]}"
elif [[ -d /run/systemd/system ]]; then
  systemctl disable --now --quiet "${SERVICES[@]}" 2>/dev/null || true
  systemctl reset-failed 'congso-lobby*' 2>/dev/null || true
elif command -v systemctl >/dev/null; then
  systemctl disable --quiet "${SERVICES[@]}" 2>/dev/null || true
fi
for unit in "${UNITS[@]}"; do remove "$UNIT_DIR/$unit"; done
for file in "${FILES[@]}"; do remove "$file"; done
remove "$PREFIX"
live systemctl daemon-reload
live udevadm control --reload

if [[ $PURGE -eq 1 ]]; then
  remove "$CONF_DIR"
  remove "$DATA"
  if [[ -n $ROOT ]]; then
    say "(--root) bỏ qua: userdel $APP_USER"
  elif id -u "$APP_USER" >/dev/null 2>&1; then
    userdel "$APP_USER"
    say "đã xoá người dùng $APP_USER"
  fi
else
  say "giữ lại cấu hình $CONF_DIR và dữ liệu $DATA (kho dữ liệu, bản sao lưu);" \
    "xoá cả chúng: $0 --purge"
fi

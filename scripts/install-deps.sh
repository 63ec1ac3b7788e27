#!/usr/bin/env bash
# Install the Debian 12 packages cks-sapnhap needs, only those missing.
#   scripts/install-deps.sh          what building and running needs
#   scripts/install-deps.sh --test   also what the test suite needs
# Runs apt-get as root, or through sudo for an ordinary user.
set -eu
pkgs="build-essential cmake pkg-config gettext libncurses-dev libsqlite3-dev
      libxlsxwriter-dev zlib1g-dev libiniparser-dev libutf8proc-dev"
if [ "${1:-}" = "--test" ]; then
    # LibreOffice (headless Calc) and poppler render an exported form to PDF
    # in the export tests; Liberation Serif stands in for Times New Roman
    pkgs="$pkgs clang tmux unzip sqlite3 libclang-rt-14-dev libreoffice-calc-nogui
          poppler-utils fonts-liberation2"
fi
missing=""
for p in $pkgs; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing

#!/bin/sh
# Debian's chromium for the desk's browser tests (tests/desk/test_browser.py, Playwright with
# executable_path; `playwright install` is never used). `make test` runs this: chromium is
# installed with apt when it is missing (as root, or with passwordless sudo).
set -eu
command -v chromium >/dev/null 2>&1 && exit 0
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
if ! command -v apt-get >/dev/null 2>&1 || { [ -n "$SUDO" ] && ! sudo -n true 2>/dev/null; }; then
  echo "chromium: not installed and apt is not usable; install Debian's chromium for the browser tests" >&2
  exit 1
fi
echo "chromium: installing Debian's chromium with apt" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 || \
  { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2; }
command -v chromium >/dev/null 2>&1

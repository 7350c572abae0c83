#!/bin/sh
# Debian's pango for WeasyPrint (the evidence pack's report.pdf, tests/inbox/test_pdf.py).
# `make test` runs this: libpango-1.0-0, libpangoft2-1.0-0 and a font (fonts-dejavu-core) are
# installed with apt when pango is missing (as root, or with passwordless sudo).
set -eu
if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' && fc-list 2>/dev/null | grep -q .; then exit 0; fi
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
if ! command -v apt-get >/dev/null 2>&1 || { [ -n "$SUDO" ] && ! sudo -n true 2>/dev/null; }; then
  echo "pango: not installed and apt is not usable; install Debian's libpango-1.0-0 libpangoft2-1.0-0" \
       "fonts-dejavu-core for the evidence pack's PDF" >&2
  exit 1
fi
PKGS="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
echo "pango: installing $PKGS with apt" >&2
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PKGS >&2 || \
  { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PKGS >&2; }
ldconfig -p | grep -q 'libpangoft2-1.0.so.0'

#!/usr/bin/env bash
# Qt's wheels bundle Qt itself but load a few system libraries (EGL/GL, fontconfig,
# xkbcommon, GLib). Offscreen tests need only those; the xcb plugin for a real window also
# needs the xcb utility libraries. Qt's own error message names the wrong package for the
# latter — QT_DEBUG_PLUGINS=1 shows the library that is really missing.
#
# Usage: tools/qt_system_libs.sh [--window]
# Installs what is missing when run as root on Debian/Ubuntu; otherwise prints the command.
set -euo pipefail

libs=(libEGL.so.1:libegl1 libGL.so.1:libgl1 libfontconfig.so.1:libfontconfig1
      libxkbcommon.so.0:libxkbcommon0 libglib-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3)
if [[ "${1:-}" == "--window" ]]; then
  libs+=(libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1
         libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0
         libxcb-cursor.so.0:libxcb-cursor0 libxcb-shape.so.0:libxcb-shape0
         libxcb-xkb.so.1:libxcb-xkb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0)
fi

missing=()
for entry in "${libs[@]}"; do
  lib=${entry%%:*}; pkg=${entry##*:}
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Qt runtime libraries: ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Qt needs these system packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Qt's wheels bundle Qt itself but load a few system libraries (EGL/GL, fontconfig,
# xkbcommon, GLib). Offscreen tests need only those; a real window (the xcb platform plugin)
# also needs the X11/xcb libraries below — the list is what `ldd` shows libqxcb.so and
# libQt6XcbQpa.so loading, and tests/test_qt_system_libs.py checks it against the installed
# Qt. Qt's own error ("could not load the Qt platform plugin xcb") names the wrong package.
#
# Usage: tools/qt_system_libs.sh [--window] [--dry-run]
#   --window   also what a real window needs (not when QT_QPA_PLATFORM is offscreen or
#              minimal), and a display to open it on.
#   --dry-run  say what would be installed, install nothing.
# Missing libraries are installed when run as root on Debian/Ubuntu (apt-get). Otherwise it
# prints the exact command to run and exits 1, so `make run` stops before launching.
set -euo pipefail

window=0
dry_run=0
for arg in "$@"; do
  case "$arg" in
    --window) window=1 ;;
    --dry-run) dry_run=1 ;;
    *) echo "usage: $0 [--window] [--dry-run]" >&2; exit 2 ;;
  esac
done

platform=${QT_QPA_PLATFORM:-}
if [[ "$platform" == offscreen* || "$platform" == minimal* ]]; then
  window=0  # no window will be opened: the offscreen plugin needs only the base libraries
fi

libs=(libEGL.so.1:libegl1 libGL.so.1:libgl1 libfontconfig.so.1:libfontconfig1
      libxkbcommon.so.0:libxkbcommon0 libglib-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3)
if [[ $window -eq 1 ]]; then
  libs+=(libxcb.so.1:libxcb1 libX11.so.6:libx11-6 libX11-xcb.so.1:libx11-xcb1
         libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
         libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
         libxcb-randr.so.0:libxcb-randr0 libxcb-render.so.0:libxcb-render0
         libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0
         libxcb-shm.so.0:libxcb-shm0 libxcb-sync.so.1:libxcb-sync1
         libxcb-util.so.1:libxcb-util1 libxcb-xfixes.so.0:libxcb-xfixes0
         libxcb-xkb.so.1:libxcb-xkb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0)
fi

known=$(ldconfig -p 2>/dev/null || true)
missing=()
for entry in "${libs[@]}"; do
  lib=${entry%%:*}; pkg=${entry##*:}
  grep -qF "$lib " <<<"$known" || missing+=("$pkg")
done

if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    if [[ $dry_run -eq 1 ]]; then
      echo "Would install: ${missing[*]}"
    else
      echo "Installing the system libraries Qt needs: ${missing[*]}" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
  elif command -v apt-get >/dev/null; then
    echo "Qt needs system libraries that are not installed. Run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    echo "then run this command again." >&2
    exit 1
  else
    echo "Qt needs these libraries, which are not installed (Debian package names):" >&2
    echo "  ${missing[*]}" >&2
    echo "Install them with your system's package manager, then run this command again." >&2
    exit 1
  fi
elif [[ $dry_run -eq 1 ]]; then
  echo "Nothing to install."
fi

if [[ $window -eq 1 && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "There is no display to open a window on (DISPLAY is not set). Run it from a desktop" >&2
  echo "session, or under a virtual screen:" >&2
  echo "  sudo apt-get install -y xvfb && xvfb-run -s '-screen 0 1600x1000x24' make run" >&2
  exit 1
fi
exit 0

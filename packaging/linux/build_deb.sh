#!/usr/bin/env bash
# Builds dist/custos_<version>_<arch>.deb from the frozen bundle (`make dist` calls it).
#
#   packaging/linux/build_deb.sh [BUNDLE]      BUNDLE defaults to dist/custos
#
# Layout: the bundle in /opt/custos, /usr/bin/custos -> /opt/custos/custos, the desktop entry in
# /usr/share/applications and the icon in the hicolor theme (the desktop-file-utils and
# hicolor-icon-theme triggers refresh the menus; no maintainer scripts needed).
#
# Depends is derived, not typed: for every ELF file in the bundle, each library it needs (DT_NEEDED)
# is resolved with ldd, the bundle's own folders first on the library path, and each one that
# still resolves outside the bundle is mapped to its Debian package with dpkg -S — the same way tools/qt_system_libs.sh's list was
# made from ldd of the xcb plugin, so a window can open after `apt install ./custos_*.deb` on a
# system that had none of them. A library ldd cannot find here stops the build: the package
# would otherwise miss a dependency. libc6 gets the newest GLIBC symbol version the bundle uses.
set -euo pipefail
cd "$(dirname "$0")/../.."

bundle=${1:-dist/custos}
[[ -x "$bundle/custos" ]] || { echo "no frozen build at $bundle: run make dist" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed to build the .deb (Debian/Ubuntu)" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
arch=$(dpkg --print-architecture)
internal=$(cd "$bundle/_internal" && pwd)
stage=build/deb/custos_${version}_${arch}
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/custos"

cp -a "$bundle" "$stage/opt/custos"
ln -s /opt/custos/custos "$stage/usr/bin/custos"
install -m 0644 packaging/linux/custos.desktop "$stage/usr/share/applications/custos.desktop"
install -m 0644 resources/icons/custos.svg "$stage/usr/share/icons/hicolor/scalable/apps/custos.svg"
{
  echo "Custos ${version}"
  echo
  echo "Bundled font: WenQuanYi Micro Hei (resources/fonts), under its own licence:"
  echo
  cat resources/fonts/LICENSE-wqy-microhei.txt
} >"$stage/usr/share/doc/custos/copyright"

# ---------------------------------------------------------------- Depends from ldd
elves=()
while IFS= read -r -d '' file; do
  if [[ $(head -c 4 "$file" | od -An -c | tr -d ' ') == 177ELF ]]; then elves+=("$file"); fi
done < <(find "$bundle" -type f -print0)

libpath="$internal:$internal/PySide6/Qt/lib"
declare -A system_libs=()
missing=()
for elf in "${elves[@]}"; do
  # Only what this file asks for itself (DT_NEEDED), as dpkg-shlibdeps does: the libraries those
  # pull in are their packages' own dependencies. ldd says where each one resolves.
  needed=$(objdump -p "$elf" 2>/dev/null | awk '$1 == "NEEDED" {print $2}')
  [[ -n $needed ]] || continue
  resolved=$(LD_LIBRARY_PATH=$libpath ldd "$elf" 2>/dev/null || true)
  for name in $needed; do
    line=$(grep -F "$name =>" <<<"$resolved" | head -1 || true)
    if [[ -z $line ]]; then
      continue  # the dynamic loader itself (ld-linux), which ldd lists without an arrow
    elif [[ $line == *"=> not found"* ]]; then
      missing+=("$name (needed by ${elf#"$bundle"/})")
    elif [[ $line =~ =\>\ (/[^ ]+) ]]; then
      path=${BASH_REMATCH[1]}
      [[ $(realpath "$path") == "$internal"/* ]] || system_libs[$path]=1
    fi
  done
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "These libraries are not installed here, so the package's dependencies cannot be derived:" >&2
  printf '  %s\n' "${missing[@]}" | sort -u >&2
  echo "Install them (as root: bash tools/qt_system_libs.sh --window --dry-run shows the packages)." >&2
  exit 1
fi

# Each library path -> its Debian package, in one dpkg query (it reads the whole database each
# time). With merged /usr, dpkg knows a file as /lib/… or /usr/lib/…: ask for both.
queries=()
for path in "${!system_libs[@]}"; do
  real=$(realpath "$path")
  queries+=("$path" "$real" "/usr${real#/usr}" "${real#/usr}")
done
declare -A owner_of=()
while IFS= read -r line; do
  owner_of[${line#*: }]=${line%%:*}
done < <(dpkg -S "${queries[@]}" 2>/dev/null | sed 's/^\([^:,]*\)\(:[^:]*\)\?: /\1: /' || true)
declare -A packages=()
for path in "${!system_libs[@]}"; do
  real=$(realpath "$path")
  package=""
  for candidate in "$path" "$real" "/usr${real#/usr}" "${real#/usr}"; do
    package=${owner_of[$candidate]:-}
    [[ -n $package ]] && break
  done
  [[ -n $package ]] || { echo "no Debian package owns $path" >&2; exit 1; }
  packages[$package]=1
done
glibc=$(for elf in "${elves[@]}"; do objdump -T "$elf" 2>/dev/null; done |
  grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
unset 'packages[libc6]'
depends="libc6 (>= ${glibc})"
for package in $(printf '%s\n' "${!packages[@]}" | sort); do
  depends+=", ${package}"
done

installed_kib=$(du -sk --apparent-size "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<EOF
Package: custos
Version: ${version}
Architecture: ${arch}
Maintainer: Custos packaging <packaging@custos.invalid>
Installed-Size: ${installed_kib}
Depends: ${depends}
Suggests: gnome-keyring
Section: misc
Priority: optional
Description: customer records in an encrypted local vault
 Custos keeps a small business's customer records in an encrypted SQLCipher
 vault and enforces the business's privacy policy: who may see which field,
 consent, audit log and emergency recovery. Chinese and English interface.
 .
 Self-contained build: Python, Qt and the libraries Custos needs are under
 /opt/custos; the system provides the desktop libraries (X11/xcb, GL, fonts,
 D-Bus). Vaults live in ~/.local/share/Custos unless another folder is chosen.
EOF

out=dist/custos_${version}_${arch}.deb
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "Built $out ($(du -h "$out" | cut -f1), installed ${installed_kib} KiB)"
echo "Depends: ${depends}"

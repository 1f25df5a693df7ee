#!/usr/bin/env bash
# Checks that scripts/setup installs everything the build and the tests use, on a fresh
# Debian 12, and not only on this machine, where a package may happen to be installed.
#
# Every file the build used (the headers each object included, from `ninja -t deps`; the
# -I/-isystem folders of compile_commands.json; the libraries and include folders in
# CMakeCache.txt; the libraries build.ninja links) and every tool the tests call is looked
# up with `dpkg -S`. Its package must be in the list of scripts/setup or a dependency of one
# (apt-cache depends --recurse, without recommends and suggests: what apt-get
# --no-install-recommends installs). A file no package owns fails too.
#
# Usage: check_setup_packages.sh --build DIR [--packages FILE] [--tool NAME]...
#          [--file PATH]... [--without PACKAGE --expect-uncovered]
#   --without P            drop P from the list before checking
#   --expect-uncovered     invert: pass only when the check fails and names P as the owner
#                          of an uncovered file (proves the check can fail)
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
packages_file="$source_dir/scripts/setup"
build_dirs=()
tools=()
extra_files=()
without=""
expect_uncovered=0
while (($#)); do
  case "$1" in
    --build) build_dirs+=("$(cd "$2" && pwd)"); shift 2 ;;
    --packages) packages_file="$2"; shift 2 ;;
    --tool) tools+=("$2"); shift 2 ;;
    --file) extra_files+=("$2"); shift 2 ;;
    --without) without="$2"; shift 2 ;;
    --expect-uncovered) expect_uncovered=1; shift ;;
    *) echo "check_setup_packages: unknown argument $1" >&2; exit 2 ;;
  esac
done
((${#build_dirs[@]})) || { echo "check_setup_packages: --build DIR is required" >&2; exit 2; }
if ((expect_uncovered)) && [ -z "$without" ]; then
  echo "check_setup_packages: --expect-uncovered needs --without PACKAGE" >&2; exit 2
fi

# Node.js 20 and npm come with the machine image (package nodejs from NodeSource: Debian 12's
# own nodejs is 18, too old for the web app). The README asks for Node.js 20 with npm, and
# scripts/setup stops with that message without them, so they are not in the list.
base_image_tools=(node npm)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- The list, and everything it pulls in -----------------------------------------------
# The list is the `packages=( … )` array of scripts/setup (a plain list file works too).
if grep -q '^packages=(' "$packages_file"; then
  sed -n '/^packages=(/,/^)/p' "$packages_file" | sed 's/^packages=(//; s/^)$//'
else
  sed 's/#.*//' "$packages_file"
fi | tr -s ' \t' '\n' | sed '/^$/d' | { grep -vxF "$without" || true; } > "$work/listed"
[ -s "$work/listed" ] || { echo "check_setup_packages: no packages in $packages_file" >&2; exit 2; }
# apt-cache depends also reads the installed packages (dpkg status), so this works without
# apt lists too. Top-level lines are the packages of the closure; <name> is a virtual one.
mapfile -t listed < "$work/listed"
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${listed[@]}" 2>"$work/apt-errors" \
  | grep -v '^ ' | tr -d '<>' | sed 's/:.*//' | sort -u > "$work/closure" || true
if [ -s "$work/apt-errors" ] && ! [ -s "$work/closure" ]; then
  cat "$work/apt-errors" >&2; exit 2
fi
for p in "${listed[@]}"; do
  grep -qxF "$p" "$work/closure" || {
    echo "check_setup_packages: $p (in $packages_file) is unknown to apt: run apt-get update" >&2; exit 2; }
done

# --- What the build used ------------------------------------------------------------------
: > "$work/used"  # lines: path<TAB>what used it
add_used() { printf '%s\t%s\n' "$1" "$2" >> "$work/used"; }
# stdin: paths; appends those outside the source and build folders, with what used them.
add_used_paths() {
  local what="$1" excludes=(-e "^$source_dir/") b
  for b in "${build_dirs[@]}"; do excludes+=(-e "^$b/"); done
  { grep -v "${excludes[@]}" || true; } | sed "s|\$|	$what|" >> "$work/used"
}

for build in "${build_dirs[@]}"; do
  [ -f "$build/CMakeCache.txt" ] || { echo "check_setup_packages: $build has no CMakeCache.txt" >&2; exit 2; }
  # CMakeCache.txt: every file or folder a find_* or package found (libraries, include dirs,
  # package config dirs, programs). CMAKE_INSTALL_PREFIX names where to install, not what is
  # used; CMake's own tool probes (CMAKE_AR, CMAKE_LINKER, ...) count where the build
  # rules call them.
  grep -E '^[A-Za-z0-9_.:-]+:(FILEPATH|PATH)=/' "$build/CMakeCache.txt" \
    | grep -v -e '^CMAKE_INSTALL_PREFIX:' -e '^CMAKE_[A-Z_]*:FILEPATH=' | sed 's/^[^=]*=//' | sort -u \
    | while IFS= read -r value; do [ -e "$value" ] && echo "$value"; done \
    | add_used_paths "found by CMake (CMakeCache.txt)"
  grep -E '^CMAKE_[A-Z_]*:FILEPATH=/' "$build/CMakeCache.txt" | sed 's/^[^=]*=//' | sort -u \
    | while IFS= read -r tool; do
        if [ -e "$tool" ] && grep -qF "$tool" "$build/build.ninja" "$build/CMakeFiles/rules.ninja" 2>/dev/null; then
          echo "$tool"
        fi
      done | add_used_paths "called by the build rules (CMakeCache.txt, rules.ninja)"
  # compile_commands.json: include folders given to the compiler.
  if [ -f "$build/compile_commands.json" ]; then
    grep -oE '(-isystem |-I)/[^ "]+' "$build/compile_commands.json" | sed -E 's/^(-isystem |-I)//' \
      | sort -u | add_used_paths "include folder in compile_commands.json"
  fi
  # ninja -t deps: every header each object included (as the compiler reported it).
  if [ -f "$build/build.ninja" ]; then
    [ -f "$build/.ninja_deps" ] || {
      echo "check_setup_packages: $build has no .ninja_deps: build it first" >&2; exit 2; }
    (cd "$build" && ninja -t deps) | grep -E '^    /' | sed 's/^ *//' | sort -u \
      | xargs -r -d '\n' realpath -s -m | sort -u \
      | add_used_paths "header included by the build (ninja -t deps)"
    # build.ninja: link libraries, as paths or -l flags.
    cxx="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")"
    grep -E '^ +LINK_LIBRARIES = ' "$build/build.ninja" | sed 's/^ *LINK_LIBRARIES = //' \
      | tr ' ' '\n' | sort -u > "$work/link_items"
    grep '^/' "$work/link_items" | add_used_paths "library linked (build.ninja)" || true
    { grep '^-l' "$work/link_items" || true; } | sed 's/^-l//' | while IFS= read -r lib; do
      found="$("$cxx" -print-file-name="lib$lib.so")"
      [ "$found" != "lib$lib.so" ] || found="$("$cxx" -print-file-name="lib$lib.a")"
      add_used "$(realpath -s -m "$found")" "library linked as -l$lib (build.ninja)"
    done
  fi
done

# --- What the tests call -------------------------------------------------------------------
: > "$work/base_image_paths"  # as CMake may have found them too (web/tests.cmake)
for b in "${base_image_tools[@]}"; do
  if path="$(command -v "$b")"; then printf '%s\n%s\n' "$path" "$(realpath "$path")" >> "$work/base_image_paths"; fi
done
for tool in "${tools[@]}"; do
  is_base=0
  for b in "${base_image_tools[@]}"; do [ "$tool" = "$b" ] && is_base=1; done
  if ! path="$(command -v "$tool")"; then
    echo "MISSING TOOL: $tool is not on PATH"; echo "missing-tool $tool" >> "$work/failed"; continue
  fi
  if ((is_base)); then
    owner="$(dpkg -S "$(realpath "$path")" 2>/dev/null | sed 's/: .*//' || true)"
    echo "note: $tool ($path, package ${owner:-none}) comes with the machine image: the README requires Node.js 20 with npm"
    continue
  fi
  add_used "$path" "tool $tool called by the tests"
done
for f in "${extra_files[@]}"; do add_used "$f" "file used by the tests"; done

# --- Who owns each file -------------------------------------------------------------------
# One line per file: path, what used it, and the forms dpkg may have recorded it under
# (/usr is merged into / on Debian 12: a file may be recorded under /lib or /bin; a symlink
# may be owned only by its target).
# Base-image tools (node, npm) found by CMake are left out here too.
awk -F'\t' 'FILENAME == ARGV[1] { base[$0] = 1; next } !($1 in base) && !seen[$1]++' \
  "$work/base_image_paths" "$work/used" > "$work/used.checked"
cut -f1 "$work/used.checked" | xargs -r -d '\n' realpath -m > "$work/real"
paste "$work/used.checked" "$work/real" | awk -F'\t' -v OFS='\t' '{
  p = $1; r = $3; sub(/^\/usr/, "", p); sub(/^\/usr/, "", r); print $1, $3, p, r, $2 }' > "$work/forms"
cut -f1-4 "$work/forms" | tr '\t' '\n' | sort -u > "$work/candidates"
# dpkg -S prints "pkg[:arch][, pkg2]: /path"; folders are often owned by several packages.
xargs -r -d '\n' dpkg -S < "$work/candidates" 2>/dev/null | grep -v '^diversion ' > "$work/owners" || true

checked=$(wc -l < "$work/used.checked")
: >> "$work/failed"
awk -v list="$packages_file" '
  FILENAME == ARGV[1] { in_closure[$0] = 1; next }
  FILENAME == ARGV[2] {
    i = index($0, ": /"); path = substr($0, i + 2); owners = substr($0, 1, i - 1)
    gsub(/:[a-z0-9]+/, "", owners); gsub(/, /, " ", owners); owners_of[path] = owners; next
  }
  {
    split($0, f, "\t"); owners = ""
    for (k = 1; k <= 4; k++) if (f[k] in owners_of) { owners = owners_of[f[k]]; break }
    if (owners == "") {
      printf "NOT FROM A PACKAGE: %s (%s): no Debian package owns it, so a fresh machine lacks it\n", f[1], f[5]
      print f[1] > "/dev/stderr"; next
    }
    n = split(owners, o, " "); covered = 0
    for (k = 1; k <= n; k++) if (o[k] in in_closure) covered = 1
    if (!covered) {
      printf "NOT INSTALLED BY SETUP: %s (%s) belongs to package: %s, which %s neither lists nor pulls in: add it there\n", f[1], f[5], owners, list
      print f[1] " " owners > "/dev/stderr"
    }
  }' "$work/closure" "$work/owners" "$work/forms" 2>> "$work/failed"

failures=$(wc -l < "$work/failed")
listing="$(wc -l < "$work/listed") packages listed, $(wc -l < "$work/closure") with their dependencies"
if ((expect_uncovered)); then
  # Proof that the check can fail: with $without dropped, a file it owns must be reported.
  if grep -qw -- "$without" "$work/failed"; then
    echo "as expected, without $without the check fails, naming: $(grep -w -- "$without" "$work/failed" | cut -d' ' -f1 | tr '\n' ' ')"
    exit 0
  fi
  echo "check_setup_packages: without $without in the list, no file of $without was reported: the check cannot catch a missing package"
  exit 1
fi
if ((failures)); then
  echo "check_setup_packages: $failures of $checked files and tools are not installed by scripts/setup ($listing)"
  exit 1
fi
echo "check_setup_packages: all $checked files and tools used come from scripts/setup's packages ($listing)"

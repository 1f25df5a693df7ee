#!/usr/bin/env bash
# Runs one fuzz target for a bounded time (ctest fuzz.config, fuzz.table, fuzz.vector).
# The seed corpus is made here, each time, from the real data (../shared/data or
# $LEEFKAART_DATA: presets, the first rows of CBS tables, a few boundary features) and the
# small hand-written seeds in fuzz/seeds/<target>; the data is never copied into the repo.
# A finding (crash, sanitizer report, uncaught exception, hang) is kept in WORKDIR/findings
# and printed as base64, with the fuzzer's report and stack above it.
# Usage: run_fuzzer.sh TARGET FUZZER_BINARY WORKDIR SECONDS
set -euo pipefail
target="$1" fuzzer="$2" work="$3" seconds="$4"
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz_dir/.." && pwd)"
data="${LEEFKAART_DATA:-$root/../shared/data}"

seeds="$work/seeds" corpus="$work/corpus" findings="$work/findings"
rm -rf "$seeds" "$findings"
mkdir -p "$seeds" "$corpus" "$findings"
cp "$fuzz_dir/seeds/$target"/* "$seeds/"
if [ -d "$data" ]; then
  case "$target" in
    config)
      cp "$root"/presets/*.toml "$seeds/" ;;
    table)
      for f in utrecht_kwb_2023.csv eindhoven_buurtmonitor_2020.csv provincie_utrecht_buurten_2022_mix.csv \
               utrecht_nabijheid_voorzieningen_buurt_2019.csv eindhoven_kwb_reeks_2016_2025_long.csv; do
        [ -f "$data/cbs/$f" ] && head -n 6 "$data/cbs/$f" > "$seeds/$f"
      done ;;
    vector)
      for f in utrecht_buurt_2014_rd eindhoven_buurt_2014_wgs84; do
        [ -f "$data/boundaries/$f.geojson" ] &&
          ogr2ogr -f GeoJSON -limit 3 "$seeds/$f.geojson" "$data/boundaries/$f.geojson"
      done ;;
  esac
else
  echo "run_fuzzer: no data folder at $data: fuzzing from the seeds in fuzz/seeds only" >&2
fi
echo "run_fuzzer: $target: $(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) inputs kept from earlier runs, $seconds s"

# Leaks that are not leefkaart's: see scripts/lsan.supp.
export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1"
status=0
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$findings/" "$corpus" "$seeds" || status=$?
# A slow-unit-* file is an input that took over 10 s once, which on a loaded machine is not
# a finding (a real hang ends the run with a timeout-* file and a non-zero exit).
for f in "$findings"/slow-unit-*; do
  [ -f "$f" ] && echo "run_fuzzer: note: slow input kept as $f (not a finding; a hang would time out)"
done
if ((status)) || [ -n "$(ls -A "$findings" | grep -v '^slow-unit-')" ]; then
  for f in "$findings"/*; do
    [ -f "$f" ] || continue
    case "$(basename "$f")" in slow-unit-*) continue ;; esac
    echo "run_fuzzer: finding $f (base64 below; reproduce with: $fuzzer $f)"
    base64 -w 0 "$f"; echo
  done
  echo "run_fuzzer: $target: FAILED (exit $status)"
  exit 1
fi
echo "run_fuzzer: $target: no findings in $seconds s"

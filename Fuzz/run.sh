#!/usr/bin/env bash
# Builds the fuzz targets and runs each for SECONDS (default 600), one after another.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]      TARGET ∈ gzip framer header jsonline masker rules baseline
#
# Each target fuzzes a work corpus in Fuzz/.corpus/<target> (kept between runs, not in
# git) seeded from Fixtures/fuzz/<target>, with -rss_limit_mb=2048 -timeout=10. It runs
# in libFuzzer's fork mode with one job (-fork=1) and crashes, timeouts and OOMs ignored,
# so that a finding is saved (Fuzz/findings/<target>/) and fuzzing goes on for the whole
# time instead of stopping at the first one; FORK=0 runs plainly, stopping at the first.
# Logs: Fuzz/.logs/<target>.log. One summary line per target is printed and appended to
# Fuzz/.logs/summary.txt. One fuzzer at a time: the machine has 2 cores.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
secs=${1:-600}
[ $# -gt 0 ] && shift
all=(gzip framer header jsonline masker rules baseline)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
fork=${FORK:-1}

flags=(-c release --sanitize=address -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library)
cd "$here"
for t in "${targets[@]}"; do
  # One product at a time: building everything would also link the dependency's own
  # `lookout` executable with the fuzzer runtime, which fails.
  swift build "${flags[@]}" --product "fuzz-$t" >"$here/.build-$t.log" 2>&1 || {
    echo "build of fuzz-$t failed; see Fuzz/.build-$t.log" >&2; tail -20 "$here/.build-$t.log" >&2; exit 2; }
  rm -f "$here/.build-$t.log"
done
bin=$(swift build "${flags[@]}" --show-bin-path)
mkdir -p "$here/.logs"

for t in "${targets[@]}"; do
  corpus=$here/.corpus/$t
  findings=$here/findings/$t
  seeds=$root/Fixtures/fuzz/$t
  log=$here/.logs/$t.log
  mkdir -p "$corpus" "$findings"
  before=$(ls "$findings" | wc -l)
  mode=()
  [ "$fork" = 1 ] && mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  start=$(date +%s)
  # SWIFT_BACKTRACE=enable=no: let libFuzzer's handler, not Swift's backtracer, see a trap.
  SWIFT_BACKTRACE=enable=no "$bin/fuzz-$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    "${mode[@]}" -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "$seeds" >"$log" 2>&1
  status=$?
  took=$(( $(date +%s) - start ))
  after=$(ls "$findings" | wc -l)
  last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -1)
  execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | cut -d' ' -f2)
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | cut -d' ' -f2)
  otc=$(grep -oE 'oom/timeout/crash: [0-9/]+' <<<"$last" | cut -d' ' -f2)
  [ -n "$otc" ] || otc="exit $status"
  line=$(printf '%s %-9s %5ss execs=%-10s cov=%-5s ft=%-6s corpus=%-5s oom/timeout/crash=%s new-findings=%d' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$t" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$otc" $((after - before)))
  echo "$line"
  echo "$line" >> "$here/.logs/summary.txt"
done

#!/bin/sh
# Instructions per line of the classify stage (and of the whole scan), from valgrind's
# callgrind: the difference between runs on the first 40,000 and the first 20,000 lines of
# the benchmark corpus, divided by 20,000, so start-up and one-time costs (building the
# rule prefilter, loading the runtime) cancel out. Deterministic, unlike wall time: a
# regression shows up as a larger count in review.
#   Benchmarks/callgrind.sh [CORPUS]     (default Benchmarks/corpus/corpus-2000000.log; make it with ingest.py)
# Needs valgrind (apt-get install valgrind). The binary is copied without DWARF (valgrind
# 3.19 cannot read Swift's); function names stay, for callgrind_annotate.
set -eu
cd "$(dirname "$0")/.."
corpus=${1:-Benchmarks/corpus/corpus-2000000.log}
[ -f "$corpus" ] || { echo "no corpus at $corpus: run python3 Benchmarks/ingest.py first" >&2; exit 2; }
swift build -c release >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
objcopy --strip-debug .build/release/lookout "$work/lookout"
head -20000 "$corpus" > "$work/a.log"
head -40000 "$corpus" > "$work/b.log"
instructions() {   # instructions of one run: $@ is the lookout command line
    # Swift seeds its hashing per process, and dictionary layouts (so the instructions of
    # lookups and of rendering) vary with the seed by a few dozen a line: fix the seed.
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/lookout" "$@" >/dev/null 2>"$work/cg.err"
    sed -nE 's/.*Collected : ([0-9]+).*/\1/p' "$work/cg.err"
}
# One thread (the stages' own cost); the last line adds what reading one file in segments
# on two threads costs (cutting, copying, merging), which a run on one core would not pay.
export LOOKOUT_JOBS=1
for what in "classify" "classify --no-default-rules" "scan --no-state --format json" "scan --no-state --format json --jobs 2"; do
    a=$(instructions $what "$work/a.log")
    b=$(instructions $what "$work/b.log")
    echo "lookout $what: $(( (b - a) / 20000 )) instructions per line  ($a for 20,000 lines, $b for 40,000)"
done

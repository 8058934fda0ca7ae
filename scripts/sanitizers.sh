#!/bin/sh
# Runs the whole test suite under AddressSanitizer (and, with `thread`, ThreadSanitizer),
# in a build directory of its own so the normal build is untouched. The end-to-end tests
# then run the sanitized lookout binary too. Slow (a full rebuild, and ASan's overhead on
# the 1-3 GiB inputs of the hostile-input tests): run it before a release, not on each push.
#   scripts/sanitizers.sh [address|thread]      (default: address)
set -eu
cd "$(dirname "$0")/.."
kind=${1:-address}
# LOOKOUT_SANITIZER lifts the tests' memory bounds and timing expectations (meaningless
# under a sanitizer's shadow memory and slowdown); every functional expectation stays.
# Leaks at exit are not memory errors (the Swift runtime's caches live until the process
# ends), and LeakSanitizer would change lookout's exit statuses: leak detection is off.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
LOOKOUT_SANITIZER=$kind swift test --sanitize="$kind" --build-path ".build-$kind" 2>&1 | tee ".build-$kind.log" | grep -E '^(✔|✘) Test run|error:|ERROR: AddressSanitizer|WARNING: ThreadSanitizer' || true
grep -qE '^✔ Test run' ".build-$kind.log"

#!/bin/sh
# Regenerates the example digests in docs/examples from the fixtures, one file per format.
# Tests (ExampleDigestTests) run the same commands and compare, so the examples never go
# stale: after a change to a digest, run this and review the diff.
#   docs/examples/make-examples.sh          (from anywhere; builds lookout first)
set -eu
cd "$(dirname "$0")/../.."
swift build >/dev/null
lookout="$(swift build --show-bin-path)/lookout"
out=docs/examples
export NO_COLOR=1 LOOKOUT_CONFIG=none
# An incident: a new error signature, a silenced heartbeat, and a jump in the error share.
for f in text:txt markdown:md json:json html:html junit:xml github:github; do
    "$lookout" scan Fixtures/detect/incident.log --no-state --format "${f%%:*}" --fail-on high > "$out/incident.${f#*:}" || true
done
# A clean CI run: the same logs as the baseline they are checked against.
"$lookout" baseline Fixtures/sample/app.log -o "$out/sample-baseline.json"
"$lookout" check Fixtures/sample/app.log --baseline "$out/sample-baseline.json" > "$out/clean.md"
echo "docs/examples regenerated"

#!/usr/bin/env bash
# Writes the seed corpora in Fixtures/fuzz/<target>/ from the project's fixtures and a
# few hundred lines of the loghub-2k samples (when ../shared/datasets is there).
# Seeds are small (≤ 4 KiB, so libFuzzer's default max_len stays small and fast); each
# begins with the parameter bytes its target reads first (see the target's header).
# Deterministic: gzip -n, no timestamps. Run from anywhere; rewrites the seed folders.
set -eu   # no pipefail: `head` closing a pipe early is expected here
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/Fixtures/fuzz
fx=$root/Fixtures
loghub=${LOGHUB:-$root/../shared/datasets/loghub-2k}
[ -d "$loghub" ] || loghub=/work/shared/datasets/loghub-2k
for t in gzip framer header jsonline masker rules baseline; do rm -rf "${out:?}/$t"; mkdir -p "$out/$t"; done

seed() { cat > "$out/$1/$2"; }           # seed TARGET NAME < content
params() { printf "$1"; }                # parameter bytes, printf-escaped

# Samples: a few hundred lines from each loghub log, cut to fit 4 KiB per seed.
samples=()
if [ -d "$loghub" ]; then
  for f in "$loghub"/*/*_2k.log; do samples+=("$f"); done
fi

# --- gzip: mode byte, then a gzip file (raw) or build parameters and a payload.
for f in "$fx"/rotation/app.log.2.gz "$fx"/rotation/app.log.3.gz "$fx"/gzip/truncated.log.gz; do
  { params '\x00'; cat "$f"; } | seed gzip "raw-$(basename "$f")"
done
{ params '\x01'; cat "$fx"/rotation/app.log.2.gz "$fx"/rotation/app.log.3.gz; } | seed gzip raw-multi-member-probe
{ params '\x00'; cat "$fx"/rotation/app.log.2.gz; printf 'garbage'; } | seed gzip raw-trailing-garbage
{ params '\x00'; head -c 60 "$fx"/rotation/app.log.3.gz; } | seed gzip raw-cut-in-member
{ params '\x00'; printf '' | gzip -n; } | seed gzip raw-empty-member
{ params '\x00'; head -c 3000 "$fx"/sample/app.log | gzip -n -9; } | seed gzip raw-sample
{ params '\x00'; printf 'a\0b\nc\n' | gzip -n; } | seed gzip raw-nul
for f in "${samples[@]:0:3}"; do
  { params '\x00'; head -n 200 "$f" | gzip -n | head -c 4000; } | seed gzip "raw-$(basename "$f" .log)"
done
# built: copies, members, level|strategy<<4, cut(2), flags(bit0 cut, bits1-2 garbage)
{ params '\x81\x00\x00\x06\x00\x00\x00'; head -c 2000 "$fx"/sample/app.log; } | seed gzip built-one-member
{ params '\x80\x2f\x03\x00\x00\x00\x00'; head -c 3000 "$fx"/sample/app.log; } | seed gzip built-stored-4-members-large
{ params '\x80\x10\x01\x21\x34\x12\x01'; head -c 2000 "$fx"/formats/syslog.log; } | seed gzip built-cut
{ params '\x80\x01\x02\x49\x00\x00\x06'; cat "$fx"/formats/crlf-no-final-newline.log; } | seed gzip built-rle-garbage

# --- framer: maxLine, probe|repeat<<2, resume|cut<<1, cut; then content.
{ params '\x0f\x00\x00\x00'; cat "$fx"/sample/app.log; } | seed framer sample-max16
{ params '\x3f\x01\x00\x00'; cat "$fx"/formats/crlf-no-final-newline.log; } | seed framer crlf-max64
{ params '\x07\x02\x01\x20'; cat "$fx"/formats/syslog.log; } | seed framer syslog-resume
{ params '\x03\xe3\x00\x00'; printf 'abcd\r\nef\n\n\r\nlong line here\n'; } | seed framer repeated-rolls
{ params '\x0f\x03\x01\x05'; printf 'plain\nwith a \0 NUL later\n'; } | seed framer nul
{ params '\x10\x00\x03\x00'; head -c 3000 "$fx"/hostile/inert.log; } | seed framer hostile
{ params '\x01\x00\x00\x00'; printf 'x\ny\r\n\r\n'; } | seed framer max2
for f in "${samples[@]}"; do
  { params '\x1f\x00\x01\x40'; head -n 40 "$f" | head -c 4000; } | seed framer "$(basename "$f" .log)"
done

# --- header: first two bytes also set event bounds; each seed is lines of one format.
n=0
for f in "$fx"/formats/*.log "$fx"/sample/app.log "$fx"/rotation/app.log "$fx"/classify/sessions.log; do
  n=$((n+1)); head -c 4000 "$f" | seed header "fixture-$n-$(basename "$f")"
done
for f in "${samples[@]}"; do
  head -n 30 "$f" | head -c 4000 | seed header "$(basename "$f" .log)"
  head -n 1 "$f" | seed header "line-$(basename "$f" .log)"
done
printf '2026-11-30T08:00:00.123+05:30 ERROR boom\n\tat a.b(C.java:1)\nCaused by: x\n... 3 more\n' | seed header java-trace
printf 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad\n' | seed header python-trace
printf 'panic: oops\n\ngoroutine 1 [running]:\nmain.main()\n' | seed header go-panic
printf 'I1130 08:00:00.123456  1234 main.go:42] glog line\n' | seed header glog
printf '1796025601 epoch seconds\n1796025601000 ms\n' | seed header epoch
printf '<34>Nov 30 23:59:59 host app[12]: syslog\n30/Nov/2026:08:00:00 +0000 clf\n' | seed header syslog-clf
printf 'ts=2026-11-30T08:00:00Z level=warn msg="kv"\n' | seed header logfmt

# --- jsonline: one line each.
i=0
while IFS= read -r line; do i=$((i+1)); printf '%s' "$line" | seed jsonline "json-$i"; done < "$fx"/formats/json.log
printf '{"message":"a\\u00e9\\ud83d\\ude00\\n","level":"ERROR","@timestamp":"2026-11-30T08:00:00.5+01:00"}' | seed jsonline escapes
printf '{"MESSAGE":"j","PRIORITY":"3","__REALTIME_TIMESTAMP":"1796025601000000"}' | seed jsonline journald
printf '{"msg":"n","lvl":30,"t":1.796025601e9,"nested":{"a":[1,2,{"b":null}]},"x":true}' | seed jsonline nested
printf '{"log":"2026-11-30 08:00:02 WARN inner header\\n","stream":"stderr"}' | seed jsonline docker
printf '{}' | seed jsonline empty

# --- masker: capacity byte, mask-seed byte, then lines.
{ params '\xc0\x00'; cat "$fx"/classify/sessions.log; } | seed masker sessions
{ params '\x03\x05'; cat "$fx"/sample/app.log; } | seed masker sample-cap4-masks
{ params '\xc0\x00'; head -c 3000 "$fx"/hostile/inert.log; } | seed masker hostile
for f in "${samples[@]}"; do
  { params '\xc0\x00'; head -n 40 "$f" | head -c 4000; } | seed masker "$(basename "$f" .log)"
done

# --- rules: rule files.
for f in "$fx"/classify/*.yaml; do cp "$f" "$out/rules/$(basename "$f")"; done
cat > "$out/rules/masks-and-split" <<'YAML'
masks:
  - name: order
    pattern: 'ORD-[0-9]+'
  - name: empty-ok
    pattern: 'x*'
rules:
  - id: oom
    title: Out of memory
    pattern: '(?i)out\s+of\s+memory|OutOfMemoryError'
    severity: critical
    tags: [memory]
    examples: ["java.lang.OutOfMemoryError: Java heap space", "kernel: Out of memory: Killed process 1"]
  - id: ssh.fail
    title: SSH failure
    pattern: 'Failed password for (?:invalid user )?(?<user>\S+) from (?<ip>[\d.]+)'
    severity: medium
    split-by: [user, ip]
    examples: ["Failed password for invalid user admin from 192.168.1.9 port 22 ssh2"]
    counterexamples: ["Accepted password for admin"]
  - id: alt_literals
    title: Alternation and classes
    pattern: '(?:conn(?:ection)? (?:refused|reset)|ECONN[A-Z]+)\b'
    severity: low
    examples: ["connection refused to 10.0.0.1:5432", "ECONNRESET"]
YAML
# The first rules of the built-in pack, cut at a rule boundary.
sed -n '/^rules:/,$p' "$root/Sources/LookoutClassify/DefaultRulePack.swift" | awk '/^  - id:/ && n > 3000 {exit} {n += length($0) + 1; print}' > "$out/rules/builtin-head"

# --- baseline: baseline files.
cat > "$out/baseline/sample.json" <<'JSON'
{
  "bucketSeconds" : 300,
  "buckets" : 288,
  "created" : "2026-11-30T08:00:00Z",
  "errorShare" : 0.004,
  "events" : 1000,
  "lookoutBaseline" : 1,
  "signatures" : [
    {"count" : 900, "id" : "t3919f1ba8f40", "mean" : 3.125, "presentShare" : 0.97, "rule" : null, "template" : "GET <*> in <*> ms", "variance" : 4.5},
    {"count" : 1, "id" : "disk-full/t1", "mean" : 0.0035, "presentShare" : 0.0035, "rule" : "disk-full", "template" : "write <*> failed", "variance" : 0.0035}
  ],
  "templates" : "lookout-templates 1\n900\t GET <*> in <*> ms\n1\t write\u0001=<*> failed\n",
  "timeRange" : {"end" : "2026-11-29T23:59:59.500Z", "start" : "2026-11-29T00:00:00Z"}
}
JSON
printf '{"lookoutBaseline":1,"bucketSeconds":0.5,"buckets":0,"events":0,"errorShare":0,"signatures":[],"templates":"","timeRange":null}' > "$out/baseline/minimal.json"
printf '{"lookoutBaseline":1,"bucketSeconds":60,"buckets":1,"events":2,"errorShare":1,"signatures":[],"templates":"lookout-templates 1\\n2\\t a \\\\1 b\\n\\n"}' > "$out/baseline/templates-escape.json"
printf '{"lookoutBaseline":2}' > "$out/baseline/version2.json"

for t in gzip framer header jsonline masker rules baseline; do
  printf '%-9s %3d seeds, %6d bytes\n' "$t" "$(ls "$out/$t" | wc -l)" "$(cat "$out/$t"/* | wc -c)"
done

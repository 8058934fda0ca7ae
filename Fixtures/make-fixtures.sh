#!/bin/sh
# Regenerates the binary fixtures (gzip files) from text written here.
# gzip -n leaves out the name and time, so the output is the same on every run.
set -eu
cd "$(dirname "$0")"

# rotation/: one rotation set, four files, oldest first: app.log.3.gz, app.log.2.gz, app.log.1, app.log.
# app.log.3.gz has two gzip members (cat a.gz b.gz), as logrotate's copy-and-append or a
# concatenation leaves them. Each file has lines from a different day, so the order shows.
printf '2026-11-26T10:00:00Z INFO day 26 first member line 1\n2026-11-26T10:01:00Z ERROR day 26 first member line 2\n' | gzip -n > rotation/app.log.3.gz
printf '2026-11-26T10:02:00Z INFO day 26 second member line 3\n2026-11-26T10:03:00Z WARN day 26 second member line 4\n' | gzip -n >> rotation/app.log.3.gz
printf '2026-11-27T10:00:00Z INFO day 27 line 1\n2026-11-27T10:01:00Z INFO day 27 line 2\n2026-11-27T10:02:00Z ERROR day 27 line 3\n' | gzip -n > rotation/app.log.2.gz
printf '2026-11-28T10:00:00Z INFO day 28 line 1\n2026-11-28T10:01:00Z INFO day 28 line 2\n' > rotation/app.log.1
printf '2026-11-29T10:00:00Z INFO day 29 line 1\n2026-11-29T10:01:00Z ERROR day 29 line 2\n2026-11-29T10:02:00Z INFO day 29 line 3 without newline' > rotation/app.log

# gzip/truncated.log.gz: a gzip stream of 400 lines cut 100 bytes before its end,
# as a copy taken while the file was still being written leaves it.
full=$(mktemp)
i=1
while [ $i -le 400 ]; do
  printf '2026-11-30T08:%02d:%02dZ INFO request %d served in %d ms by worker %d\n' $((i / 60 % 60)) $((i % 60)) $i $((i * 7 % 113)) $((i % 5))
  i=$((i + 1))
done | gzip -n > "$full"
size=$(wc -c < "$full")
head -c $((size - 100)) "$full" > gzip/truncated.log.gz
rm -f "$full"

# detect/incident.log: three hours of a steady service (a heartbeat and a request line
# every minute), then at 10:30 a burst of 30 "connection refused" errors in five minutes
# and the heartbeat silent for 20 minutes. What scan must find: a new error signature,
# the heartbeat's silence, and a jump in the share of errors.
out=detect/incident.log
: > "$out"
m=0
while [ $m -lt 180 ]; do
  h=$((8 + m / 60)); mm=$((m % 60))
  if [ $m -lt 150 ] || [ $m -ge 170 ]; then
    printf '2026-11-30T%02d:%02d:00Z INFO heartbeat ok from worker-%d\n' $h $mm $((m % 3)) >> "$out"
  fi
  printf '2026-11-30T%02d:%02d:30Z INFO GET /orders/%d 200 in %d ms\n' $h $mm $((1000 + m)) $((10 + m % 7)) >> "$out"
  if [ $m -ge 150 ] && [ $m -lt 155 ]; then
    k=0
    while [ $k -lt 6 ]; do
      printf '2026-11-30T%02d:%02d:%02dZ ERROR connect to db-1.internal:5432 failed: Connection refused\n' $h $mm $((40 + k)) >> "$out"
      k=$((k + 1))
    done
  fi
  m=$((m + 1))
done

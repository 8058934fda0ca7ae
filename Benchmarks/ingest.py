#!/usr/bin/env python3
"""Ingest throughput: `lookout scan` next to the floor (`wc -l`, `gzip -dc`) in one run.

Wall time from GNU time has 10 ms resolution; the best of --repeat runs is kept.

Builds a corpus of N lines (default 2,000,000) from the Loghub-2k logs in
../shared/datasets, with every digit re-drawn so values vary, writes it plain and
gzip-compressed, then runs each command once per repetition and reports wall time,
CPU time (user + sys), peak RSS (per child, from wait4), lines/s, MB/s, and the
ratio of lookout's wall time to the floor's.

    python3 Benchmarks/ingest.py [--lines 2000000] [--datasets ../shared/datasets]
                                 [--lookout .build/release/lookout] [--repeat 3]

The corpus goes to Benchmarks/corpus/ (ignored by git) and is reused while its size
matches. lookout is built in release mode first unless --lookout is given.
"""
import argparse
import gzip
import os
import subprocess
import sys
import time

from common import ROOT, corpus_lines, release_lookout


def build_corpus(datasets, lines, out_dir):
    plain = os.path.join(out_dir, f"corpus-{lines}.log")
    packed = plain + ".gz"
    if os.path.exists(plain) and os.path.exists(packed):
        return plain, packed
    os.makedirs(out_dir, exist_ok=True)
    with open(plain, "wb") as f:
        for line in corpus_lines(datasets, lines):
            f.write(line + b"\n")
    with open(plain, "rb") as src, gzip.open(packed, "wb", compresslevel=6) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return plain, packed


def measure(argv):
    """Wall, CPU (user + sys) and peak RSS of one run, from GNU time: a small parent, so
    the RSS a forked Python would carry into the child does not count."""
    report = os.path.join(ROOT, "Benchmarks", "corpus", "time.txt")
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", report] + argv,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(report) as f:
        wall, user, system, rss_kb = f.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss_kb) / 1024, proc.returncode


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lines", type=int, default=2_000_000)
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--lookout", default=None)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()

    lookout = release_lookout(args.lookout)

    plain, packed = build_corpus(args.datasets, args.lines, os.path.join(ROOT, "Benchmarks", "corpus"))
    size = os.path.getsize(plain)
    print(f"corpus: {args.lines} lines, {size / 1e6:.1f} MB plain, {os.path.getsize(packed) / 1e6:.1f} MB gzip")
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")

    runs = [
        ("wc -l", "plain", ["wc", "-l", plain]),
        ("lookout scan", "plain", [lookout, "scan", "--no-state", "--format", "json", plain]),
        ("gzip -dc", "gzip", ["gzip", "-dc", packed]),
        ("lookout scan", "gzip", [lookout, "scan", "--no-state", "--format", "json", packed]),
    ]
    best = {}
    for _ in range(args.repeat):
        for name, kind, argv in runs:
            wall, cpu, rss, rc = measure(argv)
            if rc != 0:
                sys.exit(f"{name} on {kind} exited {rc}")
            key = (name, kind)
            if key not in best or wall < best[key][0]:
                best[key] = (wall, cpu, rss)

    print(f"\nbest of {args.repeat}:")
    print(f"{'command':<14} {'input':<6} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'Mlines/s':>9} {'MB/s':>8}")
    for name, kind, _ in runs:
        wall, cpu, rss = best[(name, kind)]
        print(f"{name:<14} {kind:<6} {wall:8.3f} {cpu:8.3f} {rss:8.1f} {args.lines / wall / 1e6:9.2f} {size / wall / 1e6:8.1f}")
    print("\nratios (wall time, lookout / floor):")
    print(f"  plain: lookout scan / wc -l    = {best[('lookout scan', 'plain')][0] / best[('wc -l', 'plain')][0]:.2f}")
    print(f"  gzip:  lookout scan / gzip -dc = {best[('lookout scan', 'gzip')][0] / best[('gzip -dc', 'gzip')][0]:.2f}")


if __name__ == "__main__":
    main()

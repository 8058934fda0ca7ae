#!/usr/bin/env python3
"""Ingest throughput: `lookout scan` next to the floor (`wc -l`, `gzip -dc`) in one run,
and the same corpus as a directory of rotated files (read on every core).

Wall time from GNU time has 10 ms resolution; the best of --repeat runs is kept.

Builds a corpus of N lines (default 2,000,000) from the Loghub-2k logs in
../shared/datasets, with every digit re-drawn so values vary, writes it plain and
gzip-compressed, then runs each command once per repetition and reports wall time,
CPU time (user + sys), peak RSS (per child, from wait4), lines/s, MB/s, and the
ratio of lookout's wall time to the floor's.

The directory: the corpus cut into --files files named as a rotation set (app.log,
app.log.1, ... oldest highest), plain, and the same set with its older half gzip-compressed
(app.log.10.gz ...). `lookout scan` reads it on every core (`--jobs`, default: processors
online) and once with `--jobs 1`. A single file is also read on every core (cut into
segments), so the ratios printed are the single file read on one thread (`--jobs 1`) over
each parallel run (issue 6: at least 1.7 on two cores), and the directory over the single
file, both on every core. The machine's load average is printed
beside it: other work on the machine takes cores away from the parallel run.

    python3 Benchmarks/ingest.py [--lines 2000000] [--datasets ../shared/datasets]
                                 [--lookout .build/release/lookout] [--repeat 3]
                                 [--files 20] [--wait-idle SECONDS]

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


def build_directory(plain, lines, files, out_dir):
    """The corpus cut into `files` rotated files (whole lines, oldest first = highest number),
    plain in `dir-…`, and with the older half gzip-compressed in `rotated-…`."""
    flat = os.path.join(out_dir, f"dir-{lines}-{files}")
    mixed = os.path.join(out_dir, f"rotated-{lines}-{files}")
    names = [f"app.log.{files - 1 - i}" if i < files - 1 else "app.log" for i in range(files)]
    if all(os.path.isdir(d) and len(os.listdir(d)) == files for d in (flat, mixed)):
        return flat, mixed
    for d in (flat, mixed):
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    per_file = (lines + files - 1) // files
    with open(plain, "rb") as src:
        for name in names:
            chunk = b"".join(src.readline() for _ in range(per_file))
            with open(os.path.join(flat, name), "wb") as f:
                f.write(chunk)
            number = int(name.rsplit(".", 1)[1]) if name != "app.log" else 0
            if number >= files // 2:
                with gzip.open(os.path.join(mixed, name + ".gz"), "wb", compresslevel=6) as f:
                    f.write(chunk)
            else:
                with open(os.path.join(mixed, name), "wb") as f:
                    f.write(chunk)
    return flat, mixed


def idle_share(seconds=1.0):
    """The share of all cores' time that was idle over `seconds` (from /proc/stat)."""
    def snap():
        fields = list(map(int, open("/proc/stat").readline().split()[1:]))
        return fields[3] + fields[4], sum(fields)
    i0, t0 = snap()
    time.sleep(seconds)
    i1, t1 = snap()
    return (i1 - i0) / max(1, t1 - t0)


def wait_idle(limit):
    """Waits (at most `limit` seconds) until the machine is at least 85% idle: on a shared
    machine, other work takes cores away from the parallel runs. Returns the idle share seen."""
    deadline = time.time() + limit
    share = idle_share()
    while share < 0.85 and time.time() < deadline:
        share = idle_share()
    return share


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
    p.add_argument("--files", type=int, default=20, help="files in the directory of rotated files (default 20)")
    p.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                   help="before each run, wait up to this long for the machine to be 85%% idle (a shared machine)")
    args = p.parse_args()

    lookout = release_lookout(args.lookout)

    plain, packed = build_corpus(args.datasets, args.lines, os.path.join(ROOT, "Benchmarks", "corpus"))
    size = os.path.getsize(plain)
    flat, mixed = build_directory(plain, args.lines, args.files, os.path.join(ROOT, "Benchmarks", "corpus"))
    print(f"corpus: {args.lines} lines, {size / 1e6:.1f} MB plain, {os.path.getsize(packed) / 1e6:.1f} MB gzip;"
          f" as {args.files} rotated files: {flat}, and with the older half gzip: {mixed}")
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; load average {os.getloadavg()[0]:.2f} before the runs")

    runs = [
        ("wc -l", "plain", ["wc", "-l", plain]),
        ("lookout scan", "plain", [lookout, "scan", "--no-state", "--format", "json", plain]),
        ("lookout --jobs 1", "plain", [lookout, "scan", "--no-state", "--format", "json", "--jobs", "1", plain]),
        ("gzip -dc", "gzip", ["gzip", "-dc", packed]),
        ("lookout scan", "gzip", [lookout, "scan", "--no-state", "--format", "json", packed]),
        ("lookout --jobs 1", "gzip", [lookout, "scan", "--no-state", "--format", "json", "--jobs", "1", packed]),
        ("lookout scan", "dir", [lookout, "scan", "--no-state", "--format", "json", flat]),
        ("lookout --jobs 1", "dir", [lookout, "scan", "--no-state", "--format", "json", "--jobs", "1", flat]),
        ("lookout scan", "dir-gz", [lookout, "scan", "--no-state", "--format", "json", mixed]),
    ]
    best = {}
    loads = []
    idle = {}
    for _ in range(args.repeat):
        loads.append(os.getloadavg()[0])
        for name, kind, argv in runs:
            if args.wait_idle > 0:
                wait_idle(args.wait_idle)
            wall, cpu, rss, rc = measure(argv)
            after = idle_share(0.5) if args.wait_idle > 0 else None
            if rc != 0:
                sys.exit(f"{name} on {kind} exited {rc}")
            key = (name, kind)
            if key not in best or wall < best[key][0]:
                best[key] = (wall, cpu, rss)
                idle[key] = after

    print(f"\nbest of {args.repeat}:")
    print(f"{'command':<16} {'input':<6} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'Mlines/s':>9} {'MB/s':>8}")
    for name, kind, _ in runs:
        wall, cpu, rss = best[(name, kind)]
        print(f"{name:<16} {kind:<6} {wall:8.3f} {cpu:8.3f} {rss:8.1f} {args.lines / wall / 1e6:9.2f} {size / wall / 1e6:8.1f}")
    print("\nratios (wall time, lookout / floor):")
    print(f"  plain: lookout scan / wc -l    = {best[('lookout scan', 'plain')][0] / best[('wc -l', 'plain')][0]:.2f}")
    print(f"  gzip:  lookout scan / gzip -dc = {best[('lookout scan', 'gzip')][0] / best[('gzip -dc', 'gzip')][0]:.2f}")
    print(f"  gzip:  lookout scan --jobs 1 / gzip -dc = {best[('lookout --jobs 1', 'gzip')][0] / best[('gzip -dc', 'gzip')][0]:.2f}")
    # A single file is read in segments on every core too, so the speed-up of using both
    # cores is measured against the single file read on one thread (--jobs 1).
    single = best[("lookout --jobs 1", "plain")][0]
    print(f"\nparallel (wall time of the single plain file read on one thread / each run's; target 1.7 on 2 cores):")
    for kind, label in (("plain", "the single file, in segments"), ("dir", f"{args.files} plain files"),
                        ("dir-gz", f"{args.files} files, older half gzip")):
        wall, cpu, _ = best[("lookout scan", kind)]
        seen = idle.get(("lookout scan", kind))
        print(f"  {label:<32} {single / wall:.2f}x  (cpu/wall {cpu / wall:.2f} cores busy"
              + (f"; machine {seen:.0%} idle just after" if seen is not None else "") + ")")
    print(f"  {args.files} plain files, --jobs 1       {single / best[('lookout --jobs 1', 'dir')][0]:.2f}x")
    print(f"  the directory / the single file, both on every core: "
          f"{best[('lookout scan', 'plain')][0] / best[('lookout scan', 'dir')][0]:.2f}x")
    print(f"  load average at the start of each repetition: {', '.join(f'{l:.2f}' for l in loads)}"
          " (other work on the machine takes cores from the parallel runs)")


if __name__ == "__main__":
    main()

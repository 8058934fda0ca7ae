#!/usr/bin/env python3
"""Issue 6's benchmark in one run: `ingest.py` (`lookout scan --no-state` on one plain file,
its gzip, and a directory of rotated files, next to `wc -l` and `gzip -dc`), then
`throughput.py` (`lookout classify` next to Drain3 and `grep -P -c` with the rule pack's
pattern, and peak memory at ten times the input), each printing its own tables and ratios;
then the targets of SPEC §4 / issue 6, each with the figure measured here.

    pip install drain3                      # once: the reference (PyPI)
    python3 Benchmarks/speed.py             # builds lookout in release mode; 2,000,000 lines
    python3 Benchmarks/speed.py --lookout .build/release/lookout --repeat 3 --wait-idle 60 [--skip-scale]

Both scripts use the same corpus (Benchmarks/corpus/, built on first use from
../shared/datasets; --datasets moves it) and the same lookout binary. `--wait-idle`
(ingest.py) waits for the machine to be idle before each timed run; `--skip-scale`
(throughput.py) leaves out the 20-million-line memory step (about four minutes).
"""
import argparse
import os
import re
import subprocess
import sys

from common import ROOT, release_lookout

HERE = os.path.dirname(os.path.abspath(__file__))


def run(script, args):
    """Runs a sibling script, echoing its output, and returns that output."""
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, script)] + args, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    out = []
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        out.append(line)
    if proc.wait() != 0:
        sys.exit(f"{script} exited {proc.returncode}")
    return "".join(out)


def number(pattern, text):
    """The first number after `pattern` (a regular expression) in `text`, or None."""
    m = re.search(pattern + r"\s*=?\s*([0-9][0-9,]*\.?[0-9]*)", text)
    return float(m.group(1).replace(",", "")) if m else None


def row(label, text, column):
    """Column `column` (0-based, after the label) of the table row that starts with `label`."""
    for line in text.splitlines():
        if line.startswith(label):
            fields = line[len(label):].split()
            try:
                return float(fields[column].replace(",", "").rstrip("x"))
            except (IndexError, ValueError):
                return None
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lookout", default=None, help="a lookout binary (default: build one in release mode)")
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    p.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS")
    p.add_argument("--skip-scale", action="store_true")
    args = p.parse_args()
    lookout = release_lookout(args.lookout)
    common = ["--lookout", lookout, "--datasets", args.datasets, "--repeat", str(args.repeat)]

    print("== ingest.py ==", flush=True)
    ingest = run("ingest.py", common + (["--wait-idle", str(args.wait_idle)] if args.wait_idle > 0 else []))
    print("\n== throughput.py ==", flush=True)
    throughput = run("throughput.py", common + (["--skip-scale"] if args.skip_scale else []))

    gzip_ratio = number(r"gzip:  lookout scan / gzip -dc", ingest)
    scan_rss = row("lookout scan     plain", ingest, 2)
    single = row("  the single file, in segments", ingest, 0)
    directory = row("  20 plain files  ", ingest, 0)
    drain3_rate = row("Drain3 add_log_message (loop only)", throughput, 5)
    scan_rate = row("lookout scan --no-state (one pass)", throughput, 5)
    classify_drain3 = number(r"lookout classify / Drain3, lines/s \(corpus vs Drain3's slice\)", throughput)
    grep_ratio = number(r"lookout classify / grep -P \(C\.UTF-8\), per line", throughput)
    classify_rss = row("lookout classify                     corpus", throughput, 3)
    flat = number(r"peak RSS, [0-9,]+ lines / [0-9,]+ lines", throughput)

    def show(name, value, target, met, unit=""):
        figure = "not measured" if value is None else f"{value:,.2f}{unit}"
        verdict = "" if value is None else ("met" if met(value) else "NOT met")
        print(f"  {name:<58} {figure:>12}   {target:<16} {verdict}")

    print("\n== issue 6 targets ==")
    show("gzip: lookout scan / gzip -dc (wall)", gzip_ratio, "<= 1.10", lambda v: v <= 1.10)
    show("plain: lookout scan / Drain3 (lines/s)", scan_rate / drain3_rate if scan_rate and drain3_rate else None,
         ">= 300", lambda v: v >= 300)
    show("plain: lookout classify / Drain3 (lines/s)", classify_drain3, ">= 300", lambda v: v >= 300)
    show("rule stage: lookout classify / grep -P (per line)", grep_ratio, ">= 1", lambda v: v >= 1)
    show("both cores: one file, in segments / on one thread", single, ">= 1.7", lambda v: v >= 1.7, "x")
    show("both cores: 20 files / the single file on one thread", directory, ">= 1.7", lambda v: v >= 1.7, "x")
    show("peak memory, lookout scan, 2 M lines (MB)", scan_rss, "< 100", lambda v: v < 100)
    show("peak memory, lookout classify, 2 M lines (MB)", classify_rss, "< 100", lambda v: v < 100)
    show("peak memory, classify, 10x the lines / 1x", flat, "<= 1.10", lambda v: v <= 1.10)
    print("  instructions per line: Benchmarks/callgrind.sh (deterministic; recorded in Benchmarks/README.md)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Grouping accuracy on Loghub-2k: `lookout classify` scored by ../shared/eval/loghub_score.py.

For each of the seven systems in ../shared/datasets/loghub-2k, runs `lookout classify` on
(a) the raw `X_2k.log`, headers included, and (b) only the `Content` column of the ground
truth (one message per line), with no per-system configuration of any kind, and prints
GA, FGA, PA and FTA per system and on average.

    python3 Benchmarks/accuracy.py [--datasets ../shared/datasets] [--lookout .build/release/lookout]
                                   [--system BGL] [--every-system] [--extra-args "--no-default-rules"]

`--every-system` scores every folder of `DATASETS/loghub-2k` that holds `X_2k.log` and
`X_2k.log_structured_corrected.csv` (other Loghub systems laid out the same way; see
Benchmarks/README.md, "Loghub systems outside ../shared").
"""
import argparse
import csv
import json
import os
import shlex
import subprocess
import sys
import tempfile

from common import ROOT, SYSTEMS, release_lookout


def score(scorer, truth, predictions):
    out = subprocess.run([sys.executable, scorer, truth, predictions], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--eval", default=None, help="loghub_score.py (default: beside the datasets)")
    p.add_argument("--lookout", default=None)
    p.add_argument("--system", action="append")
    p.add_argument("--every-system", action="store_true", help="every system folder found under DATASETS/loghub-2k")
    p.add_argument("--extra-args", default="")
    args = p.parse_args()

    scorer = args.eval or os.path.join(os.path.dirname(os.path.abspath(args.datasets)), "eval", "loghub_score.py")
    lookout = release_lookout(args.lookout)

    results = {"raw": {}, "content": {}}
    with tempfile.TemporaryDirectory() as tmp:
        systems = args.system or SYSTEMS
        if args.every_system:
            base = os.path.join(args.datasets, "loghub-2k")
            systems = sorted(x for x in os.listdir(base)
                             if os.path.isfile(os.path.join(base, x, f"{x}_2k.log"))
                             and os.path.isfile(os.path.join(base, x, f"{x}_2k.log_structured_corrected.csv")))
        for system in systems:
            folder = os.path.join(args.datasets, "loghub-2k", system)
            raw = os.path.join(folder, f"{system}_2k.log")
            truth = os.path.join(folder, f"{system}_2k.log_structured_corrected.csv")
            content = os.path.join(tmp, f"{system}.content.log")
            with open(truth, newline="", encoding="utf-8", errors="replace") as f, open(content, "w") as out:
                for row in csv.DictReader(f):
                    out.write(row["Content"].replace("\n", " ") + "\n")
            for kind, path in (("raw", raw), ("content", content)):
                predictions = os.path.join(tmp, f"{system}.{kind}.jsonl")
                with open(predictions, "w") as out:
                    subprocess.run([lookout, "classify", path] + shlex.split(args.extra_args), stdout=out, check=True)
                results[kind][system] = score(scorer, truth, predictions)

    for kind in ("raw", "content"):
        print(f"\n{kind} lines in" + (" (headers included)" if kind == "raw" else " (Content column only)"))
        print(f"{'system':<11} {'GA':>6} {'FGA':>6} {'PA':>6} {'FTA':>6}")
        sums = {"GA": 0, "FGA": 0, "PA": 0, "FTA": 0}
        for system, r in results[kind].items():
            print(f"{system:<11} {r['GA']:6.3f} {r['FGA']:6.3f} {r['PA']:6.3f} {r['FTA']:6.3f}")
            for k in sums:
                sums[k] += r[k]
        n = len(results[kind])
        print(f"{'average':<11} " + " ".join(f"{sums[k] / n:6.3f}" for k in ("GA", "FGA", "PA", "FTA")))


if __name__ == "__main__":
    main()

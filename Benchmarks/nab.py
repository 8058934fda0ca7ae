#!/usr/bin/env python3
"""NAB evaluation: `lookout scan` on the Numenta Anomaly Benchmark series, rendered as logs.

Each series in ../shared/datasets/nab/data/*/*.csv (`timestamp,value`, NAB's timestamps are
`2014-04-10 00:00:00`, taken as UTC) becomes a log: for each row, round(value x factor)
lines of one message (`<time> INFO request served`), stamped evenly, to the millisecond,
inside the row's interval (the gap to the next row; the last row takes the gap before it).
All lines of a series share one message, so they form one signature.

The factor:
- a series whose values are all whole numbers is a count series and is written as is
  (factor 1: elb_request_count_8c0756, nyc_taxi, and the artificial flatline, square wave
  and spike-density series);
- any other series (CPU %, latency, synthetic curves) is first shifted up by -min when it
  has negative values, then multiplied by the smallest power of ten that brings its mean
  to at least --target-mean lines per row (default 100), or by --scale when given;
- then, if some row would get more than --max-lines-per-row lines (default 2000), the whole
  series is scaled down by one constant factor so that its largest row gets exactly that
  many (the output says so).

lookout runs with `--bucket` equal to the series' interval (the most common gap between
rows), since a bucket should match the data's interval; `--bucket auto` leaves the width
to lookout. Scoring against nab/windows.json: a labelled window is detected when some
anomaly (any kind) starts inside [window start, window end]; its earliness is (start of
the first such anomaly - window start) / window length (0 = at the window's start, 1 = at
its end); anomalies starting outside every window are false alarms, also given per 1,000
intervals (rows) outside the windows.

    python3 Benchmarks/nab.py [--datasets ../shared/datasets] [--lookout .build/release/lookout]
                              [--series realKnownCause/nyc_taxi] [--max-lines-per-row 2000]
                              [--target-mean 100] [--scale F] [--bucket series|auto|5m]
                              [--anomalies] [--json]

lookout is built in release mode first unless --lookout is given. Logs are written to a
temporary directory and deleted afterwards (--keep DIR keeps them there instead).
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone

from common import ROOT, iso, parse_rfc3339, release_lookout, scan_command
COUNT_SERIES = ["realAWSCloudwatch/elb_request_count_8c0756", "realKnownCause/nyc_taxi"]
TARGETS = "targets for the count series: >= 80% of windows detected, <= 2 false alarms per 1,000 intervals"


def parse_nab_time(text):
    """NAB writes `2014-04-10 00:00:00` (windows.json adds `.000000`); no zone, so UTC."""
    text = text.strip()
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S"
    return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc).timestamp()


def duration_flag(seconds):
    seconds = int(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def load_series(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    return [parse_nab_time(r[0]) for r in rows], [float(r[1]) for r in rows]


def choose_factor(values, cap, target_mean, scale):
    """The constant each value is multiplied by (after the shift), and how it was chosen."""
    notes = []
    shift = 0.0
    if all(v == int(v) for v in values):
        kind, factor = "count", 1.0
    else:
        kind = "non-count"
        low = min(values)
        if low < 0:
            shift = -low
            notes.append(f"shifted up by {shift:g} (negative values)")
        if scale is not None:
            factor = scale
            notes.append(f"x{scale:g} (--scale)")
        else:
            mean = sum(v + shift for v in values) / len(values)
            factor = 1.0
            while mean * factor < target_mean and factor < 1e9:
                factor *= 10
            notes.append(f"x{factor:g} (mean {mean:.3g} -> {mean * factor:.3g} lines per row)")
    peak = max(v + shift for v in values) * factor
    if round(peak) > cap:
        down = cap / peak
        factor *= down
        notes.append(f"scaled down x{down:.4g} so the largest row ({peak:,.0f}) is {cap} lines")
    return kind, shift, factor, "; ".join(notes) or "as is"


def render(path, stamps, values, shift, factor, message):
    """Write the log; returns (lines, per-row counts, intervals)."""
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    gaps.append(gaps[-1] if gaps else 60.0)
    counts = []
    total = 0
    suffix = f"Z INFO {message}\n"
    with open(path, "w") as out:
        for start, gap, value in zip(stamps, gaps, values):
            n = max(0, round((value + shift) * factor))
            counts.append(n)
            if n == 0:
                continue
            base_ms = int(round(start * 1000))
            span_ms = int(round(gap * 1000))
            cache = {}
            chunk = []
            for i in range(n):
                t_ms = base_ms + (i * span_ms) // n
                sec, ms = divmod(t_ms, 1000)
                head = cache.get(sec)
                if head is None:
                    head = cache[sec] = datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.")
                chunk.append(f"{head}{ms:03d}{suffix}")
            out.write("".join(chunk))
            total += n
    return total, counts, gaps


def score_series(stamps, windows, anomalies):
    wins = [(parse_nab_time(a), parse_nab_time(b)) for a, b in windows]
    starts = sorted((parse_rfc3339(a["start"]), a) for a in anomalies)
    per_window = []
    for ws, we in wins:
        inside = [(s, a) for s, a in starts if ws <= s <= we]
        if inside:
            s, a = inside[0]
            per_window.append({"start": iso(ws), "end": iso(we), "detected": True,
                               "earliness": (s - ws) / (we - ws) if we > ws else 0.0,
                               "first": {"kind": a["kind"], "start": a["start"], "reason": a["reason"]},
                               "anomalies": len(inside)})
        else:
            per_window.append({"start": iso(ws), "end": iso(we), "detected": False, "earliness": None,
                               "first": None, "anomalies": 0})
    false_alarms = [a for s, a in starts if not any(ws <= s <= we for ws, we in wins)]
    outside = sum(1 for t in stamps if not any(ws <= t <= we for ws, we in wins))
    return per_window, false_alarms, outside


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--lookout", default=None)
    p.add_argument("--series", action="append", help="GROUP/NAME (without .csv), repeatable; default all")
    p.add_argument("--max-lines-per-row", type=int, default=2000)
    p.add_argument("--target-mean", type=float, default=100.0,
                   help="non-count series: smallest power of ten bringing the mean row to this many lines")
    p.add_argument("--scale", type=float, default=None, help="non-count series: this factor instead")
    p.add_argument("--bucket", default="series",
                   help="`series` (the series' interval, default), `auto` (lookout chooses) or a width like 5m")
    p.add_argument("--message", default="request served")
    p.add_argument("--anomalies", action="store_true", help="also print every anomaly with its reason")
    p.add_argument("--json", action="store_true", help="print one JSON document instead of the tables")
    p.add_argument("--keep", default=None, help="write the logs and digests to this directory and keep them")
    args = p.parse_args()

    lookout = release_lookout(args.lookout)

    nab = os.path.join(args.datasets, "nab")
    with open(os.path.join(nab, "windows.json")) as f:
        all_windows = json.load(f)
    names = args.series or sorted(os.path.relpath(path, os.path.join(nab, "data"))[:-4]
                                  for path in glob.glob(os.path.join(nab, "data", "*", "*.csv")))

    results = []
    tmp_ctx = tempfile.TemporaryDirectory() if args.keep is None else None
    work = args.keep or tmp_ctx.name
    os.makedirs(work, exist_ok=True)
    try:
        for name in names:
            stamps, values = load_series(os.path.join(nab, "data", name + ".csv"))
            interval = Counter(b - a for a, b in zip(stamps, stamps[1:])).most_common(1)[0][0]
            kind, shift, factor, note = choose_factor(values, args.max_lines_per_row, args.target_mean, args.scale)
            log = os.path.join(work, name.replace("/", "__") + ".log")
            t0 = time.time()
            lines, counts, _ = render(log, stamps, values, shift, factor, args.message)
            render_s = time.time() - t0
            scan, env = scan_command(lookout, work)
            argv = scan + [log, "--format", "json"]
            if args.bucket == "series":
                argv += ["--bucket", duration_flag(interval)]
            elif args.bucket != "auto":
                argv += ["--bucket", args.bucket]
            t0 = time.time()
            proc = subprocess.run(argv, capture_output=True, text=True, env=env)
            scan_s = time.time() - t0
            if proc.returncode not in (0, 1):
                sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.strip()}")
            digest = json.loads(proc.stdout)
            if args.keep:
                with open(log[:-4] + ".json", "w") as f:
                    f.write(proc.stdout)
            if tmp_ctx is not None:
                os.remove(log)
            anomalies = digest.get("anomalies", [])
            windows = all_windows.get(name + ".csv", [])
            per_window, false_alarms, outside = score_series(stamps, windows, anomalies)
            detected = [w for w in per_window if w["detected"]]
            results.append({
                "series": name, "count": name in COUNT_SERIES, "valueKind": kind, "rows": len(stamps),
                "intervalSeconds": interval, "shift": shift, "factor": factor, "rendering": note,
                "lines": lines, "bucketFlag": argv[argv.index("--bucket") + 1] if "--bucket" in argv else None,
                "bucketSeconds": digest.get("detection", {}).get("bucketSeconds"),
                "buckets": digest.get("detection", {}).get("buckets"),
                "detectionNote": digest.get("detection", {}).get("note"),
                "baseline": digest.get("detection", {}).get("baseline"),
                "windows": len(per_window), "detected": len(detected),
                "meanEarliness": (sum(w["earliness"] for w in detected) / len(detected)) if detected else None,
                "falseAlarms": len(false_alarms), "outsideIntervals": outside,
                "faPer1000": 1000 * len(false_alarms) / outside if outside else None,
                "renderSeconds": round(render_s, 2), "scanSeconds": round(scan_s, 2),
                "perWindow": per_window,
                "anomalies": [{k: a.get(k) for k in ("kind", "start", "end", "observed", "expected", "score",
                                                      "severity", "reason")} |
                              {"inWindow": a not in false_alarms} for a in anomalies],
            })
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()

    def totals(rs):
        det = [w for r in rs for w in r["perWindow"] if w["detected"]]
        n_win = sum(r["windows"] for r in rs)
        fa = sum(r["falseAlarms"] for r in rs)
        out = sum(r["outsideIntervals"] for r in rs)
        return {"series": len(rs), "rows": sum(r["rows"] for r in rs), "windows": n_win, "detected": len(det),
                "recall": len(det) / n_win if n_win else None,
                "meanEarliness": sum(w["earliness"] for w in det) / len(det) if det else None,
                "falseAlarms": fa, "outsideIntervals": out, "faPer1000": 1000 * fa / out if out else None}

    summary = {"all": totals(results), "count": totals([r for r in results if r["count"]]),
               "nonCount": totals([r for r in results if not r["count"]])}
    if args.json:
        json.dump({"date": time.strftime("%Y-%m-%d"), "lookout": lookout, "bucket": args.bucket,
                   "maxLinesPerRow": args.max_lines_per_row, "targetMean": args.target_mean,
                   "series": results, "totals": summary, "targets": TARGETS}, sys.stdout, indent=1)
        print()
        return

    def fmt(x, spec):
        return "-" if x is None else format(x, spec)

    print(f"NAB: {len(results)} series from {nab}; bucket: {args.bucket}; date {time.strftime('%Y-%m-%d')}")
    print("\nrendering (lines per row = round((value + shift) x factor)):")
    for r in results:
        print(f"  {r['series']:<52} {r['valueKind']:<9} {r['lines']:>10,} lines  {r['rendering']}")
    print(f"\n{'series':<52} {'rows':>6} {'bucket':>7} {'win':>4} {'det':>4} {'earl.':>6} {'FA':>4} {'FA/1000':>8} {'scan s':>7}")
    for r in results:
        mark = "*" if r["count"] else " "
        bucket = f"{r['bucketSeconds']:g}s" if r["bucketSeconds"] else "-"
        print(f"{mark}{r['series']:<51} {r['rows']:>6} {bucket:>7} {r['windows']:>4} {r['detected']:>4} "
              f"{fmt(r['meanEarliness'], '.2f'):>6} {r['falseAlarms']:>4} {fmt(r['faPer1000'], '.2f'):>8} "
              f"{r['scanSeconds']:>7.2f}")
    for label, key in (("total, all series", "all"), ("total, count series (*)", "count"),
                       ("total, non-count series", "nonCount")):
        t = summary[key]
        print(f" {label:<51} {t['rows']:>6} {'':>7} {t['windows']:>4} {t['detected']:>4} "
              f"{fmt(t['meanEarliness'], '.2f'):>6} {t['falseAlarms']:>4} {fmt(t['faPer1000'], '.2f'):>8}")
    widened = [r for r in results if r["bucketFlag"] and r["bucketSeconds"]
               and r["bucketSeconds"] != r["intervalSeconds"]]
    if widened:
        print("\nbucket wider than asked (lookout's time axis holds at most 1,024 buckets and coarsens):")
        groups = {}
        for r in widened:
            groups.setdefault((r["bucketFlag"], r["bucketSeconds"]), []).append(r["series"].split("/")[1])
        for (flag, seconds), names_ in groups.items():
            print(f"  --bucket {flag} -> {seconds:g} s: {len(names_)} series ({', '.join(names_)})")
    c = summary["count"]
    print(f"\ncount series: {c['detected']}/{c['windows']} windows detected "
          f"({fmt(c['recall'] and 100 * c['recall'], '.0f')}%), {fmt(c['faPer1000'], '.2f')} false alarms "
          f"per 1,000 intervals ({TARGETS})")
    for r in results:
        if r["count"]:
            rec = r["detected"] / r["windows"] if r["windows"] else 0
            print(f"  {r['series']}: {r['detected']}/{r['windows']} windows ({100 * rec:.0f}%), "
                  f"{r['falseAlarms']} false alarms, {fmt(r['faPer1000'], '.2f')} per 1,000 intervals")

    if args.anomalies:
        for r in results:
            print(f"\n{r['series']} — windows:")
            for w in r["perWindow"]:
                first = w["first"]
                what = f"first {first['kind']} at {first['start']}, earliness {w['earliness']:.2f}" if first else "missed"
                print(f"  [{w['start']} .. {w['end']}] {what}")
            print(f"{r['series']} — anomalies ({len(r['anomalies'])}):")
            for a in sorted(r["anomalies"], key=lambda a: a["start"]):
                tag = "window" if a["inWindow"] else "FALSE"
                print(f"  {tag:<6} {a['kind']:<11} {a['start']} .. {a['end']} score {a['score']:.2f}: {a['reason']}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Synthetic incidents: a week of generated logs with five injected incidents, scored per kind.

A seeded, deterministic generator renders 7 days of logs (2026-11-23 to 2026-11-30 UTC by
default) from 30 templates of ../shared/datasets/loghub-2k (`X_2k.log_templates_corrected.csv`;
each <*> is filled with a value shaped like the ones the same template has in
`X_2k.log_structured_corrected.csv`: digits re-drawn, IPv4 addresses and ports drawn fresh,
words drawn from those seen), 24 at INFO, 3 at WARN and 3 at ERROR, each with its own base
rate (log-uniform: INFO 12-180, WARN 4-15, ERROR 3-12 per hour) and a daily rhythm
(rate x (1 + 0.6 sin(2 pi hour/24))), Poisson counts per minute at uniform times inside it,
plus a heartbeat written exactly once a minute. Lines look like
`2026-11-25T14:10:03.512Z ERROR Failed password for root from 10.3.7.21 port 50122 ssh2`.

Injected, with ground truth (none in the first two days):
  a  new       day 3 14:10, 20 min: a never-seen ERROR template, 2 per minute
  b  spike     day 4 10:40, 30 min: an existing ERROR template at 5x its rate
  c  silence   day 5 03:20, 60 min: the heartbeat stops
  d  ramp      day 6 08:00, 6 h: an INFO template ramps linearly to 10x, then falls back
  e  level     day 7 16:25, 30 min: 12 of the 24 INFO templates write ERROR instead of INFO

`lookout scan LOG --format json` runs once per --bucket value (default: `auto`, lookout's
automatic width, and `5m`). An incident is detected when an anomaly of a matching kind
(a: new; b, d: spike; c: silence; e: level-shift, and spike counted apart as partial)
starts within [start of the bucket holding the incident's start, incident end + 1 bucket]
(an anomaly starts at a bucket's start, which can be before the incident's). Reported per
kind: recall, time to detect (anomaly start - incident start, so negative when the bucket
began before the incident), whether the anomaly is on the incident's own signature;
overall: precision (anomalies matching some incident / all anomalies) and false alarms
(all other anomalies) per simulated day.

    python3 Benchmarks/synthetic.py [--datasets ../shared/datasets] [--lookout .build/release/lookout]
                                    [--seed 20261130] [--weeks 1] [--bucket auto --bucket 5m] [--anomalies]
                                    [--json] [--keep DIR]

--weeks N generates N weeks (seeds SEED .. SEED+N-1) and sums the scores over them.
`--no-state` is passed when lookout has it, so the baseline is the run's own past.

lookout is built in release mode first unless --lookout is given. The log is written to a
temporary directory and deleted afterwards (--keep DIR keeps it, its ground truth and the
digests there instead).
"""
import argparse
import csv
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

from common import ROOT, iso, parse_rfc3339, release_lookout, scan_command
DAY = 86400

# (system, EventId, level). Base rates are drawn per template from the seed.
TEMPLATES = [
    ("HDFS", "E1", "INFO"), ("HDFS", "E6", "INFO"), ("HDFS", "E9", "INFO"), ("HDFS", "E10", "INFO"),
    ("HDFS", "E11", "INFO"), ("HDFS", "E13", "INFO"), ("HDFS", "E14", "INFO"),
    ("OpenSSH", "E1", "INFO"), ("OpenSSH", "E22", "INFO"), ("OpenSSH", "E23", "INFO"), ("OpenSSH", "E26", "INFO"),
    ("Zookeeper", "E2", "INFO"), ("Zookeeper", "E7", "INFO"), ("Zookeeper", "E10", "INFO"),
    ("Zookeeper", "E13", "INFO"), ("Zookeeper", "E38", "INFO"),
    ("HealthApp", "E2", "INFO"), ("HealthApp", "E4", "INFO"), ("HealthApp", "E13", "INFO"), ("HealthApp", "E33", "INFO"),
    ("Apache", "E1", "INFO"), ("Apache", "E2", "INFO"), ("Linux", "E23", "INFO"), ("BGL", "E18", "INFO"),
    ("OpenSSH", "E13", "WARN"), ("Zookeeper", "E15", "WARN"), ("BGL", "E1", "WARN"),
    ("OpenSSH", "E9", "ERROR"), ("Zookeeper", "E5", "ERROR"), ("HealthApp", "E31", "ERROR"),
]
RATES = {"INFO": (12, 180), "WARN": (4, 15), "ERROR": (3, 12)}   # per hour, log-uniform
NEW_TEMPLATE = ("Zookeeper", "E14", "ERROR")   # never written before incident a
HEARTBEAT = "heartbeat: scheduler alive, uptime <*> s"
SPIKE_TEMPLATE = ("OpenSSH", "E9")             # incident b
RAMP_TEMPLATE = ("Zookeeper", "E7")            # incident d

# id, kind, day (0-based), start (h, m), duration in minutes, matching kinds, partial kinds
INCIDENTS = [
    ("a", "new error template", 2, (14, 10), 20, {"new"}, set()),
    ("b", "5x spike of an ERROR template", 3, (10, 40), 30, {"spike"}, set()),
    ("c", "heartbeat silence", 4, (3, 20), 60, {"silence"}, set()),
    ("d", "tenfold ramp over 6 h", 5, (8, 0), 360, {"spike"}, set()),
    ("e", "error-share shift", 6, (16, 25), 30, {"level-shift"}, {"spike"}),
]
SHIFTED_TEMPLATES = 12   # incident e: this many INFO templates write ERROR
NEW_PER_MINUTE = 2.0     # incident a
SPIKE_FACTOR = 5.0       # incident b
RAMP_FACTOR = 10.0       # incident d

IPV4 = re.compile(r"^(/?)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?::\d+)?)$")


def load_templates(datasets, wanted):
    """{(system, id): (template, [[values of slot 0], [values of slot 1], ...])}."""
    out = {}
    for system in sorted({s for s, _ in wanted}):
        folder = os.path.join(datasets, "loghub-2k", system)
        with open(os.path.join(folder, f"{system}_2k.log_templates_corrected.csv"), newline="",
                  encoding="utf-8", errors="replace") as f:
            templates = {r["EventId"]: r["EventTemplate"] for r in csv.DictReader(f)}
        with open(os.path.join(folder, f"{system}_2k.log_structured_corrected.csv"), newline="",
                  encoding="utf-8", errors="replace") as f:
            contents = {}
            for r in csv.DictReader(f):
                contents.setdefault(r["EventId"], []).append(r["Content"])
        for s, eid in wanted:
            if s != system:
                continue
            template = templates[eid]
            parts = template.split("<*>")
            pattern = re.compile("^" + "(.*?)".join(re.escape(p) for p in parts) + "$")
            slots = [[] for _ in range(len(parts) - 1)]
            for content in contents.get(eid, []):
                m = pattern.match(content)
                if m:
                    for i, v in enumerate(m.groups()):
                        slots[i].append(v)
            for i, values in enumerate(slots):
                if not values:
                    slots[i] = ["0"]
            out[(s, eid)] = (template, slots)
    return out


class Filler:
    """Fills a template's <*> with values shaped like the originals."""

    def __init__(self, rng):
        self.rng = rng
        self.largest = {}
        self.ips = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}" for _ in range(60)]

    def value(self, original, largest):
        rng = self.rng
        m = IPV4.match(original)
        if m:
            port = f":{rng.randrange(1024, 65536)}" if m.group(3) else ""
            return m.group(1) + rng.choice(self.ips) + port
        if not any(c.isdigit() for c in original):
            return original
        if original.isdigit():
            # A whole number: same number of digits, no larger than the slot's largest original.
            low = 10 ** (len(original) - 1) if len(original) > 1 else 0
            return str(rng.randint(low, max(low, min(10 ** len(original) - 1, largest))))
        out = []
        for i, c in enumerate(original):
            if c.isdigit():
                first = i == 0 or not original[i - 1].isdigit()
                out.append(str(rng.randrange(1, 10) if first and c != "0" else rng.randrange(10)))
            else:
                out.append(c)
        return "".join(out)

    def fill(self, template, slots):
        parts = template.split("<*>")
        out = [parts[0]]
        for i, p in enumerate(parts[1:]):
            values = slots[i]
            largest = self.largest.get(id(values))
            if largest is None:
                largest = self.largest[id(values)] = max((int(v) for v in values if v.isdigit()), default=0)
            out.append(self.value(self.rng.choice(values), largest))
            out.append(p)
        return "".join(out)


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def generate(path, datasets, seed, start, days):
    rng = random.Random(seed)
    wanted = [(s, e) for s, e, _ in TEMPLATES] + [NEW_TEMPLATE[:2]]
    loaded = load_templates(datasets, wanted)
    filler = Filler(rng)
    t0 = int(start.timestamp())
    specs = []
    for s, e, level in TEMPLATES:
        lo, hi = RATES[level]
        rate = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        specs.append({"name": f"{s}/{e}", "level": level, "ratePerHour": rate, "template": loaded[(s, e)][0],
                      "slots": loaded[(s, e)][1]})
    info = [i for i, sp in enumerate(specs) if sp["level"] == "INFO"]
    shifted = set(rng.sample(info, SHIFTED_TEMPLATES))
    spike_i = next(i for i, sp in enumerate(specs) if sp["name"] == "/".join(SPIKE_TEMPLATE))
    ramp_i = next(i for i, sp in enumerate(specs) if sp["name"] == "/".join(RAMP_TEMPLATE))
    new_template, new_slots = loaded[NEW_TEMPLATE[:2]]
    NEW, HB = len(specs), len(specs) + 1
    names = [sp["name"] for sp in specs] + ["/".join(NEW_TEMPLATE[:2]), "heartbeat"]

    truth = []
    for iid, what, day, (h, m), minutes, kinds, partial in INCIDENTS:
        s = t0 + day * DAY + h * 3600 + m * 60
        item = {"id": iid, "what": what, "start": s, "end": s + minutes * 60, "kinds": sorted(kinds),
                "partialKinds": sorted(partial)}
        item["observed"], item["usual"], item["lines"] = 0, 0.0, 0   # the incident's lines, and without it
        item["templates"] = {"a": [NEW], "b": [spike_i], "c": [HB], "d": [ramp_i],
                             "e": sorted(shifted)}[iid]
        truth.append(item)
    inc = {t["id"]: t for t in truth}

    lines_template = []   # per line (0-based): template index
    n_lines = 0
    levels = {}
    with open(path, "w") as out:
        for minute in range(days * 1440):
            ms0 = (t0 + minute * 60) * 1000
            now = t0 + minute * 60
            hour = (minute % 1440) / 60.0
            rhythm = 1 + 0.6 * math.sin(2 * math.pi * hour / 24)
            events = []
            active = {k: v["start"] <= now < v["end"] for k, v in inc.items()}
            for i, sp in enumerate(specs):
                lam = usual = sp["ratePerHour"] / 60 * rhythm
                if i == spike_i and active["b"]:
                    lam *= SPIKE_FACTOR
                if i == ramp_i and active["d"]:
                    lam *= 1 + (RAMP_FACTOR - 1) * (now - inc["d"]["start"]) / (inc["d"]["end"] - inc["d"]["start"])
                level = sp["level"]
                if i in shifted and active["e"]:
                    level = "ERROR"
                n = poisson(rng, lam)
                for _ in range(n):
                    events.append((ms0 + rng.randrange(60000), level, filler.fill(sp["template"], sp["slots"]), i))
                for k, idx in (("b", spike_i), ("d", ramp_i)):
                    if i == idx and active[k]:
                        inc[k]["observed"] += n
                        inc[k]["usual"] += usual
                if active["e"]:
                    inc["e"]["lines"] += n
                    inc["e"]["observed"] += n if level == "ERROR" else 0
                    inc["e"]["usual"] += usual if sp["level"] == "ERROR" else 0
            if active["a"]:
                n = poisson(rng, NEW_PER_MINUTE)
                inc["a"]["observed"] += n
                for _ in range(n):
                    events.append((ms0 + rng.randrange(60000), "ERROR", filler.fill(new_template, new_slots), NEW))
            if active["c"]:
                inc["c"]["usual"] += 1
            else:
                events.append((ms0 + 7000, "INFO", HEARTBEAT.replace("<*>", str(minute * 60 + 7)), HB))
            events.sort()
            chunk = []
            for ms, level, text, i in events:
                sec, frac = divmod(ms, 1000)
                stamp = datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
                chunk.append(f"{stamp}.{frac:03d}Z {level} {text}\n")
                lines_template.append(i)
                levels[level] = levels.get(level, 0) + 1
            out.write("".join(chunk))
            n_lines += len(events)
    info_out = {"lines": n_lines, "levels": levels, "templates": [
        {"index": i, "name": sp["name"], "level": sp["level"], "ratePerHour": round(sp["ratePerHour"], 2),
         "template": sp["template"], "shiftedInE": i in shifted} for i, sp in enumerate(specs)]
        + [{"index": NEW, "name": names[NEW], "level": "ERROR", "ratePerHour": 0, "template": new_template,
            "shiftedInE": False},
           {"index": HB, "name": "heartbeat", "level": "INFO", "ratePerHour": 60, "template": HEARTBEAT,
            "shiftedInE": False}]}
    return truth, lines_template, names, info_out


def signature_templates(digest, lines_template, names):
    """signature id -> template names, from the digest's example lines (`path:line: message`)."""
    out = {}
    for s in digest.get("signatures", []):
        found = set()
        for ex in s.get("examples", []):
            m = re.search(r":(\d+): ", ex)
            if m and 0 < int(m.group(1)) <= len(lines_template):
                found.add(names[lines_template[int(m.group(1)) - 1]])
        out[s["id"]] = sorted(found)
    return out


def score(digest, truth, sig_names, names, days):
    bucket = digest.get("detection", {}).get("bucketSeconds") or 0
    anomalies = digest.get("anomalies", [])
    for a in anomalies:
        a["_start"] = parse_rfc3339(a["start"])
        a["_match"] = None
    per_incident = []
    for t in truth:
        lo = t["start"] - (t["start"] % bucket if bucket else 0)
        hi = t["end"] + bucket
        own = {names[i] for i in t["templates"]}
        hits = sorted((a for a in anomalies if lo <= a["_start"] <= hi and a["kind"] in t["kinds"]),
                      key=lambda a: a["_start"])
        partial = sorted((a for a in anomalies if lo <= a["_start"] <= hi and a["kind"] in t["partialKinds"]),
                         key=lambda a: a["_start"])
        for a in hits:
            a["_match"] = t["id"]
        for a in partial:
            a["_match"] = a["_match"] or t["id"] + " (partial)"
        first = hits[0] if hits else None
        first_partial = partial[0] if partial else None

        def describe(a):
            if a is None:
                return None
            return {"kind": a["kind"], "signature": a["signature"], "templates": sig_names.get(a["signature"], []),
                    "onOwnSignature": a["signature"] == "*" or bool(own & set(sig_names.get(a["signature"], []))),
                    "start": a["start"], "end": a["end"], "timeToDetectSeconds": a["_start"] - t["start"],
                    "reason": a["reason"]}
        during = [a for a in anomalies if lo <= a["_start"] <= hi]
        per_incident.append({"id": t["id"], "what": t["what"], "start": iso(t["start"]), "end": iso(t["end"]),
                             "kinds": t["kinds"], "detected": first is not None, "first": describe(first),
                             "partial": describe(first_partial) if first is None else None,
                             "anomaliesInWindow": [f"{a['kind']} {a['signature']}" for a in during]})
    matched = [a for a in anomalies if a["_match"]]
    false_alarms = [a for a in anomalies if not a["_match"]]
    for a in false_alarms:
        # Not a match, but inside an incident's window: another kind, likely a side effect.
        a["_during"] = next((t["id"] for t in truth
                             if t["start"] - (t["start"] % bucket if bucket else 0) <= a["_start"] <= t["end"] + bucket),
                            None)
    return {
        "bucketSeconds": bucket, "buckets": digest.get("detection", {}).get("buckets"),
        "note": digest.get("detection", {}).get("note"), "baseline": digest.get("detection", {}).get("baseline"),
        "incidents": per_incident,
        "recall": sum(1 for p in per_incident if p["detected"]) / len(per_incident),
        "anomalies": len(anomalies), "matched": len(matched),
        "precision": len(matched) / len(anomalies) if anomalies else None,
        "falseAlarms": len(false_alarms), "falseAlarmsPerDay": len(false_alarms) / days,
        "falseAlarmsDuringIncidents": sum(1 for a in false_alarms if a["_during"]),
        "list": [{"kind": a["kind"], "signature": a["signature"], "templates": sig_names.get(a["signature"], []),
                  "start": a["start"], "end": a["end"], "observed": a["observed"], "expected": a["expected"],
                  "score": a["score"], "severity": a["severity"], "match": a["_match"],
                  "during": a.get("_during"), "reason": a["reason"]}
                 for a in sorted(anomalies, key=lambda a: a["_start"])],
    }


def hm(seconds):
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{sign}{seconds // 60}m{seconds % 60:02d}s"


def run_week(args, lookout, seed, start, days, buckets, work):
    """Generates one week, scans it once per bucket width and scores each digest."""
    log = os.path.join(work, f"synthetic-{seed}.log")
    t = time.time()
    truth, lines_template, names, info = generate(log, args.datasets, seed, start, days)
    gen_s = time.time() - t
    if args.keep:
        with open(os.path.join(work, f"truth-{seed}.json"), "w") as f:
            json.dump({"incidents": [dict(x, start=iso(x["start"]), end=iso(x["end"])) for x in truth]} | info,
                      f, indent=1)
    runs = {}
    for b in buckets:
        scan, env = scan_command(lookout, work)
        argv = scan + [log, "--format", "json"] + ([] if b == "auto" else ["--bucket", b]) + (args.scan_arg or [])
        t = time.time()
        proc = subprocess.run(argv, capture_output=True, text=True, env=env)
        scan_s = time.time() - t
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.strip()}")
        if args.keep:
            with open(os.path.join(work, f"digest-{seed}-{b}.json"), "w") as f:
                f.write(proc.stdout)
        digest = json.loads(proc.stdout)
        sig_names = signature_templates(digest, lines_template, names)
        run = score(digest, truth, sig_names, names, days)
        run["scanSeconds"] = round(scan_s, 2)
        per_template = {}
        for sid, tn in sig_names.items():
            for n in tn:
                per_template.setdefault(n, []).append(sid)
        run["signaturesPerTemplate"] = {n: len(v) for n, v in per_template.items() if len(v) != 1}
        run["signatures"] = len(digest.get("signatures", []))
        runs[b] = run
    if not args.keep:
        os.remove(log)
    return {"seed": seed, "lines": info["lines"], "levels": info["levels"], "generateSeconds": round(gen_s, 2),
            "incidents": [dict(x, start=iso(x["start"]), end=iso(x["end"]),
                               templates=[names[i] for i in x["templates"]]) for x in truth],
            "templates": info["templates"], "runs": runs}


def summarize(weeks, bucket, days):
    """Per kind over all weeks: detections, partial detections, times to detect; overall precision and FA/day."""
    kinds = {}
    anomalies = matched = false_alarms = during = 0
    for w in weeks:
        run = w["runs"][bucket]
        anomalies += run["anomalies"]
        matched += run["matched"]
        false_alarms += run["falseAlarms"]
        during += run["falseAlarmsDuringIncidents"]
        for x in run["incidents"]:
            k = kinds.setdefault(x["id"], {"id": x["id"], "what": x["what"], "kinds": x["kinds"], "detected": 0,
                                           "partial": 0, "onOwnSignature": 0, "timesToDetect": []})
            if x["first"]:
                k["detected"] += 1
                k["onOwnSignature"] += x["first"]["onOwnSignature"]
                k["timesToDetect"].append(x["first"]["timeToDetectSeconds"])
            elif x["partial"]:
                k["partial"] += 1
    for k in kinds.values():
        k["recall"] = k["detected"] / len(weeks)
    return {"weeks": len(weeks), "bucketSeconds": sorted({w["runs"][bucket]["bucketSeconds"] for w in weeks}),
            "perKind": list(kinds.values()),
            "recall": sum(k["detected"] for k in kinds.values()) / (len(kinds) * len(weeks)),
            "anomalies": anomalies, "matched": matched, "precision": matched / anomalies if anomalies else None,
            "falseAlarms": false_alarms, "falseAlarmsDuringIncidents": during,
            "falseAlarmsPerDay": false_alarms / (days * len(weeks))}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--lookout", default=None)
    p.add_argument("--seed", type=int, default=20261130)
    p.add_argument("--weeks", type=int, default=1, help="generate this many weeks (seeds SEED, SEED+1, ...)")
    p.add_argument("--start", default="2026-11-23", help="first day, UTC (YYYY-MM-DD)")
    p.add_argument("--bucket", action="append", help="`auto` or a width like 5m; repeatable (default: auto and 5m)")
    p.add_argument("--scan-arg", action="append", help="one more argument for `lookout scan` (repeatable), e.g. --scan-arg=--false-alarm-rate=0.01")
    p.add_argument("--anomalies", action="store_true", help="also print every anomaly with its reason")
    p.add_argument("--json", action="store_true", help="print one JSON document instead of the tables")
    p.add_argument("--keep", default=None, help="write the logs, ground truth and digests to this directory")
    args = p.parse_args()
    days = 7
    buckets = args.bucket or ["auto", "5m"]

    lookout = release_lookout(args.lookout)

    start = datetime.strptime(args.start, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    tmp_ctx = tempfile.TemporaryDirectory() if args.keep is None else None
    work = args.keep or tmp_ctx.name
    os.makedirs(work, exist_ok=True)
    try:
        weeks = [run_week(args, lookout, args.seed + k, start, days, buckets, work) for k in range(args.weeks)]
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
    summary = {b: summarize(weeks, b, days) for b in buckets}

    doc = {"date": time.strftime("%Y-%m-%d"), "lookout": lookout, "seed": args.seed, "weeks": args.weeks,
           "start": args.start, "days": days, "buckets": buckets, "summary": summary, "details": weeks,
           "targets": "recall >= 0.95 per kind, at most one false alarm per simulated day"}
    if args.json:
        json.dump(doc, sys.stdout, indent=1)
        print()
        return

    for w in weeks:
        print(f"synthetic week, seed {w['seed']}: {w['lines']:,} lines from {len(TEMPLATES)} templates + heartbeat, "
              f"{args.start} + {days} days; levels {w['levels']}; generated in {w['generateSeconds']:.1f} s")
        print("  incidents (lines of the incident's templates inside it, and what the base rate gives):")
        for x in w["incidents"]:
            if x["id"] == "e":
                size = f"{x['observed']} of {x['lines']} lines at ERROR, usually {x['usual']:.1f}"
            elif x["id"] == "c":
                size = f"0 heartbeats, usually {x['usual']:.0f}"
            else:
                size = f"{x['observed']} lines, usually {x['usual']:.1f}"
            print(f"    {x['id']} {x['what']:<30} {x['start']} .. {x['end']}  {size}; {', '.join(x['templates'][:3])}"
                  + (f" (+{len(x['templates']) - 3})" if len(x["templates"]) > 3 else ""))
        for b, run in w["runs"].items():
            print(f"  --bucket {b}: bucketSeconds {run['bucketSeconds']:g}, {run['buckets']} buckets, "
                  f"{run['signatures']} signatures, scan {run['scanSeconds']:.2f} s"
                  + (f"; note: {run['note']}" if run["note"] else ""))
            if run["signaturesPerTemplate"]:
                print(f"    templates not on exactly one signature: {run['signaturesPerTemplate']}")
            print(f"    {'inc':<4} {'kind wanted':<12} {'detected':<9} {'by':<12} {'own sig':<8} {'time to detect':>15}")
            for x in run["incidents"]:
                f = x["first"] or x["partial"]
                det = "yes" if x["first"] else ("partial" if x["partial"] else "no")
                print(f"    {x['id']:<4} {'/'.join(x['kinds']):<12} {det:<9} {f['kind'] if f else '-':<12} "
                      f"{('yes' if f['onOwnSignature'] else 'no') if f else '-':<8} "
                      f"{hm(f['timeToDetectSeconds']) if f else '-':>15}")
            print(f"    recall {run['recall']:.2f} ({sum(1 for x in run['incidents'] if x['detected'])}/5); "
                  f"anomalies {run['anomalies']}, matching an incident {run['matched']}, precision "
                  f"{'-' if run['precision'] is None else format(run['precision'], '.2f')}; false alarms "
                  f"{run['falseAlarms']} = {run['falseAlarmsPerDay']:.2f} per simulated day, "
                  f"{run['falseAlarmsDuringIncidents']} of them inside an incident's window")
            if args.anomalies:
                for a in run["list"]:
                    tag = a["match"] or (f"FALSE (in {a['during']})" if a["during"] else "FALSE")
                    print(f"      {tag:<14} {a['kind']:<11} {a['start']} .. {a['end']} {a['signature']} "
                          f"{','.join(a['templates'])} score {a['score']:.2f}: {a['reason']}")
        print()

    print(f"summary over {args.weeks} week(s) (targets: recall >= 0.95 per kind, <= 1 false alarm per simulated day)")
    print(f"{'bucket':<7} {'width s':>8} {'a new':>8} {'b spike':>8} {'c silence':>10} {'d ramp':>8} {'e level':>8} "
          f"{'recall':>7} {'precision':>9} {'FA':>4} {'FA/day':>7}")
    for b, sm in summary.items():
        cells = []
        for k in sm["perKind"]:
            cell = f"{k['detected']}/{sm['weeks']}"
            if k["partial"]:
                cell += f"+{k['partial']}p"
            cells.append(cell)
        width = ",".join(f"{x:g}" for x in sm["bucketSeconds"])
        print(f"{b:<7} {width:>8} {cells[0]:>8} {cells[1]:>8} {cells[2]:>10} {cells[3]:>8} {cells[4]:>8} "
              f"{sm['recall']:>7.2f} {'-' if sm['precision'] is None else format(sm['precision'], '.2f'):>9} "
              f"{sm['falseAlarms']:>4} {sm['falseAlarmsPerDay']:>7.2f}")
    print("  (n/N: detected by the matching kind in n of N weeks; +kp: k more only partially, by a spike)")
    for b, sm in summary.items():
        ttd = "; ".join(f"{k['id']} {', '.join(hm(s) for s in k['timesToDetect'])}" for k in sm["perKind"]
                        if k["timesToDetect"])
        print(f"  --bucket {b}: time to detect: {ttd or '-'}; false alarms inside an incident's window: "
              f"{sm['falseAlarmsDuringIncidents']} of {sm['falseAlarms']}")


if __name__ == "__main__":
    main()

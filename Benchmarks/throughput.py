#!/usr/bin/env python3
"""Classify throughput: `lookout classify` next to Drain3 and `grep -P`, and its memory as
the input grows 10x, in one run.

    python3 Benchmarks/throughput.py [--lines 2000000] [--datasets ../shared/datasets]
                                     [--lookout .build/release/lookout] [--repeat 3]
                                     [--drain3-lines 200000] [--grep-lines 200000]
                                     [--scale-lines 20000000] [--scale-build redraw|cat]
                                     [--skip-scale]

1. The corpus is Benchmarks/corpus/corpus-N.log as `Benchmarks/ingest.py` writes it (the
   Loghub-2k logs cycled, every digit after a line's first 40 bytes re-drawn); it is built
   the same way when missing. Slices are its first lines, written beside it.
2. `lookout classify CORPUS > /dev/null`: wall time, CPU time (user + sys) and peak RSS from
   GNU time, lines/s; best of --repeat. Beside it, where lookout's time goes: `lookout scan --no-state`
   (the whole pipeline in one pass) and `lookout classify --no-default-rules` (no rules) on the corpus.
3. Drain3 (`pip install drain3`) with the configuration of Drain3's examples/drain3.ini,
   fed the --drain3-lines slice line by line through `TemplateMiner.add_log_message` in a
   child Python process (so its peak RSS is its own); only the loop is timed, in-process
   (time.perf_counter, resource.getrusage), and lines/s extrapolated from it; best of --repeat.
4. The rule stage next to `grep -P -c "$(lookout rules list --grep-pattern)"` on the
   --grep-lines slice (grep -P on all 2M lines takes minutes). lookout has no rules-only
   mode, so `lookout classify SLICE` (rules and templates) stands for it: an upper bound on
   the rule stage's cost; the CPU difference between classify with and without rules on the
   corpus gives an estimate of the rules alone. grep runs in the environment's locale
   (UTF-8 mode, like lookout's PCRE2_UTF) and with LC_ALL=C (bytes). The matching counts
   are cross-checked (untimed).
5. Memory flatness: `lookout classify` on a corpus of --scale-lines lines (default 10 x N;
   `redraw`: the same generator run for longer, so its first N lines are the N corpus and the
   rest have fresh digits; `cat`: the N corpus repeated), peak RSS against the N run. The big
   file (~2.4 GB) is deleted afterwards unless it was there before. --skip-scale leaves it out.
6. The ratios: lookout classify / Drain3 lines/s (target >= 300), lookout / grep -P per line
   (target >= 1), peak RSS of the big run / the N run (target <= 1.10).

lookout is built in release mode first unless --lookout is given; either way the binary is
copied to Benchmarks/corpus/ first so that a rebuild during the run cannot mix versions.
Wall time from GNU time has 10 ms resolution. Nothing here is asserted: figures are read.
"""
import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time

from common import ROOT, corpus_lines
CORPUS_DIR = os.path.join(ROOT, "Benchmarks", "corpus")

# Drain3's own example configuration, examples/drain3.ini in the Drain3 repository
# (logpai/Drain3), reproduced in code: its [MASKING] list (ID, IP, SEQ, SEQ, HEX, NUM, CMD),
# mask_prefix "<:", mask_suffix ":>", and its [DRAIN] section: sim_th 0.4, depth 4,
# max_children 100, max_clusters 1024, extra_delimiters ["_"]. parametrize_numeric_tokens is
# not in that file; TemplateMinerConfig's default, True, applies. Two departures: the
# example's [PROFILING] enabled = True is turned off (it only prints timing reports, and
# costs time per message), and [SNAPSHOT] does not apply (no persistence handler is given).
DRAIN3_MASKING = [
    (r"((?<=[^A-Za-z0-9])|^)(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))((?=[^A-Za-z0-9])|$)", "ID"),
    (r"((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)", "IP"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9a-f]{6,} ?){3,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9A-F]{4} ?){4,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)(0x[a-f0-9A-F]+)((?=[^A-Za-z0-9])|$)", "HEX"),
    (r"((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)", "NUM"),
    (r'(?<=executed cmd )(".+?")', "CMD"),
]


def drain3_config():
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig
    config = TemplateMinerConfig()
    config.profiling_enabled = False
    config.masking_instructions = [MaskingInstruction(pattern, name) for pattern, name in DRAIN3_MASKING]
    config.mask_prefix = "<:"
    config.mask_suffix = ":>"
    config.drain_sim_th = 0.4
    config.drain_depth = 4
    config.drain_max_children = 100
    config.drain_max_clusters = 1024
    config.drain_extra_delimiters = ["_"]
    config.parametrize_numeric_tokens = True
    return config


def drain3_worker(path, result):
    """Runs in the child process: feeds every line of PATH to Drain3, writes figures to RESULT."""
    from importlib.metadata import version
    from drain3 import TemplateMiner
    miner = TemplateMiner(config=drain3_config())
    lines = 0
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    # Reading and decoding the file is inside the loop, as lookout's time includes reading.
    with open(path, encoding="utf-8", errors="replace", newline="\n") as f:
        for line in f:
            miner.add_log_message(line.rstrip("\r\n"))
            lines += 1
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(result, "w") as f:
        json.dump({"lines": lines, "wall": wall, "cpu": cpu, "clusters": len(miner.drain.clusters),
                   "maxrss_mb": after.ru_maxrss / 1024, "version": version("drain3")}, f)


def write_lines(path, it):
    partial = path + ".partial"
    with open(partial, "wb") as f:
        for line in it:
            f.write(line + b"\n")
    os.replace(partial, path)


def build_corpus(datasets, lines):
    """Benchmarks/corpus/corpus-N.log, as ingest.py writes it (the same generator and seed;
    the .gz that ingest.py also writes is not needed here)."""
    plain = os.path.join(CORPUS_DIR, f"corpus-{lines}.log")
    if not os.path.exists(plain):
        os.makedirs(CORPUS_DIR, exist_ok=True)
        print(f"building {os.path.relpath(plain, ROOT)} …", flush=True)
        write_lines(plain, corpus_lines(datasets, lines))
    return plain


def slice_of(corpus, total, lines):
    """The first LINES lines of CORPUS, in a file beside it."""
    if lines >= total:
        return corpus
    path = corpus[:-len(".log")] + f"-head-{lines}.log"
    if not os.path.exists(path):
        with open(corpus, "rb") as f:
            write_lines(path, (f.readline().rstrip(b"\n") for _ in range(lines)))
    return path


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            n += chunk.count(b"\n")
    return n


def measure(argv, env=None, stdout=subprocess.DEVNULL):
    """Wall, CPU (user + sys) and peak RSS of one run, from GNU time: a small parent, so
    the RSS a forked Python would carry into the child does not count."""
    report = os.path.join(CORPUS_DIR, "time-throughput.txt")
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", report] + argv,
                          stdout=stdout, stderr=subprocess.DEVNULL, env=env)
    with open(report) as f:
        wall, user, system, rss_kb = f.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss_kb) / 1024, proc.returncode


def best_of(repeat, name, argv, env=None, ok=(0,), stdout=subprocess.DEVNULL):
    best = None
    for _ in range(repeat):
        if stdout is not subprocess.DEVNULL:
            stdout.seek(0)
            stdout.truncate()
        wall, cpu, rss, rc = measure(argv, env, stdout)
        if rc not in ok:
            sys.exit(f"{name} exited {rc}")
        if best is None or wall < best[0]:
            best = (wall, cpu, rss)
    return best


def snapshot_lookout(path):
    """Copies the binary (waiting a while if a rebuild has it missing) and checks it runs."""
    for _ in range(60):
        if os.path.exists(path):
            break
        time.sleep(2)
    copy = os.path.join(CORPUS_DIR, "lookout-bench")
    shutil.copy2(path, copy)
    version = subprocess.run([copy, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    with open(copy, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    return copy, f"{version}, sha256 {digest}, built {time.strftime('%Y-%m-%d %H:%M', time.localtime(os.path.getmtime(path)))}"


def row(name, input_, lines, wall, cpu, rss):
    rate = lines / wall if wall > 0 else float("inf")
    print(f"{name:<36} {input_:<7} {lines:>10,} {wall:8.2f} {cpu:8.2f} {rss:8.1f} {rate:11,.0f}")
    return rate


HEADER = f"{'command':<36} {'input':<7} {'lines':>10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'lines/s':>11}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lines", type=int, default=2_000_000, help="corpus lines, N (default 2,000,000)")
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--lookout", default=None, help="a lookout binary (default: build one in release mode)")
    p.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    p.add_argument("--drain3-lines", type=int, default=200_000, help="lines fed to Drain3 (default 200,000)")
    p.add_argument("--grep-lines", type=int, default=200_000, help="lines for grep -P (default 200,000)")
    p.add_argument("--scale-lines", type=int, default=20_000_000, help="lines of the big corpus (default 20,000,000)")
    p.add_argument("--scale-build", choices=["redraw", "cat"], default="redraw",
                   help="redraw: the corpus generator run for longer (default); cat: the N corpus repeated")
    p.add_argument("--skip-scale", action="store_true", help="leave out the memory-flatness step")
    p.add_argument("--drain3-worker", nargs=2, metavar=("SLICE", "RESULT"), help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.drain3_worker:
        drain3_worker(*args.drain3_worker)
        return

    try:
        import drain3  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "drain3"], check=True)

    os.makedirs(CORPUS_DIR, exist_ok=True)
    lookout = args.lookout
    if lookout is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "lookout"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        lookout = os.path.join(ROOT, ".build", "release", "lookout")
    lookout, lookout_about = snapshot_lookout(lookout)

    corpus = build_corpus(args.datasets, args.lines)
    size = os.path.getsize(corpus)
    n = args.lines
    drain_slice = slice_of(corpus, n, args.drain3_lines)
    grep_slice = slice_of(corpus, n, args.grep_lines)
    drain_lines, grep_lines = min(args.drain3_lines, n), min(args.grep_lines, n)

    print(f"corpus: {n:,} lines, {size / 1e6:.1f} MB ({os.path.relpath(corpus, ROOT)})")
    print(f"machine: {os.cpu_count()} cores {platform.machine()}; {time.strftime('%Y-%m-%d')}; "
          f"load average at start {os.getloadavg()[0]:.2f}")
    print(f"lookout: {lookout_about}")
    print(f"grep: {subprocess.run(['grep', '--version'], capture_output=True, text=True).stdout.splitlines()[0]}")

    # 2. lookout classify on the corpus and on the slices.
    classify = {}
    for path, lines in sorted({(corpus, n), (drain_slice, drain_lines), (grep_slice, grep_lines)},
                              key=lambda t: -t[1]):
        classify[lines] = best_of(args.repeat, "lookout classify", [lookout, "classify", path])
    # Where lookout's time goes: reading and event assembly alone, and classify without rules.
    # `scan` is the whole pipeline in one pass (events, rules, templates, counting, detection);
    # --no-state, or the next repetition would resume from the first one's checkpoint.
    scan = best_of(args.repeat, "lookout scan", [lookout, "scan", "--no-state", "--format", "json", corpus])
    no_rules = best_of(args.repeat, "lookout classify --no-default-rules",
                       [lookout, "classify", "--no-default-rules", corpus])

    # 3. Drain3, in a child process.
    result = os.path.join(CORPUS_DIR, "drain3-result.json")
    drain = None
    for _ in range(args.repeat):
        wall, cpu, rss, rc = measure([sys.executable, os.path.abspath(__file__), "--drain3-worker", drain_slice, result])
        if rc != 0:
            sys.exit(f"the Drain3 worker exited {rc}")
        with open(result) as f:
            figures = json.load(f)
        figures["process"] = (wall, cpu, rss)
        if drain is None or figures["wall"] < drain["wall"]:
            drain = figures
    os.remove(result)
    print(f"drain3: {drain['version'] or 'unknown version'}, configured as its examples/drain3.ini "
          f"(masking ID/IP/SEQ/HEX/NUM/CMD, sim_th 0.4, depth 4, max_children 100, max_clusters 1024, "
          f"extra_delimiters [\"_\"], parametrize_numeric_tokens True), profiling off")

    print(f"\n1. classify throughput, best of {args.repeat}")
    print(HEADER)
    rate_full = row("lookout classify", "corpus", n, *classify[n])
    rate_same = row("lookout classify", "slice", drain_lines, *classify[drain_lines])
    rate_drain = row("Drain3 add_log_message (loop only)", "slice", drain["lines"], drain["wall"], drain["cpu"],
                     drain["process"][2])
    print(f"  Drain3: {drain['clusters']} clusters at the end; the whole child process (interpreter start, "
          f"import, loop) took {drain['process'][0]:.2f} s wall; peak MB is the child's, from GNU time")
    print(f"  Drain3 extrapolated to the corpus: {n / rate_drain:,.1f} s for {n:,} lines")
    print("where lookout's time goes, on the corpus:")
    row("lookout scan --no-state (one pass)", "corpus", n, *scan)
    row("lookout classify --no-default-rules", "corpus", n, *no_rules)
    rules_cpu = classify[n][1] - no_rules[1]
    print("  both read their input once; classify also writes a JSON line per event, held (in a temporary")
    print("  file) until every shape is known; scan counts and detects instead")
    print(f"  rules' share of classify's CPU: {rules_cpu / classify[n][1]:.0%} "
          f"({rules_cpu:.2f} s: classify minus")
    print("  classify --no-default-rules; approximate, as without rules the rule-named events are mined too)")

    # 4. The rule stage against grep -P.
    pattern = subprocess.run([lookout, "rules", "list", "--grep-pattern"], capture_output=True, text=True,
                             check=True).stdout.rstrip("\n")
    env_c = dict(os.environ, LC_ALL="C")
    locale_name = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or "POSIX"
    # grep -c exits 1 when no line matches: still a measurement.
    with open(os.path.join(CORPUS_DIR, "grep-count.txt"), "w+") as counted:
        grep_utf = best_of(args.repeat, "grep -P", ["grep", "-P", "-c", pattern, grep_slice], ok=(0, 1),
                           stdout=counted)
        counted.seek(0)
        grep_matches = counted.read().strip()
        grep_c = best_of(args.repeat, "grep -P", ["grep", "-P", "-c", pattern, grep_slice], env=env_c, ok=(0, 1),
                         stdout=counted)
        counted.seek(0)
        grep_matches_c = counted.read().strip()
    os.remove(counted.name)
    out = subprocess.run([lookout, "classify", grep_slice], capture_output=True, check=True).stdout
    lookout_matches = sum(1 for line in out.splitlines() if json.loads(line).get("rule") is not None)
    lookout_events = out.count(b"\n")
    del out

    print(f"\n2. rule stage vs grep -P, {grep_lines:,}-line slice, best of {args.repeat}; "
          f"pattern: {len(pattern):,} characters, one alternation of the built-in rules")
    print(HEADER)
    rate_grep_utf = row(f"grep -P -c ({locale_name})", "slice", grep_lines, *grep_utf)
    rate_grep_c = row("grep -P -c (LC_ALL=C)", "slice", grep_lines, *grep_c)
    rate_rules = row("lookout classify (rules+templates)", "slice", grep_lines, *classify[grep_lines])
    print("  lookout has no rules-only mode: `lookout classify` runs rules and template mining, so its time is an")
    print("  upper bound on the rule stage's.")
    if rules_cpu > 0:
        print(f"  the rules' share alone (section 1's difference, CPU): {n / rules_cpu:,.0f} lines/s")
    print(f"  matches: grep -P {grep_matches} lines ({grep_matches_c} with LC_ALL=C); "
          f"lookout {lookout_matches:,} of {lookout_events:,} events named by a rule")

    # 5. Memory flatness.
    big = None
    if not args.skip_scale:
        big = scale_step(args, corpus, size, lookout, classify[n])

    # 6. Ratios.
    print("\nratios:")
    ratios = [
        ("lookout classify / Drain3, lines/s (corpus vs Drain3's slice)", rate_full / rate_drain, "target >= 300"),
        (f"lookout classify / Drain3, lines/s (same {drain_lines:,}-line slice)", rate_same / rate_drain, ""),
        (f"lookout classify / grep -P ({locale_name}), per line", rate_rules / rate_grep_utf,
         "target >= 1: the rule stage no slower than grep -P"),
        ("lookout classify / grep -P (LC_ALL=C), per line", rate_rules / rate_grep_c, ""),
    ]
    if rules_cpu > 0:
        ratios.append((f"lookout's rules alone (estimate) / grep -P ({locale_name}), per line",
                       n / rules_cpu / rate_grep_utf, ""))
    if big is not None:
        big_lines, (_, _, big_rss) = big
        ratios.append((f"peak RSS, {big_lines:,} lines / {n:,} lines", big_rss / classify[n][2], "target <= 1.10"))
    width = max(len(name) for name, _, _ in ratios)
    for name, value, target in ratios:
        print(f"  {name:<{width}} = {value:8.2f}" + (f"   ({target})" if target else ""))
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    os.remove(lookout)


def scale_step(args, corpus, size, lookout, small):
    n, big_lines = args.lines, args.scale_lines
    if args.scale_build == "cat":
        if big_lines % n:
            sys.exit(f"--scale-build cat needs --scale-lines a multiple of --lines ({n})")
        path = os.path.join(CORPUS_DIR, f"corpus-{n}-x{big_lines // n}.log")
    else:
        path = os.path.join(CORPUS_DIR, f"corpus-{big_lines}.log")
    existed = os.path.exists(path)
    need = size * big_lines / n * 1.05
    if not existed and shutil.disk_usage(CORPUS_DIR).free < need + 1e9:
        print(f"\n3. memory flatness: skipped, {need / 1e9:.1f} GB needed on {CORPUS_DIR}")
        return None
    try:
        start = time.time()
        if not existed:
            if args.scale_build == "cat":
                with open(path + ".partial", "wb") as dst:
                    for _ in range(big_lines // n):
                        with open(corpus, "rb") as src:
                            shutil.copyfileobj(src, dst, 1 << 22)
                os.replace(path + ".partial", path)
            else:
                write_lines(path, corpus_lines(args.datasets, big_lines))
        built = time.time() - start
        wall, cpu, rss, rc = measure([lookout, "classify", path])
        if rc != 0:
            sys.exit(f"lookout classify on {big_lines:,} lines exited {rc}")
        big_size = os.path.getsize(path)
    finally:
        if not existed:
            for leftover in (path, path + ".partial"):
                if os.path.exists(leftover):
                    os.remove(leftover)
    how = ("the N corpus repeated (cat)" if args.scale_build == "cat" else
           "the corpus generator run for longer: its first N lines are the N corpus, the rest have fresh digits")
    print(f"\n3. memory flatness: {big_lines:,} lines, {big_size / 1e9:.2f} GB, {how}"
          f"{'' if existed else f'; built in {built:.0f} s and deleted afterwards'}; 1 run")
    print(HEADER)
    row("lookout classify (from section 1)", "corpus", n, *small)
    row("lookout classify", "big", big_lines, wall, cpu, rss)
    return big_lines, (wall, cpu, rss)


if __name__ == "__main__":
    main()

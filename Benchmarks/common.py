"""Helpers the benchmark scripts share: paths, building lookout, running its scan, times."""
import os
import random
import re
import subprocess
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEMS = ["Apache", "BGL", "HDFS", "HealthApp", "Linux", "OpenSSH", "Zookeeper"]


def release_lookout(path=None):
    """`path`, or a release build of this checkout's lookout (built now)."""
    if path is not None:
        return path
    subprocess.run(["swift", "build", "-c", "release", "--product", "lookout"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release", "lookout")


def scan_command(lookout, state_dir):
    """`lookout scan` with the run's own past as the baseline: `--no-state` when this lookout
    keeps history (so earlier runs, and the user's state database, never count), and
    XDG_STATE_HOME pointed at the temporary directory either way."""
    help_text = subprocess.run([lookout, "scan", "--help"], capture_output=True, text=True).stdout
    env = dict(os.environ, XDG_STATE_HOME=state_dir)
    return [lookout, "scan"] + (["--no-state"] if "--no-state" in help_text else []), env


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def corpus_lines(datasets, lines):
    """The benchmark corpus, a line at a time (without newline): the seven Loghub-2k logs
    cycled, every digit after the first 40 bytes of a line re-drawn (seeded), so values vary
    while headers stay parseable."""
    source = []
    for s in SYSTEMS:
        with open(os.path.join(datasets, "loghub-2k", s, f"{s}_2k.log"), "rb") as f:
            source.extend(f.read().splitlines())
    rng = random.Random(20261130)
    digit = re.compile(rb"[0-9]")
    for i in range(lines):
        line = source[i % len(source)]
        head, tail = line[:40], line[40:]
        yield head + digit.sub(lambda m: b"%d" % rng.randrange(10), tail)

#!/usr/bin/env python3
"""Check a Lookout HTML digest in headless Chromium.

Usage: check_html.py FILE.html [--screenshot OUT.png] [--width PX]

Fails (exit 1) when the page
  - lacks the viewport or the Content-Security-Policy meta element (default-src 'none'),
    or an element names a resource (src, href, srcset, … to anything but data: or #, or
    CSS url() / @import) — log text in the page is not markup and is not scanned;
  - throws a JavaScript exception, logs a console error, or has the browser log an error
    (a CSP violation, a failed load) while loading or while every table header is clicked
    (the sort script runs) — each header twice, so both directions run;
  - makes any network request other than for the file itself and data: URLs;
  - renders no text, or a sortable table's header does not sort when clicked.
Exit 2: usage error or Chromium could not be run.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: commands
on fd 3, replies on fd 4, NUL-separated JSON), so no port is opened and nothing but the
Python standard library is needed. Debian: apt-get install chromium.
"""
import argparse
import base64
import fcntl
import json
import os
import pathlib
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "ping"}
CSS_FETCH = re.compile(r"""url\(\s*["']?(?!data:|#)|@import""", re.IGNORECASE)


class MarkupScan(HTMLParser):
    """What the markup itself names: meta elements, and any attribute or CSS that could fetch."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.viewport = False
        self.csp = None
        self.external = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "viewport":
            self.viewport = True
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = values.get("content") or ""
        for name, value in attrs:
            value = (value or "").strip()
            if name in URL_ATTRIBUTES and not value.startswith(("data:", "#")):
                self.external.append(f"<{tag} {name}={value!r}>")
            if name == "style" and CSS_FETCH.search(value):
                self.external.append(f"<{tag} style={value!r}>")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and CSS_FETCH.search(data):
            self.external.append("<style> fetches: " + CSS_FETCH.search(data).group(0))


def static_problems(html):
    scan = MarkupScan()
    scan.feed(html)
    scan.close()
    problems = []
    if not scan.viewport:
        problems.append("no <meta name=viewport>")
    if scan.csp is None or not scan.csp.replace(" ", "").startswith("default-src'none'"):
        problems.append("no Content-Security-Policy meta starting with default-src 'none'")
    problems += [f"external resource in markup: {e}" for e in scan.external]
    return problems


class Browser:
    """Chromium with its DevTools endpoint on a pipe."""

    def __init__(self, binary, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # Move the child's ends above fd 4 so the dup2 below cannot clobber them.
        cr = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        cw = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def fds():
            os.dup2(cr, 3)
            os.dup2(cw, 4)

        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "about:blank"]
        self.process = subprocess.Popen(args, preexec_fn=fds, close_fds=False,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cr)
        os.close(cw)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        return self.reply(self.next_id)

    def receive(self, timeout):
        """The next message, or None after `timeout` seconds without one."""
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_child], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.from_child, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def reply(self, wanted, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.receive(deadline - time.monotonic())
            if message is None:
                break
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"DevTools error: {message['error']}")
                return message.get("result", {})
            self.events.append(message)
        raise RuntimeError(f"no reply from Chromium to command {wanted} in {timeout}s")

    def wait_for(self, method, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(e.get("method") == method for e in self.events):
                return True
            message = self.receive(deadline - time.monotonic())
            if message is not None:
                self.events.append(message)
        return False

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = self.receive(deadline - time.monotonic())
            if message is not None:
                self.events.append(message)

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Clicks every header of every sortable table twice and reports, per table, whether the
# header took an aria-sort state (the script ran) — exceptions surface as DevTools events.
CLICK_HEADERS = """
(() => {
  const tables = Array.from(document.querySelectorAll("table.sortable"));
  let unsorted = 0;
  for (const table of tables) {
    for (const th of Array.from(table.tHead.rows[0].cells)) {
      th.click();
      if (th.getAttribute("aria-sort") !== "ascending") unsorted++;
      th.click();
      if (th.getAttribute("aria-sort") !== "descending") unsorted++;
    }
  }
  return JSON.stringify({tables: tables.length, unsorted: unsorted,
                         text: document.body ? document.body.innerText.length : 0,
                         svgs: document.querySelectorAll("svg").length});
})()
"""


def dynamic_problems(path, binary, screenshot, width):
    problems = []
    url = path.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="check_html.") as profile:
        browser = Browser(binary, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Runtime", "Log", "Network", "Page"):
                browser.send(f"{domain}.enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, session=session)
            browser.send("Page.navigate", {"url": url}, session=session)
            if not browser.wait_for("Page.loadEventFired"):
                problems.append("the page did not finish loading in 20s")
            browser.drain(0.3)
            result = browser.send("Runtime.evaluate", {"expression": CLICK_HEADERS, "returnByValue": True}, session=session)
            if "exceptionDetails" in result:
                problems.append(f"checking the tables threw: {result['exceptionDetails'].get('text')}")
                facts = {}
            else:
                facts = json.loads(result["result"]["value"])
            browser.drain(0.3)
            if screenshot:
                shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
                pathlib.Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
        finally:
            browser.close()

    for e in browser.events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            text = d.get("exception", {}).get("description") or d.get("text")
            problems.append(f"JavaScript exception (line {d.get('lineNumber', 0) + 1}): {text}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console.{params['type']}: {args}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            problems.append(f"browser error ({entry.get('source')}): {entry.get('text')}")
        elif method == "Network.requestWillBeSent":
            requested = params.get("request", {}).get("url", "")
            if requested != url and not requested.startswith("data:"):
                problems.append(f"network request: {requested}")
    if facts:
        if facts["text"] == 0:
            problems.append("the page shows no text")
        if facts["unsorted"]:
            problems.append(f"{facts['unsorted']} header clicks did not sort their table")
    return problems, facts


def main():
    parser = argparse.ArgumentParser(description="Check a Lookout HTML digest in headless Chromium.")
    parser.add_argument("file", type=pathlib.Path)
    parser.add_argument("--screenshot", help="write a full-page PNG here")
    parser.add_argument("--width", type=int, default=1100, help="viewport width in CSS pixels (default 1100; <600 emulates a phone)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()
    try:
        html = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"check_html: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    started = time.monotonic()
    problems = static_problems(html)
    try:
        found, facts = dynamic_problems(args.file, args.chromium, args.screenshot, args.width)
    except (OSError, RuntimeError) as error:
        print(f"check_html: could not run Chromium ({args.chromium}): {error}", file=sys.stderr)
        return 2
    problems += found
    seconds = time.monotonic() - started
    summary = f"{facts.get('tables', '?')} sortable tables, {facts.get('svgs', '?')} svg charts, {seconds:.1f}s"
    if problems:
        for p in problems:
            print(f"FAIL {args.file}: {p}")
        print(f"check_html: {len(problems)} problems ({summary})")
        return 1
    print(f"check_html: OK {args.file} ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Open a page in headless Chromium and watch it through the DevTools protocol.

Used by the map's browser tests, its benchmark and ``docs/screenshot.py``:
standard library only (the protocol runs over ``--remote-debugging-pipe``,
file descriptors 3 and 4, no port, no websocket package).

>>> find_chromium() is None or isinstance(find_chromium(), str)
True
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "PageRun", "Chromium"]

#: Flags every run uses (see the map issue): no sandbox (containers), no GPU,
#: and nothing that phones home.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio",
                  "--disable-features=Translate,MediaRouter,OptimizationHints")


def find_chromium() -> str | None:
    """Path of a Chromium (or Chrome) executable, or None. ``CHROMIUM`` overrides."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


@dataclass
class PageRun:
    """What happened while a page loaded."""

    url: str
    ready: bool                      # the wait condition became true
    seconds: float                   # navigation start -> ready (or timeout)
    values: dict = field(default_factory=dict)   # results of the evaluated expressions
    errors: list[str] = field(default_factory=list)       # console errors, exceptions, log errors
    requests: list[str] = field(default_factory=list)     # URLs requested besides the page itself
    console: list[str] = field(default_factory=list)      # every console message
    screenshot: bytes | None = None


class Chromium:
    """A headless Chromium driven over the DevTools pipe.

    >>> # with Chromium() as ch: run = ch.open("map.html", wait="document.body.dataset.drawn")
    """

    def __init__(self, executable: str | None = None, *, width: int = 1400, height: int = 900,
                 extra_flags=()):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise FileNotFoundError("no Chromium found: install the Debian package `chromium`"
                                    " (bash .ci/system-packages.sh) or set CHROMIUM")
        self.width, self.height = width, height
        self.extra_flags = tuple(extra_flags)
        self._events: list[dict] = []
        self._replies: dict[int, dict] = {}
        self._cv = threading.Condition()
        self._id = 0
        self.proc = None

    # -- process and pipe -------------------------------------------------
    def __enter__(self):
        import fcntl

        self._profile = tempfile.mkdtemp(prefix="cigraph-chromium-")
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def child_fds():  # runs in the child before exec: Chromium reads fd 3, writes fd 4
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [self.executable, *CHROMIUM_FLAGS, *self.extra_flags, "--remote-debugging-pipe",
                f"--user-data-dir={self._profile}", f"--window-size={self.width},{self.height}",
                "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=child_fds)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._w = os.fdopen(to_chrome_w, "wb", buffering=0)
        self._r = os.fdopen(from_chrome_r, "rb", buffering=0)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for f in (getattr(self, "_w", None), getattr(self, "_r", None)):
            try:
                f and f.close()
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)
        return False

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = self._r.read(65536)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                with self._cv:
                    self._closed = True
                    self._cv.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                data = json.loads(msg)
                with self._cv:
                    if "id" in data:
                        self._replies[data["id"]] = data
                    else:
                        self._events.append(data)
                    self._cv.notify_all()

    def call(self, method: str, params: dict | None = None, *, session: str | None = None,
             timeout: float = 30.0) -> dict:
        """Send one DevTools command and wait for its reply."""
        with self._cv:
            self._id += 1
            mid = self._id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._w.write(json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + timeout
        with self._cv:
            while mid not in self._replies:
                left = end - time.monotonic()
                if left <= 0 or getattr(self, "_closed", False):
                    raise TimeoutError(f"Chromium did not answer {method} in {timeout} s")
                self._cv.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    # -- pages ---------------------------------------------------------------
    def open(self, path_or_url, *, wait: str = "document.readyState === 'complete'", timeout: float = 60.0,
             evaluate: dict[str, str] | None = None, screenshot: bool = False, settle: float = 0.0) -> PageRun:
        """Load a page, wait until the JavaScript expression ``wait`` is truthy, then
        evaluate ``evaluate`` (name -> expression) and optionally take a screenshot."""
        url = str(path_or_url)
        if "://" not in url:
            url = Path(url).resolve().as_uri()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for m in ("Runtime.enable", "Log.enable", "Network.enable", "Page.enable"):
            self.call(m, session=session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
                  session=session)
        with self._cv:
            first_event = len(self._events)
        t0 = time.monotonic()
        self.call("Page.navigate", {"url": url}, session=session)
        ready = False
        while time.monotonic() - t0 < timeout:
            try:
                r = self.call("Runtime.evaluate", {"expression": f"!!({wait})", "returnByValue": True},
                              session=session, timeout=max(1.0, timeout - (time.monotonic() - t0)))
            except (RuntimeError, TimeoutError):
                r = {}
            if r.get("result", {}).get("value") is True:
                ready = True
                break
            time.sleep(0.05)
        seconds = time.monotonic() - t0
        if settle:
            time.sleep(settle)
        values = {}
        for name, expr in (evaluate or {}).items():
            r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
            values[name] = r.get("result", {}).get("value")
        shot = None
        if screenshot:
            shot = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"}, session=session)["data"])
        with self._cv:
            events = [e for e in self._events[first_event:] if e.get("sessionId") == session]
        self.call("Target.closeTarget", {"targetId": target})
        run = PageRun(url=url, ready=ready, seconds=seconds, values=values, screenshot=shot)
        for ev in events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                run.errors.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
            elif m == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                run.console.append(f"{p.get('type')}: {text}")
                if p.get("type") in ("error", "assert"):
                    run.errors.append("console: " + text)
            elif m == "Log.entryAdded":
                entry = p.get("entry", {})
                if entry.get("level") == "error":
                    run.errors.append(f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
            elif m == "Network.requestWillBeSent":
                u = p.get("request", {}).get("url", "")
                if u != url and not u.startswith("data:") and u != "about:blank":
                    run.requests.append(u)
        return run

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

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "PageRun", "Chromium", "Page"]

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
    def page(self, path_or_url, *, wait: str = "document.readyState === 'complete'", timeout: float = 60.0,
             init_script: str | None = None) -> "Page":
        """Load a page and wait until the JavaScript expression ``wait`` is truthy.
        Use as a context manager; the tab closes on exit."""
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
        if init_script:
            self.call("Page.addScriptToEvaluateOnNewDocument", {"source": init_script}, session=session)
        with self._cv:
            first_event = len(self._events)
        pg = Page(self, url, target, session, first_event)
        t0 = time.monotonic()
        self.call("Page.navigate", {"url": url}, session=session)
        while time.monotonic() - t0 < timeout:
            try:
                if pg.evaluate(f"!!({wait})", timeout=max(1.0, timeout - (time.monotonic() - t0))) is True:
                    pg.ready = True
                    break
            except (RuntimeError, TimeoutError):
                pass
            time.sleep(0.05)
        pg.seconds = time.monotonic() - t0
        return pg

    def open(self, path_or_url, *, wait: str = "document.readyState === 'complete'", timeout: float = 60.0,
             evaluate: dict[str, str] | None = None, screenshot: bool = False, settle: float = 0.0) -> PageRun:
        """Load a page, wait for ``wait``, evaluate ``evaluate`` (name -> expression),
        optionally take a screenshot, close the tab and report what happened."""
        with self.page(path_or_url, wait=wait, timeout=timeout) as pg:
            if settle:
                time.sleep(settle)
            values = {name: pg.evaluate(expr) for name, expr in (evaluate or {}).items()}
            shot = pg.screenshot() if screenshot else None
            run = pg.report()
        run.values, run.screenshot = values, shot
        return run


class Page:
    """One open tab (see :meth:`Chromium.page`)."""

    def __init__(self, browser: Chromium, url: str, target: str, session: str, first_event: int):
        self.browser, self.url, self.target, self.session = browser, url, target, session
        self._first = first_event
        self.ready = False
        self.seconds = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.browser.call("Target.closeTarget", {"targetId": self.target}, timeout=10)
        except (RuntimeError, TimeoutError):
            pass
        return False

    def call(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        return self.browser.call(method, params, session=self.session, timeout=timeout)

    def evaluate(self, expression: str, timeout: float = 30.0):
        """Value of a JavaScript expression (JSON-able values only)."""
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                      timeout=timeout)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression!r}: {r['exceptionDetails'].get('text')}"
                               f" {r['exceptionDetails'].get('exception', {}).get('description', '')}")
        return r.get("result", {}).get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        """A real mouse event at page coordinates: 'move', 'click' or 'hover'."""
        if kind in ("move", "hover"):
            self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
            return
        for t in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": t, "x": x, "y": y, "button": "left", "clickCount": 1})

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])

    def report(self) -> PageRun:
        """Errors, console messages and requests seen so far."""
        with self.browser._cv:
            events = [e for e in self.browser._events[self._first:] if e.get("sessionId") == self.session]
        run = PageRun(url=self.url, ready=self.ready, seconds=self.seconds)
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
            elif m == "Page.javascriptDialogOpening":
                run.errors.append(f"dialog: {p.get('type')} {p.get('message')}")
            elif m == "Network.requestWillBeSent":
                u = p.get("request", {}).get("url", "")
                if u != self.url and not u.startswith("data:") and u != "about:blank":
                    run.requests.append(u)
        return run

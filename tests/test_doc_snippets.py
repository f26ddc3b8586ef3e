"""Every ```python snippet in README.md and docs/*.md runs, as written (issue 12.7).

Each page's snippets run in order in one fresh interpreter, in a temporary folder holding a
built default workspace ``.cigraph`` (as for a reader who ran ``cigraph build`` and pastes them). A snippet that talks to the SPARQL endpoint gets a real
``cigraph serve`` of a built workspace, on a free port written into the snippet.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SNIPPET = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
ENDPOINT = "http://127.0.0.1:7878/sparql"


def _snippets(page: Path) -> list[str]:
    return SNIPPET.findall(page.read_text(encoding="utf-8"))


def test_the_snippet_finder_finds_snippets():
    assert any("from cigraph import" in s for s in _snippets(ROOT / "README.md"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(workspace):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cigraph", "serve", "-w", str(workspace), "--port", str(port),
                             "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.parametrize("page", [p for p in PAGES if _snippets(p)], ids=lambda p: p.name)
def test_python_snippets_run(page, tmp_path, request, workspace):
    import shutil

    # as for a reader who ran `cigraph build` first: the default workspace .cigraph is there
    shutil.copytree(workspace, tmp_path / ".cigraph", symlinks=True)
    code = "\n\n".join(_snippets(page))
    if ENDPOINT in code:
        code = code.replace(ENDPOINT, request.getfixturevalue("endpoint"))
    script = tmp_path / "snippets.py"
    script.write_text(code, encoding="utf-8")
    p = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, f"{page.name}: the snippets fail:\n{code}\n---\n{p.stderr[-3000:]}"


def test_public_names_are_the_functions_whatever_was_imported():
    """``from cigraph import build`` is the function even after every submodule was imported
    (a submodule named like a public function replaces it on the package)."""
    import cigraph

    for mod in pkgutil.walk_packages(cigraph.__path__, "cigraph."):
        if mod.name.endswith("__main__"):
            continue
        importlib.import_module(mod.name)
    packages = [cigraph] + [importlib.import_module(m.name) for m in pkgutil.walk_packages(cigraph.__path__, "cigraph.")
                            if m.ispkg]
    for pkg in packages:
        for name in getattr(pkg, "__all__", []):
            value = getattr(pkg, name)
            assert not isinstance(value, type(cigraph)), f"{pkg.__name__}.{name} is the module {value.__name__}"

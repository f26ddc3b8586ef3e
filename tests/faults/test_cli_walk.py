"""Fault catalogue, CLI walk (docs/faults.md, C-rows): every command of ``cigraph.cli.COMMANDS``
(new commands are walked automatically) against a missing, a corrupt and a read-only
workspace. Each run must end with a documented exit code and a plain message, never a
traceback; 1 only where SHACL (or a `check` query) says so."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cigraph.cli import COMMANDS, cli
from faults.helpers import DOCUMENTED
from faults.mounts import read_only

#: the arguments a command needs besides --workspace (OUT is replaced by a fresh folder)
ARGS: dict[str, list[str]] = {
    "describe": ["Living SJ"],
    "export": ["--format", "ttl", "-o", "OUT/x.ttl"],
    "cypher": ["backbones"],
    "sparql": ["backbones"],
    "report": ["-o", "OUT/report.md"],
    "map": ["-o", "OUT/map.html"],
    "synth": ["-n", "1", "-o", "OUT/synth"],
    "serve": ["--port", "0", "-q"],
    "new": ["Walked Initiative", "-o", "OUT/new.xlsx"],
    "profile": ["LA Promise Zone", "-o", "OUT/profile"],
    "import": [str(Path(__file__).resolve().parents[2] / "examples" / "dufferin-county-equity-collaborative.xlsx"),
               "-o", "OUT/imported.ttl"],
}
#: commands whose exit code 1 has a documented meaning (SHACL violations; a `check` query with rows)
MAY_EXIT_1 = {"validate", "sparql"}


def _command(name) -> click.Command:
    return cli.get_command(None, name)


def test_every_command_is_walkable():
    """A new command with a required argument must say, in ARGS, how to call it."""
    for name in COMMANDS:
        cmd = _command(name)
        assert cmd is not None, name
        given = ARGS.get(name, [])
        for p in cmd.params:
            if p.required and not any(o in given for o in getattr(p, "opts", [])) and \
                    not (isinstance(p, click.Argument) and given and not given[0].startswith("-")):
                pytest.fail(f"cigraph {name}: add its required {p.name!r} to ARGS in {__file__}")


def _argv(name: str, ws: Path, out: Path) -> list[str]:
    args = [a.replace("OUT", str(out)) for a in ARGS.get(name, [])]
    if any("--workspace" in p.opts for p in _command(name).params if isinstance(p, click.Option)):
        args += ["--workspace", str(ws)]
    return [name, *args]


def _run(name: str, ws: Path, out: Path) -> tuple[int, str]:
    argv = _argv(name, ws, out)
    if name == "serve":  # a server that starts is fine: give it a moment, then stop it
        p = subprocess.Popen([sys.executable, "-m", "cigraph", *argv], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        try:
            output, _ = p.communicate(timeout=15)
            return p.returncode, output
        except subprocess.TimeoutExpired:
            p.terminate()
            output, _ = p.communicate(timeout=30)
            return 0, output
    r = CliRunner().invoke(cli, argv)
    crash = r.exception is not None and not isinstance(r.exception, SystemExit)
    assert not crash, f"cigraph {' '.join(argv)} raised {r.exception!r}"
    return r.exit_code, r.output


def _check(name: str, code: int, output: str, state: str) -> None:
    assert "Traceback" not in output, f"{state}: cigraph {name}\n{output}"
    assert code in DOCUMENTED, f"{state}: cigraph {name} exited {code}\n{output}"
    if code == 1:
        assert name in MAY_EXIT_1, f"{state}: cigraph {name} exited 1 (reserved for SHACL)\n{output}"
    if code not in (0, 1):
        assert "Error" in output or "Usage" in output, f"{state}: cigraph {name} gave no message\n{output}"


def _corrupt(ws: Path) -> None:
    for f in (ws / "current" / "store").iterdir():
        if f.is_file():
            f.write_bytes(b"\x00not a store")
    (ws / "current" / "meta.json").write_text("{ damaged")
    if (ws / "graph.lbdb").exists():
        (ws / "graph.lbdb").write_bytes(b"\x00not a graph" * 100)


@pytest.fixture(scope="module")
def loaded_workspace(tmp_path_factory, built_workspace) -> Path:
    from cigraph.dataset import open_dataset
    from cigraph.projection import project
    from cigraph.stores.embedded import EmbeddedStore

    ws = tmp_path_factory.mktemp("walk") / "ws"
    shutil.copytree(built_workspace, ws, symlinks=True)
    ds = open_dataset(ws)
    EmbeddedStore(workspace=ws).load(project(ds), source={"build": ds.path.name})
    ds.close()
    return ws


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_with_a_missing_workspace(name, tmp_path):
    code, output = _run(name, tmp_path / "nowhere", tmp_path / "out")
    _check(name, code, output, "missing")
    if name not in ("build", "queries", "synth", "new", "import") and code == 0:
        pytest.fail(f"cigraph {name} succeeded without a workspace:\n{output}")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_with_a_corrupt_workspace(name, tmp_path, loaded_workspace):
    ws = tmp_path / "ws"
    shutil.copytree(loaded_workspace, ws, symlinks=True)
    _corrupt(ws)
    code, output = _run(name, ws, tmp_path / "out")
    _check(name, code, output, "corrupt")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_with_a_read_only_workspace(name, tmp_path, loaded_workspace):
    src = tmp_path / "src"
    shutil.copytree(loaded_workspace, src, symlinks=True)
    with read_only(src, tmp_path / "ro") as ro:
        code, output = _run(name, ro, tmp_path / "out")
    _check(name, code, output, "read-only")
    if name in ("build", "load"):
        assert code == 5 and "not writable" in output, output

"""Helpers for the fault catalogue (``docs/faults.md``): real subprocesses, real workspaces.

Every case asserts the same three things a user sees: the exit code is the documented
one, there is no Python traceback, and the message is a plain line saying what to do.
"""

from __future__ import annotations

import os
import subprocess
import sys

#: exit codes cigraph documents (cigraph/errors.py); 1 is only for SHACL violations
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 130}


def cigraph(*args, env: dict | None = None, cwd=None, timeout: float = 600,
            input: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m cigraph ARGS`` as a real process; returns the completed process (text)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "cigraph", *map(str, args)], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=timeout, input=input)


def spawn(*args, env: dict | None = None, cwd=None) -> subprocess.Popen:
    """Start ``python -m cigraph ARGS`` without waiting (for races and interrupts)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "cigraph", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=full_env, cwd=cwd)


def assert_clean_failure(proc, code: int | set[int], *, says: str | None = None) -> None:
    """A failure as the standards want it: the expected exit code, no traceback, the message."""
    out = (proc.stdout or "") + (proc.stderr or "")
    codes = {code} if isinstance(code, int) else set(code)
    assert proc.returncode in codes, f"exit {proc.returncode}, expected {sorted(codes)}:\n{out}"
    assert "Traceback" not in out, out
    if says is not None:
        assert says.lower() in out.lower(), f"{says!r} not in:\n{out}"

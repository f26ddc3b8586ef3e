"""What this process has changed on disk, so that an interrupt can tell the truth.

An operation that replaces state (``build`` moves ``current``; ``load`` moves the graph
file) calls :func:`expect` just *before* its single atomic commit, with a check that says
whether the new state is live. When Ctrl-C arrives, :func:`interrupt_message` runs those
checks against the file system, so the message is "kept" or "replaced" according to what
the commit did, at whatever instant the interrupt came.

>>> reset()
>>> interrupt_message()
'Interrupted: nothing was changed; the previous good state was kept.'
>>> expect("the workspace /w", "build B", lambda: True)
>>> interrupt_message()
'Interrupted after the commit: the workspace /w now holds build B (complete and valid).'
>>> reset()
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from typing import Callable

__all__ = ["expect", "interrupt_message", "reset", "checkpoint"]


@dataclass
class _Commit:
    what: str
    new: str
    live: Callable[[], bool]


_COMMITS: list[_Commit] = []


def expect(what: str, new: str, live: Callable[[], bool]) -> None:
    """Record a commit about to happen: ``what`` will hold ``new`` once ``live()`` is true."""
    _COMMITS.append(_Commit(what, new, live))


def reset() -> None:
    _COMMITS.clear()


def interrupt_message() -> str:
    done, kept = [], []
    for c in _COMMITS:
        try:
            (done if c.live() else kept).append(c)
        except OSError:
            kept.append(c)
    if not done:
        return "Interrupted: nothing was changed; the previous good state was kept."
    parts = [f"{c.what} now holds {c.new} (complete and valid)" for c in done]
    parts += [f"{c.what} was not changed" for c in kept]
    return "Interrupted after the commit: " + "; ".join(parts) + "."


def checkpoint(name: str) -> None:
    """A named instant in a commit sequence, where the fault catalogue interrupts a real run.

    With ``CIGRAPH_FAULT_AT=NAME`` in the environment the process sends itself SIGINT
    there (``NAME!kill``: SIGKILL), so the tests exercise the real code path at a known
    instant. Without it (always, in normal use) this does nothing.
    """
    at = os.environ.get("CIGRAPH_FAULT_AT")
    if not at:
        return
    point, _, how = at.partition("!")
    if point == name:
        if how != "kill":
            # a process started in the background by a non-interactive shell inherits SIGINT
            # ignored, and Python then installs no KeyboardInterrupt handler: restore it, so the
            # fault is the Ctrl-C it stands for however the run was started
            signal.signal(signal.SIGINT, signal.default_int_handler)
        os.kill(os.getpid(), signal.SIGKILL if how == "kill" else signal.SIGINT)

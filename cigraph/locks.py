"""Advisory file locks (``fcntl.flock``) that keep concurrent cigraph runs from hurting each other.

Two kinds, documented in ``docs/workspace.md``:

* a **writer lock** (:class:`WriterLock`): one ``build`` per workspace, one ``load`` per graph
  file. A second writer fails at once with "another build is running (pid N)", or waits
  (``--wait``). The holder's pid is written into the lock file for that message.
* a **pin** (:func:`pin`): a reader holds a shared lock on the build it opened, for as long
  as it reads; pruning takes a non-blocking exclusive lock on a build before deleting it and
  skips any build someone holds.

The kernel releases a lock when its process dies (even by SIGKILL), so a lock file left on
disk never blocks anyone: it is the *lock*, not the file, that says a run is live.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "build.lock"
>>> with WriterLock(p, "build"):
...     held_elsewhere(p)           # any other open of the file sees it held
True
>>> held_elsewhere(p)
False
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from .errors import StoreError

__all__ = ["WriterLock", "Busy", "pin", "try_exclusive", "held_elsewhere", "store_error"]


class Busy(StoreError):
    """Another live process holds the lock (exit code 5)."""

    def __init__(self, what: str, path: Path, pid: str | None):
        self.pid = pid
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"another {what} is running on {path.parent} ({who}): wait for it to finish, or run"
                         f" again with --wait to queue behind it.")


def store_error(action: str, path, e: OSError) -> StoreError:
    """An OSError turned into one plain sentence with what to do (read-only, full disk, ...)."""
    code = getattr(e, "errno", None)
    path = path or getattr(e, "filename", None)
    at = f" {path}" if path else ""
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = f"{path or 'the target'} is not writable ({os.strerror(code)}): use a folder you can write (--workspace, -o)"
    elif code in (errno.ENOSPC, errno.EDQUOT):
        why = f"no space left on the device{' holding' + at if path else ''}: free some space and run the command again"
    elif code in (errno.ENOTDIR, errno.EEXIST):
        why = (f"{path} is in the way ({os.strerror(code)}; a file where a folder should be):"
               " move it away or choose another workspace")
    elif code == errno.ENOENT:
        why = f"{path or 'a file'} does not exist"
    else:
        why = f"{path}: {e.strerror or e}" if path else str(e.strerror or e)
    return StoreError(f"cannot {action}: {why}.")


class WriterLock:
    """Exclusive lock on ``path`` for one writer of ``what`` ("build", "load")."""

    def __init__(self, path: str | os.PathLike, what: str, *, wait: bool = False):
        self.path = Path(path)
        self.what = what
        self.wait = wait
        self.fd: int | None = None

    def acquire(self) -> "WriterLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise store_error(f"lock {self.path.parent} for a {self.what}", self.path.parent, e) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not self.wait:
                pid = _read_pid(fd)
                os.close(fd)
                raise Busy(self.what, self.path, pid) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the pid is only for the message; the lock is what counts
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)  # closing drops the lock

    def __enter__(self) -> "WriterLock":
        return self.acquire()

    def __exit__(self, *exc) -> bool:
        self.release()
        return False


def _read_pid(fd: int) -> str | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return text if text.isdigit() else None


class Pin:
    """A shared lock held on one build by a reader; released by :meth:`close` or when collected."""

    def __init__(self, fd: int | None):
        self.fd = fd

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)

    def __del__(self):  # pragma: no cover - depends on the collector
        self.close()


def pin(lock_file: Path) -> Pin | None:
    """Hold a shared lock on ``lock_file``; ``None`` when it is gone or being deleted (retry)."""
    try:
        fd = os.open(lock_file, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return Pin(fd)


def try_exclusive(lock_file: Path) -> int | None:
    """An fd holding ``lock_file`` exclusively, or ``None`` if a live process holds it (or it is gone)."""
    try:
        fd = os.open(lock_file, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def held_elsewhere(lock_file: Path) -> bool:
    """Whether another live process holds ``lock_file`` (shared or exclusive)."""
    fd = try_exclusive(lock_file)
    if fd is None:
        return Path(lock_file).exists()
    os.close(fd)
    return False

"""Small helpers with no better home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(tmp, path) -> None:
    """Give the temporary file ordinary permissions (mkstemp makes it 0600), then move it in place."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)

__all__ = ["atomic_write_text", "atomic_write_bytes", "atomic_path"]


def _special(path: Path) -> bool:
    """A device, FIFO or socket (``/dev/stdout``, ``/dev/full``, a named pipe): written in place.

    Replacing one by a temporary file would destroy it (as root, ``-o /dev/full`` turned the
    device into a regular file).
    """
    import stat

    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def atomic_write_bytes(path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half."""
    path = Path(path)
    if _special(path):
        with open(path, "wb") as f:
            f.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


class atomic_path:
    """Context manager yielding a temporary path next to ``path``; on success it replaces ``path``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "out.txt") as tmp:
    ...     _ = tmp.write_text("hi")
    >>> (d / "out.txt").read_text()
    'hi'
    """

    def __init__(self, path):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.special = _special(self.path)
        if not self.special:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        where = None if self.special else self.path.parent  # a device is written through, from a temp file
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{self.path.name}.", suffix=self.path.suffix)
        os.close(fd)
        self.tmp = Path(tmp)
        return self.tmp

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None and self.special:
            try:
                with open(self.tmp, "rb") as src, open(self.path, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            finally:
                self.tmp.unlink(missing_ok=True)
        elif exc_type is None:
            _publish(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
        return False

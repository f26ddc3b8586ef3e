"""Real read-only and full file systems for the fault catalogue (root only; skipped otherwise)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _mount(*args) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *map(str, args)], capture_output=True).returncode == 0


def _umount(path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def read_only(src: Path, where: Path):
    """``src`` seen read-only at ``where`` (a read-only bind mount: root cannot write it either)."""
    where.mkdir(parents=True, exist_ok=True)
    if not (_mount("--bind", src, where) and (_mount("-o", "remount,bind,ro", where) or _umount(where))):
        pytest.skip("needs root and mount to make a read-only file system")
    try:
        yield where
    finally:
        _umount(where)


@contextlib.contextmanager
def small_disk(where: Path, size_kb: int):
    """A tmpfs of ``size_kb`` KiB at ``where``: writes beyond it fail with ENOSPC."""
    where.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", where):
        pytest.skip("needs root and mount for a small tmpfs")
    try:
        yield where
    finally:
        _umount(where)


def du_kb(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file() and not p.is_symlink()) // 1024 + 1

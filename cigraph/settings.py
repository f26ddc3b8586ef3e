"""Settings built once, from CLI flags and the environment, and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .resources import data_dir

__all__ = ["Settings", "DEFAULT_WORKSPACE"]

DEFAULT_WORKSPACE = ".cigraph"


@dataclass(frozen=True)
class Settings:
    """Where things are.

    ``data_dirs`` holds the folders (or single ``.ttl`` files) of instance data;
    the ontology is always the bundled one. ``workspace`` is where ``build``
    writes the dataset and where every other command reads it.
    """

    data_dirs: tuple[Path, ...] = field(default_factory=lambda: (data_dir(),))
    workspace: Path = field(default_factory=lambda: Path(os.environ.get("CIGRAPH_WORKSPACE", DEFAULT_WORKSPACE)))

    @classmethod
    def from_env(cls, *, data_dirs=None, workspace=None) -> "Settings":
        kw = {}
        if data_dirs:
            kw["data_dirs"] = tuple(Path(d) for d in data_dirs)
        if workspace:
            kw["workspace"] = Path(workspace)
        return cls(**kw)

    def data_files(self) -> list[Path]:
        """The Turtle files to load, in a stable order."""
        files: list[Path] = []
        for d in self.data_dirs:
            d = Path(d)
            if d.is_file():
                files.append(d)
            elif d.is_dir():
                files.extend(sorted(p for p in d.rglob("*") if p.suffix in (".ttl", ".nt", ".nq", ".trig")
                                    and p.is_file()))
            else:
                from .errors import DataError
                raise DataError(f"data path {d} does not exist: pass an existing folder or file with --data.",
                                file=str(d))
        return files

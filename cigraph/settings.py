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
    #: ``data_dirs`` holds exactly the folders/files to load; :meth:`from_env` adds the bundled case
    #: studies in front of the ``--data`` paths unless ``bundled=False`` (``--no-bundled``).
    workspace: Path = field(default_factory=lambda: Path(os.environ.get("CIGRAPH_WORKSPACE", DEFAULT_WORKSPACE)))

    @classmethod
    def from_env(cls, *, data_dirs=None, workspace=None, bundled: bool = True) -> "Settings":
        """Settings from CLI values: ``data_dirs`` are added to the bundled case studies
        (``bundled=True``, the default) or replace them (``bundled=False``)."""
        kw = {}
        if data_dirs:
            given = tuple(Path(d) for d in data_dirs)
            if bundled:
                given = (data_dir(),) + tuple(d for d in given if d.resolve() != data_dir().resolve())
            kw["data_dirs"] = given
        elif not bundled:
            from .errors import DataError

            raise DataError("--no-bundled leaves nothing to load: pass your data with --data FILE-OR-FOLDER.")
        if workspace:
            kw["workspace"] = Path(workspace)
        return cls(**kw)

    def empty_paths(self) -> list[Path]:
        """The data folders that hold no data file (a mistyped ``--data`` folder is refused even when
        the bundled case studies are loaded too)."""
        from .authoring.reader import is_csv_folder, is_workbook

        out = []
        for d in map(Path, self.data_dirs):
            if d.is_dir() and not is_csv_folder(d) and not any(
                    p.is_file() and (p.suffix in (".ttl", ".nt", ".nq", ".trig") or is_workbook(p))
                    or is_csv_folder(p) for p in d.rglob("*")):
                out.append(d)
        return out

    def data_files(self) -> list[Path]:
        """The files to load, in a stable order: RDF files (.ttl, .nt, .nq, .trig), authoring
        workbooks (.xlsx) and CSV folders (a folder holding ``Initiative.csv``, one CSV per sheet)."""
        from .authoring.reader import is_csv_folder, is_workbook

        files: list[Path] = []
        for d in self.data_dirs:
            d = Path(d)
            if d.is_file():
                files.append(d)
            elif is_csv_folder(d):
                files.append(d)
            elif d.is_dir():
                found = [p for p in d.rglob("*") if p.is_file() and (p.suffix in (".ttl", ".nt", ".nq", ".trig")
                                                                    or is_workbook(p))]
                found += [p for p in d.rglob("*") if is_csv_folder(p)]
                files.extend(sorted(found))
            else:
                from .errors import DataError
                raise DataError(f"data path {d} does not exist: pass an existing folder or file with --data.",
                                file=str(d))
        return files

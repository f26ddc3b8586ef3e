"""Where the bundled ontology, case-study data and queries are.

In a wheel they are copied inside the package (``cigraph/_ontology`` …); in a
source checkout (or an editable install) they are the repository's top-level
folders. ``CIGRAPH_DATA_DIR`` replaces the bundled data folder.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resource_dir", "ontology_dir", "data_dir", "queries_dir", "shapes_file", "ontology_file"]

_PKG = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    bundled = _PKG / f"_{name}"
    if bundled.is_dir():
        return bundled
    return _PKG.parent / name


def ontology_dir() -> Path:
    return resource_dir("ontology")


def ontology_file() -> Path:
    return ontology_dir() / "cigraph.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def data_dir() -> Path:
    """The bundled case studies, or the folder ``CIGRAPH_DATA_DIR`` names (the tests use it to run
    the whole suite on the case studies plus a ninth initiative: ``pytest --ninth``)."""
    import os

    override = os.environ.get("CIGRAPH_DATA_DIR")
    return Path(override) if override else resource_dir("data")


def queries_dir() -> Path:
    return resource_dir("queries")

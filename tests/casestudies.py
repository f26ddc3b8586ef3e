"""What the tests may know about the data they run on.

Golden answers about the eight case studies name them (``CASE_STUDIES``); a generic test that needs
the number of initiatives asks :func:`initiative_count`, which reads the data the suite runs on —
the bundled case studies, or those plus a ninth initiative under ``pytest --ninth``.
"""

from __future__ import annotations

import functools

CGD = "https://w3id.org/cigraph/id/"
#: the eight case studies (short ids of their initiative IRIs)
CASE_STUDIES = ("dcec", "epe", "lapz", "lsj", "slatez", "sprp", "ssmprt", "wprc")


@functools.cache
def initiative_count() -> int:
    """How many ``ci:Initiative`` the data folder the suite runs on declares (read with rdflib)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from cigraph.resources import data_dir

    g = Graph()
    for f in sorted(data_dir().glob("*.ttl")):
        g.parse(f)
    return len(set(g.subjects(RDF.type, URIRef("https://w3id.org/cigraph#Initiative"))))

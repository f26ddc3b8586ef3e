"""Query files: header parsing and parameter checks."""

from __future__ import annotations

import pytest

from cigraph.errors import QueryError
from cigraph.queries import QueryLibrary, parse_query_file


def test_header_and_params(tmp_path):
    f = tmp_path / "who-leads.rq"
    f.write_text("#+ summary: Who leads?\n#+ kind: cq\n#+ params: initiative (optional, IRI), org\n"
                 "SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n")
    q = parse_query_file(f)
    assert (q.id, q.language, q.summary, q.kind) == ("who-leads", "sparql", "Who leads?", "cq")
    assert [(p.name, p.optional) for p in q.params] == [("initiative", True), ("org", False)]
    assert q.check_params({"org": "x"}) == {"initiative": None, "org": "x"}
    with pytest.raises(QueryError, match="needs --param org"):
        q.check_params({})
    with pytest.raises(QueryError, match="no parameter"):
        q.check_params({"org": "x", "bogus": 1})


def test_library_lookup_suggests(tmp_path):
    (tmp_path / "backbones.cypher").write_text("//+ summary: Backbones?\nMATCH (n) RETURN n ORDER BY n\n")
    lib = QueryLibrary(tmp_path)
    assert lib.get("backbones", "cypher").summary == "Backbones?"
    with pytest.raises(QueryError, match="backbones"):
        lib.get("backbone", "cypher")
    assert lib.resolve("MATCH (n) RETURN n", None, "cypher").id == "inline"

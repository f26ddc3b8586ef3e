"""The closed lists of the workbook, read from the ontology's SKOS schemes at run time.

A concept added to a scheme in ``ontology/cigraph.ttl`` shows up in the next
workbook's dropdown and is accepted by the importer, with no code change.

>>> v = Vocabulary.load()
>>> [label for label, _ in v.concepts("ci:MaturityScheme")]
['Planned', 'Emerging', 'Established']
>>> v.lookup("ci:RoleScheme", "lead agency")
'https://w3id.org/cigraph#LeadAgencyRole'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .mapping import expand

__all__ = ["Vocabulary"]

_Q = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ci: <https://w3id.org/cigraph#>
SELECT ?scheme ?c ?label ?rank WHERE {
  ?c skos:inScheme ?scheme .
  OPTIONAL { ?c skos:prefLabel ?pl FILTER(lang(?pl) = "" || langMatches(lang(?pl), "en")) }
  OPTIONAL { ?c rdfs:label ?rl FILTER(lang(?rl) = "" || langMatches(lang(?rl), "en")) }
  OPTIONAL { ?c ci:rank ?rank }
  BIND(COALESCE(?pl, ?rl) AS ?label)
}"""

_RANGES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?range WHERE { ?p rdfs:range ?range FILTER(isIRI(?range)) }"""

_TERMS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?t WHERE { { ?t a ?k } UNION { ?t rdfs:label ?l } FILTER(isIRI(?t)) }"""


@dataclass
class Vocabulary:
    schemes: dict[str, list[tuple[str, str]]]       # scheme IRI -> [(label, concept IRI)] in rank order
    ranges: dict[str, str]                            # property IRI -> range IRI
    terms: frozenset[str]                             # every IRI the ontology declares

    @classmethod
    @functools.lru_cache(maxsize=1)
    def load(cls) -> "Vocabulary":
        """Parse the bundled ontology (with pyoxigraph, in memory) and collect its schemes."""
        import pyoxigraph as ox

        from ..resources import ontology_file

        store = ox.Store()
        store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
        rows: dict[str, list[tuple[float, str, str]]] = {}
        for s in store.query(_Q):
            if s["label"] is None:
                continue
            rank = float(s["rank"].value) if s["rank"] is not None else 1e9
            rows.setdefault(s["scheme"].value, []).append((rank, s["label"].value, s["c"].value))
        schemes = {k: [(label, c) for _r, label, c in sorted(v, key=lambda t: (t[0], t[1].casefold()))]
                   for k, v in rows.items()}
        ranges = {s["p"].value: s["range"].value for s in store.query(_RANGES)}
        terms = frozenset(s["t"].value for s in store.query(_TERMS))
        return cls(schemes, ranges, terms)

    def concepts(self, scheme: str) -> list[tuple[str, str]]:
        return self.schemes.get(expand(scheme), [])

    def labels(self, scheme: str) -> list[str]:
        return [label for label, _ in self.concepts(scheme)]

    def lookup(self, scheme: str, label: str) -> str | None:
        """The concept IRI whose label is ``label`` (case and spacing ignored), or None."""
        want = " ".join(str(label).split()).casefold()
        for lab, iri in self.concepts(scheme):
            if lab.casefold() == want:
                return iri
        return None

    def label_of(self, scheme: str, iri: str) -> str | None:
        return next((lab for lab, c in self.concepts(scheme) if c == iri), None)

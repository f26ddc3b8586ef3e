"""HTML documentation of the ontology (what ``make docs`` writes).

pyLODE would be the usual tool, but the releases that install on Python 3.11
either crash at import (3.4.1) or need Python 3.12 (>= 3.4.2), so cigraph ships
this small generator: one offline HTML page, classes, properties and named
individuals with labels, definitions, hierarchy, domains, ranges and
alignments to W3C ORG, PROV-O, SKOS and CIDS. Every string is HTML-escaped.
"""

from __future__ import annotations

import html
from pathlib import Path

__all__ = ["ontology_html", "write_ontology_docs"]

_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h2{border-bottom:1px solid #ccc;margin-top:2.5rem}.term{margin:1.2rem 0;padding:.6rem .9rem;border-left:4px solid #4a7}
.term h3{margin:.1rem 0}.iri{font-family:monospace;color:#555;font-size:.85em}dt{font-weight:600}dd{margin:0 0 .3rem 1rem}
nav a{margin-right:.6rem}"""


def ontology_html(ontology_path: str | Path | None = None) -> str:
    import rdflib
    import rdflib.collection
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    from ..resources import ontology_file
    from ..vocab import CI_NS, PREFIXES, curie

    g = rdflib.Graph().parse(ontology_path or ontology_file())
    e = html.escape
    ont = rdflib.URIRef("https://w3id.org/cigraph")

    def link(t) -> str:
        if isinstance(t, rdflib.BNode):  # a class expression: owl:unionOf ( A B ... )
            members = g.value(t, OWL.unionOf)
            if members is not None:
                return " or ".join(link(m) for m in rdflib.collection.Collection(g, members))
            return "(class expression)"
        s = str(t)
        if s.startswith(CI_NS):
            return f'<a href="#{e(s[len(CI_NS):])}">{e(curie(s))}</a>'
        return f'<span class="iri">{e(curie(s))}</span>'

    def term(t, extra: list[tuple[str, list]]) -> str:
        local = str(t)[len(CI_NS):]
        rows = [f'<div class="term" id="{e(local)}"><h3>{e(str(g.value(t, RDFS.label) or local))}</h3>',
                f'<div class="iri">{e(str(t))}</div>',
                f"<p>{e(str(g.value(t, SKOS.definition) or ''))}</p><dl>"]
        for name, values in extra:
            if values:
                rows.append(f"<dt>{e(name)}</dt><dd>{', '.join(link(v) for v in sorted(values, key=str))}</dd>")
        rows.append("</dl></div>")
        return "".join(rows)

    def ci(ts):
        return sorted((t for t in ts if str(t).startswith(CI_NS)), key=str)

    classes = ci(g.subjects(RDF.type, OWL.Class))
    objprops = ci(g.subjects(RDF.type, OWL.ObjectProperty))
    dataprops = ci(g.subjects(RDF.type, OWL.DatatypeProperty))
    annprops = ci(g.subjects(RDF.type, OWL.AnnotationProperty))
    individuals = sorted({s for s, o in g.subject_objects(RDF.type) if o in set(classes)
                          and str(s).startswith(CI_NS)}, key=str)
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>{e(str(g.value(ont, RDFS.label)))}</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(str(g.value(ont, rdflib.URIRef('http://purl.org/dc/terms/title'))))}</h1>",
           f"<p>{e(str(g.value(ont, SKOS.definition)))}</p>",
           f"<p>IRI <code>{e(str(ont))}</code>, version <code>{e(str(g.value(ont, OWL.versionIRI)))}</code>"
           f" (prior version <code>{e(str(g.value(ont, OWL.priorVersion)))}</code>).</p>",
           "<p>Prefixes: " + ", ".join(f"<code>{e(p)}: {e(n)}</code>" for p, n in PREFIXES.items()) + "</p>",
           "<nav><a href='#classes'>Classes</a><a href='#objprops'>Object properties</a>"
           "<a href='#dataprops'>Datatype properties</a><a href='#annprops'>Annotation properties</a>"
           "<a href='#individuals'>Named individuals</a></nav>",
           f"<h2 id='classes'>Classes ({len(classes)})</h2>"]
    for c in classes:
        out.append(term(c, [("Subclass of", list(g.objects(c, RDFS.subClassOf))),
                            ("Close match", list(g.objects(c, SKOS.closeMatch))),
                            ("Superclass of", list(g.subjects(RDFS.subClassOf, c))),
                            ("Instances", list(g.subjects(RDF.type, c)))]))
    out.append(f"<h2 id='objprops'>Object properties ({len(objprops)})</h2>")
    for p in objprops:
        out.append(term(p, [("Domain", list(g.objects(p, RDFS.domain))), ("Range", list(g.objects(p, RDFS.range))),
                            ("Subproperty of", list(g.objects(p, RDFS.subPropertyOf))),
                            ("Inverse of", list(g.objects(p, OWL.inverseOf)))]))
    out.append(f"<h2 id='dataprops'>Datatype properties ({len(dataprops)})</h2>")
    for p in dataprops:
        out.append(term(p, [("Domain", list(g.objects(p, RDFS.domain))), ("Range", list(g.objects(p, RDFS.range))),
                            ("Subproperty of", list(g.objects(p, RDFS.subPropertyOf)))]))
    out.append(f"<h2 id='annprops'>Annotation properties ({len(annprops)})</h2>")
    for p in annprops:
        out.append(term(p, []))
    out.append(f"<h2 id='individuals'>Named individuals ({len(individuals)})</h2>")
    for i in individuals:
        out.append(term(i, [("Type", list(g.objects(i, RDF.type))), ("In scheme", list(g.objects(i, SKOS.inScheme))),
                            ("Broader", list(g.objects(i, SKOS.broader)))]))
    out.append("</body></html>")
    return "\n".join(out)


def write_ontology_docs(out_dir: str | Path) -> Path:
    from ..util import atomic_write_text

    path = Path(out_dir) / "index.html"
    atomic_write_text(path, ontology_html())
    return path


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(write_ontology_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/ontology"))

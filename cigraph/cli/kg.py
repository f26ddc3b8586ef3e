"""Commands for the knowledge graph itself: build, validate, stats, describe, export."""

from __future__ import annotations

import json

import click

from .options import data_option, emit, format_option, output_option, progress, settings_from, workspace_option


@click.command("build")
@data_option
@workspace_option
@click.option("--engine", type=click.Choice(["auto", "pyshacl", "sparql"]), default="auto", show_default=True,
              help="SHACL engine: pySHACL (reference) or cigraph's SPARQL compilation (fast); auto by size.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.option("--allow-empty", is_flag=True,
              help="Build even when the data holds no triples (an ontology-only workspace); refused otherwise.")
@click.option("--wait", is_flag=True, help="If another build of this workspace is running, wait for it instead of"
                                        " stopping with exit 5.")
def build_cmd(data_dirs, workspace, engine, quiet, allow_empty, wait):
    """Parse ontology + data, infer, validate, and write the workspace (atomically).

    A failed or interrupted build leaves the previous workspace untouched.
    """
    from ..pipeline import build
    from ..errors import ValidationFailed

    settings = settings_from(data_dirs, workspace)
    try:
        result = build(settings, progress=progress(not quiet), engine=engine, allow_empty=allow_empty, wait=wait)
    except ValidationFailed as e:
        from ..authoring.build import violation_lines

        click.echo(f"{e.report.count('Violation')} violation(s); the previous workspace was kept:", err=True)
        for line in violation_lines(e.report, getattr(e, "origins", None)):
            click.echo(line, err=True)
        raise
    rep = result.report
    meta = result.dataset.meta
    click.echo(f"built {meta['triples']} triples from {len(meta['data_files'])} file(s) into {settings.workspace}"
               f" ({sum(result.seconds.values()):.2f} s)")
    if rep is not None:
        click.echo(f"validation: conforms, {rep.count('Warning')} warning(s) (engine {rep.engine});"
                   " see `cigraph validate` for the list")


@click.command("validate")
@data_option
@workspace_option
@format_option(["text", "json"], "text")
@output_option
@click.option("--engine", type=click.Choice(["auto", "pyshacl", "sparql"]), default="auto", show_default=True)
@click.option("--limit", type=int, default=50, show_default=True, help="Results shown in text format (0 = all).")
def validate_cmd(data_dirs, workspace, fmt, output, engine, limit):
    """Check the data against the SHACL shapes (exit 0 conforms, 1 violations).

    With --data, validates those files without touching the workspace; otherwise
    validates the built workspace.
    """
    from ..shacl import validate

    if data_dirs:
        from ..pipeline import build_dataset

        ds = build_dataset(settings_from(data_dirs, workspace))
    else:
        from ..dataset import open_dataset

        ds = open_dataset(settings_from(None, workspace).workspace)
    report = validate(ds, engine=engine)
    emit(report.to_json() if fmt == "json" else report.to_text(limit=limit or None), output)
    if not report.conforms:
        origins = ds.meta.get("origins")
        if origins:
            from ..authoring.build import violation_lines

            click.echo("In the workbooks:", err=True)
            for line in violation_lines(report, origins, limit=limit or None):
                click.echo(line, err=True)
        raise SystemExit(1)


@click.command("stats")
@workspace_option
@format_option(["text", "json"], "text")
@output_option
def stats_cmd(workspace, fmt, output):
    """Counts: triples per graph, instances per class, and per initiative."""
    from ..dataset import open_dataset
    from ..describe import stats

    s = stats(open_dataset(settings_from(None, workspace).workspace))
    if fmt == "json":
        emit(json.dumps(s, indent=2), output)
        return
    lines = [f"triples: {s['triples']}  (" + ", ".join(f"{k} {v}" for k, v in s["graphs"].items()) + ")", "",
             "instances per class (asserted):"]
    lines += [f"  {c:<28} {n:>6}" for c, n in s["classes"].items()]
    lines += ["", "per initiative:"]
    cols = ["participants", "activities", "priorities", "working_groups", "indicators", "channels"]
    head = f"  {'initiative':<48}" + "".join(f"{c.replace('_', ' '):>15}" for c in cols)
    lines.append(head)
    for r in s["initiatives"]:
        lines.append(f"  {r['initiative'][:47]:<48}" + "".join(f"{r[c]:>15}" for c in cols))
    emit("\n".join(lines), output)


@click.command("describe")
@click.argument("name")
@workspace_option
@format_option(["text", "json"], "text")
@output_option
@click.option("--entailed", is_flag=True, help="Also show entailed facts (superclasses, superproperties).")
def describe_cmd(name, workspace, fmt, output, entailed):
    """Every fact about an entity, both directions, with labels.

    NAME is a name or label ("Youth Policy Institute"), a CURIE (cgd:lapz) or an IRI.
    """
    from ..dataset import open_dataset
    from ..describe import describe

    d = describe(open_dataset(settings_from(None, workspace).workspace), name, include_entailed=entailed)
    emit(json.dumps(d.to_dict(), indent=2) if fmt == "json" else d.to_text(), output)


EXPORT_FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "kumu", "xlsx"]


@click.command("export")
@workspace_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True,
              help="RDF (ttl, nt, nq, trig, jsonld: ontology + data + inferences), the property graph "
                   "(graphml), or a map's network with its measures, colours and layout (gexf, kumu; graphml "
                   "with --network collaboration|activities), or one initiative as an authoring workbook "
                   "(xlsx, with --initiative).")
@click.option("--network", type=click.Choice(["collaboration", "activities", "full"]), default=None,
              help="For graph formats: the network of the collaboration or activities map, or the full property "
                   "graph (graphml only) "
                   "(default: full for graphml, collaboration for gexf and kumu).")
@click.option("--initiative", default=None, help="The network of one initiative only (xlsx: the initiative to write).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write.")
def export_cmd(workspace, fmt, network, initiative, output):
    """Export the knowledge graph or its networks to a file (written atomically)."""
    from ..dataset import open_dataset

    ds = open_dataset(settings_from(None, workspace).workspace)
    if fmt == "xlsx":
        if not initiative:
            raise click.UsageError("--format xlsx writes one initiative: add --initiative NAME.")
        from ..authoring import export_workbook

        iri = export_workbook(ds.to_rdflib(graphs=("data",)), initiative, output)
        click.echo(f"wrote {output} ({iri})")
        return
    from ..render.rdf_export import RDF_FORMATS

    if fmt in RDF_FORMATS:
        from ..render.rdf_export import export_rdf

        n = export_rdf(ds, fmt, output)
        click.echo(f"wrote {n} {'quads' if RDF_FORMATS[fmt][1] else 'triples'} to {output}")
        return
    from ..projection_store import open_projection

    pg = open_projection(ds, initiative=initiative)   # one initiative: only its subgraph is read
    network = network or ("full" if fmt == "graphml" else "collaboration")
    if fmt == "graphml" and network == "full":
        from ..render.rdf_export import export_graphml

        nn, ne = export_graphml(pg, output)
        click.echo(f"wrote {nn} nodes and {ne} edges to {output}")
        return
    if network == "full" and fmt in ("gexf", "kumu"):
        raise click.UsageError(f"--format {fmt} exports a map's network (--network collaboration or activities);"
                               " drop --network full, or use --format graphml for the full property graph.")
    from ..render.network_export import export_network

    result = export_network(pg, fmt, output, network=network, initiative=initiative)
    if isinstance(result, dict) and "nodes" in result:
        click.echo(f"wrote the {result.get('network', network)} network, {result['nodes']} nodes and "
                   f"{result.get('edges', 0)} edges, to {output}")
    else:
        click.echo(f"wrote {output}")

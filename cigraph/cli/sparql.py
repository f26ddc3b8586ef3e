"""``cigraph sparql`` (run a query) and ``cigraph serve`` (a read-only SPARQL 1.1 endpoint)."""

from __future__ import annotations

import click

from .options import emit, output_option, workspace_option

FORMAT_CHOICES = ["table", "json", "csv", "tsv", "xml", "ttl", "nt", "rdfxml", "jsonld"]


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise click.UsageError(f"--param takes NAME=VALUE (e.g. --param entity=cgd:lapz), not {pair!r}.")
        out[name] = value
    return out


@click.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read the query from FILE ('-' for standard input).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable): an IRI (<…>, https://…), a CURIE (cgd:lapz), a literal in "
                   'N-Triples syntax ("x"@en, "5"^^<…#integer>), or plain text (a string).')
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="table", show_default=True,
              help="table, or SPARQL results json|xml|csv|tsv for SELECT/ASK; ttl|nt|rdfxml|jsonld for "
                   "CONSTRUCT/DESCRIBE (table shows those as Turtle).")
@output_option
@click.option("--timeout", type=float, default=60.0, show_default=True, envvar="CIGRAPH_SPARQL_TIMEOUT",
              show_envvar=True, help="Stop the query after S seconds (it runs in a worker process that is "
                                     "killed). 0 = no limit, run in this process.")
@click.option("--max-rows", type=int, default=None, help="Keep at most N rows (or triples); says so when cut.")
@workspace_option
def sparql_cmd(query, file, params, fmt, output, timeout, max_rows, workspace):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the built workspace.

    QUERY is SPARQL text or the id of a query in the library (`cigraph queries`);
    or give -f FILE. The default graph is the union of the ontology, data and
    inferred graphs, and the usual prefixes (ci:, cgd:, org:, prov:, skos:, …)
    are predeclared.

    Exit codes: 0 ok; 1 a `check` query returned rows; 4 query error (syntax,
    time limit, parameter); 5 no workspace (run `cigraph build`).

    \b
    Examples:
      cigraph sparql backbones
      cigraph sparql facts-about --param entity=cgd:lapz --format csv
      cigraph sparql 'SELECT ?i ?n WHERE { ?i a ci:Initiative ; ci:name ?n } ORDER BY ?n'
    """
    from ..dataset import open_dataset
    from ..queries import QueryLibrary
    from ..settings import Settings
    from ..sparql import run_sparql, serialize

    if query is not None and file is not None:
        raise click.UsageError("give either QUERY or -f FILE, not both.")
    q = QueryLibrary().resolve(query, file, "sparql")
    ds = open_dataset(Settings.from_env(workspace=workspace).workspace)
    result = run_sparql(ds, q, params=_parse_params(params), timeout=timeout or None, limit=max_rows)
    emit(serialize(result, fmt).decode("utf-8"), output)
    if result.truncated:
        click.secho(f"note: the answer was cut at --max-rows {result.limit}.", fg="yellow", err=True)
    if q.kind == "check" and len(result) and result.kind == "select":
        click.secho(f"check {q.id!r} failed: {len(result)} row(s) should not exist.", fg="red", err=True)
        raise SystemExit(1)


@click.command("serve")
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback by default; anything else exposes the data to the network.")
@click.option("--port", type=int, default=7878, show_default=True, help="Port (0 = any free port).")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Stop a query after S seconds (HTTP 503). 0 = no limit.")
@click.option("--max-rows", type=int, default=10000, show_default=True,
              help="Keep at most N rows or triples per answer (header X-Cigraph-Truncated when cut). 0 = no limit.")
@click.option("--workers", type=int, default=2, show_default=True,
              help="Worker processes running queries (each holds a read-only handle on the store).")
@click.option("--read-timeout", type=float, default=30.0, show_default=True,
              help="Disconnect a client that sends nothing for S seconds (idle or half-sent requests).")
@click.option("--quiet", "-q", is_flag=True, help="No request log.")
def serve_cmd(workspace, host, port, timeout, max_rows, workers, read_timeout, quiet):
    """Serve the workspace as a read-only SPARQL 1.1 endpoint at /sparql.

    GET ?query=…, POST application/sparql-query, POST form-encoded; answers in
    SPARQL JSON/XML/CSV/TSV, or Turtle/N-Triples/RDF-XML/JSON-LD for CONSTRUCT and
    DESCRIBE, by the Accept header. GET /sparql without a query is the service
    description; GET /store?default or ?graph=IRI reads a graph (Graph Store
    Protocol). Updates, SERVICE and graph-store writes are refused (403/405); CORS
    is open so browser clients work. A query page (YASGUI, offline) is at /.
    """
    from ..server import serve
    from ..settings import Settings

    serve(Settings.from_env(workspace=workspace).workspace, host=host, port=port, timeout=timeout or None,
          max_rows=max_rows or None, workers=workers, log=not quiet, read_timeout=read_timeout or None,
          ready=lambda url: click.echo(f"SPARQL endpoint (read-only): {url}sparql — example queries at {url}"
                                       f"\ntime limit {timeout:g} s, at most {max_rows} rows; Ctrl-C to stop.",
                                       err=True))

"""``cigraph sparql`` (run a query) and ``cigraph serve`` (a read-only SPARQL 1.1 endpoint)."""

from __future__ import annotations

import sys

import click

from .options import output_option, workspace_option

FORMAT_CHOICES = ["table", "json", "jsonl", "csv", "tsv", "xml", "ttl", "nt", "rdfxml", "jsonld"]
#: rows (or triples) `cigraph sparql` writes unless --limit says otherwise
DEFAULT_LIMIT = 10000


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
              help="table, or for SELECT/ASK: SPARQL results json|xml|csv|tsv, or jsonl (one JSON object per row);"
                   " for CONSTRUCT/DESCRIBE: ttl|nt|rdfxml|jsonld (table shows those as Turtle). csv, tsv, jsonl,"
                   " json, xml, nt and ttl are written as the rows come, with bounded memory.")
@output_option
@click.option("--timeout", type=float, default=60.0, show_default=True, envvar="CIGRAPH_SPARQL_TIMEOUT",
              show_envvar=True, help="Stop the query after S seconds, its output included (it runs in a worker "
                                     "process that is killed). 0 = no limit, run in this process.")
@click.option("--limit", "limit", type=int, default=None, metavar="N",
              help=f"Write at most N rows (or triples) [default: {DEFAULT_LIMIT}]; 0 = all of them. Says so on "
                   "stderr when the answer was cut.")
@click.option("--offset", type=int, default=0, show_default=True, metavar="N",
              help="Skip the first N rows (with --limit, pages through an answer; add ORDER BY to the query so "
                   "the pages are stable).")
@click.option("--max-rows", "max_rows", type=int, default=None, hidden=True, help="Old name of --limit.")
@workspace_option
def sparql_cmd(query, file, params, fmt, output, timeout, limit, offset, max_rows, workspace):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the built workspace.

    QUERY is SPARQL text or the id of a query in the library (`cigraph queries`);
    or give -f FILE. The default graph is the union of the ontology, data and
    inferred graphs (FROM / FROM NAMED narrow it), and the usual prefixes (ci:,
    cgd:, org:, prov:, skos:, …) are predeclared. At most 10000 rows are written
    unless --limit says otherwise (--limit 0: all, streamed). SERVICE (federated
    queries) is refused.

    Exit codes: 0 ok; 1 a `check` query returned rows; 4 query error (syntax,
    time limit, parameter, SERVICE); 5 no workspace (run `cigraph build`).

    \b
    Examples:
      cigraph sparql backbones
      cigraph sparql facts-about --param entity=cgd:lapz --format csv
      cigraph sparql 'SELECT ?i ?n WHERE { ?i a ci:Initiative ; ci:name ?n } ORDER BY ?n'
      cigraph sparql -f big.rq --format csv --limit 0 -o all-rows.csv
    """
    from ..dataset import open_dataset
    from ..queries import QueryLibrary
    from ..settings import Settings
    from ..sparql import stream_sparql
    from ..streaming import write_answer

    if query is not None and file is not None:
        raise click.UsageError("give either QUERY or -f FILE, not both.")
    if limit is None:
        limit = max_rows if max_rows is not None else DEFAULT_LIMIT
    if limit < 0 or offset < 0:
        raise click.UsageError("--limit and --offset take 0 or more.")
    q = QueryLibrary().resolve(query, file, "sparql")
    ds = open_dataset(Settings.from_env(workspace=workspace).workspace)
    with stream_sparql(ds, q, params=_parse_params(params), timeout=timeout or None, limit=limit or None,
                       offset=offset) as answer, _output(output) as out:
        count = write_answer(answer, fmt, out)
    if answer.truncated:
        click.secho(f"note: the answer was cut at --limit {limit}; --limit 0 writes all of it"
                    f" (or page on with --offset {offset + limit}).", fg="yellow", err=True)
    if q.kind == "check" and count and answer.kind == "select":
        click.secho(f"check {q.id!r} failed: {count} row(s) should not exist.", fg="red", err=True)
        raise SystemExit(1)


class _output:
    """Binary output: standard output, or FILE written to a temporary file and renamed on success
    (an interrupted or failed query leaves no half-written FILE)."""

    def __init__(self, path: str | None):
        self.path = None if path in (None, "-") else path
        self.tmp = None

    def __enter__(self):
        import os
        import tempfile
        from pathlib import Path

        if self.path is None:
            return sys.stdout.buffer
        target = Path(self.path)
        from ..util import _special

        if _special(target):  # /dev/stdout, /dev/full, a FIFO: write through; renaming would replace the device
            self.f = open(target, "wb")
            return self.f
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.f = os.fdopen(fd, "wb")
        return self.f

    def __exit__(self, exc_type, exc, tb):
        import os

        if self.path is None:
            try:
                sys.stdout.buffer.flush()
            except BrokenPipeError:
                exc_type = BrokenPipeError
            if exc_type is BrokenPipeError:  # `| head` closed the pipe: stop quietly
                try:
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                except (OSError, ValueError):
                    pass
                return True
            return False
        self.f.close()
        if self.tmp is None:  # a device written through
            if exc_type is None:
                click.echo(f"wrote {self.path}", err=True)
            return False
        if exc_type is None:
            os.replace(self.tmp, self.path)
            click.echo(f"wrote {self.path}", err=True)
        else:
            os.unlink(self.tmp)
        return False


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

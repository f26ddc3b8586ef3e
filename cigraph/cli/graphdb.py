"""``cigraph load`` and ``cigraph cypher``: the property-graph stores from the command line.

Both take ``--target embedded|neo4j`` (env ``CIGRAPH_TARGET``; default
``embedded``, a LadybugDB file in the workspace, no server). For Neo4j the
connection comes from ``--uri/--user/--database`` or ``NEO4J_URI``,
``NEO4J_USERNAME`` (or ``NEO4J_USER``, or the user of ``NEO4J_AUTH=user/password``),
``NEO4J_DATABASE``, and the password only from ``NEO4J_PASSWORD`` or ``NEO4J_AUTH``:
it is never taken on the command line (nor in the URI), where other users of the
machine could see it. Which variables were used is said on stderr.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from .options import emit, format_option, output_option, workspace_option

__all__ = ["load_cmd", "cypher_cmd", "parse_param", "format_rows"]


def target_options(f):
    """--target, --graph and the Neo4j connection options."""
    f = click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True, default=None,
                     help="Neo4j database (default: the server's default database).")(f)
    f = click.option("--user", default=None,
                     help="Neo4j user [default: NEO4J_USERNAME, NEO4J_USER or the user of NEO4J_AUTH, else neo4j]."
                          " The password is read from NEO4J_PASSWORD (or NEO4J_AUTH=user/password) only.")(f)
    f = click.option("--uri", envvar="NEO4J_URI", show_envvar=True, default=None,
                     help="Neo4j URI: bolt://HOST:7687, neo4j://HOST:7687 or neo4j+s://ID.databases.neo4j.io.")(f)
    f = click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=None,
                     help="Embedded database file (default: WORKSPACE/graph.lbdb).")(f)
    f = click.option("--target", "-t", type=click.Choice(["embedded", "neo4j"]), envvar="CIGRAPH_TARGET",
                     show_envvar=True, default="embedded", show_default=True,
                     help="Where the property graph lives.")(f)
    return f


def _predicates(ds) -> list[str]:
    """Every predicate IRI of the dataset (for the n10s names)."""
    rows = ds.store.query("SELECT DISTINCT ?p WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    return sorted(r["p"].value for r in rows)


def _store(target, workspace, graph_path, uri, user, database, batch_size=None, timeout=None, naming=None,
           predicates=None):
    from ..stores import open_store

    if target == "embedded":
        return open_store("embedded", path=graph_path, workspace=workspace, timeout=timeout)
    settings = {"uri": uri, "user": user, "database": database, "timeout": timeout}
    if batch_size:
        settings["batch_size"] = batch_size
    if naming:
        settings["naming"] = naming
        settings["predicates"] = predicates
    store = open_store("neo4j", **settings)
    click.echo(f"Neo4j at {store.location}: {store.credentials_source}", err=True)
    return store


class _Progress:
    """``progress(stage, done, total)`` for the stores: a line per stage on stderr."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tty = enabled and sys.stderr.isatty()
        self.stage = None
        self.t0 = time.perf_counter()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if stage != self.stage:
            if self.stage is not None and self.tty:
                click.echo("", err=True)
            self.stage, self.last = stage, 0.0
        finished = done >= total
        if self.tty and (finished or now - self.last > 0.1):
            width = 30
            filled = int(width * done / total) if total else width
            click.echo(f"\r… {stage:<13} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
                       err=True, nl=False)
            self.last = now
        elif not self.tty and finished:
            click.echo(f"… {stage}: {done}/{total} ({now - self.t0:.1f} s)", err=True)

    def end(self):
        if self.enabled and self.tty and self.stage is not None:
            click.echo("", err=True)


@click.command("load")
@workspace_option
@target_options
@click.option("--replace", is_flag=True,
              help="Delete cigraph's nodes first (Neo4j: every :Resource node). The embedded store is always"
                   " rebuilt whole, so this changes nothing there.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Rows per UNWIND batch (Neo4j).")
@click.option("--naming", type=click.Choice(["cigraph", "n10s"]), default="cigraph", show_default=True,
              help="Neo4j names: cigraph (:Initiative, HAS_BACKBONE, name; what queries/*.cypher use) or n10s"
                   " (ci__Initiative, ci__hasBackbone, ci__name: what neosemantics would import).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@click.option("--wait", is_flag=True, help="If another load of this graph file is running, wait for it instead of"
                                        " stopping with exit 5 (embedded store).")
def load_cmd(workspace, target, graph_path, uri, user, database, replace, batch_size, naming, quiet, wait):
    """Load the built knowledge graph into a property-graph store.

    Projects the workspace's RDF dataset (see `cigraph build`) onto labelled
    nodes and typed relationships and writes them to the embedded LadybugDB
    file (default) or to Neo4j. Loading twice gives the same graph; counts are
    checked after every load; a failed embedded load keeps the previous graph.

    \b
    Examples:
      cigraph load
      NEO4J_PASSWORD=... cigraph load --target neo4j --uri bolt://localhost:7687
    """
    from ..dataset import open_dataset
    from ..projection_store import open_projection

    if naming == "n10s" and target != "neo4j":
        raise click.UsageError("--naming n10s is for --target neo4j (the embedded store keeps cigraph's names).")
    ds = open_dataset(workspace)
    pg = open_projection(ds, lazy_edges=True)    # edges stay Arrow columns until they are copied
    store = _store(target, workspace, graph_path, uri, user, database, batch_size,
                   naming=naming if naming == "n10s" else None,
                   predicates=_predicates(ds) if naming == "n10s" else None)
    progress = _Progress(not quiet)
    extra = {}
    if target == "embedded":  # which build it came from goes into graph.lbdb.json, before the commit
        extra = {"source": {"build": ds.path.name if ds.path else None}, "wait": wait}
    try:
        stats = store.load(pg, replace=replace, progress=progress, **extra)
    finally:
        progress.end()
        store.close()
    click.echo(stats.summary())
    for note in stats.notes:
        click.echo(f"  note: {note}")


def _warn_if_stale(graph: Path, workspace) -> None:
    from ..dataset import Workspace
    from ..stores.embedded import read_meta

    ws = Workspace(workspace)
    meta = read_meta(graph) or {}
    try:
        current = ws.current.resolve().name if ws.exists() else None
    except OSError:
        return
    if current and meta.get("build") and meta["build"] != current:
        click.secho(f"warning: {graph} was loaded from build {meta['build']}, but the workspace now holds"
                    f" build {current}: run `cigraph load` to query the current data.", fg="yellow", err=True)


def parse_param(text: str) -> tuple[str, object]:
    """``k=v`` from ``--param``: numbers, booleans, null and JSON lists are parsed; a CURIE with a
    known prefix (``cgd:lapz``) becomes its IRI; anything else stays a string.

    >>> parse_param("initiative=cgd:lapz")
    ('initiative', 'https://w3id.org/cigraph/id/lapz')
    >>> parse_param("limit=5"), parse_param("name=Living SJ")
    (('limit', 5), ('name', 'Living SJ'))
    """
    from ..vocab import PREFIXES

    if "=" not in text:
        raise click.BadParameter(f"{text!r}: write --param NAME=VALUE.", param_hint="--param")
    key, value = text.split("=", 1)
    key = key.strip()
    if not key.isidentifier():
        raise click.BadParameter(f"{key!r} is not a parameter name.", param_hint="--param")
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and not local.startswith("//"):
        return key, PREFIXES[prefix] + local
    try:
        parsed = json.loads(value)
        if isinstance(parsed, (int, float, bool, list)) or parsed is None:
            return key, parsed
    except ValueError:
        pass
    return key, value


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    return str(v)


def format_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> str:
    """Rows as an aligned text table, JSON (a list of objects) or CSV."""
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        from ..render.csvout import rows_to_csv  # formulas neutralised (OWASP); numbers stay numbers

        return rows_to_csv(columns, ([_cell(r.get(c)) for c in columns] for r in rows))
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [min(len(row[i]), 80) for row in cells]) for i, c in enumerate(columns)]

    def line(vals):
        return "  ".join((v if len(v) <= 80 else v[:79] + "…").ljust(w) for v, w in zip(vals, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out) + "\n"


@click.command("cypher")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Read the query from FILE ('-' for standard input).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter (repeatable); CURIEs such as cgd:lapz are expanded to IRIs.")
@workspace_option
@target_options
@format_option(["table", "json", "csv"], "table")
@output_option
@click.option("--timeout", type=float, default=60.0, show_default=True, envvar="CIGRAPH_CYPHER_TIMEOUT",
              show_envvar=True, help="Stop the query after S seconds (embedded: LadybugDB interrupts it; Neo4j:"
                                     " the transaction timeout); exit 4. 0 = no limit.")
def cypher_cmd(query, file, params, workspace, target, graph_path, uri, user, database, fmt, output, timeout):
    """Run a Cypher query on the loaded property graph (read-only).

    QUERY is a query id from queries/ (see `cigraph queries`), or inline Cypher.
    Queries in queries/ run unchanged on the embedded store and on Neo4j.
    Only reading clauses are accepted (MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE,
    RETURN, ORDER BY, SKIP, LIMIT, UNION, CALL of a catalogue procedure): COPY,
    LOAD FROM, LOAD CSV, INSTALL, EXPORT and every write are refused (exit 4).

    \b
    Examples:
      cigraph cypher backbones
      cigraph cypher initiative-overview --param initiative=cgd:lapz --format json
      cigraph cypher "MATCH (i:Initiative) RETURN i.name AS name ORDER BY name"
    """
    from ..queries import QueryLibrary

    q = QueryLibrary().resolve(query, file, "cypher")
    given = dict(parse_param(p) for p in params)
    bound = q.check_params(given) if (q.params or "params" in q.meta) else given
    if timeout is not None and timeout < 0:
        raise click.BadParameter("must be 0 (no limit) or more seconds.", param_hint="--timeout")
    store = _store(target, workspace, graph_path, uri, user, database, timeout=timeout or None)
    if target == "embedded":
        _warn_if_stale(store.path, workspace)
    try:
        rows = store.run(q.text, **bound)
    finally:
        store.close()
    columns = getattr(rows, "columns", None) or (list(rows[0]) if rows else [])
    emit(format_rows(rows, fmt, columns), output)
    if fmt == "table":
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)

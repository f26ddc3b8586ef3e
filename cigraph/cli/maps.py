"""``cigraph map``: an interactive network map as one offline HTML file."""

from __future__ import annotations

import click

from .options import workspace_option

__all__ = ["map_cmd"]

_VIEWS = ("collaboration", "full", "activities")
_COLORS = ("sector", "role", "type", "initiative", "community")
_SIZES = ("degree", "betweenness", "eigenvector")


@click.command("map")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="map.html", show_default=True,
              help="HTML file to write.")
@click.option("--initiative", "initiatives", multiple=True, metavar="NAME",
              help="Only this initiative (name, short name or IRI; repeatable). Default: all.")
@click.option("--view", type=click.Choice(_VIEWS), default="collaboration", show_default=True,
              help="collaboration: participants and who works with whom; activities: adds activities,"
                   " priorities, working groups, indicators; full: every entity.")
@click.option("--color-by", type=click.Choice(_COLORS), default="sector", show_default=True,
              help="What node colours show.")
@click.option("--size-by", type=click.Choice(_SIZES), default="degree", show_default=True,
              help="Which centrality node sizes show (computed on the drawn graph).")
@click.option("--highlight-gaps", is_flag=True, help="Ring the gaps `cigraph gaps` finds in red, with the"
              " explanation in the tooltip.")
@click.option("--focus", metavar="NAME", default=None, help="Only the neighbourhood of this node.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Steps from --focus to include.")
@click.option("--seed", type=int, default=42, show_default=True, help="Layout seed: same seed, same map.")
@workspace_option
def map_cmd(output, initiatives, view, color_by, size_by, highlight_gaps, focus, depth, seed, workspace):
    """Write an interactive map of the initiatives (one HTML file that works offline).

    Open the file in a browser: clusters (one per initiative) open on click,
    a click on a node highlights its neighbourhood, hover shows the facts and
    their source; search and filters are in the side panel.

    \b
    Examples:
      cigraph map -o map.html
      cigraph map --initiative DCEC --view activities --highlight-gaps -o dcec.html
      cigraph map --focus "City of Los Angeles" --depth 2 -o la.html
    """
    from ..projection_store import workspace_projection
    from ..render.map import render_map
    from ..util import atomic_write_text
    from .options import settings_from

    # with --initiative, only those initiatives' subgraphs are read (through the stored index)
    pg = workspace_projection(settings_from(None, workspace).workspace,
                              initiative=list(initiatives) if initiatives else None)
    page, data = render_map(pg, initiatives=list(initiatives) or None, view=view, color_by=color_by, size_by=size_by,
                     highlight_gaps=highlight_gaps, focus=focus, depth=depth, seed=seed)
    atomic_write_text(output, page)
    counts = data["counts"]
    click.echo(f"wrote {output}: {counts['nodes']} nodes, {counts['edges']} edges ({view} view)")

"""Commands for authoring workbooks: ``new`` (an empty workbook) and ``import`` (workbook -> Turtle).

``cigraph build --data FILE.xlsx`` reads workbooks directly, and
``cigraph export --format xlsx --initiative ID`` writes any initiative as one.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("new")
@click.argument("name")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The workbook to write (.xlsx).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new_cmd(name, output, force):
    """Write an authoring workbook for a new initiative called NAME.

    One sheet per kind of thing (organizations, memberships, priorities, activities,
    indicators, working groups, channels, backbone, the five conditions, sources…),
    with dropdowns for every closed list. Fill it in, then `cigraph build --data FILE`.
    """
    from ..authoring import new_workbook
    from ..errors import DataError

    out = Path(output)
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{output}: the workbook must end in .xlsx")
    if out.exists() and not force:
        raise DataError(f"{output} already exists: choose another name or pass --force to overwrite it.",
                        file=output)
    new_workbook(name, out)
    click.echo(f"wrote {output}: fill it in (start with the Sources sheet), then run"
               f" `cigraph build --data {output}`")


@click.command("import")
@click.argument("source", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="The Turtle file to write (default: standard output).")
def import_cmd(source, output):
    """Turn an authoring workbook (.xlsx) or CSV folder into Turtle.

    Every problem is reported with its sheet, row and column (exit 3); nothing is
    written until there is none.
    """
    from ..authoring import import_workbook
    from .options import emit

    res = import_workbook(Path(source))
    for w in res.warnings:
        click.echo(f"warning: {w}", err=True)
    emit(res.to_turtle(), output)

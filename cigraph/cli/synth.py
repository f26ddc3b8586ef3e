"""``cigraph synth``: synthetic initiatives with planted gaps, for tests and benchmarks."""

from __future__ import annotations

import click

__all__ = ["synth_cmd"]


@click.command("synth")
@click.option("--initiatives", "-n", type=click.IntRange(min=1), required=True,
              help="How many initiatives to generate (about 2,000 triples each at 50 organizations).")
@click.option("--orgs-per-initiative", "-m", type=click.IntRange(min=8), default=50, show_default=True,
              help="Mean number of member organizations per initiative (each varies ±40 %).")
@click.option("--seed", "-s", type=int, default=0, show_default=True, help="Random seed: same seed, same files.")
@click.option("--no-plant", is_flag=True, help="Generate gap-free data only (no planted gaps, no sidecar).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=50, show_default=True,
              help="Initiatives per .nt file.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write synth-*.nt and planted-gaps.json into (build it with `cigraph build --data DIR`).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def synth_cmd(initiatives, orgs_per_initiative, seed, no_plant, chunk_size, out_dir, quiet):
    """Generate synthetic Collective Impact initiatives that pass the SHACL shapes.

    Organizations are shared across initiatives with a heavy-tailed participation;
    every gap type is planted (unless --no-plant) and listed in
    DIR/planted-gaps.json. Output is streamed, so 10 M triples take constant memory.

    \b
    Example:
      cigraph synth --initiatives 500 -o synth/ && cigraph build --data synth/
    """
    from ..synth import synthesize

    if quiet:
        res = synthesize(out_dir, initiatives=initiatives, orgs_per_initiative=orgs_per_initiative, seed=seed,
                         plant=not no_plant, chunk_size=chunk_size)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        from rich.console import Console

        with Progress(TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[t]} triples"),
                      TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("synth", total=initiatives, t=0)

            def tick(done, total, triples):
                if done == total or done % 10 == 0:
                    bar.update(task, completed=done, t=f"{triples:,}")

            res = synthesize(out_dir, initiatives=initiatives, orgs_per_initiative=orgs_per_initiative, seed=seed,
                             plant=not no_plant, chunk_size=chunk_size, progress=tick)
    click.echo(f"initiatives: {res.initiatives}")
    click.echo(f"organizations: {res.organizations} (most initiatives for one organization: "
               f"{res.max_initiatives_per_org})")
    click.echo(f"memberships: {res.memberships}")
    click.echo(f"triples: {res.triples}")
    click.echo(f"files: {len(res.files)} in {res.out_dir}")
    click.echo(f"planted gaps: {len(res.planted)}" + (f" (ground truth: {res.sidecar})" if res.sidecar else ""))
    click.echo(f"seconds: {res.seconds:.1f}")

"""Option decorators shared by the commands, so every command spells them the same."""

from __future__ import annotations

import click

__all__ = ["workspace_option", "data_option", "output_option", "format_option", "settings_from", "progress"]


def workspace_option(f):
    return click.option("--workspace", "-w", envvar="CIGRAPH_WORKSPACE", type=click.Path(file_okay=False),
                        default=".cigraph", show_default=True, show_envvar=True,
                        help="Workspace folder holding the built dataset.")(f)


class DataPaths(tuple):
    """The ``--data`` paths, remembering whether ``--no-bundled`` was given."""

    bundled: bool = True


def data_option(f):
    """``--data PATH`` (repeatable: Turtle files, workbooks, CSV folders, or folders of them), added to
    the bundled case studies, and ``--no-bundled`` to leave those out."""
    import functools

    @functools.wraps(f)
    def wrapper(*args, no_bundled=False, **kwargs):
        dd = kwargs.get("data_dirs")
        if dd or no_bundled:
            paths = DataPaths(dd or ())
            paths.bundled = not no_bundled
            kwargs["data_dirs"] = paths
        return f(*args, **kwargs)

    wrapper = click.option("--no-bundled", is_flag=True,
                           help="Leave out the bundled case studies: load only the --data paths.")(wrapper)
    return click.option("--data", "data_dirs", multiple=True, type=click.Path(exists=True),
                        help="Data to add to the bundled case studies (repeatable): Turtle files, authoring "
                             "workbooks (.xlsx), CSV folders, or folders of them.")(wrapper)


def output_option(f):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                        help="Write to FILE instead of standard output.")(f)


def format_option(choices, default):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


def settings_from(data_dirs=None, workspace=None):
    from ..settings import Settings

    return Settings.from_env(data_dirs=data_dirs or None, workspace=workspace,
                             bundled=getattr(data_dirs, "bundled", True))


def progress(enabled: bool = True):
    """A step printer for long stages: writes to stderr so stdout stays clean for data."""
    if not enabled:
        return None

    def say(msg: str) -> None:
        click.echo(f"… {msg}", err=True)

    return say


def emit(text: str, output: str | None) -> None:
    """Write text to the output file (atomically) or stdout."""
    if output and output != "-":
        from ..locks import store_error
        from ..util import atomic_write_text

        try:
            atomic_write_text(output, text)
        except OSError as e:
            raise store_error(f"write {output}", output, e) from None
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))

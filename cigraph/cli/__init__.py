"""The ``cigraph`` command: a thin click group over the library API.

Each command lives in a module of its own and is imported only when it runs,
so ``cigraph --help`` stays instant. Library errors become exit codes here and
nowhere else (see :mod:`cigraph.errors`).
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__

__all__ = ["main", "COMMANDS"]

#: command name -> "module:function" (modules under cigraph.cli)
COMMANDS: dict[str, str] = {
    "build": "kg:build_cmd",
    "validate": "kg:validate_cmd",
    "stats": "kg:stats_cmd",
    "describe": "kg:describe_cmd",
    "export": "kg:export_cmd",
    "load": "graphdb:load_cmd",
    "cypher": "graphdb:cypher_cmd",
    "sparql": "sparql:sparql_cmd",
    "serve": "sparql:serve_cmd",
    "queries": "querylib:queries_cmd",
    "gaps": "analysis:gaps_cmd",
    "centrality": "analysis:centrality_cmd",
    "scorecard": "analysis:scorecard_cmd",
    "report": "analysis:report_cmd",
    "assess": "analysis:assess_cmd",
    "profile": "analysis:profile_cmd",
    "map": "maps:map_cmd",
    "synth": "synth:synth_cmd",
    "new": "authoring:new_cmd",
    "import": "authoring:import_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(n for n in COMMANDS if self._load(n) is not None)

    def get_command(self, ctx, name):
        return self._load(name)

    @staticmethod
    def _load(name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        mod, fn = target.split(":")
        try:
            module = importlib.import_module(f"cigraph.cli.{mod}")
        except ModuleNotFoundError as e:
            if e.name == f"cigraph.cli.{mod}":
                return None
            raise
        return getattr(module, fn, None)

    def invoke(self, ctx):
        from ..errors import CigraphError

        try:
            return super().invoke(ctx)
        except CigraphError as e:
            click.secho(f"Error: {e}", fg="red", err=True)
            for s in getattr(e, "suggestions", []) or []:
                click.echo(f"  did you mean: {s}", err=True)
            ctx.exit(e.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except OSError as e:
            # a full disk, a read-only folder, a file in the way: one line, exit 5, never a traceback
            from ..locks import store_error

            what = f"use {e.filename}" if e.filename else "write the output"
            click.secho(f"Error: {store_error(what, e.filename, e)}", fg="red", err=True)
            ctx.exit(5)
        except MemoryError as e:
            click.secho(f"Error: out of memory ({e or 'MemoryError'}): try a smaller input, or a machine with more"
                        " memory.", fg="red", err=True)
            ctx.exit(6)
        except KeyboardInterrupt:
            from ..journal import interrupt_message

            # "kept" or "replaced", from what the commits of this run actually did
            click.echo(interrupt_message(), err=True)
            ctx.exit(130)
        except Exception as e:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
            import os
            import traceback

            if os.environ.get("CIGRAPH_DEBUG"):
                traceback.print_exc()
            first = (str(e).strip().splitlines() or [""])[0][:300]
            click.secho(f"Error: unexpected {type(e).__name__}: {first}. This is a cigraph bug: please report it"
                        " (set CIGRAPH_DEBUG=1 to see the traceback).", fg="red", err=True)
            ctx.exit(6)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cigraph")
def cli():
    """cigraph: Collective Impact initiatives as a knowledge graph.

    Build the graph (`cigraph build`), query it (`sparql`, `cypher`), analyse it
    (`gaps`, `centrality`, `scorecard`, `report`) and map it (`map`).
    Exit codes: 0 ok, 1 does not conform, 2 usage, 3 bad data, 4 query error,
    5 store error, 6 other, 130 interrupted.
    """


def main(argv=None):
    return cli.main(args=argv, prog_name="cigraph")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

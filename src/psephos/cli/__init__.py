"""The ``psephos`` command line: a thin Typer shell over the library.

Each module in this package that defines ``register(app)`` adds its commands; modules are found
automatically, so capabilities add commands without editing this file. Errors a user can cause
(:class:`~psephos.errors.PsephosError`) are printed as one line with a non-zero exit code.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from rich.console import Console

from psephos.errors import PsephosError

app = typer.Typer(
    name="psephos",
    help="First-past-the-post elections: results, projections, forecasts, tactical voting, pacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

error_console = Console(stderr=True)


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()


def main() -> None:
    """Entry point of the ``psephos`` console script."""
    try:
        app(standalone_mode=False)
    except PsephosError as error:
        error_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        error_console.print("aborted")
        sys.exit(130)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except Exception as error:  # click usage errors arrive here with standalone_mode=False
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise

"""The ``psephos`` command line: a thin Typer shell over the library.

Each module in this package that defines ``register(app)`` adds its commands; modules are found
automatically, so capabilities add commands without editing this file. Errors a user can cause
(:class:`~psephos.errors.PsephosError`) are printed as one line with a non-zero exit code.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from psephos.errors import PsephosError

error_console = Console(stderr=True)


class _PsephosGroup(TyperGroup):
    """Turns a :class:`PsephosError` from any command into one line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PsephosError as error:
            error_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_PsephosGroup,
    name="psephos",
    help="First-past-the-post elections: results, projections, forecasts, tactical voting, pacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
    """Entry point of the ``psephos`` console script.

    Usage errors are reported by Click itself (usage line and message, exit code 2); errors a
    user can cause through the library are printed as one line, exit code 2, no traceback.
    """
    try:
        app()
    except PsephosError as error:
        error_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        error_console.print("aborted")
        sys.exit(130)

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
from typer.models import DefaultPlaceholder

from psephos.cli._contract import ContractGroup, print_error
from psephos.errors import PsephosError

error_console = Console(stderr=True)  # kept for callers that print status lines


class _PsephosGroup(ContractGroup):
    """The ``psephos`` group: the CLI contract (:mod:`psephos.cli._contract`) for every command.

    A :class:`PsephosError`, a usage error or an unreadable file becomes one line on stderr and
    exit code 2; warnings become one ``note:`` line.
    """


app = typer.Typer(
    cls=_PsephosGroup,
    name="psephos",
    help="First-past-the-post elections: results, projections, forecasts, tactical voting, pacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


#: Help-screen section for the commands of each module, in the order the sections appear.
_PANELS = {
    "results": "What happened",
    "project": "Polls into seats, and how sure we are",
    "forecast": "Polls into seats, and how sure we are",
    "exitpoll": "Polls into seats, and how sure we are",
    "nowcast": "Polls into seats, and how sure we are",
    "advise": "How should I vote?",
    "pact": "Pacts and who can govern",
    "govern": "Pacts and who can govern",
    "target": "Campaigning",
    "systems": "Other rules",
    "serve": "Web app",
}


def _register_commands() -> None:
    order = list(_PANELS)  # help sections in this order; other modules after them
    modules = sorted(
        pkgutil.iter_modules(__path__),
        key=lambda m: (order.index(m.name) if m.name in order else len(order), m.name),
    )
    for module_info in modules:
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is None:
            continue
        known_commands = len(app.registered_commands)
        known_groups = len(app.registered_groups)
        register(app)
        panel = _PANELS.get(module_info.name, "More")
        for command in app.registered_commands[known_commands:]:
            if isinstance(command.rich_help_panel, DefaultPlaceholder | type(None)):
                command.rich_help_panel = panel
        for group in app.registered_groups[known_groups:]:
            if isinstance(group.rich_help_panel, DefaultPlaceholder | type(None)):
                group.rich_help_panel = panel


_register_commands()


def main() -> None:
    """Entry point of the ``psephos`` console script.

    Usage errors are reported by Click itself (usage line and message, exit code 2); errors a
    user can cause through the library are printed as one line, exit code 2, no traceback.
    """
    try:
        app()
    except PsephosError as error:
        print_error(str(error))
        sys.exit(2)
    except KeyboardInterrupt:
        print_error("aborted")
        sys.exit(130)

"""The ``psephos`` command line: a thin Typer shell over the library.

Commands are loaded lazily: :data:`COMMANDS` names every command, the module of this package
that defines it (through that module's ``register(app)``), its help-screen section and its
one-line help. ``psephos --help`` is drawn from that table alone, and running a command imports
only its own module (so ``psephos results 2024`` never loads SciPy). A test checks the table
against what the modules register. Errors a user can cause
(:class:`~psephos.errors.PsephosError`) are printed as one line with a non-zero exit code.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator, MutableMapping
from functools import cache
from typing import Any, NamedTuple

import typer
import typer.main
from rich.console import Console
from typer import _click as click  # the Click that Typer vendors (its commands' base classes)
from typer.core import TyperCommand

from psephos.cli._contract import ContractGroup, apply_contract, plain_help, print_error
from psephos.errors import PsephosError

error_console = Console(stderr=True)  # kept for callers that print status lines


class CommandEntry(NamedTuple):
    """One command: its name, the ``psephos.cli`` module that registers it, section and help."""

    name: str
    module: str
    panel: str
    help: str


_WHAT_HAPPENED = "What happened"
_POLLS = "Polls into seats, and how sure we are"
_VOTE = "How should I vote?"
_GOVERN = "Pacts and who can govern"
_CAMPAIGN = "Campaigning"

#: Every command, in help-screen order (groups last, as Typer lists them).
COMMANDS: tuple[CommandEntry, ...] = (
    CommandEntry(
        "map",
        "maps",
        _WHAT_HAPPENED,
        "Draw a hex map of a result or a poll's projection: winners, gains or majorities.",
    ),
    CommandEntry(
        "results",
        "results",
        _WHAT_HAPPENED,
        "National result (seats, votes, changes, swing) by area or seat, or one seat in full.",
    ),
    CommandEntry(
        "elections",
        "results",
        _WHAT_HAPPENED,
        "The bundled elections every command takes by id, country by country.",
    ),
    CommandEntry(
        "marginals",
        "results",
        _WHAT_HAPPENED,
        "The seats with the smallest majorities, with the two parties involved.",
    ),
    CommandEntry(
        "project",
        "project",
        _POLLS,
        "Project seats from a poll (national and/or per-region shares) with a swing model.",
    ),
    CommandEntry(
        "backtest",
        "project",
        _POLLS,
        "Back-test swing models on 2010->2015, 2015->2017, 2017->2019 and 2019n->2024.",
    ),
    CommandEntry(
        "forecast",
        "forecast",
        _POLLS,
        "Probabilities of every seat total, majority and hung parliament from a poll.",
    ),
    CommandEntry(
        "advise", "advise", _VOTE, "Which vote best serves your preferences in one seat, and why."
    ),
    CommandEntry(
        "tactical",
        "advise",
        _VOTE,
        "Seat-by-seat tactical recommendation for a bloc goal ('defeat X'), with confidence.",
    ),
    CommandEntry(
        "tactical-audit",
        "advise",
        _VOTE,
        "Compare psephos's advice with the real tactical-voting sites of 2019 or 2024.",
    ),
    CommandEntry(
        "swap",
        "advise",
        _VOTE,
        "Match vote-swap offers across seats so that both sides' parties gain.",
    ),
    CommandEntry(
        "pact",
        "pact",
        _GOVERN,
        "Simulate parties standing aside for a bloc, or find the best stand-downs.",
    ),
    CommandEntry(
        "govern",
        "govern",
        _GOVERN,
        "Majority arithmetic after an election: who is short, who can govern, who has power.",
    ),
    CommandEntry(
        "target",
        "target",
        _CAMPAIGN,
        "Target (or defend) list for a party pair, ranked by win-probability sensitivity.",
    ),
    CommandEntry(
        "nearest",
        "target",
        _CAMPAIGN,
        "The most sensitive seats within a travel budget of a place.",
    ),
    CommandEntry(
        "allocate",
        "allocate",
        _CAMPAIGN,
        "Allocate volunteers' hours to seats optimally (min-cost flow), beside two baselines.",
    ),
    CommandEntry(
        "turnout",
        "target",
        _CAMPAIGN,
        "Change turnout in an age group and list the seats that flip.",
    ),
    CommandEntry(
        "systems",
        "systems",
        "Other rules",
        "Seats per party under FPTP, list PR, AMS, AV and STV on the same votes.",
    ),
    CommandEntry(
        "count-ballots",
        "systems",
        "Other rules",
        "Count a file of real ranked ballots by IRV (one seat) or STV (Droop, WIGM).",
    ),
    CommandEntry(
        "serve",
        "serve",
        "Web app",
        "Run the psephos web app (results explorer, nearest marginal, results night...).",
    ),
    CommandEntry(
        "exitpoll",
        "exitpoll",
        _POLLS,
        "Exit poll (estimator chosen on earlier elections): seats from a sample of seats.",
    ),
    CommandEntry(
        "nowcast",
        "nowcast",
        _POLLS,
        "Results-night nowcast: replay a past night or feed declarations as they arrive.",
    ),
)
_BY_NAME = {entry.name: entry for entry in COMMANDS}


@cache
def module_commands(module: str) -> dict[str, click.Command]:
    """The Click commands that ``psephos.cli.<module>`` registers (imported on first use)."""
    from psephos.cli._inputs import with_poll_window  # a command module imports it anyway

    registering = typer.Typer()
    importlib.import_module(f"{__name__}.{module}").register(registering)
    group = typer.main.get_group(registering)
    return {
        name: apply_contract(with_poll_window(command)) for name, command in group.commands.items()
    }


def load_command(name: str) -> click.Command:
    """The real Click command behind one entry of :data:`COMMANDS`."""
    command = module_commands(_BY_NAME[name].module)[name]
    command.rich_help_panel = _BY_NAME[name].panel  # type: ignore[attr-defined]
    return command


class _LazyCommand(TyperCommand):
    """Stands in for a command on the help screen; running it loads and runs the real one."""

    def __init__(self, entry: CommandEntry) -> None:
        text = plain_help(entry.help)
        super().__init__(entry.name, help=text, short_help=text, rich_help_panel=entry.panel)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # Click runs a sub-command as ``cmd.make_context(...)`` then ``ctx.command.invoke``:
        # handing over the real command's context makes every later step the real command's.
        return load_command(str(self.name)).make_context(info_name, args, parent=parent, **extra)


class _LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands: those of :data:`COMMANDS` (loaded on first access) and any added."""

    def __init__(self, added: MutableMapping[str, click.Command]) -> None:
        self.added = added
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name in self.added:
            return self.added[name]
        if name not in _BY_NAME:
            raise KeyError(name)
        if name not in self.loaded:
            self.loaded[name] = load_command(name)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.added[name] = command

    def __delitem__(self, name: str) -> None:
        del self.added[name]

    def __iter__(self) -> Iterator[str]:
        yield from _BY_NAME
        yield from (name for name in self.added if name not in _BY_NAME)

    def __len__(self) -> int:
        return len(_BY_NAME) + sum(name not in _BY_NAME for name in self.added)

    def values(self) -> Any:
        """The commands loaded so far (and any added): walking every command (the CLI contract
        does, on each run) must not import every command module. Look a name up to load it."""
        return [*self.loaded.values(), *self.added.values()]


class _PsephosGroup(ContractGroup):
    """The ``psephos`` group: lists the commands of :data:`COMMANDS` without importing them, and
    keeps the CLI contract (:mod:`psephos.cli._contract`) for every command: a
    :class:`PsephosError`, a usage error or an unreadable file becomes one line on stderr and exit
    code 2; warnings become one ``note:`` line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(self.commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # names only: loading a command is left to the caller

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = _BY_NAME.get(cmd_name)
        if entry is not None and entry.name not in self.commands.loaded:  # type: ignore[attr-defined]
            return _LazyCommand(entry)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _LazyCommand):  # about to run: the real command, contract kept
            command = load_command(str(command.name))
        return name, command, rest


app = typer.Typer(
    cls=_PsephosGroup,
    name="psephos",
    help="First-past-the-post elections: results, projections, forecasts, tactical voting, pacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    """``psephos --version``: the installed package's version (``psephos.__version__``, from
    its metadata), then exit."""
    if value:
        import psephos

        sys.stdout.write(f"psephos {psephos.__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Show psephos's version and exit.",
        is_eager=True,
        callback=_show_version,
    ),
) -> None:
    """First-past-the-post elections: results, projections, forecasts, tactical voting, pacts."""


#: New objects between two passes of Python's cyclic garbage collector over the youngest ones,
#: in a ``psephos`` process (Python's default: 700). The tables a command builds (``allocate``'s
#: 100,000 volunteer rows, read and written) hold no cycles, and at 700 the passes over them,
#: each walking every young object, cost a tenth of the command's time for nothing.
GC_YOUNG_OBJECTS = 50_000


def main() -> None:
    """Entry point of the ``psephos`` console script.

    Usage errors are reported by Click itself (usage line and message, exit code 2); errors a
    user can cause through the library are printed as one line, exit code 2, no traceback.
    The garbage collector looks for cycles every :data:`GC_YOUNG_OBJECTS` new objects.
    """
    gc.set_threshold(GC_YOUNG_OBJECTS, *gc.get_threshold()[1:])
    try:
        app()
    except PsephosError as error:
        print_error(str(error))
        sys.exit(2)
    except KeyboardInterrupt:
        print_error("aborted")
        sys.exit(130)

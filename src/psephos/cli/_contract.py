"""The command-line contract, enforced in one place for every command.

Every ``psephos`` command, on bad input: exits non-zero, prints ONE line on stderr that names the
value and what to do instead, prints nothing on stdout, shows no Python warning text and no
traceback (docs/cli.md). This module holds the pieces that make that true without each command
repeating them:

- :data:`~psephos.bounds.NUMBER_BOUNDS`: bounds on every numeric option, looked up by parameter
  name, so a new command with ``--sims`` or ``--top`` gets the same bound and the same message;
  the web's fields read the same table.
- :func:`apply_contract`: wraps every parameter of a command with the shared checks (empty
  values, non-finite numbers, bounds, input files that are folders or missing, output files in a
  missing folder), refuses an option of one value given twice (:func:`repeated_option`) and
  drops the ``<bool>`` metavar of flags.
- :class:`ContractGroup`: the Typer group whose ``main`` turns usage errors, library errors
  (:class:`~psephos.errors.PsephosError`), unreadable files and warnings into one line each, and
  keeps ``--help | head`` quiet.
"""

from __future__ import annotations

import math
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer
from typer._click import exceptions as click
from typer.core import TyperGroup

from psephos.bounds import NUMBER_BOUNDS, Bound
from psephos.errors import InputWarning, PsephosError, ReadingWarning, ShareWarning


def bound_for(param: Any) -> Bound | None:
    """The range of a numeric parameter: its :data:`NUMBER_BOUNDS` entry, narrowed by the
    command's own ``min`` / ``max`` (``typer.Option(2000, "--sims", min=2)`` where a spread is
    estimated), so that the message and the check always agree."""
    bound = NUMBER_BOUNDS.get(getattr(param, "name", None) or "")
    info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if low is None and high is None:
        return bound
    if bound is None:
        return Bound(low, high)
    if low is not None and (bound.low is None or low > bound.low):
        bound = replace(bound, low=low, low_open=False)
    if high is not None and (bound.high is None or high < bound.high):
        bound = replace(bound, high=high)
    return bound


#: Parameters that name a file psephos reads (must exist and not be a folder).
INPUT_FILES = frozenset(
    {
        "path",
        "sample",
        "offers",
        "volunteers_file",
        "capacities",
        "stand_down_file",
        "by_region",
        "source",
    }
)
#: Parameters that name an election: a bundled id (never with a slash) or a results CSV.
ELECTION_PARAMS = frozenset({"election", "base", "previous", "compare"})
#: Parameters that name a file psephos writes (its folder must exist; not itself a folder).
OUTPUT_FILES = frozenset({"chart", "out", "store", "save_draws"})


def _fail(message: str, ctx: Any, param: Any) -> None:
    raise click.BadParameter(message, ctx=ctx, param=param)


def check_input_file(text: str, what: str = "file") -> Path:
    """A file that exists, is not a folder and can be read; else a one-line error. A path
    that picks a workbook's sheet (``polls.xlsx#2019``, :func:`psephos.io.rows.sheet_of`)
    names its workbook, and so does a message."""
    from psephos.io.rows import sheet_of

    path, sheet = sheet_of(Path(text).expanduser())
    if sheet is not None:
        text = str(path)
    if path.is_dir():
        raise click.BadParameter(f"{text!r} is a folder; give the path of a {what}.")
    if not path.exists():
        raise click.BadParameter(f"{text!r} does not exist; check the path.")
    if not os.access(path, os.R_OK):
        raise click.BadParameter(f"{text!r} cannot be read (permission denied).")
    return path


def check_output_file(text: str) -> Path:
    """A file psephos may write: not a folder, and in a folder that exists; never ``-``,
    which names standard input where a file is read: standard output carries the result the
    command prints (``--format``), so a file written beside it needs a name."""
    if text.strip() == "-":
        raise click.BadParameter(
            "'-' is no file name: give the file's path (standard output carries the table, "
            "CSV or JSON --format chooses)."
        )
    path = Path(text).expanduser()
    if path.is_dir():
        raise click.BadParameter(f"{text!r} is a folder; give a file name, e.g. {text}/out.png.")
    if not path.parent.is_dir():
        raise click.BadParameter(f"folder {str(path.parent)!r} does not exist; create it first.")
    return path


#: Text parameters with a fixed shape: name -> (pattern, what is allowed).
TEXT_PATTERNS: dict[str, tuple[str, str]] = {
    "host": (r"[A-Za-z0-9.\-:\[\]]+", "a host name or IP address, e.g. 127.0.0.1"),
}


def _check_one(name: str, value: Any, bound: Bound | None = None) -> str | None:
    """The problem with one value of parameter ``name`` (a number: within ``bound``), or
    ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return "is empty; give a value or leave the option out."
        if "\x00" in value:
            return "contains a NUL character."
        if name in TEXT_PATTERNS and not re.fullmatch(TEXT_PATTERNS[name][0], value):
            return f"{value!r} is not {TEXT_PATTERNS[name][1]}."
        try:
            if name in INPUT_FILES and value != "-":
                check_input_file(value)
            elif name in ELECTION_PARAMS and ("/" in value or Path(value).is_dir()):
                check_input_file(value, "results CSV file or a bundled election (e.g. 2024)")
            elif name in OUTPUT_FILES:
                check_output_file(value)
        except click.BadParameter as error:
            return error.message
        return None
    if isinstance(value, Path):
        return _check_one(name, str(value))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return f"{value} is not a finite number."
        return bound.check(value) if bound else None
    return None


def _checked(callback: Callable[..., Any] | None) -> Callable[..., Any]:
    def check(ctx: Any, param: Any, value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            problem = _check_one(param.name or "", item, bound_for(param))
            if problem:
                _fail(problem, ctx, param)
        return callback(ctx, param, value) if callback else value

    check.__psephos_contract__ = True  # type: ignore[attr-defined]
    return check


#: Options whose one value is a comma-separated list (``--prefer Lab,LD``): given twice, the
#: message shows the two values joined as the one value to give.
LIST_OPTIONS = frozenset({"prefer", "against", "never", "bloc", "pair", "government_side", "split"})


def repeated_option(param: Any, before: Any, value: Any) -> str:
    """The one line refusing an option of one value given twice with two different values
    (Click would keep the last and drop the other): ``--prefer given twice ('Lab', then
    'LD'): give it once, e.g. --prefer Lab,LD``; a list option given a poll the second time
    (``advise -p "Lab 30 Con 20"``, where ``-p`` is ``--prefer``) is told to give it as
    ``--poll`` (:func:`psephos.model.party.poll_as_parties`)."""
    name = max(getattr(param, "opts", None) or [f"--{param.name}"], key=len)
    message = f"{name} given twice ({before!r}, then {value!r}): give it once"
    if param.name in LIST_OPTIONS and isinstance(before, str) and isinstance(value, str):
        from psephos.model.party import poll_as_parties

        poll = None if param.name == "split" else poll_as_parties(value) or poll_as_parties(before)
        return f"{message}; {poll}" if poll else f"{message}, e.g. {name} {before},{value}"
    return message


def _refusing_repeats(make_parser: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``make_parser`` whose parser refuses an option that takes one value (not ``multiple``,
    not a flag) given twice with different values (:func:`repeated_option`), as docs/cli.md
    refuses two inputs for one thing; the same value twice is read once."""

    def make(ctx: Any) -> Any:
        parser = make_parser(ctx)
        options = {**getattr(parser, "_long_opt", {}), **getattr(parser, "_short_opt", {})}
        for option in {id(option): option for option in options.values()}.values():
            if getattr(option, "action", None) == "store":
                option.process = _once(option, option.process, ctx)
        return parser

    return make


def _once(option: Any, process: Callable[[Any, Any], None], ctx: Any) -> Callable[[Any, Any], None]:
    def once(value: Any, state: Any) -> None:
        if option.dest in state.opts and state.opts[option.dest] != value:
            before = state.opts[option.dest]
            raise click.UsageError(repeated_option(option.obj, before, value), ctx=ctx)
        process(value, state)

    return once


def _bare_help_option(get_help_option: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def get(ctx: Any) -> Any:
        option = get_help_option(ctx)
        if option is not None and getattr(option, "metavar", None) is None:
            option.metavar = ""  # --help takes no value: no "<bool>"
        return option

    return get


def plain_help(text: str | None) -> str | None:
    """Help text shown as written: typer's help screens read Rich markup, which would swallow
    ``psephos[web]`` (an extra) or ``[postgres]`` as a style tag; brackets are escaped."""
    if not text:
        return text
    from rich.markup import escape

    return escape(text)


def with_range(help_text: str, param: Any) -> str:
    """A numeric option's help with the range it takes, from the one table of bounds
    (:func:`bound_for`, the check's own range): "Members per STV district (about). Use a value
    from 1 to 50.", as its refusal says it ("51 is out of range; use a value from 1 to 50");
    the help of any other parameter as written, and of one whose help says a narrower range
    its command checks against the election ("from 2 to the election's seats")."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    bound = bound_for(param)
    if bound is None or annotation not in (int, float, int | None, float | None):
        return help_text
    if re.search(r"\bfrom -?[\d.,]+ to\b", help_text):
        return help_text
    return f"{help_text.rstrip()} Use {bound.describe()}."


def apply_contract(command: Any) -> Any:
    """Wrap every parameter of ``command`` (and of its sub-commands) with the shared checks, and
    show its help text as written (:func:`plain_help`).

    Idempotent: a command already wrapped is left alone.
    """
    for sub in getattr(command, "commands", {}).values():
        apply_contract(sub)
    if not getattr(command, "__psephos_contract__", False):
        command.__psephos_contract__ = True
        command.get_help_option = _bare_help_option(command.get_help_option)
        command.make_parser = _refusing_repeats(command.make_parser)
        for attribute in ("help", "short_help", "epilog"):
            if isinstance(getattr(command, attribute, None), str):
                setattr(command, attribute, plain_help(getattr(command, attribute)))
    for param in getattr(command, "params", ()):
        if getattr(param.callback, "__psephos_contract__", False):
            continue
        param.callback = _checked(param.callback)
        if isinstance(getattr(param, "help", None), str):
            param.help = plain_help(with_range(param.help, param))
        if getattr(param, "is_flag", False) and getattr(param, "metavar", None) is None:
            param.metavar = ""  # flags take no value: no "<bool>" in help
    return command


def help_width() -> int | None:
    """Width of help screens: ``COLUMNS`` when set, the terminal's width in a terminal, and 120
    when piped (Rich would otherwise wrap help at 80 columns)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) >= 20:
        return int(columns)
    return None if sys.stdout.isatty() else 120


@contextmanager
def _help_screen_width() -> Iterator[None]:
    """Give typer's help screens :func:`help_width` without importing them: ``typer.rich_utils``
    pulls in Markdown rendering (about 40 ms) that only a help screen needs, and reads
    ``TERMINAL_WIDTH`` when it is first imported. The variable is restored afterwards."""
    width = help_width()
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        loaded.MAX_WIDTH = width  # type: ignore[attr-defined]
        yield
        return
    before = os.environ.pop("TERMINAL_WIDTH", None)
    if width is not None:
        os.environ["TERMINAL_WIDTH"] = str(width)
    try:
        yield
    finally:
        os.environ.pop("TERMINAL_WIDTH", None)
        if before is not None:
            os.environ["TERMINAL_WIDTH"] = before


def one_line(text: str) -> str:
    """Collapse a message to a single line."""
    return " ".join(str(text).split())


def print_error(message: str) -> None:
    """The one error line: ``error: ...`` on stderr, in place of the notes on how files were
    read not yet written (:data:`HELD_NOTES`: a file read as Windows-1252, then refused)."""
    HELD_NOTES.clear()
    sys.stderr.write(f"error: {one_line(message)}\n")
    sys.stderr.flush()


#: psephos's own warnings, which the command line prints as ``note:`` lines whatever filters
#: the caller's Python was started with (``-W error`` or ``PYTHONWARNINGS=error`` must not turn
#: a note on a file's encoding into an internal error).
NOTE_WARNINGS: tuple[type[Warning], ...] = (ShareWarning, InputWarning)


#: The notes the running command has printed on stderr, in order (:func:`note_printed`): its
#: JSON's ``notes`` (:func:`psephos.cli._output.render`), so an answer read from the JSON keeps
#: what was assumed to make it, whichever part of the command printed the note.
PRINTED_NOTES: list[str] = []


def note_printed(note: str) -> None:
    """Record a ``note:`` line the command printed (:data:`PRINTED_NOTES`)."""
    PRINTED_NOTES.append(one_line(note))


#: The notes on how a file was read (:class:`~psephos.errors.ReadingWarning`: a file read as
#: Windows-1252) not yet written: held until the command goes on (its next note, its answer:
#: :func:`write_held_notes`) and dropped where the file is refused (:func:`print_error`), so a
#: file refused is one ``error:`` line on every command that reads one.
HELD_NOTES: list[str] = []


def write_held_notes() -> None:
    """Write the held notes on how files were read (:data:`HELD_NOTES`) as ``note:`` lines,
    in order: before the command's next note, before its answer, and when it ends."""
    for note in HELD_NOTES:
        sys.stderr.write(f"note: {note}\n")
    HELD_NOTES.clear()


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Warnings as one ``note:`` line, without the source path and code line; a note on how
    a file was read is held until the command goes on (:data:`HELD_NOTES`)."""
    note_printed(str(message))
    if issubclass(category, ReadingWarning):
        HELD_NOTES.append(one_line(str(message)))
        return
    write_held_notes()
    sys.stderr.write(f"note: {one_line(str(message))}\n")


def _quiet_broken_pipe() -> None:
    """The reader (``head``) went away: stop writing, exit without a message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (test runner)
        pass


def _rich_broken_pipe(console: Any) -> None:
    """Rich's own handler exits 1; a closed pipe is the reader's choice, so exit 0 quietly."""
    _quiet_broken_pipe()
    raise SystemExit(0)


def _given_value(argv: Sequence[str], param: Any) -> str | None:
    """The text the user gave for an option (last one wins), or ``None``."""
    if getattr(param, "param_type_name", "") != "option":
        return None
    options = list(getattr(param, "opts", ())) + list(getattr(param, "secondary_opts", ()))
    return _option_value(argv, options)


def _option_value(argv: Sequence[str], options: Sequence[str]) -> str | None:
    """The text given after any of ``options`` (``--from 2019`` or ``--from=2019``; the last
    one wins), or ``None``: an option the command has, or one it lacks."""
    found = None
    for i, token in enumerate(argv):
        for option in options:
            if token == option and i + 1 < len(argv):
                found = argv[i + 1]
            elif token.startswith(option + "="):
                found = token[len(option) + 1 :]
    return found


def _validation_problem(error: click.BadParameter) -> str | None:
    """Typer checks types, ``min`` / ``max`` and choices with pydantic before the contract sees
    the value; its message ("Input should be greater than or equal to 1", "Value error, 'xml' is
    not one of ...") in the house style, or ``None`` when it is not one of those."""
    errors = getattr(error.__cause__, "errors", None)
    if not callable(errors):
        return None
    try:
        first = errors()[0]
    except (IndexError, TypeError):
        return None
    kind = first.get("type", "")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        try:
            value = float(first.get("input"))
        except (TypeError, ValueError):
            return None
        return _check_one(getattr(error.param, "name", ""), value, bound_for(error.param))
    if kind == "value_error" and "error" in first.get("ctx", {}):
        return str(first["ctx"]["error"])
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{first.get('input')!r} is not a whole number."
    if kind in ("float_parsing", "float_type"):
        return f"{first.get('input')!r} is not a number."
    return None


def describe_error(error: click.ClickException, argv: Sequence[str]) -> str:
    """A usage error as one line that names the value given and where to read more."""
    if isinstance(error, click.BadParameter):
        error.message = _validation_problem(error) or error.message
    message = error.format_message()
    param = getattr(error, "param", None)
    if isinstance(error, click.BadParameter) and param is not None:
        value = _given_value(argv, param)
        if value is not None and value not in message:
            message = f"{message} (got {value!r})"
    option_hint = _election_option_hint(error, argv)
    if option_hint:  # click's guess by spelling (--from: "Possible options: --format") misleads
        message = re.sub(r"\s*\(Possible options?: [^)]*\)", "", message)
    return one_line(message) + _election_hint(error) + option_hint + _usage_hint(error)


#: The options through which a command takes an election, in the order a hint prefers them.
ELECTION_OPTIONS = ("--from", "--election", "--base")
_EXTRA_ARGUMENTS = re.compile(r"unexpected extra argument(?:\(s\)|s)? \((?P<extra>[^)]*)\)")


def _election_option(command: Any) -> str | None:
    """The option through which ``command`` takes its election (:data:`ELECTION_OPTIONS`, in
    their order), or ``None`` where it takes none by option, or takes it as its argument
    (``psephos govern 2017``, whose ``--from`` is only the base of its ``--poll``). A
    ``--from`` that goes with a ``--to`` (``psephos backtest --from 2017 --to 2019``) is one
    end of a pair, not the election: such a command's election is its next option
    (``backtest --election``)."""
    if any(
        getattr(param, "param_type_name", None) == "argument" and param.name == "election"
        for param in command.params
    ):
        return None
    options = {name for param in command.params for name in getattr(param, "opts", ())}
    ranged = "--to" in options
    return next(
        (
            name
            for name in ELECTION_OPTIONS
            if name in options and not (ranged and name == "--from")
        ),
        None,
    )


def _election_hint(error: click.ClickException) -> str:
    """Where a command takes its election as an option, an election typed as an argument
    (``psephos forecast 2019``, as ``psephos results 2019`` takes it) is pointed to the option:
    "; give the election as '--from 2019'"."""
    match = _EXTRA_ARGUMENTS.search(error.format_message())
    command = getattr(getattr(error, "ctx", None), "command", None)
    if match is None or command is None:
        return ""
    from psephos.jurisdictions import resolve_election_id

    option = _election_option(command)
    if option is None:
        return ""
    for value in match["extra"].split():
        if option == "--from" and Path(value).is_file():  # a results file, as --from takes it
            return f"; give the results file as '{option} {value}'"
        try:
            resolve_election_id(value)
        except PsephosError:
            continue
        return f"; give the election as '{option} {value}'"
    return ""


#: Option names a user may give an election by, as some command takes it (``-e``: the short
#: form of ``--election``).
_ELECTION_OPTION_NAMES = (*ELECTION_OPTIONS, "-e")


def _election_option_hint(error: click.ClickException, argv: Sequence[str]) -> str:
    """An election given by an option the command does not have (``psephos target --election
    2019``, as ``psephos advise --election`` takes it; ``psephos project --election 2019``,
    where ``project`` calls it ``--from``) is pointed to how this command takes it: "; give the
    election as the argument: 'psephos target 2019'" or "; give the election as '--from 2019'".
    """
    if not isinstance(error, click.NoSuchOption) or error.option_name not in _ELECTION_OPTION_NAMES:
        return ""
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command", None)
    if ctx is None or command is None:
        return ""
    value = _option_value(argv, [error.option_name]) or "ELECTION"
    option = _election_option(command)
    if option is not None:
        return f"; give the election as '{option} {value}'"
    if any(
        getattr(param, "param_type_name", None) == "argument" and param.name == "election"
        for param in command.params
    ):
        return f"; give the election as the argument: '{ctx.command_path} {value}'"
    return ""


def _usage_hint(error: click.ClickException) -> str:
    ctx = getattr(error, "ctx", None)
    if ctx is None:
        return ""
    return f" (see '{ctx.command_path} --help')"


class ContractGroup(TyperGroup):
    """A Typer group that keeps the CLI contract for every command it runs."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            apply_contract(command)
        return name, command, rest

    def make_context(  # type: ignore[override]
        self, info_name: str | None, args: list[str], **extra: Any
    ) -> Any:
        apply_contract(self)
        try:
            return super().make_context(info_name, args, **extra)
        except BrokenPipeError:  # ``psephos --help | head``
            _quiet_broken_pipe()
            raise typer.Exit(0) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PsephosError as error:
            print_error(str(error))
            raise typer.Exit(2) from None
        except UnicodeDecodeError as error:
            print_error(
                f"a file given is not UTF-8 text ({error.reason} at byte {error.start}); "
                "save it as UTF-8 CSV."
            )
            raise typer.Exit(2) from None
        except BrokenPipeError:
            _quiet_broken_pipe()
            raise typer.Exit(0) from None
        except IsADirectoryError as error:
            print_error(f"{error.filename!r} is a folder; give the path of a file.")
            raise typer.Exit(2) from None
        except FileNotFoundError as error:
            print_error(f"{error.filename!r} does not exist; check the path.")
            raise typer.Exit(2) from None
        except OSError as error:  # permission denied, disk full...
            where = f" ({error.filename})" if error.filename else ""
            print_error(f"{error.strerror or error}{where}")
            raise typer.Exit(2) from None
        except MemoryError:
            print_error("out of memory; ask for less (fewer simulations, seats or draws).")
            raise typer.Exit(2) from None

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the CLI; every failure is one line on stderr and a non-zero exit code."""
        from rich.console import Console

        rich_handler = Console.on_broken_pipe
        PRINTED_NOTES.clear()  # a new command: none of its notes printed yet
        HELD_NOTES.clear()
        with warnings.catch_warnings(), _help_screen_width():
            warnings.showwarning = _show_warning
            for note in NOTE_WARNINGS:  # notes stay notes under `python -W error`
                warnings.simplefilter("default", note)
            Console.on_broken_pipe = _rich_broken_pipe  # type: ignore[method-assign,assignment]
            try:
                code = super().main(
                    args=args,
                    prog_name=prog_name or "psephos",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
            except click.NoArgsIsHelpError as error:
                sys.stdout.write(error.format_message() + "\n")
                code = 0
            except click.ClickException as error:
                if not standalone_mode:
                    raise
                print_error(describe_error(error, sys.argv[1:] if args is None else list(args)))
                code = error.exit_code
            except typer.Abort:
                print_error("aborted")
                code = 130
            except BrokenPipeError:
                _quiet_broken_pipe()
                code = 0
            except Exception as error:  # a bug: still one line, never a traceback
                if os.environ.get("PSEPHOS_DEBUG"):
                    raise
                print_error(
                    f"internal error ({type(error).__name__}: {error}); please report it with "
                    "the command you ran (PSEPHOS_DEBUG=1 shows the traceback)."
                )
                code = 1
            finally:
                Console.on_broken_pipe = rich_handler  # type: ignore[method-assign]
        write_held_notes()  # none after an error: print_error dropped them
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

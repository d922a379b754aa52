"""The CLI contract (docs/cli.md), checked on every command with a catalogue of bad inputs.

On bad input every command exits non-zero with ONE line on stderr that names the value, prints
nothing on stdout, and shows no traceback and no Python warning text. Two tables:

- a generated sweep: every parameter of every command (found by walking the Typer app, so a new
  command is covered without editing this file) gets the bad values of its kind: empty text,
  a folder, a missing file, a non-UTF-8 file, non-numbers, non-finite and absurd numbers;
- a hand-written catalogue of domain mistakes: unknown names, out-of-range numbers, options of the
  wrong country, files in the wrong format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from psephos.cli import app

runner = CliRunner()

BAD_FILES: dict[str, bytes | None] = {
    "folder": None,
    "binary.csv": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # a spreadsheet, not text
    "empty.csv": b"",
}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    (root / "folder").mkdir()
    for name, content in BAD_FILES.items():
        if content is not None:
            (root / name).write_bytes(content)
    (root / "not-ballots.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    # neither preference columns nor a ranking grid ("a,b\n1,2" is a grid: a 1st, b 2nd)
    (root / "no-ranks.csv").write_text("a,b\nx,y\n", encoding="utf-8")
    (root / "volunteers.csv").write_text(
        "id,hours,postcode\n1,10,SW1A 1AA\n2,6,M1 1AE\n", encoding="utf-8"
    )
    return root


def _commands(command: Any, prefix: list[str]) -> Iterator[tuple[list[str], Any]]:
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, [*prefix, name])
    else:
        yield prefix, command


COMMANDS = list(_commands(get_command(app), []))


def _kind(param: Any) -> str:
    annotation = str(param.type_descriptor.annotation)
    if getattr(param, "is_flag", False):
        return "flag"
    if "Enum" in annotation or "enum" in annotation or param.type_descriptor.is_choice:
        return "choice"
    if "float" in annotation:
        return "float"
    if "int" in annotation:
        return "int"
    return "text"


#: Bad values by kind; "{dir}" is the folder of bad files.
BAD_VALUES = {
    "text": ["", "   ", "{dir}/folder"],
    "int": ["abc", "99999999999", "1.5"],
    "float": ["nan", "inf", "1e12", "abc"],
    "choice": ["zzz"],
}
#: Text parameters that are file names also get missing and unreadable files.
FILE_PARAMS = re.compile(
    r"^(path|sample|offers|volunteers_file|capacities|stand_down_file|by_region|"
    r"election|base|chart|out|store|draws)$"
)
FILE_VALUES = ["{dir}/folder", "{dir}/missing/nothing.csv"]


def _sweep() -> Iterator[Any]:
    for prefix, command in COMMANDS:
        for param in command.params:
            kind = _kind(param)
            if kind == "flag":
                continue
            values = list(BAD_VALUES[kind])
            if kind == "text" and FILE_PARAMS.match(param.name or ""):
                values += FILE_VALUES
            if prefix == ["serve"] and kind == "text" and param.name != "host":
                continue  # serve's text options are not read until the server starts
            option = param.opts[0] if param.param_type_name == "option" else None
            for value in dict.fromkeys(values):
                args = [*prefix, option, value] if option else [*prefix, value]
                yield pytest.param(args, id=" ".join(a or "''" for a in args))


def check_contract(args: list[str], bad_dir: Path, needle: str | None = None) -> None:
    """Run one bad command line and check the contract."""
    args = [a.replace("{dir}", str(bad_dir)) for a in args]
    result = runner.invoke(app, args)
    shown = f"{args}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code != 0, f"exit 0 on bad input: {shown}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert result.stdout == "", f"stdout on bad input (not even a blank line): {shown}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"not one line on stderr (no blank line before it): {shown}"
    assert lines[0].startswith("error: "), shown
    assert "Traceback" not in result.stderr, shown
    assert not re.search(r"\w+Warning\b|warnings\.warn|\.py:\d+", result.stderr), shown
    # one house style: no validator's wording ("Input should be ...", "Value error, ...")
    assert not re.search(r"Input should|Value error|must be \d+ or more", lines[0]), shown
    if needle is not None:
        assert needle.lower() in lines[0].lower(), f"{needle!r} not named: {shown}"


def test_every_command_is_in_the_catalogue() -> None:
    named = {" ".join(prefix) for prefix, _ in COMMANDS}
    covered = {" ".join(args[: 2 if args[0] in GROUPS else 1]) for args, _ in CATALOGUE}
    assert named <= covered, f"commands without a catalogued bad input: {named - covered}"


@pytest.mark.parametrize("args", list(_sweep()))
def test_bad_parameter_values(args: list[str], bad_dir: Path) -> None:
    check_contract(args, bad_dir)


GROUPS = {"exitpoll", "nowcast"}

#: (command line, text the error line must contain). ``{dir}`` is the folder of bad files.
CATALOGUE: list[tuple[list[str], str]] = [
    (["map", "1999"], "1999"),
    (["map", "2024", "--out", "{dir}/missing/map.png"], "does not exist"),
    (["map", "2024", "--out", "{dir}/map.txt"], ".txt"),
    # '-' is standard input where a file is read; a file written needs a name (no file '-')
    (["map", "2024", "--out", "-"], "'-' is no file name"),
    (["allocate", "examples/volunteers.csv", "--out", "-"], "'-' is no file name"),
    (["forecast", "--chart", "-"], "'-' is no file name"),
    (["map", "2024", "--show", "colour"], "colour"),
    (["map", "canada-2021"], "Canada"),
    (["map", "canada-2021", "--poll", "LPC 33 CPC 34"], "Canada"),
    (["map", "2010", "--show", "gains"], "2010"),
    (["map", "2024", "--model", "uniform"], "--poll"),
    (["map", "2024", "--poll", "Lab 135"], "135"),
    (["results", "{dir}/folder"], "folder"),
    (["results", "{dir}/binary.csv"], "UTF-8"),
    (["results", "{dir}/empty.csv"], "empty.csv"),
    (["results", "{dir}/nothing.csv"], "does not exist"),
    (["results", "2017", "--seat", "Nowhere Special"], "Nowhere Special"),
    (["results", "2017", "--format", "xml"], "xml"),
    (["results", "2017", "--previous", "{dir}/nothing.csv"], "does not exist"),
    (["results", "{dir}/nothing.csv", "--gains"], "does not exist"),
    (["elections", "--format", "xml"], "xml"),
    (["marginals", "2017", "--top", "0"], "0"),
    (["marginals", "2017", "--pair", "Lab"], "Lab"),
    (["marginals", "2017", "--by", "height"], "height"),
    (["project", "--poll", "Lab 35 Labor 30"], "Labor"),
    (["project", "--poll", "Lab 135"], "135"),
    (["project", "--poll", "Lab"], "Lab"),
    (["project", "--poll", "Lab 35", "--model", "magic"], "magic"),
    (["project", "--from", "canada-2021", "--poll", "Lab 35 Con 30"], "Lab"),
    (["project", "--poll", "Lab 35", "--by-region", "{dir}/binary.csv"], "UTF-8"),
    (["project", "--poll", "Lab 35", "--by-region", "{dir}/empty.csv"], "'area', 'region' or"),
    (["project", "--poll", "Lab 35", "--shape", "{dir}/folder"], "is a folder, not a file"),
    (["project", "--poll", "Lab 35", "--candidates", "{dir}/folder"], "is a folder, not a file"),
    # one of a pair given with the other was dropped unseen, exit 0
    (["project", "--poll", "Lab 35 Con 24", "--seats", "--all-seats"], "--seats or --all-seats"),
    (["project", "--poll", "Lab 35", "--all-seats", "--seats"], "not both"),
    (["backtest", "--model", "magic"], "magic"),
    (["backtest", "--model", "unifrom"], "unifrom"),
    (["forecast", "--sims", "1000000000"], "1,000,000,000"),
    (["forecast", "--sims", "0"], "--sims"),
    (["forecast", "--poll", ""], "--poll"),
    (["forecast", "--model", "magic"], "magic"),
    (["forecast", "--tail-df", "1"], "--tail-df"),
    (["forecast", "--from", "canada-2021", "--poll", "Lab 40"], "Lab"),
    (["forecast", "--chart", "{dir}/missing/seats.png"], "does not exist"),
    (["advise", "Nowhere Special", "--prefer", "Lab"], "Nowhere Special"),
    (["advise", "Hampstead and Kilburn", "--prefer", "Labr"], "Labr"),
    (["advise", "Hampstead and Kilburn", "--prefer", "Lab", "--election", "1999"], "1999"),
    (["tactical", "--against", "Con", "--status", "foo"], "foo"),
    (["tactical", "--against", "Xyz"], "Xyz"),
    (["tactical", "--against", "Con", "--sims", "-5"], "--sims"),
    (["tactical-audit", "--election", "2010"], "2010"),
    (["swap", "{dir}/folder"], "folder"),
    (["swap", "{dir}/binary.csv"], "UTF-8"),
    (["pact", "2019", "--bloc", "Lab,LD", "--stand-down", "Con:Kensington"], "Con"),
    (["pact", "2019", "--bloc", "Lab,Xyz"], "Xyz"),
    (["pact", "2019", "--bloc", "Lab", "--stand-down", "nonsense"], "nonsense"),
    (["pact", "2019", "--bloc", "Lab", "--nation", "Narnia"], "Narnia"),
    (["govern", "1999"], "1999"),
    (["govern", "2010", "--coalition", "Xyz"], "Xyz"),
    (["govern", "2024", "--coalition", "Lab+Lab"], "Lab is in the coalition twice"),
    (["govern", "--seats", "Con=abc"], "Con=abc"),
    (["govern", "2017", "--abstain", "Xyz"], "Xyz"),
    (["govern", "2017", "--government-side", "Xyz"], "Xyz"),
    (["pact", "2019", "--bloc", "Lab", "--max-per-party", "LD=x"], "--optimise"),
    (["target", "2019", "--pair", "Lab,Con", "--top", "0"], "--top"),
    (["target", "2019", "--pair", "Lab,Con", "--top", "-1"], "--top"),
    (["target", "2019", "--pair", "Lab"], "Lab"),
    (["nearest", "--from", "40.7,-74.0"], "40.7"),
    (["nearest", "--from", "Nowhere Special"], "Nowhere Special"),
    (["nearest", "--from", "Croydon Central", "--km", "-3"], "--km"),
    (["nearest", "--from", "51.5,-0.1", "--max-minutes", "30"], "--max-minutes needs --speed-kmh"),
    (["allocate", "{dir}/folder", "--party", "Lab"], "folder"),
    (["allocate", "{dir}/not-ballots.csv", "--party", "Lab"], "column"),
    # options are checked before the volunteers' file is read (no "Read 2 rows" line first)
    (["allocate", "{dir}/volunteers.csv", "--k", "0"], "--k"),
    (["allocate", "{dir}/volunteers.csv", "--election", "2018"], "2018"),
    (["allocate", "{dir}/volunteers.csv", "--capacities", "{dir}/empty.csv"], "empty"),
    (["allocate", "{dir}/volunteers.csv", "--party", "Labx"], "Labx"),
    (["turnout", "2019", "--group", "99-100", "--change", "5"], "99-100"),
    (["turnout", "2019", "--change", "500"], "--change"),
    (["systems", "2024", "--system", "magic"], "magic"),
    (["systems", "1999"], "1999"),
    (["systems", "2024", "--district-size", "0"], "--district-size"),
    (["systems", "2019", "--transfers", "{dir}/folder"], "is a folder, not a file"),
    (["count-ballots", "{dir}/folder"], "folder"),
    (["count-ballots", "{dir}/no-ranks.csv"], "rank1"),
    (["count-ballots", "{dir}/binary.csv"], "UTF-8"),
    (["serve", "--port", "70000"], "--port"),
    (["exitpoll", "estimate", "{dir}/folder"], "folder"),
    (["exitpoll", "estimate", "{dir}/binary.csv"], "UTF-8"),
    (["exitpoll", "emulate", "1999"], "1999"),
    (["exitpoll", "emulate", "2018"], "2018"),
    (["exitpoll", "emulate", "2024", "--k", "0"], "--k"),
    (["nowcast", "replay", "2099"], "2099"),
    (["nowcast", "replay", "2010"], "2010"),
    (["nowcast", "replay", "2017", "--every", "0"], "--every"),
    (["nowcast", "feed", "{dir}/folder"], "folder"),
    (["nowcast", "show", "--base", "1999"], "1999"),
    (["nowcast", "withdraw", "Bootle", "--store", "{dir}/none.sqlite"], "none.sqlite"),
]


@pytest.mark.parametrize(
    ("args", "needle"), CATALOGUE, ids=[" ".join(args) for args, _ in CATALOGUE]
)
def test_bad_input_catalogue(args: list[str], needle: str, bad_dir: Path) -> None:
    check_contract(args, bad_dir, needle)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["advise", "Islington North", "--prefer", "Lab", "--sims", "1"],
            "'--sims': 1 is out of range; use a value from 2 to 1,000,000",
        ),
        (
            ["advise", "Islington North", "--prefer", "Lab", "--sims", "0"],
            "'--sims': 0 is out of range; use a value from 2 to 1,000,000",
        ),
        (["tactical", "--against", "Con", "--sims", "1"], "use a value from 2 to 1,000,000"),
        (["pact", "2019", "--bloc", "Lab", "--sims", "1"], "use a value from 2 to 1,000,000"),
        (
            ["forecast", "--sims", "0"],
            "'--sims': 0 is out of range; use a value from 2 to 1,000,000",
        ),
        (
            ["forecast", "--sims", "1"],
            "'--sims': 1 is out of range; use a value from 2 to 1,000,000 (one draw gives no",
        ),
        (["results", "2017", "--format", "xml"], "'xml' is not one of 'table', 'csv', 'json'."),
        (["forecast", "--sims", "abc"], "'abc' is not a whole number."),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_range_and_choice_errors_read_the_same_everywhere(args: list[str], message: str) -> None:
    """The contract's bounds and typer's own min / max and choices give one style of message;
    an option's range and its check agree (advise needs 2 simulations to estimate a spread)."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr


def test_option_errors_are_one_line() -> None:
    result = runner.invoke(app, ["forecast", "--sims", "abc"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "╭" not in result.stderr
    assert "--sims" in result.stderr and "psephos forecast --help" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["advise", "Hendon", "--prefer", "Lab", "--prefer", "LD"],
            "--prefer given twice ('Lab', then 'LD'): give it once, e.g. --prefer Lab,LD",
        ),
        (  # advise's -p is --prefer: a poll given to it is pointed to --poll
            ["advise", "Bath", "--prefer", "LD", "-p", "Lab 30 Con 20 LD 25"],
            "--prefer given twice ('LD', then 'Lab 30 Con 20 LD 25'): give it once; 'Lab 30 "
            "Con 20 LD 25' looks like a poll (party names with numbers), not a list of parties: "
            "give it as the poll (--poll), and the parties alone here, e.g. Lab,Con,LD.",
        ),
        (
            ["results", "2024", "--seat", "Hendon", "-s", "Poole", "-f", "csv"],
            "--seat given twice ('Hendon', then 'Poole'): give it once",
        ),
        (
            ["project", "--poll", "Lab 40 Con 20", "--poll=Lab 20 Con 40", "-f", "csv"],
            "--poll given twice ('Lab 40 Con 20', then 'Lab 20 Con 40'): give it once",
        ),
        (
            ["nowcast", "replay", "2017", "-f", "csv", "-f", "json"],
            "--format given twice ('csv', then 'json'): give it once",
        ),
    ],
)
def test_an_option_of_one_value_given_twice_is_refused(args: list[str], message: str) -> None:
    """Click keeps the last of two values and drops the other without a word: two inputs for
    one thing are refused instead, naming the option (docs/cli.md)."""
    check_contract(args, Path(), message)
    assert runner.invoke(app, args).exit_code == 2


def test_an_option_given_twice_with_the_same_value_is_read_once() -> None:
    once = runner.invoke(app, ["results", "2024", "--seat", "Hendon", "-f", "csv"])
    twice = runner.invoke(app, ["results", "2024", "--seat", "Hendon", "-s", "Hendon", "-f", "csv"])
    assert once.exit_code == twice.exit_code == 0 and once.stdout == twice.stdout != ""


def test_flags_have_no_bool_metavar() -> None:
    for prefix, _ in COMMANDS:
        if prefix == ["serve"]:
            continue
        result = runner.invoke(app, [*prefix, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, prefix
        assert "<bool>" not in result.stdout, prefix


def test_help_follows_columns() -> None:
    wide = runner.invoke(app, ["pact", "--help"], env={"COLUMNS": "200"})
    lines = wide.stdout.splitlines()
    assert max(len(line) for line in lines) > 150
    narrow = runner.invoke(app, ["pact", "--help"], env={"COLUMNS": "60"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_tables_follow_columns_and_csv_is_complete() -> None:
    narrow = runner.invoke(
        app, ["marginals", "2017", "--top", "3", "--pair", "Lab,Con"], env={"COLUMNS": "60"}
    )
    assert narrow.exit_code == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert "…" not in narrow.stdout  # cells wrap, never cut
    csv_out = runner.invoke(
        app, ["marginals", "2017", "--top", "3", "--format", "csv"], env={"COLUMNS": "40"}
    )
    header = csv_out.stdout.splitlines()[0].split(",")
    assert len(header) >= 6 and len(csv_out.stdout.splitlines()) == 4


#: What Rich would read as a style tag: ``[web]``, ``[postgres]``, ``[/]``.
MARKUP_LIKE = re.compile(r"\[[a-z#/@][^\[]*?\]")


def _help_sources(command: Any) -> list[str]:
    """The help texts of a command and its parameters, as written in the source."""
    texts = [command.help or "", *(getattr(param, "help", None) or "" for param in command.params)]
    return [text.replace("\\[", "[") for text in texts]


@pytest.mark.parametrize(("prefix", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_shows_bracketed_text_as_written(prefix: list[str], command: Any) -> None:
    """Help screens read Rich markup: ``pip install 'psephos[web]'`` must not lose ``[web]``, and
    no help text doubles a percent sign."""
    result = runner.invoke(app, [*prefix, "--help"], env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.output
    shown = result.stdout
    for text in _help_sources(command):
        for bracketed in MARKUP_LIKE.findall(text):
            assert bracketed in shown, f"{' '.join(prefix)} --help lost {bracketed!r}"
    assert "%%" not in shown


def test_extras_are_named_in_help() -> None:
    for prefix, extra in [
        (["serve"], "psephos[web]"),
        (["allocate"], "psephos[ortools]"),
        (["swap"], "psephos[ortools]"),
    ]:
        shown = runner.invoke(app, [*prefix, "--help"], env={"COLUMNS": "2000"}).stdout
        assert f"'{extra}'" in shown or f"needs {extra}" in shown, prefix
    backtest = runner.invoke(app, ["backtest", "--help"], env={"COLUMNS": "2000"}).stdout
    assert "90% intervals" in backtest


@pytest.mark.parametrize("command", ["govern", "pact", "systems", "results"])
def test_an_election_argument_names_every_bundled_election(command: str) -> None:
    """One help text for the election a command opens: every country's bundled ids (govern and
    pact take Canada's too)."""
    from psephos.jurisdictions import available_elections

    shown = CliRunner().invoke(app, [command, "--help"], terminal_width=400)
    assert shown.exit_code == 0, shown.output
    text = " ".join(re.sub("[\u2500-\u257f]", " ", shown.output).split())  # box lines out
    assert f"({', '.join(available_elections())})" in text


#: Options whose absence changes the answer, so their help says what happens without them.
SAYS_ITS_DEFAULT = [
    (["tactical"], "--status"),
    (["tactical"], "--build"),
    *[
        (prefix, "--seed")
        for prefix, command in COMMANDS
        if any("--seed" in getattr(param, "opts", ()) for param in command.params)
    ],
]


@pytest.mark.parametrize(
    ("prefix", "option"),
    SAYS_ITS_DEFAULT,
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_an_option_says_its_default(prefix: list[str], option: str) -> None:
    """Every ``--seed`` (same seed, same answer: what is drawn without one?) and the options
    that filter or change an answer show their default, typer's ``[default: ...]`` or the
    help's own words where the default is no value."""
    command = {" ".join(p): c for p, c in COMMANDS}[" ".join(prefix)]
    (param,) = [param for param in command.params if option in getattr(param, "opts", ())]
    assert param.default is not None or "default:" in (param.help or ""), f"{prefix} {option}"


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["forecast", "2019"], "give the election as '--from 2019'"),
        (["project", "canada-2021", "--poll", "CPC 34 LPC 30"], "'--from canada-2021'"),
        (["tactical-audit", "2024"], "give the election as '--election 2024'"),
        (["tactical", "2017", "--against", "Con"], "'--election 2017'"),
        (["backtest", "2019"], "'--election 2019'"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_election_typed_as_an_argument_is_pointed_to_its_option(
    args: list[str], hint: str, tmp_path: Path
) -> None:
    """``psephos forecast 2019`` (as ``psephos results 2019`` takes it) is refused in one line
    that says which option takes the election."""
    check_contract(args, tmp_path, needle=hint)


ELECTION_NAMES = ("--from", "--election", "-e", "--base")


def _takes_election(command: Any) -> tuple[str | None, bool]:
    """How a command takes an election: the option it names it by (``--from``, ``--election``
    or ``--base``, in that order; a ``--from`` going with a ``--to`` is one end of a pair, not
    the election; a command that takes it as its argument names it so, whatever its options:
    ``govern``'s ``--from`` is only the base of its ``--poll``), or ``None``; and whether it
    takes it as an argument."""
    options = {name for param in command.params for name in getattr(param, "opts", ())}
    paired = {"--from"} if "--to" in options else set()
    argument = any(
        param.param_type_name == "argument" and param.name == "election" for param in command.params
    )
    option = next(
        (name for name in ELECTION_NAMES if name in options and name not in {"-e", *paired}),
        None,
    )
    return None if argument else option, argument


@pytest.mark.parametrize(
    ("prefix", "command"), COMMANDS, ids=[" ".join(prefix) for prefix, _ in COMMANDS]
)
def test_an_election_option_the_command_lacks_is_pointed_to_how_it_takes_one(
    prefix: list[str], command: Any, tmp_path: Path
) -> None:
    """``psephos target --election 2019`` (as ``advise --election`` takes it) or ``psephos
    project --election 2019`` (where ``project`` says ``--from``) is refused in one line that
    says how this command takes an election; a command that takes none gets no such hint."""
    option, argument = _takes_election(command)
    options = {name for param in command.params for name in getattr(param, "opts", ())}
    for name in ELECTION_NAMES:
        if name in options:
            continue
        args = [*prefix, name, "2019"]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.stderr)
        if option is not None:
            check_contract(args, tmp_path, needle=f"give the election as '{option} 2019'")
        elif argument:
            hint = f"give the election as the argument: 'psephos {' '.join(prefix)} 2019'"
            check_contract(args, tmp_path, needle=hint)
        else:
            assert "give the election" not in result.stderr, (args, result.stderr)
            check_contract(args, tmp_path)


def test_the_election_hint_drops_a_guess_by_spelling(tmp_path: Path) -> None:
    """Click guesses ``--format`` for ``--from``; where the hint says how the command takes an
    election, the guess is left out, and the value given is the one named."""
    args = ["target", "--pair", "CPC,LPC", "--from=canada-2021"]
    check_contract(args, tmp_path, needle="'psephos target canada-2021'")
    assert "Possible options" not in runner.invoke(app, args).stderr
    # a misspelt option still gets click's guess
    check_contract(["govern", "--bse", "2017"], tmp_path, needle="Possible options: --seats")


def test_a_results_file_typed_as_an_argument_is_pointed_to_from(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text("seat_code,seat_name,party,votes\nA,A,Lab,10\n", encoding="utf-8")
    check_contract(
        ["project", str(results)], tmp_path, needle=f"give the results file as '--from {results}'"
    )


def test_an_extra_argument_that_is_no_election_gets_no_hint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["forecast", "2018"])
    assert result.exit_code == 2
    assert "unexpected extra argument" in result.stderr and "give the" not in result.stderr
    # a command that takes no election by option is left as it was
    result = runner.invoke(app, ["govern", "2017", "2019"])
    assert "give the" not in result.stderr


@pytest.mark.parametrize(
    ("prefix", "option", "name"),
    [
        (["systems"], "--district-size", "district_size"),
        (["systems"], "--threshold", "threshold"),
        (["forecast"], "--sims", "sims"),
    ],
)
def test_a_bounded_option_s_help_states_the_range_its_check_uses(
    prefix: list[str], option: str, name: str
) -> None:
    """The help says the range of the one table of bounds, as the refusal of a value beyond
    it does ("51 is out of range; use a value from 1 to 50"), not only its lower end."""
    from psephos.bounds import NUMBER_BOUNDS

    bound = NUMBER_BOUNDS[name]
    shown = runner.invoke(app, [*prefix, "--help"], env={"COLUMNS": "2000"}).stdout
    line = next(line for line in shown.splitlines() if option in line)
    assert f"Use {bound.describe()}." in line and "x>=" not in line
    assert bound.high is not None
    over = str(int(bound.high) + 1)
    refused = runner.invoke(app, [*prefix, "2024", option, over])
    assert refused.exit_code == 2 and f"use {bound.describe()}" in refused.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["advise", "Bath", "--prefer", "LD", "--election", "{file}"],
        ["systems", "{file}"],
        ["results", "{file}"],
    ],
)
def test_a_file_not_utf_8_then_refused_is_one_error_line(tmp_path: Path, args: list[str]) -> None:
    """A results file read as Windows-1252 and then refused (a vote that is not a number) is
    the one ``error:`` line on every command: the note on how it was read is dropped with it
    (``psephos.cli._contract.HELD_NOTES``)."""
    bad = tmp_path / "nonutf.csv"
    bad.write_bytes(b"seat_code,seat_name,party,votes\nE1,X,Lab,\xff\xfe10\n")
    result = runner.invoke(app, [arg.format(file=bad) for arg in args])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "not a whole number" in lines[0]


@pytest.mark.parametrize("command", ["advise", "systems"])
def test_a_file_not_utf_8_that_reads_keeps_its_note(tmp_path: Path, command: str) -> None:
    """A Windows-1252 results file that reads is answered, its note first on stderr and in
    the JSON's ``notes``."""
    good = tmp_path / "cp1252.csv"
    good.write_bytes(
        "seat_code,seat_name,party,votes\nE1,Zoë,Lab,10\nE1,Zoë,Con,5\n".encode("cp1252")
    )
    args = (
        ["advise", "Zoë", "--prefer", "Lab", "--election", str(good)]
        if command == "advise"
        else ["systems", str(good), "-s", "fptp"]
    )
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    note = f"note: results file '{good}' is not UTF-8; it was read as Windows-1252"
    assert result.stderr.startswith(note), result.stderr
    assert any("read as Windows-1252" in line for line in json.loads(result.stdout)["notes"])


#: The short names of the options many commands share: each is that option's in every command
#: that has the option, so ``-p`` learnt on ``project`` works on ``forecast`` and ``pact``.
SHORT_NAMES = {
    "--poll": "-p",
    "--model": "-m",
    "--format": "-f",
    "--top": "-n",
    "--election": "-e",
    "--seat": "-s",
    "--out": "-o",
}
#: Commands whose own option had the short name first; changing it would break what works.
SHORT_NAME_TAKEN = {
    ("advise", "-p"): "--prefer",
    ("target", "-p"): "--pair",
    ("count-ballots", "-n"): "--seats",
}


def _options(command: Any) -> dict[str, Any]:
    return {
        name: param
        for param in command.params
        if param.param_type_name == "option"
        for name in (*param.opts, *param.secondary_opts)
    }


@pytest.mark.parametrize(("prefix", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_a_shared_option_has_one_short_name(prefix: list[str], command: Any) -> None:
    """``-p`` is ``--poll`` in ``project``, ``map`` and ``govern``; so it is in every command
    that takes a poll (``forecast -p`` was "No such option: -p"), and ``-m`` ``--model``,
    unless the command's own option had the short name first (:data:`SHORT_NAME_TAKEN`)."""
    options = _options(command)
    name = " ".join(prefix)
    for long, short in SHORT_NAMES.items():
        if long not in options:
            continue
        taken = SHORT_NAME_TAKEN.get((name, short))
        owner = options.get(short)
        if taken is not None:
            assert owner is options[taken], f"{name}: {short} is no longer {taken}"
            continue
        assert owner is options[long], f"{name} {long} has no {short}"
        result = runner.invoke(app, [*prefix, "--help"], env={"COLUMNS": "200"})
        assert short in result.stdout, f"{name} --help does not show {short}"

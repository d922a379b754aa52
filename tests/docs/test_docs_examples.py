"""Every command and Python example in README.md and docs/*.md runs, and stated figures hold.

Examples are extracted from fenced code blocks: each ``psephos ...`` line (continuations joined)
runs through the CLI in a scratch folder holding a copy of ``examples/``, the input files the
commands read (they run from the repository root, where the README's setup leaves a reader),
after the page's command that writes a file it reads (``--save-draws``); each ``python`` block
runs on its own, as a reader pastes it, so it carries its own imports. The methodology pages'
fenced examples run too.
A doc that shows a command which fails, or a figure the code no longer gives, fails here. Long
examples are marked slow (``pytest -m slow``); the rest run in the default suite. A command
in an indented block would escape the extraction, so none may stand outside a fenced block.
A Python block whose first line is ``# template`` is a pattern to fill in and is not run.

Checked figures: a party and a seat count in a command's comment ("Con 372, Lab 200") must be
in its output; a Python line whose comment is a literal (``e.seats_won()["Con"]  # 317``) must
evaluate to it (``...`` ends a prefix); :data:`STATED` lists the figures docs state in prose.
"""

from __future__ import annotations

import ast
import csv
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from psephos.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The methodology pages: their fenced examples run too (a reader copies them as they copy the
#: README's), their indented command lines, prose about the method, are not checked.
METHODOLOGY = sorted((ROOT / "docs" / "methodology").glob("*.md"))
runner = CliRunner()

#: Examples that take more than ~5 s: run with ``pytest -m slow`` (the rest, ~1 min, by default;
#: ``.ci/run`` runs these in its slow lane, :func:`test_ci_runs_the_slow_examples`).
SLOW = re.compile(r"--sims 100000|backtest\(candidates=True\)|--sims 1000 .*--objective majority")
#: ``psephos serve`` runs until stopped: its documented options are checked through --help.
SERVER = re.compile(r"^psephos serve\b")

#: Figures stated in prose next to a command: command substring -> texts its output contains.
STATED: dict[str, list[str]] = {
    "results 2019-notional-2024": ["372", "200"],
    "govern 2017": ["Con + DUP, with 327 seats", "working majority of 13"],
    # docs/targeting.md: "Croydon Central at 17 of 330", and its --find line
    'target 2015 --pair Lab,Con --top 30 --find "Croydon Central"': [
        "rank 17 of 330",
        "Croydon Central: rank 17 of 330 on Lab's target list against Con; margin -0.31 "
        "points (-165 votes), a chance of 49% that Lab wins it.",
    ],
    "govern canada-2021": ["337 MPs vote", "LPC + NDP, with 185 seats", "working majority of 31"],
    # docs/countries.md: a mixed file read as its own country's
    "govern examples/new-zealand.csv --unknown-parties own": [
        "a majority needs 2",
        "National",
        "ACT",
    ],
    # docs/forecast.md: "the projection gives Reform 346 seats and the forecast expects 294
    # (90% range 227-357)"
    'Green 11 SNP 3 PC 1" --sims 20000 --seed 1': ["294.", "227", "357", "Reform UK 346"],
    # docs/forecast.md: the 2024 election "as the real-input back-test projects it" (its exact
    # GB shares: Lab 373, Con 163, SNP 31, as `backtest --input gb -e 2024`)
    "--candidates-from 2024 --recommendations sites-2024 --sims 20000 --seed 1": [
        "Lab 373, Con 163, LD 58, SNP 31"
    ],
    # docs/forecast.md, "Forecast example"
    "--sims 100000 --seed 1 --chart forecast-seats.png": [
        "403.7",
        "354",
        "455",
        "99.6%",
        "99.7%",
        "Lab: 99.7%; Lab + SNP + PC",
    ],
}

#: The input files the docs' commands read (``examples/polls.csv``), run from the repository root.
EXAMPLE_FILES = ROOT / "examples"
#: A file of examples/ a command reads: ``examples/polls.csv``, a module ``examples.myrouting:``.
EXAMPLE_PATH = re.compile(r"(?<![\w/])examples(?:/([\w.-]+)|\.(\w+):)")
#: An output path a command writes (``--out``, ``--chart``, ``--save-draws``, ``> FILE``).
OUTPUT = re.compile(r"(?:--out|-o|--chart|--save-draws|>)\s+(\S+)")


@dataclass(frozen=True)
class Example:
    """One documented example: a CLI command line or a Python block."""

    doc: str
    kind: str  # "cli" or "python"
    text: str
    comment: str = ""

    @property
    def id(self) -> str:
        return f"{self.doc}: {self.text.splitlines()[0][:70]}"


def _blocks(path: Path) -> Iterator[tuple[str, str]]:
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", path.read_text("utf-8"), re.S | re.M):
        yield match.group(1), match.group(2)


def _commands(line: str) -> Iterator[tuple[str, str]]:
    """``psephos ...`` commands in a shell line (``&&`` chains, ``.venv/bin/`` prefixes)."""
    comment = ""
    found = re.search(r"\s#\s(.*)$", line)
    if found:
        comment, line = found.group(1), line[: found.start()]
    for part in line.split("&&"):
        part = re.sub(r"^\s*(\S+=\S+\s+)*(\.venv/bin/)?", "", part).strip()
        if part.startswith("psephos ") or part == "psephos":
            yield part, comment


def collect() -> list[Example]:
    """Every documented example: each command line, and each Python block on its own, as a
    reader pastes it (a block that uses a name carries its own import)."""
    found: list[Example] = []
    for path in [*DOCS, *METHODOLOGY]:
        doc = path.relative_to(ROOT).as_posix()
        for lang, body in _blocks(path):
            if lang == "python":
                if not body.lstrip().startswith("# template"):  # placeholders to fill in
                    found.append(Example(doc, "python", body))
                continue
            if lang not in ("", "bash", "sh", "shell", "console"):
                continue
            for line in body.replace("\\\n", " ").splitlines():
                code = re.match(r'^\s*python3? -c "(.*)"', line.split("  #")[0].strip())
                if code:
                    statements = [part.strip() for part in code.group(1).split(";")]
                    found.append(Example(doc, "python", "\n".join(statements)))
                    continue
                for command, comment in _commands(line):
                    found.append(Example(doc, "cli", command, comment))
    return found


EXAMPLES = collect()


def _param(example: Example) -> Any:
    marks = [pytest.mark.slow] if SLOW.search(example.text) else []
    return pytest.param(example, id=example.id, marks=marks)


@pytest.fixture()
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A scratch folder holding ``examples/``: the repository root, where the docs' commands run."""
    shutil.copytree(EXAMPLE_FILES, tmp_path / "examples")
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


def test_docs_have_examples() -> None:
    kinds = {(e.doc, e.kind) for e in EXAMPLES}
    assert ("README.md", "cli") in kinds and ("README.md", "python") in kinds
    assert sum(e.kind == "cli" for e in EXAMPLES) >= 30


def test_ci_runs_the_slow_examples() -> None:
    """The examples :data:`SLOW` marks (the forecast page's headline and its stated figures
    among them) run in ``.ci/run``'s slow lane, so one that drifts fails CI: the lane's
    ``pytest -m slow`` names this file."""
    assert any(SLOW.search(e.text) for e in EXAMPLES), "no slow example: drop this test"
    script = (ROOT / ".ci" / "run").read_text("utf-8").replace("\\\n", " ")
    lanes = [line for line in script.splitlines() if re.search(r"pytest .*-m slow\b", line)]
    assert lanes, ".ci/run runs no slow tests"
    here = Path(__file__).relative_to(ROOT).as_posix()
    assert any(here in shlex.split(line) for line in lanes), f".ci/run's slow lane omits {here}"


def test_no_command_outside_a_fenced_block() -> None:
    """An indented ``psephos ...`` line is not extracted above, so it would never run."""
    unchecked = []
    for path in DOCS:
        text = re.sub(r"^```.*?^```", "", path.read_text("utf-8"), flags=re.S | re.M)
        for line in text.splitlines():
            if re.match(r"^(?: {4,}|\t)(?:\$ )?(?:\.venv/bin/)?psephos\b", line):
                unchecked.append(f"{path.relative_to(ROOT).as_posix()}: {line.strip()}")
    assert not unchecked, "put these commands in a ```bash block:\n" + "\n".join(unchecked)


#: The error lines docs/cli.md shows ("On bad input"): a fragment of each, and a command giving it.
ERRORS = {
    "'--sims'": "forecast --poll 'Lab 35 Con 24' --sims 1000000000",
    "Unknown election '2018'": "results 2018",
    "'results/' is a folder": "results results/",
    "--stand-down Con:Kensington": "pact 2019 --bloc Lab,LD --stand-down Con:Kensington",
}


def test_documented_error_lines(scratch: Path) -> None:
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    block = re.search(r"^  ```text\n(.*?)^  ```", text, re.S | re.M)
    assert block, "docs/cli.md has no indented ```text block of error lines"
    (scratch / "results").mkdir()
    shown = [line.strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(shown) == len(ERRORS)
    for line in shown:
        command = next(command for fragment, command in ERRORS.items() if fragment in line)
        result = runner.invoke(app, shlex.split(command), env={"COLUMNS": "300"})
        assert result.exit_code == 2, f"{command}: exit {result.exit_code}"
        assert result.stderr.strip() == line, f"{command} gave:\n{result.stderr}"


def _figures(comment: str) -> list[str]:
    """``"Con 372, Lab 200"`` -> ``["372", "200"]``: seat counts a comment states."""
    return re.findall(r"\b(?:Con|Lab|LD|SNP|Reform|Green|DUP|PC)\s(\d{2,3})\b", comment)


def run_cli(example: Example) -> str:
    args = shlex.split(example.text)[1:]
    target = None
    if ">" in args:
        at = args.index(">")
        args, target = args[:at], args[at + 1]
    if "|" in args:
        args = args[: args.index("|")]
    if SERVER.search(example.text):
        args = [*args, "--help"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, f"{example.id} failed:\n{result.stderr}{result.stdout[-2000:]}"
    if target:
        Path(target).write_text(result.stdout, encoding="utf-8")
    return result.stdout


def _literal(text: str) -> Any:
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return None


def _matches(value: Any, stated: str) -> bool:
    """Compare a value with the literal a doc states; ``...`` ends a prefix."""
    if "..." in stated:
        prefix = stated.split("...")[0].rstrip()
        return repr(value).startswith(prefix) or str(value).startswith(prefix)
    literal = _literal(stated)
    if isinstance(literal, float | int) and isinstance(value, float | int):
        return abs(float(value) - float(literal)) < 1e-9 * max(1.0, abs(float(literal)))
    if hasattr(value, "item"):
        value = value.item()
    return bool(value == literal)


def run_python(example: Example) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    statements = ast.parse(example.text).body
    lines = example.text.splitlines()
    for statement in statements:
        code = compile(ast.Module(body=[statement], type_ignores=[]), example.doc, "exec")
        if not isinstance(statement, ast.Expr):
            exec(code, namespace)
            continue
        value = eval(compile(ast.Expression(statement.value), example.doc, "eval"), namespace)
        line = lines[statement.end_lineno - 1] if statement.end_lineno else ""
        stated = line.split("#", 1)[1].strip() if "#" in line else ""
        checkable = _literal(stated) is not None or (
            "..." in stated and re.match(r"^[\d(\[{'\"-]", stated) is not None
        )
        if stated and checkable:
            assert _matches(value, stated), f"{example.doc}: {line.strip()} gave {value!r}"


def _written_before(example: Example) -> list[Example]:
    """The commands of ``example``'s page that write a file it reads (``--save-draws
    draws.npy`` before ``--draws draws.npy``): a reader runs them first, as the page lists
    them."""
    read = set(shlex.split(example.text)[1:]) - set(OUTPUT.findall(example.text))
    return [
        other
        for other in EXAMPLES
        if other.doc == example.doc
        and other.kind == "cli"
        and other is not example
        and read & set(OUTPUT.findall(other.text))
    ]


@pytest.mark.parametrize("example", [_param(e) for e in EXAMPLES])
def test_documented_example_runs(example: Example, scratch: Path) -> None:
    if example.kind == "python":
        run_python(example)
        return
    for writer in _written_before(example):
        run_cli(writer)
    output = run_cli(example)
    for figure in _figures(example.comment):
        assert figure in output, f"{example.id}: the doc says {figure}; output:\n{output}"
    for fragment, stated in STATED.items():  # stated in README and docs/*.md, not methodology
        if f"{fragment} " in example.text + " " and not example.doc.startswith("docs/methodology"):
            for text in stated:
                assert text in output, f"{example.id}: the doc states {text!r}"


def _example_files(example: Example) -> set[str]:
    """The files of ``examples/`` a command reads (``examples.myrouting:minutes``: a module)."""
    return {path or f"{module}.py" for path, module in EXAMPLE_PATH.findall(example.text)}


def test_every_example_file_is_there_and_used() -> None:
    """A command's input is a file a newcomer has: one of examples/, each of which a doc uses."""
    named = set().union(*(_example_files(e) for e in EXAMPLES if e.kind == "cli"))
    there = {path.name for path in EXAMPLE_FILES.iterdir()} - {"README.md"}
    assert named - there == set(), "docs name files examples/ lacks"
    assert there - named == set(), "files of examples/ no documented command reads"
    listed = (EXAMPLE_FILES / "README.md").read_text("utf-8")
    assert [name for name in sorted(there) if f"`{name}`" not in listed] == []
    readme_commands = [e for e in EXAMPLES if e.doc == "README.md" and _example_files(e)]
    assert len(readme_commands) >= 3  # run by test_documented_example_runs


def test_no_example_writes_into_the_docs() -> None:
    """Run from the repository root, a user's example must not overwrite a page or picture."""
    writes_docs = [
        e.id
        for e in EXAMPLES
        if e.kind == "cli" and any(p.startswith("docs/") for p in OUTPUT.findall(e.text))
    ]
    assert writes_docs == [], "write to gains.png, say; give maintainers' commands in prose"


def test_sample_is_the_bundled_2024_result() -> None:
    """examples/sample.csv is real: each share is the bundled 2024 result's, to one decimal."""
    import psephos

    election = psephos.load("2024")
    rows = (EXAMPLE_FILES / "sample.csv").read_text("utf-8").splitlines()[1:]
    assert len({row.split(",")[0] for row in rows}) >= 10
    for row in rows:
        code, *_, party, share = next(csv.reader([row]))
        seat = election.seat_index(code)
        votes = election.votes[seat]
        expected = 100 * votes[election.parties.index(party)] / votes.sum()
        assert abs(float(share) - expected) <= 0.051, f"{code} {party}: {share} vs {expected:.2f}"


def test_an_argument_and_its_option_read_alike_as_cli_md_shows() -> None:
    """docs/cli.md's "An argument or its option" commands run as written (``advise`` needs
    ``--prefer``, which they once left out) and the two forms of each give one answer."""
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    paragraph = text.split("**An argument or its option**", 1)[1].split("\n- **", 1)[0]
    commands = re.findall(
        r"`(psephos (?:advise|nearest|results) [^`]+)`", " ".join(paragraph.split())
    )
    assert any("--seat Bath" in command for command in commands)
    answers: dict[str, list[str]] = {}
    for command in commands:
        args = shlex.split(command)[1:]
        result = runner.invoke(app, [*args, "--format", "json"])
        assert result.exit_code == 0, f"{command}: {result.stderr}"
        answers.setdefault(args[0], []).append(result.stdout)
    assert all(len(set(outputs)) == 1 for outputs in answers.values()), answers.keys()

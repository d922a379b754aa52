"""The command line loads lazily: the help screen and each command import only what they need."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
import typer
import typer.main
from typer.testing import CliRunner

from psephos.cli import COMMANDS, app, module_commands

runner = CliRunner()
HEAVY = ("scipy", "pandas", "pyarrow", "matplotlib", "sklearn", "ortools", "fastapi", "sqlalchemy")


def _modules_after(code: str) -> set[str]:
    """Top-level packages imported by a fresh interpreter running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}


def test_importing_the_cli_loads_nothing_heavy() -> None:
    loaded = _modules_after("import psephos.cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "numpy" not in loaded


def test_the_help_screen_loads_no_command_module() -> None:
    code = (
        "import sys\nfrom psephos.cli import main\nsys.argv = ['psephos', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert not [m for m in sys.modules if m.startswith('psephos.cli.') and "
        "not m.startswith('psephos.cli._')], 'a command module was imported'"
    )
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_results_reads_the_bundled_tables_without_pandas_or_pyarrow() -> None:
    """``psephos results 2024`` loads two elections from the .npz tables and renders them; it
    must stay free of pandas, pyarrow and the other heavy packages (start-up, issues 17 and 21)."""
    code = (
        "import contextlib, io, sys\nfrom psephos.cli import main\n"
        "sys.argv = ['psephos', 'results', '2024']\nout = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n    try:\n        main()\n"
        "    except SystemExit as done:\n        assert not done.code, done.code\n"
        "assert 'Lab' in out.getvalue() and '411' in out.getvalue(), out.getvalue()[:300]"
    )
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_importing_psephos_is_lazy_but_complete() -> None:
    assert "pandas" not in _modules_after("import psephos")
    import psephos

    assert psephos.load("2017").seats_won()["Con"] == 317
    assert set(psephos.__all__) <= set(dir(psephos))
    with pytest.raises(AttributeError):
        psephos.no_such_name  # noqa: B018


def test_the_table_lists_exactly_what_the_modules_register() -> None:
    registered: dict[str, click.Command] = {}
    for module in dict.fromkeys(entry.module for entry in COMMANDS):
        registered.update(module_commands(module))
    assert [entry.name for entry in COMMANDS] == list(
        dict.fromkeys(entry.name for entry in COMMANDS)
    )
    assert {entry.name for entry in COMMANDS} == set(registered)
    for entry in COMMANDS:
        command = registered[entry.name]
        first_line = (command.short_help or command.help or "").strip().splitlines()[0]
        assert entry.help == first_line, entry.name
        assert entry.name in module_commands(entry.module)


def test_every_command_has_help() -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for entry in COMMANDS:
        assert entry.name in top.output
        result = runner.invoke(app, [entry.name, "--help"])
        assert result.exit_code == 0, (entry.name, result.output)
        assert "Usage" in result.output
        assert entry.help.split()[0] in result.output
        command = module_commands(entry.module)[entry.name]
        if isinstance(command, click.Group):  # every sub-command of a group too
            for sub in command.commands:
                sub_result = runner.invoke(app, [entry.name, sub, "--help"])
                assert sub_result.exit_code == 0, (entry.name, sub, sub_result.output)
                assert (command.commands[sub].help or "").strip()


def test_a_lazy_command_runs_and_reports_errors_in_one_line() -> None:
    result = runner.invoke(app, ["results", "1999"])
    assert result.exit_code == 2
    assert "Unknown election '1999'" in result.output
    assert "Traceback" not in result.output
    ok = runner.invoke(app, ["results", "2017"])
    assert ok.exit_code == 0 and "Con" in ok.output


def test_the_real_app_still_builds_as_one_group() -> None:
    group = typer.main.get_group(app)
    assert group.list_commands(click.Context(group))[: len(COMMANDS)] == [
        entry.name for entry in COMMANDS
    ]


def test_a_command_s_process_collects_cycles_every_fifty_thousand_objects() -> None:
    """``main`` sets the garbage collector's first threshold (:data:`GC_YOUNG_OBJECTS`): at
    Python's 700, its passes over ``allocate``'s 100,000 rows cost a tenth of the command."""
    code = (
        "import contextlib, gc, io, sys\nfrom psephos.cli import GC_YOUNG_OBJECTS, main\n"
        "sys.argv = ['psephos', '--version']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    try:\n        main()\n"
        "    except SystemExit:\n        pass\n"
        "assert gc.get_threshold()[0] == GC_YOUNG_OBJECTS == 50_000, gc.get_threshold()\n"
        "assert gc.isenabled()"
    )
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))

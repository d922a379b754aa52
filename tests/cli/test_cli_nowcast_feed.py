"""``psephos nowcast feed`` on the files a results night really gives it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from psephos.cli import app

runner = CliRunner()

#: Two seats of the 2024 boundaries with their parties' votes (Houghton and Sunderland South,
#: Blyth and Ashington).
SEATS = (
    "E14001295,Lab,18837\nE14001295,Reform,11668\nE14001295,Con,5514\n"
    "E14001107,Lab,20030\nE14001107,Reform,10857\nE14001107,Con,6121\n"
)


def _feed(tmp_path: Path, name: str, text: str, *args: str) -> Result:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "night.sqlite"
    return runner.invoke(
        app, ["nowcast", "feed", str(path), "--store", str(store), "-f", "json", *args]
    )


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    result = _feed(tmp_path, "bom.csv", "\ufeffseat_code,party,votes\n" + SEATS)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n_declared"] == 2
    line = json.dumps({"seat": "E14001295", "votes": {"Lab": 18837, "Reform": 11668}})
    result = _feed(tmp_path, "bom.jsonl", "\ufeff" + line + "\n")
    assert result.exit_code == 0, result.output

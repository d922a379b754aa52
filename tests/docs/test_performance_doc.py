"""docs/performance.md is generated from docs/perf/ and names only benchmarks that exist.

The page is built by ``scripts/build_performance_doc.py`` from the per-area pages; a sentence
or figure written into the page alone would be lost at the next build, so the committed page
must be exactly what the script builds. The benchmarks table (docs/perf/benchmarks.md) must
describe every script in ``benchmarks/``, and every script the page names must exist (in
``benchmarks/``, or in ``scripts/`` or ``tests/`` where the page cites a source).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "performance.md"
BENCHMARKS = ROOT / "benchmarks"
#: A file name in backticks or after ``benchmarks/``: ``front_doors.py``, ``install_size.sh``.
SCRIPT_NAME = re.compile(r"\b([a-z][a-z0-9_]*\.(?:py|sh))\b")
#: Files of benchmarks/ that another script runs or imports, named beside it rather than in a row.
HELPERS = ("_report.py", "web_locustfile.py")


def _build_script() -> ModuleType:
    path = ROOT / "scripts" / "build_performance_doc.py"
    spec = importlib.util.spec_from_file_location("build_performance_doc", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _benchmark_scripts() -> set[str]:
    """The scripts in benchmarks/ that are run on their own (not :data:`HELPERS`)."""
    return {
        path.name
        for path in BENCHMARKS.iterdir()
        if path.suffix in (".py", ".sh") and path.name not in HELPERS
    }


def _table_scripts(text: str) -> set[str]:
    """Script names in the first column of the Markdown tables of ``text``."""
    names = set()
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            names.update(re.findall(r"`([a-z][a-z0-9_]*\.(?:py|sh))`", cells[1]))
    return names


def test_committed_page_is_what_the_script_builds() -> None:
    built = _build_script().build()
    committed = PAGE.read_text(encoding="utf-8")
    assert committed == built, (
        "docs/performance.md differs from what scripts/build_performance_doc.py builds: move the "
        "edit into its page under docs/perf/ and run python scripts/build_performance_doc.py"
    )


def test_check_option_flags_a_stale_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _build_script()
    (tmp_path / "docs" / "perf").mkdir(parents=True)
    (tmp_path / "docs" / "perf" / "area.md").write_text("# Area\n\nA figure.\n", encoding="utf-8")
    (tmp_path / "docs" / "performance.md").write_text("hand-edited\n", encoding="utf-8")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    assert module.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert module.main([]) == 0
    assert module.main(["--check"]) == 0
    assert (tmp_path / "docs" / "performance.md").read_text(encoding="utf-8") == (
        module.HEADER + "# Area\n\nA figure.\n"
    )


def test_pages_open_with_the_overview_then_follow_by_name(tmp_path: Path) -> None:
    module = _build_script()
    perf = tmp_path / "docs" / "perf"
    perf.mkdir(parents=True)
    for stem in ("zeta", "front-doors", "alpha", "benchmarks"):
        (perf / f"{stem}.md").write_text(f"# {stem}\n", encoding="utf-8")
    assert [page.stem for page in module.pages(tmp_path)] == [
        "benchmarks",
        "front-doors",
        "alpha",
        "zeta",
    ]


def test_every_benchmark_script_is_in_the_benchmarks_table() -> None:
    text = (ROOT / "docs" / "perf" / "benchmarks.md").read_text(encoding="utf-8")
    assert _benchmark_scripts() - _table_scripts(text) == set()
    assert [name for name in HELPERS if not (BENCHMARKS / name).exists()] == []
    assert [name for name in HELPERS if name not in text] == []


def test_every_script_the_page_names_exists() -> None:
    """Names in the page are benchmarks, or files of scripts/ or tests/ cited as sources."""
    known = _benchmark_scripts() | set(HELPERS)
    known |= {path.name for folder in ("scripts", "tests") for path in (ROOT / folder).rglob("*")}
    named = set(SCRIPT_NAME.findall(PAGE.read_text(encoding="utf-8")))
    assert named - known == set()


def test_links_are_rebased_from_the_perf_pages() -> None:
    rebase = _build_script().rebase_links
    text = "[a](../methodology/forecast.md#x) [b](web.md) [c](https://x.org) [d](#here)"
    assert rebase(text) == (
        "[a](methodology/forecast.md#x) [b](perf/web.md) [c](https://x.org) [d](#here)"
    )

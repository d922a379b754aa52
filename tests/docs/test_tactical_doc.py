"""docs/tactical.md is exactly what ``psephos tactical-audit --markdown`` prints.

The page is generated (its first lines name the command); a change to the projection or the
advice that moves a figure must be followed by regenerating it, or this test fails. It audits
2019 and 2024 under every projection model, so it is slow (``pytest -m slow``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from psephos.tactical.report import audit_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "tactical.md"


@pytest.mark.slow
def test_committed_page_is_what_the_command_prints() -> None:
    committed = PAGE.read_text(encoding="utf-8")
    # the command prints the report and a newline: `> docs/tactical.md` writes both
    assert committed == audit_markdown() + "\n", (
        "docs/tactical.md differs from psephos.tactical.report.audit_markdown(): regenerate it "
        "from the repository root with `psephos tactical-audit --markdown > docs/tactical.md`"
    )

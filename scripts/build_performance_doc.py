"""Assemble docs/performance.md from the per-area pages in docs/perf/.

Run: ``python scripts/build_performance_doc.py`` (``--check`` only compares, exit status 1 when
the committed page differs). Each area's benchmark writes its own page; this keeps one readable
document without several writers editing one file. docs/performance.md is never edited by hand:
every figure, with its machine and date, and every sentence about it lives in one page under
docs/perf/ (``tests/docs/test_performance_doc.py`` fails when the two differ).

To add a figure: add its row or paragraph to the page of its area, or a new page
``docs/perf/<area>.md`` starting with a ``#`` title (a benchmark writes it through
``benchmarks/_report.publish``); new pages follow :data:`FIRST` in alphabetical order.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADER = """# Performance

Measured figures, one section per area, each with its machine and date. Speed targets in the
issues are benchmark figures (scripts in `benchmarks/`), never timed unit tests. Regenerate this
page with `python scripts/build_performance_doc.py` after re-running a benchmark.

"""

#: Pages that open the document (issue 21's front doors and counts); the rest follow by name.
FIRST = ("benchmarks", "front-doors", "systems-count", "foundation")


def pages(root: Path = ROOT) -> list[Path]:
    """The docs/perf pages in the order the document shows them."""
    return sorted(
        (root / "docs" / "perf").glob("*.md"),
        key=lambda p: (FIRST.index(p.stem) if p.stem in FIRST else len(FIRST), p.stem),
    )


#: A Markdown link's relative target: ``](target)``, not a scheme (``https:``) or an anchor.
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)", re.IGNORECASE)


def rebase_links(text: str) -> str:
    """Links written from docs/perf/ as links from docs/: ``../x.md`` is ``x.md``, ``x.md`` is
    ``perf/x.md``, so a link resolves both in its page and in docs/performance.md."""

    def rebase(match: re.Match[str]) -> str:
        target = match.group(1)
        return "](" + (target[3:] if target.startswith("../") else f"perf/{target}")

    return RELATIVE_LINK.sub(rebase, text)


def build(root: Path = ROOT) -> str:
    """The text of docs/performance.md: :data:`HEADER`, then every page, one blank line apart,
    its relative links rebased to docs/ (:func:`rebase_links`)."""
    body = "\n\n".join(page.read_text(encoding="utf-8").strip() for page in pages(root))
    return HEADER + rebase_links(body) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/performance.md, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(description="Assemble docs/performance.md from docs/perf/.")
    parser.add_argument(
        "--check", action="store_true", help="compare only; exit 1 if the page is out of date"
    )
    args = parser.parse_args(argv)
    target = ROOT / "docs" / "performance.md"
    text = build(ROOT)
    if args.check:
        if target.read_text(encoding="utf-8") == text:
            return 0
        print(f"{target} is out of date: run python scripts/build_performance_doc.py")
        return 1
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

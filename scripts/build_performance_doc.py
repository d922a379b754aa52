"""Assemble docs/performance.md from the per-area pages in docs/perf/.

Run: ``python scripts/build_performance_doc.py``. Each area's benchmark writes its own page;
this keeps one readable document without several writers editing one file.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADER = """# Performance

Measured figures, one section per area, each with its machine and date. Speed targets in the
issues are benchmark figures (scripts in `benchmarks/`), never timed unit tests. Regenerate this
page with `python scripts/build_performance_doc.py` after re-running a benchmark.

"""


def main() -> None:
    """Concatenate docs/perf/*.md under one header: issue 21's front doors and counts first."""
    first = ("benchmarks", "front-doors", "systems-count", "foundation")
    pages = sorted(
        (ROOT / "docs" / "perf").glob("*.md"),
        key=lambda p: (first.index(p.stem) if p.stem in first else len(first), p.stem),
    )
    body = "\n\n".join(page.read_text(encoding="utf-8").strip() for page in pages)
    (ROOT / "docs" / "performance.md").write_text(HEADER + body + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

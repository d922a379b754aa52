"""Every number psephos writes for a person goes through :mod:`psephos.numbers`: no f-string or
``format()`` with a fixed float spec (``:.1f``, ``:.0%``, ``:+.2f``, ``:.3g``) anywhere else in
the package, so a small non-zero value never reads as ``0.0`` or ``0%`` in a command's text, a
sentence or an error message (docs/cli.md: small numbers never print as 0.0)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import psephos

PACKAGE = Path(psephos.__file__).parent

#: A fixed float spec: precision and a float kind (flags, sign, width and grouping allowed).
FLOAT_SPEC = re.compile(r".*\.\d+[fFgGeE%]")

#: The same in a ``"%.1f" % value`` format.
PERCENT_SPEC = re.compile(r"%([-+ #0]*\d*\.\d+[fFgGeE])")

#: (module, the formatted expression, its spec) allowed to keep its own format, and why.
ALLOWED = {
    # SVG geometry: coordinates a browser draws, not text a person reads.
    ("results/hexmap.py", "cx", ".2f"),
    ("results/hexmap.py", "cy", ".2f"),
    ("results/hexmap.py", "left", ".1f"),
    ("results/hexmap.py", "top", ".1f"),
    ("results/hexmap.py", "width", ".1f"),
    ("results/hexmap.py", "height", ".1f"),
    # Numbers kept in the allocation's JSON summary (parsed back with float()), not text.
    ("targeting/allocate.py", "self.optimal.value", ".6g"),
    ("targeting/allocate.py", "self.optimal.travel_cost", ".6g"),
    ("targeting/allocate.py", "self.optimal.objective", ".6g"),
    ("targeting/allocate.py", "self.greedy.objective", ".6g"),
    ("targeting/allocate.py", "self.nearest.objective", ".6g"),
    # A workbook's number cell as the CSV text the row readers parse (Excel's General format,
    # io/rows.py _cell_text), not text a person reads.
    ("io/rows.py", "value", ".15g"),
}


def _fixed_float_formats(source: str, module: str) -> list[tuple[str, str, str]]:
    """``(module, expression, spec)`` for every fixed float spec in ``source``'s f-strings,
    ``format(value, spec)`` calls and ``"%.1f" % value`` formats, in the order they are written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            parts = node.format_spec.values
            spec = "".join(p.value for p in parts if isinstance(p, ast.Constant))
            value = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "format"
            and len(node.args) == 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            spec, value = node.args[1].value, node.args[0]
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and (old_style := PERCENT_SPEC.search(node.left.value))
        ):
            spec, value = old_style[1], node.right
        else:
            continue
        if FLOAT_SPEC.fullmatch(spec):
            found.append(
                (value.lineno, value.col_offset, ast.get_source_segment(source, value), spec)
            )
    return [(module, expression or "", spec) for *_, expression, spec in sorted(found)]


def _package_formats() -> list[tuple[str, str, str]]:
    return [
        entry
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "numbers.py" or path.parent != PACKAGE  # the rule itself
        for entry in _fixed_float_formats(
            path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).as_posix()
        )
    ]


def test_the_scan_finds_a_hand_written_float_format() -> None:
    """The scan reads f-strings, ``format()`` calls and ``%`` formats; whole-number specs are
    left alone."""
    text = "\n".join(
        [
            "a = 1.0",
            'b = f"{a:.1f} {a * 100:+.0f}% {a:.0%} {a:,} {3:+d}"',
            'c = format(a, ".3g")',
            'd = "%.2f" % a',
        ]
    )
    found = _fixed_float_formats(text, "example.py")
    assert [(expression, spec) for _, expression, spec in found] == [
        ("a", ".1f"),
        ("a * 100", "+.0f"),
        ("a", ".0%"),
        ("a", ".3g"),
        ("a", ".2f"),
    ]


def test_numbers_shown_to_people_go_through_the_number_rule() -> None:
    found = _package_formats()
    left = [entry for entry in found if entry not in ALLOWED]
    assert not left, f"write these with psephos.numbers.format_number: {left}"
    assert set(found) >= ALLOWED, "an allowlisted format is gone: drop it from ALLOWED"

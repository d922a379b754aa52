"""The browser script writes numbers by the project's one rule (:mod:`psephos.numbers`): its
``formatNumber`` gives what :func:`psephos.numbers.format_number` gives, and it is the only
place the script turns a number into text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.resources import files

import pytest

from psephos.numbers import format_number

SCRIPT = files("psephos.web").joinpath("static/app.js").read_text(encoding="utf-8")
RULE = re.search(r"// number rule: begin\n(.*?)// number rule: end", SCRIPT, re.DOTALL)

#: Values a page shows (shares, changes, seats), the small ones that must not read as zero,
#: float noise either side of zero, and negative zero.
VALUES = (
    0.0,
    -0.0,
    1e-13,
    -1e-13,
    0.0048,
    -0.0048,
    0.04,
    -0.04,
    0.000012,
    0.26,
    3.14159,
    -1.2800000000000011,
    33.71,
    -12.06,
    411.0,
    650.0,
    0.3,
    -0.3,
    0.9997,
    0.96,
    1.0,
)


def test_the_script_has_one_number_function_and_uses_it() -> None:
    assert RULE is not None
    outside = SCRIPT.replace(RULE.group(0), "")
    assert "formatNumber(" in outside
    for method in ("toFixed(", "toPrecision(", "toExponential("):
        assert method not in outside, method


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_format_number_in_the_browser_is_the_python_rule(decimals: int, signed: bool) -> None:
    assert RULE is not None
    harness = (
        RULE.group(1)
        + f"console.log(JSON.stringify({json.dumps(list(VALUES))}.map("
        + f"(v) => formatNumber(v, {decimals}, {json.dumps(signed)}))));"
    )
    out = subprocess.run(
        ["node", "-e", harness], capture_output=True, text=True, check=True, timeout=60
    )
    spec = ("+" if signed else "") + f".{decimals}f"
    # JSON has no negative zero: -0.0 arrives as 0, which the rule writes the same way.
    assert json.loads(out.stdout) == [format_number(value, spec) for value in VALUES]

"""The browser script writes numbers by the project's one rule (:mod:`psephos.numbers`): its
``formatNumber`` gives what :func:`psephos.numbers.format_number` gives, and it is the only
place the script turns a number into text. Its election picker opens the page it says, through
one function run here as the browser runs it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.resources import files
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from web_helpers import picker_options

from psephos.numbers import format_number
from psephos.results.hexmap import MapMode

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


PICKER = re.search(r"// election picker: begin\n(.*?)// election picker: end", SCRIPT, re.DOTALL)


def test_the_election_picker_goes_through_its_one_function() -> None:
    assert PICKER is not None
    outside = SCRIPT.replace(PICKER.group(0), "")
    assert "electionPage(" in outside and "dataset.mapModes" in outside
    assert "select.dataset.navigate + " not in outside


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
@pytest.mark.parametrize("show", [None, "winner", "gains", "majority"])
def test_the_election_picker_keeps_the_map_s_mode_where_the_election_offers_it(
    client: TestClient, show: str | None
) -> None:
    """Choosing an election in the results explorer's picker opens its page with the map's
    mode of the page it was on, where that election's map offers it (its option's
    data-map-modes), and with the default mode otherwise: a page that answers."""
    assert PICKER is not None
    params = {"show": show} if show else {}
    page = client.get("/elections/2024", params=params)
    assert page.status_code == 200
    navigate = re.search(r'<select name="goto" data-navigate="([^"]+)"', page.text)
    assert navigate is not None
    offered = picker_options(page.text)
    search = "?" + urlencode(params) if params else ""
    calls = [
        [navigate[1], election, " ".join(modes), search] for election, modes in offered.items()
    ]
    harness = PICKER.group(1) + (
        f"console.log(JSON.stringify({json.dumps(calls)}.map((a) => electionPage(...a))));"
    )
    out = subprocess.run(
        ["node", "-e", harness], capture_output=True, text=True, check=True, timeout=60
    )
    opened = dict(zip(offered, json.loads(out.stdout), strict=True))
    for election, modes in offered.items():
        kept = show is not None and show in modes
        assert opened[election] == navigate[1] + election + (f"?show={show}" if kept else "")
        answer = client.get(opened[election])
        assert answer.status_code == 200, opened[election]
        drawn = re.search(r'<svg id="hexmap"[^>]* data-show="([^"]+)"', answer.text)
        if not modes:  # an election with no hex map (Canada's): its page draws none
            assert drawn is None and '<figure class="hexmap">' not in answer.text
            continue
        assert drawn is not None and drawn[1] == (show if kept else MapMode.winner)
    if show is not None:
        assert any(show in modes for modes in offered.values())

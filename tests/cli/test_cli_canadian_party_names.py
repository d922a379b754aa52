"""Every command that takes a Canadian election reads Canada's parties by their short names,
those a UK party shares too ("Conservative", "Green", "Liberal"), as it reads their codes
(psephos.model.party_in: an election's own parties first), and a UK election reads the same
names as the UK's parties, as it always has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app

runner = CliRunner()

POLL_BY_NAME = "Conservative 33 Liberal 32 NDP 19 Bloc 8 Green 3 People's 5"
POLL_BY_CODE = "CPC 33 LPC 32 NDP 19 BQ 8 GPC 3 PPC 5"

#: Each command twice, with Canada's parties by short name and by code: the answers agree.
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "project": (
        ["project", "--from", "canada-2021", "--poll", POLL_BY_NAME],
        ["project", "--from", "canada-2021", "--poll", POLL_BY_CODE],
    ),
    "forecast": (
        [
            "forecast",
            "--from",
            "canada-2021",
            "--poll",
            POLL_BY_NAME,
            "--sims",
            "200",
            "--seed",
            "1",
        ],
        [
            "forecast",
            "--from",
            "canada-2021",
            "--poll",
            POLL_BY_CODE,
            "--sims",
            "200",
            "--seed",
            "1",
        ],
    ),
    "advise": (
        [
            "advise",
            "Papineau",
            "-e",
            "canada-2021",
            "--prefer",
            "Green > NDP > Liberal",
            "--against",
            "Conservative",
            "--sims",
            "50",
        ],
        [
            "advise",
            "Papineau",
            "-e",
            "canada-2021",
            "--prefer",
            "GPC > NDP > LPC",
            "--against",
            "CPC",
            "--sims",
            "50",
        ],
    ),
    "tactical": (
        [
            "tactical",
            "-e",
            "canada-2021",
            "--against",
            "Conservative",
            "--bloc",
            "Liberal,NDP,Green",
            "--build",
            "Green",
            "--sims",
            "50",
        ],
        [
            "tactical",
            "-e",
            "canada-2021",
            "--against",
            "CPC",
            "--bloc",
            "LPC,NDP,GPC",
            "--build",
            "GPC",
            "--sims",
            "50",
        ],
    ),
    "pact": (
        [
            "pact",
            "canada-2021",
            "--bloc",
            "Liberal,NDP,Green",
            "--stand-down",
            "Green:Papineau",
            "--transfer",
            "Green>NDP=0.6",
        ],
        [
            "pact",
            "canada-2021",
            "--bloc",
            "LPC,NDP,GPC",
            "--stand-down",
            "GPC:Papineau",
            "--transfer",
            "GPC>NDP=0.6",
        ],
    ),
    "target": (
        ["target", "canada-2021", "--pair", "Conservative,Liberal"],
        ["target", "canada-2021", "--pair", "CPC,LPC"],
    ),
    "govern": (
        ["govern", "canada-2021", "--coalition", "Liberal+NDP"],
        ["govern", "canada-2021", "--coalition", "LPC+NDP"],
    ),
}


def _json(arguments: list[str]) -> dict[str, Any]:
    """The command's JSON answer, less the poll as typed (which it echoes)."""
    answer = command_json(*arguments)
    answer.pop("poll", None)
    return answer


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_canadian_election_reads_short_names_as_its_parties(command: str) -> None:
    by_name, by_code = COMMANDS[command]
    assert _json(by_name) == _json(by_code)


def test_a_swap_offer_on_a_canadian_election_reads_short_names(tmp_path: Path) -> None:
    """A swap offer's "Green" and "Liberal" in a Canadian riding are the GPC and the LPC."""
    answers = []
    for green, liberal in (("Green", "Liberal"), ("GPC", "LPC")):
        offers = tmp_path / f"offers-{green}.csv"
        offers.write_text(
            "seat,preferred,willing\n"
            f"Papineau,{green},{liberal}\nCalgary Centre,{liberal},{green}\n"
        )
        answers.append(_json(["swap", str(offers), "-e", "canada-2021", "--sims", "50"]))
    assert answers[0] == answers[1]


def test_a_uk_election_reads_the_shared_names_as_the_uk_s_parties() -> None:
    """The same short names in a UK command are the UK's parties, as before."""
    by_name = ["project", "--from", "2024", "--poll", "Labour 34 Conservative 24 Green 7"]
    by_code = ["project", "--from", "2024", "--poll", "Lab 34 Con 24 Green 7"]
    assert _json(by_name) == _json(by_code)
    pact = ["pact", "2024", "--bloc", "Labour,Green", "--transfer", "Green>Lab=0.6"]
    assert _json(pact) == _json(
        ["pact", "2024", "--bloc", "Lab,Green", "--transfer", "Green>Lab=0.6"]
    )


def test_a_canadian_candidates_file_reads_short_names(tmp_path: Path) -> None:
    """A candidates file for a Canadian projection reads "Green" and "Conservative" as the
    GPC and the CPC, as its codes: they were the UK's Green and Con, parties new to Canada."""
    answers = []
    for names in (("Liberal", "Conservative", "Green"), ("LPC", "CPC", "GPC")):
        path = tmp_path / "candidates.csv"  # one name: the answer echoes it
        path.write_text("seat_code,party\n" + "".join(f"24055,{name}\n" for name in names))
        answers.append(
            _json(
                [
                    "project",
                    "--from",
                    "canada-2021",
                    "--poll",
                    POLL_BY_CODE,
                    "--candidates",
                    str(path),
                    "--all-seats",
                ]
            )
        )
    assert answers[0] == answers[1]


def test_another_country_s_party_in_candidate_lists_is_refused_naming_the_parties(
    tmp_path: Path,
) -> None:
    """A UK code in a Canadian election's lists is refused naming Canada's parties (it was
    an internal error: the election read "Con" as the CPC, the lists kept "Con")."""
    path = tmp_path / "candidates.csv"
    path.write_text("seat_code,party\n24055,LPC\n24055,Con\n")
    arguments = ["project", "--from", "canada-2021", "--poll", POLL_BY_CODE]
    result = runner.invoke(app, [*arguments, "--candidates", str(path)])
    assert result.exit_code != 0
    assert "Con is a UK party" in result.output
    assert "this Canadian election's own parties (LPC, CPC" in result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize(
    ("arguments", "refused"),
    [
        (["marginals", "canada-2021", "--pair", "Lab,Con"], "Lab is a UK party"),
        (["target", "canada-2021", "--pair", "Lab,CPC"], "Lab is a UK party"),
        (["govern", "canada-2021", "--coalition", "Lab+SNP"], "Lab is a UK party"),
        (["pact", "canada-2021", "--bloc", "Lab,LD"], "Lab is a UK party"),
        (["project", "--from", "canada-2021", "--poll", "Lab 30 Con 30"], "Lab is a UK party"),
        (["marginals", "2024", "--pair", "CPC,Lab"], "CPC is a Canadian party"),
        (["target", "2024", "--pair", "Lab,CPC"], "CPC is a Canadian party"),
        (["govern", "2024", "--coalition", "Lab+CPC"], "CPC is a Canadian party"),
        (["pact", "2024", "--bloc", "Lab,NDP"], "NDP is a Canadian party"),
    ],
)
def test_another_country_s_party_gets_one_message_in_every_command(
    arguments: list[str], refused: str
) -> None:
    """A pair, a coalition, a bloc and a poll refuse another country's party in the one
    message (psephos.jurisdictions.foreign_party): its country and an election of it. Before,
    marginals said "is not in this election", target and pact "is not in election
    'canada-2021'" and govern "has no seats", as if Labour sat in the House with none."""
    result = runner.invoke(app, arguments)
    assert result.exit_code != 0
    assert refused in result.output
    country = "UK" if refused.startswith("Lab") else "Canadian"
    assert f"use a {country} election" in result.output
    assert "not in" not in result.output and "has no seats" not in result.output

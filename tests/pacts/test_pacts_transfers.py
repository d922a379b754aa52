"""A pact's default transfer rates: each country's own, and a neutral rule for a country
psephos knows nothing of."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_a_canadian_pact_uses_canada_s_own_next_preferences() -> None:
    """Canada's jurisdiction entry sets its next preferences by hand; a Canadian pact's
    default rates are those (a Liberal stand-down sends 45% to the NDP), not the UK's
    estimate, which names none of Canada's parties."""
    import psephos
    from psephos.jurisdictions import CANADA
    from psephos.pacts.transfers import TransferMatrix

    parties = psephos.load("canada-2021").parties
    matrix = TransferMatrix.default(parties)
    assert CANADA.transfers is not None
    expected = CANADA.transfers.rows["LPC"]["NDP"] / 100
    assert matrix.rates[parties.index("LPC"), parties.index("NDP")] == expected == 0.45
    uk = TransferMatrix.default(psephos.load("2024").parties)
    assert uk.rates.sum() > 0


def test_an_election_of_its_own_country_transfers_by_first_preference_shares(
    tmp_path: Path,
) -> None:
    """A party standing aside in an election of a country psephos knows nothing of sends all
    its voters to the other parties in proportion to their national shares (Tui 201, Kiwi 80,
    Moa 89 of 370), as AV and STV read the same rule; Moa standing aside in Riverton (Kiwi 40,
    Tui 36, Moa 24) gives Tui 36 + 24 * 201/281 = 53.2 to Kiwi's 46.8: the seat, by hand.
    The pact's notes say which rule was used."""
    from cli_helpers import command_json
    from psephos.jurisdictions import read_results_csv
    from psephos.pacts import TransferMatrix as Rates
    from psephos.pacts.run import run_pact

    path = tmp_path / "birds.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\n1,Riverton,Kiwi,40\n1,Riverton,Tui,36\n"
        "1,Riverton,Moa,24\n2,Hillside,Tui,150\n2,Hillside,Kiwi,10\n2,Hillside,Moa,10\n"
        "3,Lakeview,Moa,55\n3,Lakeview,Kiwi,30\n3,Lakeview,Tui,15\n",
        encoding="utf-8",
    )
    with pytest.warns(Warning, match="its own country"):
        election = read_results_csv(path)
    rates = Rates.for_election(election)
    assert rates.rate("Moa", "Tui") == pytest.approx(201 / 281)
    assert rates.rate("Moa", "Kiwi") == pytest.approx(80 / 281)
    assert rates.rates.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0])
    run = run_pact(election, ["Tui", "Moa"])
    assert run.notes[0].startswith("Transfers: psephos knows nothing of this country's")
    answer = command_json("pact", str(path), "--bloc", "Tui,Moa", "-s", "Moa:Riverton")
    (ledger,) = answer["ledger"]
    assert (ledger["winner_before"], ledger["winner_after"]) == ("Kiwi", "Tui")
    # the note that the file was read as its own country's, printed first, then the pact's
    assert answer["notes"][1:] == [run.notes[0]]
    assert "is read as an election of its own country" in answer["notes"][0]

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

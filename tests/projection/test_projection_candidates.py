"""Candidate lists: re-basing, exact zeros for absent parties, incumbency, the candidate mode."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.errors import DataFormatError, InputWarning
from psephos.io.candidates import read_candidates_csv
from psephos.model import Election
from psephos.projection import (
    MODELS,
    backtest,
    base_area_shares,
    core,
    fitted_model,
    get_model,
    prepare,
    project,
)
from psephos.projection.candidates import (
    bundled_candidates,
    candidate_mask,
    carried_shares,
    incumbency_features,
    rebase,
    result_candidates,
    split_candidates,
)

MODEL_NAMES = sorted(MODELS)

pytestmark = pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


@pytest.fixture(scope="module")
def lists_2024() -> dict[str, tuple[tuple[str, str], ...]]:
    return bundled_candidates("2024")


def _same_field(election: Election) -> dict[str, list[str]]:
    return {
        code: [p for p, v in zip(election.parties, row, strict=True) if v > 0]
        for code, row in zip(election.codes, election.votes, strict=True)
    }


def test_bundled_lists_are_presence_and_names(
    lists_2024: dict[str, tuple[tuple[str, str], ...]],
) -> None:
    assert len(lists_2024) == 650
    reform_seats = sum(any(p == "Reform" for _, p in pairs) for pairs in lists_2024.values())
    assert reform_seats == 609
    assert all(name for pairs in lists_2024.values() for name, _ in pairs if _ != "Speaker")
    with pytest.raises(DataFormatError, match="No bundled candidate lists"):
        bundled_candidates("1997")


def test_rebase_is_identity_when_the_field_is_unchanged(notional: Election) -> None:
    shares = rebase(notional, notional.votes > 0)
    np.testing.assert_array_equal(shares, notional.shares())


def test_rebase_imputes_entrants_and_drops_withdrawals(notional: Election) -> None:
    now = result_candidates(notional, psephos.load("2024"))
    shares = rebase(notional, now)
    reform = notional.party_index("Reform")
    entering = now[:, reform] & (notional.votes[:, reform] == 0)
    entering &= notional.nations != "Northern Ireland"
    assert entering.sum() > 250
    assert np.all(shares[entering, reform] > 0.0)
    assert np.all(shares[entering, reform] <= 0.6)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert np.all(shares >= 0.0)
    # With withdrawals handled here, a party standing down gets exactly 0.
    speaker = notional.votes[:, notional.party_index("Speaker")] > 0
    movable = (notional.nations != "Northern Ireland") & ~speaker
    gone = (notional.votes > 0) & ~now & movable[:, None]
    assert gone.any()
    assert np.all(shares[gone] == 0.0)
    # Conservatives give up most of the imputed Reform vote (affinity 3).
    con = notional.party_index("Con")
    taken = notional.shares()[entering, con] - shares[entering, con]
    assert taken.mean() > 0.5 * shares[entering, reform].mean()


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_zero_swing_with_the_base_field_reproduces_the_base(name: str, notional: Election) -> None:
    model = fitted_model(name, notional)
    prepared = prepare(notional, model.level, candidates=_same_field(notional))
    assert prepared.target_scale is None
    shares = model.project(prepared, prepared.effective_target(prepared.base_area.copy()))
    np.testing.assert_allclose(shares, notional.shares(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", ["uniform", "transition", "adaptive-incumbency"])
def test_zero_swing_through_project_with_the_base_field(name: str, notional: Election) -> None:
    national = base_area_shares(notional, "national")["Great Britain"]
    result = project(notional, national, model=name, candidates=_same_field(notional))
    assert result.seats() == notional.seats_won()


@st.composite
def model_target_and_lists(draw: st.DrawFn) -> tuple[str, np.ndarray, np.ndarray]:
    name = draw(st.sampled_from(MODEL_NAMES))
    base = psephos.load("2019-notional-2024")
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    stood = base.votes > 0
    flip = rng.random(stood.shape) < draw(st.floats(0.0, 0.3))
    major = np.isin(np.array(base.parties), ["Con", "Lab", "LD", "Green", "Reform", "Ind"])
    candidates = np.where(flip & major[None, :], ~stood, stood)
    candidates[:, base.party_index("Lab")] |= base.nations != "Northern Ireland"
    prepared = prepare(base, get_model(name).level, candidates=candidates, rebase=True)
    mix = draw(st.floats(0.0, 1.0))
    noise = rng.random(prepared.base_area[:-1].shape) * (prepared.base_area[:-1] > 0)
    noise /= noise.sum(axis=1, keepdims=True)
    target = (1 - mix) * prepared.base_area[:-1] + mix * noise
    return name, target, candidates


@settings(max_examples=40)
@given(model_target_and_lists())
def test_candidate_lists_keep_shares_valid_and_absent_parties_at_zero(
    case: tuple[str, np.ndarray, np.ndarray],
) -> None:
    name, target, candidates = case
    base = psephos.load("2019-notional-2024")
    model = fitted_model(name, base)
    for rebased in (True, False):
        prepared = prepare(base, model.level, candidates=candidates, rebase=rebased)
        shares = model.project(prepared, prepared.effective_target(prepared.extend(target)))
        assert np.all(shares >= 0.0)
        assert np.all(shares <= 1.0)
        np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)
        assert np.all(shares[~candidates] == 0.0)


def test_a_raw_mask_keeps_its_original_meaning(notional: Election) -> None:
    mask = notional.votes > 0
    prepared = prepare(notional, "region", candidates=mask)
    assert prepared.target_scale is None
    np.testing.assert_array_equal(prepared.shares, notional.shares())


def test_project_with_lists_gives_reform_a_share_where_it_now_stands(
    notional: Election, lists_2024: dict[str, tuple[tuple[str, str], ...]]
) -> None:
    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3"
    plain = project(notional, poll, model="regional-uniform")
    listed = project(notional, poll, model="regional-uniform", candidates=lists_2024)
    clacton = notional.seat_index("Clacton")
    reform = notional.party_index("Reform")
    assert plain.shares[clacton, reform] == 0.0
    assert listed.shares[clacton, reform] > 0.1
    absent = ~candidate_mask(notional, lists_2024)
    assert np.all(listed.shares[absent] == 0.0)


def test_split_candidates_reads_parties_and_names(notional: Election) -> None:
    code = notional.codes[0]
    parties, named = split_candidates(notional, {code: ["Labour", "Con"]})
    assert parties == {code: ("Lab", "Con")}
    assert named is None
    parties, named = split_candidates(notional, {code: [("A Person", "Lab"), ("", "Reform")]})
    assert parties[code] == ("Lab", "Reform")
    assert named == {code: (("A Person", "Lab"), ("", "Reform"))}


def test_a_selection_reads_lists_for_the_whole_election(
    notional: Election, lists_2024: dict[str, tuple[tuple[str, str], ...]]
) -> None:
    gb = notional.select(notional.gb_mask)
    assert len(gb.seats_left_out) == 18 and gb.seats_left_out[0].code.startswith("N")
    parties, _ = split_candidates(gb, lists_2024)  # the 18 seats left out are not asked for
    assert set(parties) == set(gb.codes)
    whole = candidate_mask(notional, lists_2024)
    np.testing.assert_array_equal(candidate_mask(gb, lists_2024), whole[notional.gb_mask])
    left_out = gb.seats_left_out[0]
    assert split_candidates(gb, {left_out.name: ["Lab"]})[0] == {}  # by name too
    england = gb.select(gb.nations == "England")
    assert len(england.seats_left_out) == 650 - england.n_seats  # selections of selections


def test_read_candidates_csv(tmp_path: Path, notional: Election) -> None:
    path = tmp_path / "lists.csv"
    code = notional.codes[0]
    path.write_text(f"seat_code,party,candidate\n{code},Labour,Ann Example\n{code},Reform UK,\n")
    lists = read_candidates_csv(path)
    assert lists == {code: (("Ann Example", "Lab"), ("", "Reform"))}
    assert candidate_mask(notional, lists)[0].sum() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{code}\n")
    with pytest.raises(DataFormatError, match=r"candidate lists 'bad\.csv' row 1: party: missing"):
        read_candidates_csv(bad)
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text(f"{code},Lab\n{code},Labuor\n")
    with pytest.raises(DataFormatError, match="row 2: party: Unknown party 'Labuor'"):
        read_candidates_csv(misspelt)
    # a small party psephos does not know stands for Other, with a note naming it
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(f"{code},Lab\n{code},Monster Raving Sith\n")
    with pytest.warns(
        InputWarning, match=r"1 candidates .* as Other .*: Monster Raving Sith \(1\)"
    ):
        assert read_candidates_csv(unknown) == {code: (("", "Lab"), ("", "Other"))}
    with pytest.raises(DataFormatError, match="does not exist"):
        read_candidates_csv(tmp_path / "missing.csv")


def test_incumbency_features_2024(
    notional: Election, lists_2024: dict[str, tuple[tuple[str, str], ...]]
) -> None:
    features, known = incumbency_features(notional, lists_2024)
    assert known.tolist() == [True, True]
    open_seat, first_term = features.sum(axis=(1, 2))
    assert 100 < open_seat < 300  # MPs standing down in 2024 (and new seats)
    assert 50 < first_term < 250  # 2019 intake standing again
    # Non-zero only in the base winner's column, never both in one seat.
    rows = np.arange(notional.n_seats)
    assert np.all(features.sum(axis=0)[rows, notional.winner] <= 1.0)
    assert features.sum() == features[:, rows, notional.winner].sum()


def test_incumbency_unknown_without_names() -> None:
    base = psephos.load("2010")
    features, known = incumbency_features(base, bundled_candidates("2015"))
    assert known.tolist() == [False, False]
    assert not features.any()


def test_adaptive_transition_endpoints(notional: Election) -> None:
    prepared = prepare(notional, "region")
    target = prepared.base_area.copy()
    target[:-1, notional.party_index("Con")] *= 0.6
    target[:-1, notional.party_index("Lab")] += prepared.base_area[:-1, 0] * 0.4
    args = (prepared.shares, prepared.stood, prepared.group, prepared.base_area, target)
    np.testing.assert_allclose(
        core.adaptive_transition_swing(*args, low=0.0, high=1e-9),
        core.transition_swing(*args),
        atol=1e-12,
    )
    uniform_losses = core.adaptive_transition_swing(*args, low=0.99, high=1.0)
    assert not np.allclose(uniform_losses, core.transition_swing(*args))


def test_headline_model_is_fitted_on_earlier_pairs_only(notional: Election) -> None:
    model = fitted_model("adaptive-incumbency", notional)
    assert model.fitted_on == ("2010->2015", "2015->2017", "2017->2019")  # type: ignore[attr-defined]
    open_seat, first_term = model.coefficients  # type: ignore[attr-defined]
    assert open_seat < 0 < first_term


def test_candidate_mode_headline_figures() -> None:
    results = backtest(["adaptive-incumbency"], candidates=True)
    called = {r.result: r.called for r in results}
    # Allowed references: uniform 578 / 594 seats, transition 521 (2019n->2024).
    assert called["2017"] > 578
    assert called["2019"] > 594
    assert called["2024"] > 521
    assert all(r.candidates for r in results)


def test_cli_candidate_options(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from psephos.cli import app

    runner = CliRunner()
    if "--candidates-from" not in runner.invoke(app, ["project", "--help"]).output:
        pytest.skip("the CLI options --candidates / --candidates-from are not wired in yet")
    result = runner.invoke(
        app,
        [
            "project",
            "--poll",
            "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3",
            "--model",
            "adaptive-incumbency",
            "--candidates-from",
            "2024",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Lab" in result.output
    lists = tmp_path / "lists.csv"
    lists.write_text("seat_code,party\nE14001172,Reform\nE14001172,Con\n")
    result = runner.invoke(
        app, ["project", "--poll", "Lab 35 Con 24 Reform 15", "--candidates", str(lists)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["project", "--poll", "Lab 35", "--candidates-from", "1997"])
    assert result.exit_code == 2


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("abcXYZ éÉß'-.\t\n1_ ") | st.characters(), max_size=20))
def test_name_key_matches_the_plain_rule(name: str) -> None:
    """Every character that is not a letter or a space is a word break (plain reference)."""
    from psephos.projection.candidates import _TITLES, name_key

    cleaned = "".join(c if c.isalpha() or c == " " else " " for c in name.lower())
    words = [word for word in cleaned.split() if word not in _TITLES]
    assert name_key(name) == ((words[0], words[-1]) if words else None)


def test_columnar_reads_match_the_dataframe() -> None:
    """The candidate lists and sitting MPs read from the table's columns (no pandas) are those
    of the plain DataFrame read."""
    from psephos.jurisdictions import UK
    from psephos.projection.candidates import _bundled, _sitting, name_key

    frame = UK.table("candidates")
    for election_id in sorted(map(str, frame["election"].unique())):
        part = frame[frame["election"] == election_id]
        names = part["candidate"].fillna("").astype(str)
        lists: dict[str, list[tuple[str, str]]] = {}
        for code, name, party in zip(part["code"], names, part["party"], strict=True):
            lists.setdefault(str(code), []).append((name, str(party)))
        assert _bundled(election_id) == {code: tuple(rows) for code, rows in lists.items()}
        if (names.str.strip() == "").mean() > 0.5:
            assert _sitting(election_id) is None
            continue
        best: dict[str, tuple[float, object, str]] = {}
        for code, name, party, votes in zip(
            part["code"], names, part["party"], part["votes"], strict=True
        ):
            if str(code) not in best or float(votes) > best[str(code)][0]:
                best[str(code)] = (float(votes), name_key(name), str(party))
        assert _sitting(election_id) == frozenset((key, party) for _, key, party in best.values())


def test_a_nominations_list_in_the_commons_library_s_layout_is_read_as_the_bundled_lists(
    shared_data: Path,
) -> None:
    """The Commons Library's 2024 candidate file, headed "ONS ID", "Party name", "Candidate
    first name" and "Candidate surname" with other columns beside them, is read by its header
    (not its header taken for a candidate): the same parties in every seat as the bundled 2024
    lists, UKIP beside Reform UK and the small parties standing for Other."""
    path = shared_data / "uk" / "results" / "HoC-GE2024-results-by-candidate.csv"
    with pytest.warns(InputWarning, match="UKIP beside Reform UK"):
        read = read_candidates_csv(path)
    bundled = bundled_candidates("2024")
    assert {seat: sorted(p for _, p in pairs) for seat, pairs in read.items()} == {
        seat: sorted(p for _, p in pairs) for seat, pairs in bundled.items()
    }
    assert ("Keir Starmer", "Lab") in read["E14001290"]


#: The 2019 GB poll of the report that found the Speaker's seats given to the wrong parties.
POLL_2019 = {"Con": 44.7, "Lab": 32.9, "LD": 11.8, "Reform": 2.1, "Green": 2.8}
POLL_2019 |= {"SNP": 4.0, "PC": 0.5}


def test_a_new_speaker_keeps_the_seat_and_the_former_speaker_s_seat_is_contested() -> None:
    base = psephos.load("2017")
    projected = project(base, POLL_2019, candidates=bundled_candidates("2019"))
    winners = [projected.base.parties[int(w)] for w in projected.election.winner]
    chorley, buckingham = base.seat_index("Chorley"), base.seat_index("Buckingham")
    # Hoyle, Speaker from 2019, stands in Chorley (Labour's in 2017): the seat is the Speaker's
    assert winners[chorley] == "Speaker"
    assert projected.seats()["Speaker"] == 1
    # Bercow's Buckingham: the parties entering take imputed shares from the Speaker's vote
    shares = dict(zip(base.parties, np.asarray(projected.shares)[buckingham], strict=True))
    assert winners[buckingham] == "Con"
    assert shares["Speaker"] == 0.0
    assert min(shares["Con"], shares["Lab"], shares["LD"]) > 0.1
    assert shares["Ind"] < 0.05


def test_rebase_gives_a_new_speaker_the_last_winner_s_share() -> None:
    base = psephos.load("2017")
    now = candidate_mask(base, bundled_candidates("2019"))
    shares = rebase(base, now)
    chorley = base.seat_index("Chorley")
    speaker = base.parties.index("Speaker")
    labour = base.shares()[chorley, base.parties.index("Lab")]
    assert shares[chorley, speaker] >= labour
    assert shares[chorley].argmax() == speaker


def test_a_different_independent_does_not_inherit_the_last_one_s_vote(
    notional: Election, lists_2024: dict[str, tuple[tuple[str, str], ...]]
) -> None:
    exmouth = notional.seat_index("Exmouth and Exeter East")
    ind = notional.parties.index("Ind")
    carried = carried_shares(notional, lists_2024)
    assert carried is not None
    # Claire Wright (34.6% in 2019) did not stand in 2024; Peter Faithfull (275 votes) did
    assert 0 < carried[exmouth, ind] < 0.05
    poll = {"Lab": 34.68, "Con": 24.39, "Reform": 14.71, "LD": 12.57, "Green": 6.90}
    poll |= {"SNP": 2.59, "Ind": 1.93, "Other": 1.54, "PC": 0.70}
    projected = project(notional, poll, candidates=lists_2024)
    assert int(projected.election.winner[exmouth]) != ind
    assert np.asarray(projected.shares)[exmouth, ind] < 0.1


def test_the_same_independent_keeps_the_vote() -> None:
    base = psephos.load("2017")
    lists = bundled_candidates("2019")
    carried = carried_shares(base, lists)
    assert carried is not None
    east_devon = base.seat_index("East Devon")  # Claire Wright, 2017 and 2019
    ind = base.parties.index("Ind")
    assert carried[east_devon, ind] > 0.95
    shares = rebase(base, candidate_mask(base, lists), carried=carried)
    assert shares[east_devon, ind] > 0.3


def test_lists_without_names_carry_the_independent_vote_over(notional: Election) -> None:
    unnamed = {code: [p for _, p in pairs] for code, pairs in bundled_candidates("2024").items()}
    assert carried_shares(notional, unnamed) is None

"""The national model: GB poll -> region shares -> seats, fitted on earlier elections only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import InvalidSharesError
from psephos.model import Election
from psephos.projection import (
    DEFAULT_MODEL,
    MODELS,
    fitted_model,
    prepare,
    project,
    project_batch,
)
from psephos.projection.models import NationalModel
from psephos.projection.national import fit_response, map_to_regions, region_weights

pytestmark = pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")

POLL_2024 = "Con 24.4 Lab 34.7 LD 12.5 SNP 2.5 PC 0.7 Green 6.9 Reform 14.7"


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def test_registered_and_default() -> None:
    assert isinstance(MODELS["national"], NationalModel)
    assert DEFAULT_MODEL in MODELS


def _region(election: Election) -> tuple[object, NationalModel]:
    model = NationalModel()
    base = prepare(election, "national")
    return model.region_base(base), model


def test_mapping_keeps_gb_total_and_rows(notional: Election) -> None:
    region, _ = _region(notional)
    gb = np.asarray(prepare(notional, "national").base_area[0]).copy()
    snp = notional.parties.index("SNP")
    gb[snp] -= 0.014
    gb[notional.parties.index("Lab")] += 0.014
    for weighting in ("votes", "electorate"):
        mapped = map_to_regions(region, gb, 0.5, 1.0, weighting=weighting)  # type: ignore[arg-type]
        np.testing.assert_allclose(mapped.sum(axis=1), 1.0, atol=1e-9)
        weights = region_weights(region, weighting)  # type: ignore[arg-type]
        np.testing.assert_allclose(weights @ mapped, gb, atol=1e-6)


def test_snp_moves_by_its_change_within_scotland(notional: Election) -> None:
    region, _ = _region(notional)
    weights = region_weights(region)  # type: ignore[arg-type]
    base_gb = weights @ region.base_area[:-1]  # type: ignore[attr-defined]
    snp = notional.parties.index("SNP")
    scotland = region.areas.index("Scotland")  # type: ignore[attr-defined]
    target = base_gb.copy()
    target[snp] -= 0.014
    target[notional.parties.index("Con")] += 0.014
    mapped = map_to_regions(region, target, 0.5, 1.0)  # type: ignore[arg-type]
    # A 1.4-point GB fall is a 1.4 / (Scotland's weight) fall in Scotland, not 1.4 points.
    expected = target[snp] / weights[scotland]
    assert mapped[scotland, snp] == pytest.approx(expected, abs=1e-6)
    assert region.base_area[scotland, snp] - mapped[scotland, snp] > 0.1  # type: ignore[attr-defined]
    assert mapped[:, snp].sum() == pytest.approx(mapped[scotland, snp])


def test_zero_swing_gives_the_base_back(notional: Election) -> None:
    # With region weights from the base's votes (the default before any fit); weights from
    # the electorate predict turnout differences between regions to fade, which moves them.
    base = prepare(notional, "national")
    fitted = fitted_model("national", notional)
    assert isinstance(fitted, NationalModel)
    model = replace(fitted, weighting="votes")
    shares = model.project(base, base.extend(base.base_area[None, 0]))
    active = base.active
    np.testing.assert_allclose(shares[active], notional.shares()[active], atol=1e-9)


def test_sub_poll_fixes_its_row(notional: Election) -> None:
    base = prepare(notional, "national")
    model = fitted_model("national", notional)
    assert isinstance(model, NationalModel)
    scotland = np.zeros(len(notional.parties))
    for party, share in {"SNP": 0.30, "Lab": 0.35, "Con": 0.13, "LD": 0.10, "Reform": 0.07}.items():
        scotland[notional.parties.index(party)] = share
    scotland[notional.parties.index("Green")] = 1.0 - scotland.sum()
    with_poll = model.with_inputs(areas={"scotland": list(scotland)})
    target = base.extend(base.base_area[None, 0])
    mapped = with_poll.region_targets(base, target)
    row = with_poll.region_base(base).areas.index("Scotland")
    np.testing.assert_allclose(mapped[row], scotland, atol=1e-12)
    with pytest.raises(InvalidSharesError, match="Unknown sub-poll area"):
        model.with_inputs(areas={"Narnia": list(scotland)}).region_targets(base, target)


def test_batch_equals_single(notional: Election) -> None:
    base = prepare(notional, "national")
    model = fitted_model("national", notional)
    rng = np.random.default_rng(3)
    gb = base.base_area[0]
    targets = np.clip(gb + rng.normal(0, 0.01, (3, gb.size)) * (gb > 0), 0, None)
    targets /= targets.sum(axis=1, keepdims=True)
    batch = model.project(base, base.extend(targets[:, None, :]))
    for index in range(3):
        single = model.project(base, base.extend(targets[index][None, :]))
        np.testing.assert_allclose(batch[index], single, atol=1e-12)


@pytest.mark.parametrize("chunk", [None, 2])
def test_project_batch_equals_project_one_by_one(notional: Election, chunk: int | None) -> None:
    """The batch path (region raking once, reduced seats x parties blocks) gives the winners
    and seat counts of the public one-poll ``project`` on each scenario."""
    gb = prepare(notional, "national").base_area[0]
    rng = np.random.default_rng(11)
    spread = np.repeat([0.005, 0.03, 0.08], 8)[:, None]
    targets = np.clip(gb + rng.normal(0, 1, (24, gb.size)) * spread * (gb > 0), 0, None)
    targets /= targets.sum(axis=1, keepdims=True)
    counts, winner = project_batch(notional, targets, model="national", chunk=chunk)
    assert winner.shape == (24, notional.n_seats)
    for index in range(24):
        poll = dict(zip(notional.parties, targets[index].tolist(), strict=True))
        single = project(notional, poll, model="national")
        # the winners are candidates (notional Independents apart), as the batch's are
        np.testing.assert_array_equal(winner[index], single.election.winner)
        assert counts[index].tolist() == [single.seats()[p] for p in notional.parties]


def test_batch_float32_pass_gives_the_float64_winners(
    notional: Election, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch's float32 first pass, with its float64 recheck of close scenarios, gives the
    winners of the float64 seat step on every scenario (a margin of infinity sends every
    scenario to float64: the plain reference); some scenarios are close enough to be
    rechecked, and float32 and float64 seat shares differ by far less than the margin."""
    from psephos.projection import models

    base = prepare(notional, "national")
    model = fitted_model("national", notional)
    gb = base.base_area[0]
    rng = np.random.default_rng(5)
    targets = np.clip(gb + rng.normal(0, 0.02, (600, gb.size)) * (gb > 0), 0, None)
    targets /= targets.sum(axis=1, keepdims=True)
    extended = base.extend(targets[:, None, :])
    rechecked: list[int] = []
    shares_of = models.NationalModel._block_shares

    def counting(self, reduced, block, recommended):  # type: ignore[no-untyped-def]
        if reduced.shares.dtype == np.float64:
            rechecked.append(block.shape[0])
        return shares_of(self, reduced, block, recommended)

    monkeypatch.setattr(models.NationalModel, "_block_shares", counting)
    fast = model.batch_winners(base, extended)
    assert 0 < sum(rechecked) < 300
    monkeypatch.setattr(models, "FLOAT32_MARGIN", np.inf)
    assert np.array_equal(fast, model.batch_winners(base, extended))
    region = model.region_base(base)
    block = model.region_targets(base, extended[:64])
    active = region.active
    columns = np.flatnonzero((region.stood[active] | (region.shares[active] > 0)).any(axis=0))
    block = block[..., columns]
    from psephos.projection.national import reduced_base

    single = shares_of(model, reduced_base(region, columns, np.float32), block, None)
    double = shares_of(model, reduced_base(region, columns), block, None)
    assert single.dtype == np.float32
    assert np.abs(single - double).max() < models.FLOAT32_MARGIN / 10


def test_national_beats_uniform_on_the_issue_example(notional: Election) -> None:
    uniform = project(notional, POLL_2024, model="uniform").seats()
    national = project(notional, POLL_2024, model="national").seats()
    # The SNP's 1.4-point GB fall is about 15 points in Scotland: far fewer SNP seats.
    assert national["SNP"] < uniform["SNP"] - 15
    assert national["Lab"] > uniform["Lab"]


def test_response_fitted_on_earlier_pairs_only() -> None:
    from psephos.projection.covariate import history_before

    history = history_before(psephos.load("2017"))
    assert [r.id for _, r in history] == ["2015", "2017"]
    response, nation_response, weighting, loss_response = fit_response(history[:1])
    assert 0.0 <= response <= 1.0 and 0.0 <= nation_response <= 1.0
    assert weighting in ("votes", "electorate")
    assert loss_response is None  # one lambda unless the split is asked for
    fitted = MODELS["national"].fitted(history[:1])
    assert fitted.fitted_on == ("2010->2015",)  # type: ignore[attr-defined]


def test_grid_fit_agrees_with_one_call_per_grid_point() -> None:
    """The fit maps the whole grid in one call; the plain reference maps each point alone."""
    from psephos.projection.covariate import history_before
    from psephos.projection.national import RESPONSE_GRID, _pair_inputs

    history = history_before(psephos.load("2017"))[:1]
    weightings = ("votes", "electorate")
    prepared = [_pair_inputs(b, r) for b, r in history]
    best = None
    for position, weighting in enumerate(weightings):
        for response in RESPONSE_GRID:
            for nation_response in RESPONSE_GRID:
                error = 0.0
                for region, truth, gb, _ in prepared:
                    mapped = map_to_regions(
                        region, gb, response, nation_response, weighting=weighting
                    )
                    grid_row = map_to_regions(
                        region,
                        gb[None],
                        np.array([response]),
                        np.array([nation_response]),
                        weighting=weighting,
                    )[0]
                    np.testing.assert_allclose(grid_row, mapped, rtol=0, atol=1e-14)
                    weights = region_weights(region)
                    error += float((weights[:, None] * (mapped - truth[:-1]) ** 2).sum())
                key = (error, position, float(response), float(nation_response))
                best = key if best is None or key < best else best
    assert best is not None
    assert fit_response(history, weightings) == (best[2], best[3], weightings[best[1]], None)


def test_loss_response_moves_only_the_losers_seeds(notional: Election) -> None:
    """``lambda_loss`` equal to ``lambda`` is the one-lambda mapping; another value changes
    the regional pattern of the losing parties, and the GB total and the rows still hold."""
    region, _ = _region(notional)
    weights = region_weights(region)  # type: ignore[arg-type]
    base_gb = weights @ region.base_area[:-1]  # type: ignore[attr-defined]
    con, lab = notional.parties.index("Con"), notional.parties.index("Lab")
    target = base_gb.copy()
    target[con] -= 0.15
    target[lab] += 0.15
    one = map_to_regions(region, target, 0.2, 0.8)  # type: ignore[arg-type]
    same = map_to_regions(region, target, 0.2, 0.8, loss_response=0.2)  # type: ignore[arg-type]
    np.testing.assert_allclose(same, one, rtol=0, atol=1e-15)
    split = map_to_regions(region, target, 0.2, 0.8, loss_response=1.0)  # type: ignore[arg-type]
    np.testing.assert_allclose(weights @ split, target, atol=1e-6)
    np.testing.assert_allclose(split.sum(axis=1), 1.0, atol=1e-9)
    # Proportional losses: the Conservatives lose more where they were strongest.
    loss_one = region.base_area[:-1, con] - one[:, con]  # type: ignore[attr-defined]
    loss_split = region.base_area[:-1, con] - split[:, con]  # type: ignore[attr-defined]
    strongest = int(np.argmax(region.base_area[:-1, con]))  # type: ignore[attr-defined]
    weakest = int(np.argmin(region.base_area[:-1, con]))  # type: ignore[attr-defined]
    assert loss_split[strongest] > loss_one[strongest]
    assert loss_split[weakest] < loss_one[weakest]
    # At zero swing there are no losers: the base comes back whatever lambda_loss is.
    still = map_to_regions(region, base_gb, 0.2, 0.8, loss_response=1.0)  # type: ignore[arg-type]
    np.testing.assert_allclose(still, region.base_area[:-1], atol=1e-9)  # type: ignore[attr-defined]


def test_split_grid_fit_agrees_with_one_call_per_grid_point() -> None:
    """The split fit (a third grid axis for ``lambda_loss``) equals the plain search, one
    ``map_to_regions`` call per grid point, on 2010->2015 (the only pair before 2017)."""
    from psephos.projection.covariate import history_before
    from psephos.projection.national import RESPONSE_GRID, _pair_inputs

    history = history_before(psephos.load("2017"))[:1]
    region, truth, gb, _ = _pair_inputs(*history[0])
    weights = region_weights(region)
    best = None
    for response in RESPONSE_GRID:
        for nation_response in RESPONSE_GRID:
            for loss in RESPONSE_GRID:
                mapped = map_to_regions(region, gb, response, nation_response, loss_response=loss)
                error = float((weights[:, None] * (mapped - truth[:-1]) ** 2).sum())
                key = (error, float(response), float(nation_response), float(loss))
                best = key if best is None or key < best else best
    assert best is not None
    fit = fit_response(history, split=True)
    assert fit.weighting == "votes"
    assert (fit.response, fit.nation_response, fit.loss_response) == pytest.approx(best[1:])
    one_lambda = fit_response(history)
    assert fit.loss_response is not None and one_lambda.loss_response is None


def test_fitted_model_splits_lambda_on_earlier_pairs_only() -> None:
    from psephos.projection.covariate import history_before

    history = history_before(psephos.load("2019"))
    fitted = MODELS["national"].fitted(history)
    assert isinstance(fitted, NationalModel)
    assert fitted.split_response and fitted.loss_response is not None
    fit = fit_response(history, split=True, turnout_elasticity=fitted.turnout_elasticity)
    assert (fitted.response, fitted.nation_response, fitted.loss_response) == (
        fit.response,
        fit.nation_response,
        fit.loss_response,
    )
    unsplit = replace(NationalModel(), split_response=False).fitted(history)
    assert unsplit.loss_response is None  # type: ignore[attr-defined]


def test_sub_polls_through_project(notional: Election) -> None:
    scotland = {"SNP": 30, "Lab": 35.3, "Con": 12.7, "LD": 9.7, "Reform": 7, "Green": 5.3}
    with_poll = project(notional, POLL_2024, areas={"Scotland": scotland})
    without = project(notional, POLL_2024)
    assert with_poll.model == "national"
    in_scotland = notional.nations == "Scotland"
    snp = notional.parties.index("SNP")
    weights = np.asarray(notional.valid_votes)[in_scotland]
    snp_share = (with_poll.shares[in_scotland, snp] * weights).sum() / weights.sum()
    assert snp_share == pytest.approx(0.30, abs=0.02)  # the sub-poll, not the GB mapping
    assert with_poll.seats()["SNP"] < without.seats()["SNP"]
    with pytest.raises(InvalidSharesError, match="sub-polls for regions and nations"):
        project(notional, POLL_2024, areas={"England": {"Lab": 30, "Con": 30}})


def test_site_recommendations_bundled(notional: Election) -> None:
    from psephos.projection.national import site_recommendations

    recommended = site_recommendations(notional, "2024")
    assert recommended is not None and recommended.shape == (
        notional.n_seats,
        len(notional.parties),
    )
    # Shares of the anti-Conservative sites: at most one in every seat, never the Conservatives.
    assert recommended.min() >= 0.0 and recommended.sum(axis=1).max() <= 1.0 + 1e-12
    assert recommended[:, notional.parties.index("Con")].sum() == 0.0
    lab, ld = notional.parties.index("Lab"), notional.parties.index("LD")
    assert recommended[:, lab].sum() > recommended[:, ld].sum() > 0
    assert site_recommendations(notional, "2017") is None


def test_tactical_term_moves_the_bloc_to_the_recommended_party(notional: Election) -> None:
    """Before recentring the term is zero-sum in every seat: each bloc party gives up the share
    ``f`` of sites recommending anyone, the recommended party takes its share of the pool;
    then each region's weighted mean is taken off where the party stands (as the challenger
    term)."""
    from psephos.projection.covariate import _area_matrix
    from psephos.projection.national import site_recommendations, tactical_term

    region = NationalModel().region_base(prepare(notional, "national"))
    recommended = site_recommendations(notional, "2024")
    assert recommended is not None
    shares = np.array(region.shares)
    term = tactical_term(region, shares, recommended)
    bloc = recommended.any(axis=0)
    pool = (shares * bloc).sum(axis=1)
    raw = recommended * pool[:, None] - recommended.sum(axis=1)[:, None] * shares * bloc
    np.testing.assert_allclose(raw.sum(axis=1), 0.0, atol=1e-12)
    mask = region.stood & region.active[:, None]
    centred = raw * mask - np.take(_area_matrix(region) @ (raw * mask), region.group, axis=0) * (
        region.stood
    )
    np.testing.assert_allclose(term, centred, atol=1e-12)


def test_tactical_coefficient_fitted_on_earlier_recommendations_only() -> None:
    """``t`` needs an earlier pair whose result has site recommendations (2019): 0 before."""
    from psephos.projection.covariate import history_before

    for base_id, has_earlier in (("2017", False), ("2019-notional-2024", True)):
        fitted = MODELS["national"].fitted(history_before(psephos.load(base_id)))
        assert isinstance(fitted, NationalModel)
        assert (fitted.tactical != 0.0) == has_earlier


def test_batch_with_recommendations_equals_single(notional: Election) -> None:
    from psephos.projection.national import site_recommendations

    base = prepare(notional, "national")
    model = replace(fitted_model("national", notional), tactical=0.5).with_inputs(
        recommended=site_recommendations(notional, "2024")
    )
    assert isinstance(model, NationalModel)
    rng = np.random.default_rng(5)
    gb = base.base_area[0]
    targets = np.clip(gb + rng.normal(0, 0.03, (4, gb.size)) * (gb > 0), 0, None)
    targets /= targets.sum(axis=1, keepdims=True)
    extended = base.extend(targets[:, None, :])
    winners = model.batch_winners(base, extended, chunk=3)
    plain = np.argmax(model.project(base, extended), axis=-1)
    np.testing.assert_array_equal(winners, plain)
    without = np.argmax(replace(model, tactical=0.0).project(base, extended), axis=-1)
    assert (plain != without).any()


def test_nation_weights_follow_the_nationalist_vote(notional: Election) -> None:
    """Scotland's share of the GB vote moves with the SNP's GB change to the power ``eta``:
    not at all at zero swing; the mapping still adds up to the GB poll with the moved weights."""
    from psephos.projection.national import nation_weight_factor

    region = NationalModel().region_base(prepare(notional, "national"))
    great_britain = np.array([area != "Northern Ireland" for area in region.areas])
    weights = region_weights(region) * great_britain
    weights /= weights.sum()
    base_gb = weights @ region.base_area[:-1]
    np.testing.assert_allclose(nation_weight_factor(region, base_gb, base_gb, 0.15), 1.0)
    snp = notional.parties.index("SNP")
    target = base_gb.copy()
    target[snp] *= 0.5
    target[notional.parties.index("Lab")] += base_gb[snp] * 0.5
    factor = nation_weight_factor(region, target, base_gb, 0.15)
    scotland = region.areas.index("Scotland")
    assert factor[scotland] == pytest.approx(0.5**0.15)
    assert np.count_nonzero(factor != 1.0) == 1  # Plaid Cymru did not move: Wales stays
    mapped = map_to_regions(region, target, 0.5, 1.0, turnout_elasticity=0.15)
    moved = weights * factor / (weights * factor).sum()
    np.testing.assert_allclose(moved @ mapped, target, atol=1e-9)
    np.testing.assert_allclose(mapped[great_britain].sum(axis=1), 1.0, atol=1e-12)


def test_turnout_elasticity_fitted_on_earlier_pairs() -> None:
    """2010->2015: the SNP's GB share almost trebled and Scotland's share of the GB vote rose
    from 8.5% to 9.7%; the fit (Scotland and Wales pooled) gives a small positive ``eta``."""
    from psephos.projection.covariate import history_before
    from psephos.projection.national import fit_turnout_elasticity

    assert fit_turnout_elasticity([]) == 0.0
    history = history_before(psephos.load("2015"))
    eta = fit_turnout_elasticity(history)
    assert 0.05 < eta < 0.3
    fitted = MODELS["national"].fitted(history)
    assert fitted.turnout_elasticity == eta  # type: ignore[attr-defined]


def test_site_recommendations_read_without_pandas_match_the_dataframe(notional: Election) -> None:
    """The sites' recommendations read from the table's columns equal the DataFrame read."""
    from psephos.jurisdictions import UK
    from psephos.projection.national import TACTICAL_GOALS, site_recommendations

    for base, result_id in ((psephos.load("2017"), "2019"), (notional, "2024")):
        frame = UK.table("tactical_recommendations")
        frame = frame[(frame["election"] == result_id) & frame["goal"].isin(TACTICAL_GOALS)]
        latest = frame.groupby("site")["snapshot"].transform("max")
        frame = frame[frame["snapshot"] == latest]
        n_sites = frame["site"].nunique()
        frame = frame[frame["kind"] == "party"]
        row = {code: position for position, code in enumerate(base.codes)}
        column = {party: position for position, party in enumerate(base.parties)}
        expected = np.zeros((len(base.codes), len(base.parties)))
        for code, party in zip(frame["code"], frame["party"], strict=True):
            if code in row and party in column:
                expected[row[code], column[party]] += 1.0 / n_sites
        got = site_recommendations(base, result_id)
        assert got is not None and np.array_equal(got, expected)
    assert site_recommendations(psephos.load("2015"), "2017") is None


def test_a_base_of_northern_ireland_seats_alone_asks_for_their_shares(tmp_path: Path) -> None:
    """A user's file of Northern Ireland seats only, projected by a Great Britain poll, is
    refused in one line naming what to give (it crashed in the regional mapping); with
    Northern Ireland's shares it projects."""
    from psephos.jurisdictions import read_results_csv
    from psephos.projection import project

    path = tmp_path / "ni.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\nN05000001,Belfast East,DUP,300\n"
        "N05000001,Belfast East,Alliance,200\nN05000002,Belfast North,SF,300\n"
        "N05000002,Belfast North,DUP,250\n",
        encoding="utf-8",
    )
    base = read_results_csv(path)
    for model in ("national", "uniform"):
        with pytest.raises(InvalidSharesError, match="Northern Ireland's shares as a sub-poll"):
            project(base, "Con 30 Lab 40", model=model)
    shares = {"Northern Ireland": {"DUP": 30.0, "SF": 30.0, "Alliance": 40.0}}
    projected = project(base, areas=shares).election
    assert projected.result("Belfast East").winner == "Alliance"


def test_the_nation_response_follows_the_countrys_rule(notional: Election) -> None:
    from psephos.jurisdictions import UK
    from psephos.projection.national import own_party_nations

    region, _ = _region(notional)
    assert own_party_nations(region) == frozenset(UK.own_party_nations)  # type: ignore[arg-type]
    canada = psephos.load("canada-2021")
    quebec, _ = _region(canada)
    assert own_party_nations(quebec) == frozenset()  # type: ignore[arg-type]
    # The Bloc stands in Quebec only, yet no province gets the nation response: kappa is unused
    weights = region_weights(quebec)  # type: ignore[arg-type]
    target = weights @ quebec.base_area[:-1]  # type: ignore[attr-defined]
    target[canada.parties.index("BQ")] -= 0.02
    target[canada.parties.index("LPC")] += 0.02
    np.testing.assert_array_equal(
        map_to_regions(quebec, target, 0.5, 0.0),  # type: ignore[arg-type]
        map_to_regions(quebec, target, 0.5, 1.0),  # type: ignore[arg-type]
    )
    # while in Great Britain kappa moves Scotland and Wales
    gb = region_weights(region) @ region.base_area[:-1]  # type: ignore[arg-type, attr-defined]
    gb[notional.parties.index("SNP")] -= 0.01
    gb[notional.parties.index("Lab")] += 0.01
    without = map_to_regions(region, gb, 0.5, 0.0)  # type: ignore[arg-type]
    with_kappa = map_to_regions(region, gb, 0.5, 1.0)  # type: ignore[arg-type]
    rows = np.flatnonzero(np.abs(without - with_kappa).max(axis=1) > 1e-9)
    assert set(UK.own_party_nations) <= {region.areas[row] for row in rows}  # type: ignore[attr-defined]

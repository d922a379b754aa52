"""The bundled site recommendations (schema) and the audit against them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from psephos.io.bundled import load, table
from psephos.model import Constituency, Election
from psephos.tactical.audit import GOALS, _reason, audit
from psephos.tactical.bloc import ABSTENTIONIST_VALUE, SeatRecommendation
from psephos.tactical.preelection import pre_election_base, pre_election_shares
from psephos.tactical.report import TARGET_RATE, _section, summary_lines

KINDS = {"party", "multiple", "free", "unsure", "none", "avoid"}


def test_recommendations_schema() -> None:
    frame = table("tactical_recommendations")
    assert list(frame.columns) == [
        "election",
        "site",
        "site_name",
        "goal",
        "snapshot",
        "code",
        "raw",
        "kind",
        "party",
        "options",
    ]
    assert set(frame["kind"]) <= KINDS
    assert set(frame["goal"]) <= set(GOALS)
    assert not frame.duplicated(["site", "snapshot", "code"]).any()
    for election in ("2019", "2024"):
        codes = set(load(election).codes)
        assert set(frame[frame["election"] == election]["code"]) <= codes
    parties = frame[frame["kind"] == "party"]["party"]
    assert set(parties) <= set(load("2019").parties)


def test_recommendations_match_raw_counts(shared_data: Path) -> None:
    """Spot checks from the raw MANIFEST: Remain United 2019 Lab 331, GetVoting 2024 Lab 369."""
    frame = table("tactical_recommendations")
    ru = frame[frame["site"] == "remain-united"]
    assert int((ru["party"] == "Lab").sum()) == 331
    gv = frame[frame["site"] == "getvoting-2024"]
    assert int((gv["party"] == "Lab").sum()) == 369
    assert int((gv["kind"] == "free").sum()) == 180
    raw = pd.read_csv(shared_data / "uk/tactical/2024/getvoting-bestforbritain-2024-06-18.csv")
    assert len(gv) == len(raw)


def test_pre_election_shares_never_use_the_result() -> None:
    """Changing nothing but the result cannot change the advice: the shares are built from the
    base, nominations and polls; check they differ from the result and rows sum to 1."""
    shares = pre_election_shares("2019")
    result = load("2019").shares()
    assert shares.shape == result.shape
    assert abs(shares.sum(axis=1) - 1).max() < 1e-9
    assert abs(shares - result).max() > 0.1
    # Uniform swing moves Labour's average seat share by its poll change (33% in the final
    # fortnight), not to its result (32.1% GB).
    base = load("2017")
    gb = base.nations != "Northern Ireland"
    lab = base.parties.index("Lab")
    change = shares[gb, lab].mean() - base.shares()[gb, lab].mean()
    assert change == pytest.approx(0.330 - base.vote_shares(gb)["Lab"], abs=0.01)


@pytest.fixture(scope="module")
def audit_2019():
    return audit("2019")


@pytest.fixture(scope="module")
def audit_2024():
    return audit("2024", method="mrp")


def test_consensus_2019_remain(audit_2019) -> None:
    rows = {r["goal"]: r for r in audit_2019.consensus_rows}
    assert rows["remain"]["consensus_seats"] > 500
    assert rows["remain"]["rate"] >= 0.95
    # Every difference has a reason.
    assert audit_2019.differences and all(d.reason for d in audit_2019.differences)


def test_a_difference_s_reason_says_its_seat_s_status_in_words(audit_2019) -> None:
    """The status closes the reason as words, not as a quoted label read as a noun ("The
    seat is a 'not needed' for the bloc")."""
    said = {
        "long shot": "The seat is a long shot for the bloc in psephos's projection",
        "not needed": "The seat is not needed by the bloc (the parties it defeats cannot win it)",
    }
    seen = set()
    for difference in audit_2019.differences:
        assert "is a '" not in difference.reason, difference.reason
        if difference.status in said and "matters little" in difference.reason:
            assert said[difference.status] in difference.reason, difference.reason
            seen.add(difference.status)
    assert seen == set(said)


def test_consensus_2019_all_goals(audit_2019) -> None:
    """With the Leave sites' stated long-shot strategy the 2019 consensus is reproduced in
    at least 95% of seats; without it the Leave rate is lower, and both are reported."""
    assert audit_2019.audit_only_rate >= 0.95
    rows = {r["goal"]: r for r in audit_2019.consensus_rows}
    leave = rows["leave"]
    assert leave["rate"] >= 0.95
    assert leave["reproduced_best_placed"] < leave["reproduced"]
    assert leave["changed_by_strategy"] > 0
    # the strategy only ever moves a pick to the Brexit Party, in long-shot Leave seats
    for d in audit_2019.differences:
        if d.category.startswith("long-shot strategy"):
            assert d.psephos_pick == "Reform" and d.status == "long shot"
    # the Remain goal has no strategy: both counts agree
    assert rows["remain"]["reproduced_best_placed"] == rows["remain"]["reproduced"]


def test_the_audit_s_command_figures_are_what_psephos_tactical_gives(audit_2019) -> None:
    """``reproduced_best_placed`` and ``reproduced_command_build`` count what ``psephos
    tactical`` itself picks (docs/tactical.md names the commands): the plain command, and
    ``--build`` with no Leave-seat condition, which reproduces less than the audit's
    strategy does."""
    from psephos.tactical.api import bloc_advice

    rows = {r["goal"]: r for r in audit_2019.consensus_rows}
    recs = audit_2019_consensus(audit_2019)
    for goal, build, key in (
        ("leave", None, "reproduced_best_placed"),
        ("leave", "Reform", "reproduced_command_build"),
        ("remain", None, "reproduced_best_placed"),
    ):
        spec = GOALS[goal]
        answer = bloc_advice(spec.against, spec.bloc, election="2019", build=build)
        picks = {row["code"]: row["pick"] for row in answer["rows"]}
        assert rows[goal][key] == sum(picks[c] == p for c, p in recs[goal].items()), goal
    leave = rows["leave"]
    assert leave["reproduced_best_placed"] < leave["reproduced_command_build"]
    assert leave["reproduced_command_build"] < leave["reproduced"]


def test_the_headline_is_psephos_s_own_advice_not_the_audit_only_strategy(
    audit_2019, audit_2024
) -> None:
    """The title, the Summary and the Verdict of docs/tactical.md judge what ``psephos
    tactical`` gives (``reproduced_best_placed``); the audit's figure with the 2019 Leave
    sites' strategy, a condition no option of the command sets, stands beside it as
    audit-only. Counted from the audit's rows, not written in."""
    rows = {r["goal"]: r for r in audit_2019.consensus_rows}
    n = sum(r["consensus_seats"] for r in rows.values())
    advice = sum(r["reproduced_best_placed"] for r in rows.values())
    assert audit_2019.advice_rate == advice / n < audit_2019.audit_only_rate
    as_json = audit_2019.to_dict()
    assert as_json["advice_rate"] == audit_2019.advice_rate
    # the in-sample figure under the name docs/tactical.md gives it, the headline in the title
    assert as_json["audit_only_rate"] == audit_2019.audit_only_rate
    assert "consensus_rate" not in as_json and as_json["title"] == audit_2019.title()
    title = audit_2019.title()
    assert f"reproduced {audit_2019.advice_rate:.1%} by the advice of psephos tactical" in title
    assert f"{audit_2019.audit_only_rate:.1%} only with" in title
    # no strategy in 2024: one figure
    assert audit_2024.advice_rate == audit_2024.audit_only_rate
    assert "only with" not in audit_2024.title()

    text = "\n".join(summary_lines([audit_2019]))
    leave = rows["leave"]
    leave_advice = leave["reproduced_best_placed"] / leave["consensus_seats"]
    assert leave_advice < TARGET_RATE <= leave["rate"]
    assert (
        f"| 2019 | national | leave | {leave['sites']} | {leave['consensus_seats']} | "
        f"{leave['reproduced_best_placed']} | {leave_advice:.1%} | MISSED | "
        f"{leave['reproduced']} | {leave['rate']:.1%} |"
    ) in text
    assert f"2019 leave (national): {leave_advice:.1%}, MISSED ({leave['rate']:.1%} only" in text
    assert f"Overall, psephos's own advice: 2019 {audit_2019.advice_rate:.1%}" in text
    assert f"(audit only): 2019 {audit_2019.audit_only_rate:.1%}" in text
    remain = rows["remain"]
    assert f"2019 remain (national): {remain['rate']:.1%}, met;" in text


def audit_2019_consensus(report) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Each goal's consensus seats (at least two sites, one party named), counted from the
    bundled recommendations as the grader counts them."""
    from psephos.tactical.audit import recommendations

    frame = recommendations(report.election)
    named = frame[frame["kind"] == "party"]
    out: dict[str, dict[str, str]] = {}
    for goal, group in named.groupby("goal"):
        by_seat = group.groupby("code")["party"].agg(list)
        out[str(goal)] = {
            str(code): parties[0]
            for code, parties in by_seat.items()
            if len(parties) >= 2 and len(set(parties)) == 1
        }
    return out


def test_audit_without_strategy_is_the_best_placed_rule() -> None:
    plain = audit("2019", strategy=False)
    rows = {r["goal"]: r for r in plain.consensus_rows}
    assert rows["leave"]["reproduced"] == rows["leave"]["reproduced_best_placed"]
    assert rows["leave"]["rate"] < 0.95


def test_consensus_2024(audit_2024) -> None:
    assert audit_2024.audit_only_rate >= 0.95
    sites = {r["site"] for r in audit_2024.site_rows}
    assert {"getvoting-2024", "stopthetories-2024", "tactical.vote-2024"} <= sites


def test_site_rows_are_rates(audit_2019) -> None:
    for row in audit_2019.site_rows:
        assert 0.0 <= row["agreement"] <= 1.0
        assert 0.0 <= row["pick_won"] <= 1.0


def test_projection_package_models_as_pre_election_method() -> None:
    pytest.importorskip("psephos.projection")
    shares = pre_election_shares("2019", method="proportional")
    assert abs(shares.sum(axis=1) - 1).max() < 1e-9
    assert (shares >= 0).all()


def test_unknown_pre_election_method() -> None:
    from psephos.errors import PsephosError

    with pytest.raises(PsephosError, match="Unknown pre-election method"):
        pre_election_shares("2019", method="astrology")
    with pytest.raises(PsephosError, match="2024 only"):
        pre_election_shares("2019", method="mrp")


@pytest.mark.parametrize("which", ["audit_2019", "audit_2024"])
def test_audit_rows_name_parties_by_code_and_label(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Every party in the JSON is a code with the election's label beside it (the Reform code
    is the Brexit Party in 2019), as every JSON answer names one."""
    report = request.getfixturevalue(which)
    election = load(report.election)
    payload = report.to_dict()
    fields = {"differences": ("sites_pick", "psephos_pick", "winner", "best_placed")}
    fields["disputed"] = ("psephos", "winner", "best_placed")
    for part, names in fields.items():
        assert payload[part]
        for row in payload[part]:
            for name in names:
                code = row[name]
                assert code == "" or code in election.parties, (part, name, code)
                assert row[f"{name}_label"] == (election.label(code) if code else "")


def test_disputed_picks_name_parties_by_label(audit_2019) -> None:
    """A disputed seat's ``picks`` text names each party by its label in the election (the
    Brexit Party in 2019, not the Reform code), as every other party in the audit is shown."""
    election = load(audit_2019.election)
    labels = {election.label(code) for code in election.parties}
    leave = [row for row in audit_2019.disputed if row["goal"] == "leave"]
    assert any("Brexit Party: " in row["picks"] for row in leave)
    for row in audit_2019.disputed:
        for item in row["picks"].split("; "):
            party, _, sites = item.partition(": ")
            assert party in labels and sites, row["picks"]
        assert "Reform: " not in row["picks"]


def test_psephos_row_names_the_built_party_as_the_election_does(audit_2019) -> None:
    """The Leave goal's psephos row names the party it builds by the election's label (the
    Brexit Party in 2019), not by the lineage's code, as the rest of the audit does."""
    election = load(audit_2019.election)
    build = GOALS["leave"].build
    assert build is not None and election.label(build) != build
    (row,) = [r for r in audit_2019.site_rows if r["site"] == "psephos" and r["goal"] == "leave"]
    assert f"building {election.label(build)} where" in row["site_name"]
    assert f"building {build} " not in row["site_name"]


def test_projected_shares_name_parties_as_the_election_does(audit_2019) -> None:
    """A difference's projected shares are the projection for the audited election, so its
    parties carry that election's labels (the Brexit Party in 2019, where the 2017 base result
    names the same column UKIP); the base shares keep the base result's labels."""
    election = load(audit_2019.election)
    base = pre_election_base(audit_2019.election)
    labels = {election.label(code) for code in election.parties}
    base_labels = {base.label(code) for code in base.parties}
    reform = [d for d in audit_2019.differences if "Reform" in (d.sites_pick, d.psephos_pick)]
    assert reform
    for difference in audit_2019.differences:
        projected = [part.rsplit(" ", 1)[0] for part in difference.projected_shares.split(", ")]
        assert set(projected) <= labels, difference.projected_shares
        named = [part.rsplit(" ", 1)[0] for part in difference.base_shares.split(", ")]
        assert set(named) <= base_labels, difference.base_shares
    for difference in reform:
        assert election.label("Reform") in difference.projected_shares


def test_report_tables_name_parties_as_the_election_does(audit_2019) -> None:
    """The Markdown report's difference and disputed tables (docs/tactical.md) show each party
    by its label in the election, as the command's JSON labels and the web page do: the
    Brexit Party in 2019, never the lineage's code."""
    election = load(audit_2019.election)
    labels = {election.label(code) for code in election.parties}
    lines = "\n".join(_section(audit_2019, None)).splitlines()
    shown = 0
    for title, columns in (
        ("<details><summary>Disputed seats</summary>", ("psephos", "best_placed", "winner")),
        ("### Every consensus seat", ("sites_pick", "psephos_pick", "winner", "best_placed")),
    ):
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        header = next(line for line in lines[start:] if line.startswith("| goal"))
        names = [cell.strip() for cell in header.strip("|").split("|")]
        rows = lines[lines.index(header, start) + 2 :]
        for row in rows[: next((i for i, r in enumerate(rows) if not r.startswith("|")), None)]:
            cells = dict(zip(names, (c.strip() for c in row.strip("|").split("|")), strict=True))
            for column in columns:
                assert cells[column] in labels | {""}, (column, row)
                shown += cells[column] == election.label("Reform")
    assert shown  # the Brexit Party is among them


def _sf_seat(country: str) -> tuple[Election, SeatRecommendation]:
    """One seat where the Remain sites backed SF and psephos backed the SDLP, in an election of
    ``country``."""
    seat = Constituency("N1", "Foyle", "Northern Ireland", "Northern Ireland", 70_000, "test")
    votes = [[1_000, 12_000, 11_500]]
    election = Election.from_votes("toy", [seat], ("Con", "SF", "SDLP"), votes)
    election = replace(election, meta={**election.meta, "jurisdiction": country})
    rec = SeatRecommendation(
        code="N1", name="Foyle", pick="SDLP", confidence="medium", p_best_placed=0.6,
        runner_up_pick="SF", status="target", p_pick_wins=0.5, p_bloc_wins=0.9,
        p_against_wins=0.1, pick_share=0.4, favourite="SF",
    )  # fmt: skip
    return election, rec


@pytest.mark.parametrize("country", ["uk", "own"])
def test_the_abstentionist_reason_is_the_country_s_rule_and_the_bloc_s_value(
    country: str,
) -> None:
    base, rec = _sf_seat(country)
    category, reason = _reason("remain", base, base.shares(), 0, "SF", rec, {}, "uns")
    if country == "uk":  # SF does not take its seats: the bloc weighs its seat at the value
        assert category == "abstentionist party"
        assert reason.startswith("Sinn Féin does not take its seats")
        assert f"{ABSTENTIONIST_VALUE:.0%} of a seat's value" in reason
    else:  # a country with no abstentionists: SF's seat is worth a whole one
        assert category != "abstentionist party"
        assert "does not take its seats" not in reason

"""The Markdown audit report (docs/tactical.md), generated from :func:`audit`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from psephos.numbers import format_number
from psephos.tactical.audit import GOALS, AuditReport, audit
from psephos.tactical.preelection import projection_models

#: Columns of a consensus row shown in every consensus table.
CONSENSUS_COLUMNS: tuple[str, ...] = (
    "goal",
    "sites",
    "consensus_seats",
    "reproduced",
    "rate",
    "reproduced_best_placed",
)


def _cell(value: Any, fmt: str | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if fmt:
        return format(value, fmt)
    return str(value).replace("|", "/")


def table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    formats: Mapping[str, str] | None = None,
) -> str:
    """A Markdown table of ``rows`` restricted to ``columns``."""
    formats = formats or {}
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c), formats.get(c)) for c in columns) + " |")
    return "\n".join(lines)


def _by_label(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (:meth:`AuditReport.to_dict`'s) with each party field showing the party's label
    in the election (its ``_label`` beside it: the Reform code is the Brexit Party in 2019), as
    the command's tables and the web page show it."""
    return [
        {
            key: row.get(f"{key}_label", value)
            for key, value in row.items()
            if not key.endswith("_label")
        }
        for row in rows
    ]


def _section(report: AuditReport, alternative: AuditReport | None) -> list[str]:
    out = [f"## {report.election}", ""]
    out.append(f"Information used ({report.method}): {report.information}.")
    out.append("")
    out.append("### Consensus seats")
    out.append("")
    out.append(
        table(
            report.consensus_rows,
            [*CONSENSUS_COLUMNS, "consensus_pick_won"],
            {"rate": ".1%", "consensus_pick_won": ".1%"},
        )
    )
    total = sum(r["consensus_seats"] for r in report.consensus_rows)
    ok = sum(r["reproduced"] for r in report.consensus_rows)
    advice = sum(r["reproduced_best_placed"] for r in report.consensus_rows)
    out.append("")
    together = (
        f"All goals together: {ok} of {total} consensus seats reproduced "
        f"({format_number(report.audit_only_rate, '.1%')})"
    )
    if advice != ok:
        together += (
            f" with the sites' strategy that only the audit applies; by psephos's own advice "
            f"(`reproduced_best_placed`) {advice} ({format_number(report.advice_rate, '.1%')})"
        )
    out.append(together + ".")
    target = [d for d in report.differences if d.status == "target"]
    out.append(
        f"Of the {len(report.differences)} differences, {len(target)} are in seats psephos "
        f"rates as a 'target' (both sides can win); the rest are seats where psephos says "
        f"tactical voting is 'not needed' or a 'long shot'."
    )
    right_psephos = sum(d.psephos_pick == d.best_placed for d in report.differences)
    right_sites = sum(d.sites_pick == d.best_placed for d in report.differences)
    out.append(
        f"After the fact, in these {len(report.differences)} seats the sites' consensus pick was "
        f"the bloc's strongest party in the result {right_sites} times, psephos's pick "
        f"{right_psephos} times."
    )
    categories: dict[str, int] = {}
    for d in report.differences:
        categories[d.category] = categories.get(d.category, 0) + 1
    out.append("")
    out.append("Differences by reason:")
    out.append("")
    out.append(
        table(
            [
                {"reason": k, "seats": v}
                for k, v in sorted(categories.items(), key=lambda kv: -kv[1])
            ],
            ["reason", "seats"],
        )
    )
    out.append("")
    if alternative is not None:
        parts = ", ".join(
            f"{r['goal']} {format_number(r['rate'], '.1%')}" for r in alternative.consensus_rows
        )
        out.append(
            f"With the {alternative.method} projection instead: "
            f"{format_number(alternative.audit_only_rate, '.1%')} ({parts})."
        )
    out.append("")
    out.append("### Agreement per site, and who backed the eventual winner")
    out.append("")
    out.append(
        "`agreement`: share of the site's party picks that psephos's pick for the same goal "
        "matches. `free_votes`: seats where the site said any bloc party will do (Heart, Any, "
        "Not needed); `psephos_also_free`: of those, seats psephos also rates 'not needed' or "
        "'long shot'. After the fact (the real result, used only here): `pick_won`, the pick "
        "won the seat; `pick_best_placed`, the pick was the bloc's strongest party in the "
        "result. The psephos row covers the seats where at least one site of the goal named "
        "a party."
    )
    out.append("")
    out.append(
        table(
            report.site_rows,
            [
                "goal",
                "site_name",
                "snapshot",
                "party_picks",
                "agreement",
                "free_votes",
                "psephos_also_free",
                "pick_won",
                "pick_best_placed",
            ],
            {"agreement": ".1%", "pick_won": ".1%", "pick_best_placed": ".1%"},
        )
    )
    out.append("")
    out.append("### Where the sites disagreed with each other")
    out.append("")
    out.append(
        table(
            report.pairwise,
            ["goal", "site_a", "site_b", "both_named", "agreement"],
            {"agreement": ".1%"},
        )
    )
    out.append("")
    disputed = list(report.disputed)
    labelled = report.to_dict()
    psephos_best = sum(d["psephos"] == d["best_placed"] for d in disputed)
    out.append(
        f"{len(disputed)} seats where sites of the same goal named different parties. After the "
        f"fact, psephos's pick was the bloc's strongest party in {psephos_best} of them."
    )
    out.append("")
    out.append(
        "<details><summary>Disputed seats</summary>\n\n"
        + table(
            _by_label(labelled["disputed"]),
            ["goal", "name", "picks", "psephos", "best_placed", "winner"],
        )
        + "\n\n</details>"
    )
    out.append("")
    if report.changes:
        out.append("### Advice changing during the campaign")
        out.append("")
        out.append(
            table(
                report.changes,
                ["site", "from", "to", "seats", "changed", "unsure_before", "unsure_after"],
            )
        )
        out.append("")
    out.append("### Every consensus seat psephos picked differently, with the reason")
    out.append("")
    out.append(
        table(
            _by_label(labelled["differences"]),
            [
                "goal",
                "name",
                "sites_pick",
                "n_sites",
                "psephos_pick",
                "confidence",
                "status",
                "base_shares",
                "projected_shares",
                "winner",
                "best_placed",
                "category",
                "reason",
            ],
        )
    )
    out.append("")
    return out


def audit_markdown() -> str:
    """The full report for 2019 and 2024 (``psephos tactical-audit --markdown``)."""
    r2019 = audit("2019")
    r2024 = audit("2024", method="mrp")
    r2024_uniform = audit("2024", method="uniform")
    lines = [
        "# Tactical voting: psephos against the real tactical-voting sites",
        "",
        "Generated by the maintainers' command `psephos tactical-audit --markdown > "
        "docs/tactical.md`, run from the repository root "
        "(`psephos.tactical.report.audit_markdown`; to read the report without rewriting this "
        "page, send it elsewhere: `> tactical.md`). Method: docs/methodology/tactical.md. "
        "Site data: `src/psephos/data/PROVENANCE-tactical.md`.",
        "",
        "psephos gives the advice it could have given before polling day: the previous result "
        "on the same boundaries (2017 for 2019; the 2019 notional result for 2024), the "
        "nominations, and the average of the polls in the fortnight before the sites' snapshot "
        "(for 2024 also the pre-election MRP average that the sites themselves used). The "
        "result is used only afterwards, to score who backed the winner. A 'consensus seat' is "
        "one where at least two sites of the same goal named a party and all of those named "
        "the same one (sites saying Heart/Any/TBC/None there do not count against the "
        "consensus). Goals: " + "; ".join(f"`{g.name}`: {g.label}" for g in GOALS.values()) + ".",
        "",
        "## Summary",
        "",
    ]
    lines.extend(summary_lines((r2019, r2024, r2024_uniform)))
    lines.append("")
    (leave,) = [row for row in r2019.consensus_rows if row["goal"] == "leave"]
    spec = GOALS["leave"]
    lines.append(
        "`advice_reproduced` counts the consensus seats reproduced by psephos's own rule "
        "alone (the bloc party best placed to win; `reproduced_best_placed` in the audit's "
        "JSON). For the two Leave sites of 2019 the audit also applies their stated long-shot "
        "strategy (`Goal.build`, `bloc_recommendations(build=...)`): where no Leave party can "
        "win on the pre-election numbers and the seat voted Leave (estimated Leave share above "
        f"{format_number(spec.build_min_leave, '.0%')}, a fixed threshold, not fitted), "
        "back the Brexit Party. "
        "Unite2Leave said it combined the referendum, the 2017 result, the 2019 European "
        "election and the MP's stance; psephos bundles no European-election result, so the "
        "referendum stands in for it. The strategy was added after the first audit showed "
        "the Leave sites' Brexit Party picks as the main difference, so its figure is "
        "in-sample: its one parameter is the natural threshold (the seat voted Leave), not "
        "fitted to the picks, but the rule was chosen with the gap in view, and no option of "
        "`psephos tactical` sets its Leave-seat condition. With it the Leave rate is "
        f"{format_number(leave['rate'], '.1%')} ({leave['reproduced']} of "
        f"{leave['consensus_seats']}) and 2019 as a whole "
        f"{format_number(r2019.audit_only_rate, '.1%')}. The strategy changes psephos's pick in "
        f"{leave['changed_by_strategy']} Leave consensus seats; after the fact the Brexit Party "
        f"was the stronger Leave party in {leave['strategy_pick_best_after']} of them and the "
        f"best-placed pick in {leave['best_placed_pick_best_after']}: the strategy reproduces "
        "the sites, it does not improve the advice, so psephos's own bloc advice "
        "(`psephos tactical`) applies it only when asked (`--build`, without the Leave-seat "
        "condition)."
    )
    lines.append("")
    lines.extend(_figures_and_commands(r2019))
    lines.append("")
    lines.append("### Sensitivity to the projection model")
    lines.append("")
    lines.append(
        "The same audit with the base result alone (nominations, no swing) and with every "
        "swing model of the projection package applied to the same polls and nominations "
        "(through `psephos.projection.project`). The default is the projection engine's "
        "default model (`national`, the headline of the real-input back-test, "
        "docs/backtests.md) for 2019 and the MRP average, the sites' own input, for 2024 "
        "(`psephos.tactical.preelection.default_method`); the first audits used uniform swing "
        "for 2019, chosen as the simplest standard projection after a first look at the "
        "base-only and proportional figures, and every advice command now uses the engine's "
        "default instead, as every other poll in psephos does. Every swing model "
        "reaches 95% for the 2019 Remain sites and for 2024; the base result alone does not "
        "for 2019 (the Liberal Democrat rise in the 2019 polls matters). `rate` is the "
        "audit's picks, which for the 2019 Leave rows include the Leave sites' in-sample "
        "strategy; `reproduced_best_placed` is psephos's own advice, without it."
    )
    lines.append("")
    sensitivity = []
    for model in ("base", *projection_models()):
        for election in ("2019", "2024"):
            report = audit(election, method=model)
            for row in report.consensus_rows:
                sensitivity.append(
                    {"projection": model, "election": election, "goal": row["goal"], **row}
                )
    lines.append(
        table(
            sensitivity,
            ["projection", "election", "goal", "consensus_seats", "rate", "reproduced_best_placed"],
            {"rate": ".1%"},
        )
    )
    lines.append("")
    lines.extend(_section(r2019, None))
    lines.extend(_section(r2024, r2024_uniform))
    return "\n".join(lines)


#: The consensus rate the tactical-voting sites' advice is held to (docs/tactical.md).
TARGET_RATE = 0.95


def summary_lines(reports: Sequence[AuditReport]) -> list[str]:
    """The Summary table, its Overall line and the Verdict: psephos's own advice (what
    ``psephos tactical`` gives, ``reproduced_best_placed``) is the headline and the verdict;
    the audit's picks with a site strategy (the 2019 Leave sites') stand beside it, labelled
    as the in-sample, audit-only figure they are."""
    rows = []
    for report in reports:
        for row in report.consensus_rows:
            advice = row["reproduced_best_placed"]
            n = row["consensus_seats"]
            advice_rate = advice / n if n else float("nan")
            strategy = row["reproduced"] != advice
            rows.append(
                {
                    "election": report.election,
                    "projection": report.method,
                    "goal": row["goal"],
                    "sites": row["sites"],
                    "consensus_seats": n,
                    "advice_reproduced": advice,
                    "advice_rate": advice_rate,
                    "target_95": "met" if advice_rate >= TARGET_RATE else "MISSED",
                    "audit_only_reproduced": row["reproduced"] if strategy else None,
                    "audit_only_rate": row["rate"] if strategy else None,
                }
            )
    columns = [
        "election",
        "projection",
        "goal",
        "sites",
        "consensus_seats",
        "advice_reproduced",
        "advice_rate",
        "target_95",
        "audit_only_reproduced",
        "audit_only_rate",
    ]
    rate = {"advice_rate": ".1%", "audit_only_rate": ".1%"}
    overall = ", ".join(
        f"{r.election} {format_number(r.advice_rate, '.1%')} ({r.method})" for r in reports
    )
    audit_only = ", ".join(
        f"{r.election} {format_number(r.audit_only_rate, '.1%')} ({r.method})"
        for r in reports
        if r.audit_only_rate != r.advice_rate
    )
    verdict = []
    for row in rows:
        line = (
            f"{row['election']} {row['goal']} ({row['projection']}): "
            f"{format_number(row['advice_rate'], '.1%')}, {row['target_95']}"
        )
        if row["audit_only_rate"] is not None:
            line += (
                f" ({format_number(row['audit_only_rate'], '.1%')} only with the audit's "
                "in-sample site strategy, which no `psephos tactical` option sets)"
            )
        verdict.append(line)
    return [
        table(rows, columns, rate),
        "",
        "`advice_reproduced` and `advice_rate`: the consensus seats reproduced by psephos's "
        "own advice, what `psephos tactical` gives with the goal's parties (the commands are "
        "below). `audit_only_reproduced` and `audit_only_rate`, given only where they differ: "
        "the audit's picks with the 2019 Leave sites' stated strategy, which backs the Brexit "
        "Party only in seats that voted Leave, a condition that exists inside the audit alone "
        "and was added after the first audit showed the gap (an in-sample figure, not advice "
        "a user can get).",
        "",
        f"Overall, psephos's own advice: {overall}. The target is "
        f"{format_number(TARGET_RATE, '.0%')}. The audit's picks with the in-sample site "
        f"strategy (audit only): {audit_only}.",
        "",
        f"Verdict against the {format_number(TARGET_RATE, '.0%')} target, psephos's own advice: "
        + "; ".join(verdict)
        + ".",
    ]


def _figures_and_commands(report: AuditReport) -> list[str]:
    """What each 2019 figure above is and the command that gives it: psephos's own advice
    (``reproduced_best_placed``), the advice with ``--build`` (``reproduced_command_build``)
    and the audit's (``rate``, the Leave sites' strategy with its Leave-seat condition, which
    no option of ``psephos tactical`` sets), each measured here."""
    rows = {row["goal"]: row for row in report.consensus_rows}
    leave, remain = rows["leave"], rows["remain"]
    spec = GOALS["leave"]

    def share(count: int, row: Mapping[str, Any]) -> str:
        return (
            f"{count} of {row['consensus_seats']} "
            f"({format_number(count / row['consensus_seats'], '.1%')})"
        )

    def command(goal: str, build: str = "") -> str:
        against, bloc = GOALS[goal].against, GOALS[goal].bloc
        return (
            f"`psephos tactical -e {report.election} --against {','.join(against)} --bloc "
            f"{','.join(bloc)}{build} -f csv`"
        )

    return [
        "What each 2019 figure is, and the command that gives it (each counted here against "
        "the same consensus seats):",
        "",
        f"- `advice_reproduced` and the Verdict (`reproduced_best_placed` in the tables below): "
        f"psephos's own advice, the plain command: Remain "
        f"{share(remain['reproduced_best_placed'], remain)} with {command('remain')}, Leave "
        f"{share(leave['reproduced_best_placed'], leave)} with {command('leave')}; 2019 as a "
        f"whole {format_number(report.advice_rate, '.1%')}, so psephos's advice does not "
        f"reach the {format_number(TARGET_RATE, '.0%')} target for the Leave sites.",
        f"- With `--build {spec.build}` (the Brexit Party in every seat no Leave party can "
        f"win, with no Leave-seat condition), {command('leave', f' --build {spec.build}')} "
        f"reproduces Leave {share(leave['reproduced_command_build'], leave)}"
        + (
            ", still short of the target."
            if leave["reproduced_command_build"] < TARGET_RATE * leave["consensus_seats"]
            else "."
        ),
        f"- `audit_only_rate` (`rate` and `reproduced` in the tables below): the audit's picks, "
        f"`psephos tactical-audit --election {report.election}`. For Leave, "
        f"{share(leave['reproduced'], leave)}, they back the Brexit Party only where the "
        f"seat voted Leave (above {format_number(spec.build_min_leave, '.0%')}), a condition "
        "of the audit that no option of `psephos tactical` sets, added after the gap was seen: "
        "it shows why the sites differ, not what psephos advises.",
    ]

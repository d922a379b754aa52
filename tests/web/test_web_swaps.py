"""The vote-swap page and its JSON twin match an uploaded file of offers as ``psephos swap``
matches the same file."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import file_csv, page_token

from cli_helpers import command_json
from psephos.cli import app as cli
from psephos.columns import column_meaning

#: Liberal Democrat and Labour voters in two London seats who would swap, two Green and
#: Labour offers in one seat, and an offer no one mirrors.
OFFERS = (
    "seat,preferred,willing\n"
    "Putney,LD,Lab\nPutney,LD,Lab\nPutney,LD,Lab\n"
    "Richmond Park,Lab,LD\nRichmond Park,Lab,LD\n"
    "Bootle,Green,Lab\nBootle,Lab,Green\n"
    "Holborn and St Pancras,Con,Reform\n"
)
#: A seat of the 2019 boundaries, followed to its 2024 seat with a note; "Ynys Môn" with a
#: letter Windows-1252 writes in one byte.
FOLLOWED = "seat,preferred,willing\nArfon,Lab,PC\nYnys Môn,PC,Lab\n"


@pytest.mark.parametrize(
    ("text", "options", "form"),
    [
        (OFFERS, (), {}),
        (
            OFFERS,
            ("--election", "2019", "--sims", "300", "--method", "greedy", "--seed", "7"),
            {"election": "2019", "sims": "300", "method": "greedy", "seed": "7"},
        ),
        (OFFERS, ("--method", "lp", "--sims", "300"), {"method": "lp", "sims": "300", "seed": ""}),
        (FOLLOWED, ("--sims", "300"), {"sims": "300", "election": ""}),
    ],
)
def test_the_web_matches_offers_as_the_command_does(
    client: TestClient,
    tmp_path: Path,
    text: str,
    options: tuple[str, ...],
    form: dict[str, str],
) -> None:
    path = tmp_path / "offers.csv"
    path.write_text(text, encoding="utf-8")
    expected = command_json("swap", str(path), *options)
    files = {"offers_file": ("offers.csv", text.encode(), "text/csv")}
    posted = client.post("/api/swap", data=form, files=files)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    assert {key: body[key] for key in expected} == expected
    assert body["offers"] == text.count("\n") - 1
    named = {row[key] for row in expected["rows"] for key in ("a_prefers", "a_votes")}
    named |= {row[key] for row in expected["unmatched"] for key in ("prefers", "votes")}
    assert set(body["labels"]) == named
    page = client.post(
        "/swap", data={**form, "csrf_token": page_token(client, "/swap")}, files=files
    )
    assert page.status_code == 200
    shown = unescape(page.text)
    assert body["title"] in shown
    for row in body["rows"]:
        assert row["why"] in shown and body["labels"][row["a_prefers"]] in shown
    for row in body["unmatched"]:
        assert row["reason"] in shown


def test_the_page_shows_who_swaps_with_whom_and_who_is_left(client: TestClient) -> None:
    """The London offers swap (both seats, both parties by label, why it helps both), and
    the offers that do not are listed with the reason: the mirror offer only in the same
    seat, no mirror offer at all, more offers in one seat than partners."""
    files = {"offers_file": ("offers.csv", OFFERS.encode(), "text/csv")}
    body = client.post("/api/swap", files=files).json()
    assert body["swaps"] == 2 and body["offers"] == 8
    (row,) = body["rows"]
    assert {row["a_name"], row["b_name"]} == {"Putney", "Richmond Park"}
    assert row["gain_a_party"] > 0 and row["gain_b_party"] > 0
    left = {(r["seat_name"], r["prefers"]): r for r in body["unmatched"]}
    assert sum(r["offers"] for r in body["unmatched"]) == 8 - 2 * body["swaps"]
    assert "in Bootle too" in left["Bootle", "Lab"]["reason"]
    assert left["Holborn and St Pancras", "Con"]["reason"].startswith("No one offered")
    assert left["Putney", "LD"]["offers"] == 1
    assert "taken by other swaps" in left["Putney", "LD"]["reason"]
    page = client.post("/swap", data={"csrf_token": page_token(client, "/swap")}, files=files).text
    table = page.split('id="swap-table"')[1].split("</table>")[0]
    assert "Putney" in table and "Richmond Park" in table
    assert body["labels"]["LD"] in table and body["labels"]["Lab"] in table
    unmatched = page.split('id="swap-unmatched"')[1].split("</table>")[0]
    assert "Holborn and St Pancras" in unmatched and body["labels"]["Reform"] in unmatched


def test_a_phone_s_swap_tables_leave_out_the_columns_their_seats_and_reasons_repeat(
    client: TestClient,
) -> None:
    """Ten columns scrolled sideways on a phone: the tables are compact (as a seat's history)
    and their party and gain columns are marked to be left out on a narrow screen, each
    voter's parties said under the seat instead; the reason says the gains."""
    import re

    files = {"offers_file": ("offers.csv", OFFERS.encode(), "text/csv")}
    page = client.post("/swap", data={"csrf_token": page_token(client, "/swap")}, files=files).text
    for table_id, kept in (("swap-table", 4), ("swap-unmatched", 3)):
        table = (
            page.split(f'id="{table_id}"')[0].rsplit("<table", 1)[1]
            + page.split(f'id="{table_id}"')[1].split("</table>")[0]
        )
        assert 'class="results compact"' in table
        head = table.split("</thead>")[0]
        headers = re.findall(r"<th(?:\s[^>]*)?>", head)
        assert len([h for h in headers if "narrow-hide" not in h]) == kept
        assert "narrow-only" in table
    table = page.split('id="swap-table"')[1].split("</table>")[0]
    under = re.findall(r'<span class="narrow-only meta">([^<]*)</span>', table)
    assert "prefers LD, votes Lab" in under and "prefers Lab, votes LD" in under
    row = table.split("<tbody>")[1].split("</tr>")[0]
    assert re.search(r'<td class="num narrow-hide">[^<]+</td>', row)  # the gains, on a desktop


def test_an_offers_file_excel_saved_on_windows_is_read_with_a_note(client: TestClient) -> None:
    """Offers in Windows-1252 match as in UTF-8, with the note of every upload before the
    note of the seat followed to the 2024 boundaries."""

    def post(raw: bytes) -> dict[str, Any]:
        files = {"offers_file": ("offers.csv", raw, "text/csv")}
        response = client.post("/api/swap", data={"sims": "300"}, files=files)
        assert response.status_code == 200, response.text
        return dict(response.json())

    windows, utf8 = post(FOLLOWED.encode("cp1252")), post(FOLLOWED.encode())
    assert windows["rows"] == utf8["rows"] and windows["unmatched"] == utf8["unmatched"]
    old_mac = post(FOLLOWED.replace("\n", "\r").encode())  # bare carriage returns
    assert (old_mac["rows"], old_mac["unmatched"]) == (utf8["rows"], utf8["unmatched"])
    (followed,) = utf8["notes"]
    assert "Arfon is not a seat on the 2024 boundaries" in followed
    assert windows["notes"][0].startswith("The swap-offer file 'offers.csv' is not UTF-8")
    assert windows["notes"][1:] == utf8["notes"]


@pytest.mark.parametrize(
    ("line", "status", "says"),
    [
        ("Putney,LD,Labor", 400, "Swap offer row 3, willing: Unknown party 'Labor'"),
        ("Putnee Zzz,LD,Lab", 400, "Swap offer row 3, seat: No constituency 'Putnee Zzz'"),
        ("Putney,LD,LD", 400, "Swap offer row 3: preferred and willing parties are the same"),
        ("Putney,,Lab", 400, "Swap offer row 3: preferred: missing."),
    ],
)
def test_a_bad_row_is_one_message_naming_it(
    client: TestClient, tmp_path: Path, line: str, status: int, says: str
) -> None:
    """The command's message for the row, as 400 from the JSON twin and on the page."""
    text = f"seat,preferred,willing\nPutney,LD,Lab\n{line}\n"
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    command = CliRunner().invoke(cli, ["swap", str(path), "--sims", "300"])
    assert command.exit_code != 0
    files = {"offers_file": ("bad.csv", text.encode(), "text/csv")}
    refused = client.post("/api/swap", data={"sims": "300"}, files=files)
    assert refused.status_code == status
    detail = refused.json()["detail"]
    assert isinstance(detail, str) and detail.startswith(says)
    assert detail.split("row 3")[1] in " ".join(command.output.split())
    page = client.post(
        "/swap", data={"sims": "300", "csrf_token": page_token(client, "/swap")}, files=files
    )
    assert page.status_code == status
    shown = page.text.split('id="swap-error" role="alert">')[1].split("</p>")[0]
    assert unescape(shown) == detail


def test_every_bad_row_of_a_file_is_named_at_once(client: TestClient, tmp_path: Path) -> None:
    """A file with an unknown seat, an unknown party and a row preferring and willing the same
    party is refused once, naming the three rows in order, by the command and the JSON twin
    alike: the rows the reader refuses are told with those the election refuses, where the
    same-party row stopped the file alone and hid the others."""
    text = (
        "seat,preferred,willing\nPutney,LD,Lab\nNowhere Town,Lab,Green\nPutney,Foo,Green\n"
        "Putney,Lab,Lab\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    command = CliRunner().invoke(cli, ["swap", str(path), "--sims", "300"])
    assert command.exit_code == 2
    files = {"offers_file": ("bad.csv", text.encode(), "text/csv")}
    refused = client.post("/api/swap", data={"sims": "300"}, files=files)
    detail = refused.json()["detail"]
    assert detail.startswith("3 swap offers do not read: Swap offer row 3, seat: No constituency")
    assert "| Swap offer row 4, preferred: Unknown party 'Foo'" in detail
    assert detail.endswith("| Swap offer row 5: preferred and willing parties are the same.")
    assert " ".join(detail.split()) in " ".join(command.output.split())


def test_the_web_refuses_what_the_command_refuses(client: TestClient) -> None:
    """A missing column and a file that is not text; an unknown election (404); the form's own
    bounds (a method, at least 2 simulations, at most the command's default) as 422."""
    files = {"offers_file": ("offers.csv", OFFERS.encode(), "text/csv")}
    short = {"offers_file": ("short.csv", b"seat,preferred\nPutney,LD\n", "text/csv")}
    missing = client.post("/api/swap", files=short)
    assert missing.status_code == 400 and "lacks column(s) willing" in missing.json()["detail"]
    header_only = {"offers_file": ("offers.csv", b"\r0", "text/csv")}  # a header "0"
    assert "lacks column(s)" in client.post("/api/swap", files=header_only).json()["detail"]
    binary = {"offers_file": ("offers.xlsx", b"PK\x03\x04\x00", "application/zip")}
    assert client.post("/api/swap", files=binary).status_code == 422
    assert client.post("/api/swap", data={"election": "1066"}, files=files).status_code == 404
    for form in ({"method": "magic"}, {"sims": "1"}, {"sims": "2001"}, {"seed": "-1"}):
        assert client.post("/api/swap", data=form, files=files).status_code == 422
    assert client.post("/swap", files=files).status_code == 403  # no CSRF token


def test_an_offers_file_of_only_its_header_is_refused_as_the_command_refuses_it(
    client: TestClient, tmp_path: Path
) -> None:
    """A swap-offer file saved with its header and no rows is refused by the command, the JSON
    twin and the page with one message saying to give rows, where each answered "0 swaps
    among 0 offers"."""
    text = "seat,preferred,willing\n"
    path = tmp_path / "offers.csv"
    path.write_text(text, encoding="utf-8")
    command = CliRunner().invoke(cli, ["swap", str(path), "--sims", "300"])
    assert command.exit_code != 0 and "swaps among" not in command.output
    files = {"offers_file": ("offers.csv", text.encode(), "text/csv")}
    refused = client.post("/api/swap", data={"sims": "300"}, files=files)
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert detail.startswith("The swap-offer file 'offers.csv' has no offers; give a ")
    assert detail.split("; ")[1] in " ".join(command.output.split())
    page = client.post(
        "/swap", data={"sims": "300", "csrf_token": page_token(client, "/swap")}, files=files
    )
    assert page.status_code == 400
    shown = page.text.split('id="swap-error" role="alert">')[1].split("</p>")[0]
    assert unescape(shown) == detail


def test_the_navigation_links_the_page(client: TestClient) -> None:
    page = client.get("/tactical").text
    assert 'href="/swap"' in page


def test_the_swaps_found_download_as_the_command_s_csv(client: TestClient, tmp_path: Path) -> None:
    """The page's "Download the swaps (CSV)" posts back the swaps it shows and gets the file
    ``psephos swap --format csv`` writes for the same offers, as does the twin's
    ``format=csv``; a posted table with other columns is refused."""
    path = tmp_path / "offers.csv"
    path.write_text(OFFERS)
    command = CliRunner().invoke(cli, ["swap", str(path), "--sims", "300", "--format", "csv"])
    assert command.exit_code == 0, command.output
    files = {"offers_file": ("offers.csv", OFFERS.encode(), "text/csv")}
    twin = client.post("/api/swap", params={"format": "csv"}, data={"sims": "300"}, files=files)
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="swaps.csv"' in twin.headers["content-disposition"]
    assert twin.text == command.stdout
    token = page_token(client, "/swap")
    page = client.post("/swap", data={"sims": "300", "csrf_token": token}, files=files).text
    form = page.split('id="swap-download"')[1].split("</form>")[0]
    held = unescape(form.split('<textarea name="swaps" hidden>')[1].split("</textarea>")[0])
    download = client.post("/swap/swaps.csv", data={"csrf_token": token, "swaps": held})
    assert download.status_code == 200
    assert 'filename="swaps.csv"' in download.headers["content-disposition"]
    assert download.text == command.stdout
    assert "Putney" in download.text and "Richmond Park" in download.text
    forged = client.post("/swap/swaps.csv", data={"csrf_token": token, "swaps": "a,b\n1,2\n"})
    assert forged.status_code == 422
    # a row with a cell more than the header (psephos.io.own_tables reads it) is no swap row
    header, first = held.splitlines()[:2]
    longer = client.post(
        "/swap/swaps.csv", data={"csrf_token": token, "swaps": f"{header}\n{first},<b>x</b>\n"}
    )
    assert longer.status_code == 422


def test_the_swaps_say_what_pairs_and_gains_are_as_the_command_s_legend(
    client: TestClient, tmp_path: Path
) -> None:
    """The page's pairs and gain columns are explained in the words of the legend under
    ``psephos swap``'s table (psephos.columns), so the two never explain them differently."""
    files = {"offers_file": ("offers.csv", OFFERS.encode(), "text/csv")}
    page = client.post("/swap", data={"csrf_token": page_token(client, "/swap")}, files=files)
    assert page.status_code == 200
    shown = unescape(page.text.split('id="swap-columns">')[1].split("</p>")[0])
    for key, label in (
        ("pairs", "Pairs"),
        ("gain_a_party", "Gain to A's party"),
        ("gain_b_party", "Gain to B's party"),
    ):
        assert f"{label}: {column_meaning(key)}." in shown
    offers = tmp_path / "offers.csv"
    offers.write_text(OFFERS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["swap", str(offers)])
    assert result.exit_code == 0, result.output
    under = " ".join(result.stdout.split())  # the legend under the swaps, as the table wraps it
    lines = [f"{key}: {column_meaning(key)}" for key in ("pairs", "gain_a_party", "gain_b_party")]
    assert " ".join(" ".join(lines).split()) in under


def test_the_web_says_who_swaps_with_whom_without_names_unless_asked(
    client: TestClient,
) -> None:
    """``pairs`` in the JSON twin and a download on the page, as ``psephos swap --pairs``:
    rows and ids only, names and e-mails only with ``include_personal``."""
    text = (
        "id,name,email,seat,preferred,willing\nA,Ann,ann@x.org,Putney,LD,Lab\n"
        "B,Ben,ben@x.org,Richmond Park,Lab,LD\n"
    )
    files = {"offers_file": ("offers.csv", text.encode(), "text/csv")}
    answer = client.post("/api/swap", data={"sims": "300"}, files=files).json()
    assert [(p["id"], p["partner_id"]) for p in answer["pairs"]] == [("A", "B"), ("B", "A")]
    assert "Ann" not in str(answer) and "ann@x.org" not in str(answer)
    named = client.post(
        "/api/swap", data={"sims": "300", "include_personal": "true"}, files=files
    ).json()
    assert named["pairs"][0]["partner_name"] == "Ben"
    token = page_token(client, "/swap")
    page = client.post("/swap", data={"sims": "300", "csrf_token": token}, files=files).text
    assert "Ann" not in page and "Who swaps with whom" in page
    form = page.split('id="swap-pairs-download"')[1].split("</form>")[0]
    held = unescape(form.split('<textarea name="pairs" hidden>')[1].split("</textarea>")[0])
    download = client.post("/swap/pairs.csv", data={"csrf_token": token, "pairs": held})
    assert download.status_code == 200
    assert download.text.splitlines()[1].startswith("2,A,")
    assert file_csv(download).startswith("row,id,")  # as --pairs writes it, Excel's mark first
    forged = client.post("/swap/pairs.csv", data={"csrf_token": token, "pairs": "a,b\n1,2\n"})
    assert forged.status_code == 422


def test_the_swap_page_says_it_is_for_organisers_and_points_a_voter_to_advice(
    client: TestClient,
) -> None:
    """A voter following "Vote swaps" in the navigation found only a form for a file of
    offers: the page says first that it is an organisers' tool, and links a voter on."""
    page = client.get("/swap").text
    said = page.split('id="swap-for-whom">', 1)[1].split("</p>", 1)[0]
    assert "for organisers" in said and 'href="/advice"' in said and "for one voter" in said
    assert page.index('id="swap-for-whom"') < page.index('id="swap-mine-form"')
    assert page.index('id="swap-mine-form"') < page.index('id="swap-form"')


@pytest.mark.parametrize(
    ("params", "options"),
    [
        ({"seat": "Richmond Park", "prefer": "Lab"}, ()),
        ({"seat": "TW10 6AA", "prefer": "Labour", "willing": "LD"}, ("--willing", "LD")),
    ],
)
def test_one_voter_s_swap_on_the_web_is_the_command_s(
    client: TestClient, params: dict[str, str], options: tuple[str, ...]
) -> None:
    """A voter had no way in: the page's own form takes a seat (or postcode) and a party and
    says, as ``psephos swap --seat --prefer`` does, whether the party is in contention, who
    the race is between, and where a partner should live, saying that a swap needs one."""
    expected = command_json(
        "swap", "--seat", params["seat"], "--prefer", params["prefer"], *options
    )
    body = client.get("/api/swap/mine", params=params).json()
    assert {key: expected[key] for key in body} == body  # the command's adds its printed notes
    assert "out of contention" in body["contest"] and "between LD and Con" in body["contest"]
    willing = [o["willing"] for o in body["outlooks"]]
    assert willing == (["LD"] if options else ["LD", "Con"])
    first = body["outlooks"][0]
    assert first["helps"] and first["n_partner_seats"] >= len(first["partner_seats"]) > 0
    assert "a partner who prefers LD votes Lab in a seat where the swap helps" in first["verdict"]
    page = unescape(client.get("/swap", params=params).text)
    answer = page.split('id="swap-outlook"', 1)[1]
    assert body["contest"] in answer and first["verdict"] in answer
    assert first["partner_seats"][0]["seat_name"] in answer
    assert body["partner_needed"] in answer and "needs a partner" in body["partner_needed"]


def test_one_voter_s_swap_refused_is_said_above_the_form(client: TestClient) -> None:
    page = client.get("/swap", params={"seat": "Bath", "prefer": "Lab", "willing": "PC"})
    assert page.status_code == 400
    said = unescape(page.text.split('id="swap-mine-error" role="alert">', 1)[1].split("</p>")[0])
    assert said.startswith("Plaid Cymru does not stand in Bath")
    assert 'value="PC"' in page.text  # kept as typed
    assert (
        client.get("/api/swap/mine", params={"seat": "Nowhere", "prefer": "Lab"}).status_code == 404
    )

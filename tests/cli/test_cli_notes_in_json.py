"""The ``note:`` lines a command prints on standard error are in its JSON too, as ``notes``,
word for word and in order (as ``project`` and ``count-ballots`` already had them), so an answer
read from the JSON keeps what was assumed to make it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import command_result

#: Two parties of a UK poll, whose other 36% the parties not named share: a note says so.
SHORT_POLL = "Lab 40 Con 24"


def _notes_as_printed(*arguments: str) -> list[str]:
    """The JSON's ``notes`` of ``psephos ARGUMENTS``, checked to be the ``note:`` lines it
    printed on standard error; at least one."""
    answer, result = command_result(*arguments)
    printed = [
        line.removeprefix("note: ")
        for line in result.stderr.splitlines()
        if line.startswith("note: ")
    ]
    assert answer["notes"] == printed != []
    return printed


#: A command of each kind that projects a poll first, with few simulations.
POLL_COMMANDS = {
    "forecast": ["forecast", "--from", "2019", "--poll", SHORT_POLL, "--sims", "50"],
    "target": ["target", "2019", "--pair", "Lab,Con", "--poll", SHORT_POLL, "--top", "3"],
    "pact": ["pact", "2019", "--bloc", "Lab,LD", "--poll", SHORT_POLL],
    "advise": ["advise", "Hampstead and Highgate", "--prefer", "Lab,LD", "--poll", SHORT_POLL],
}


@pytest.mark.parametrize("command", list(POLL_COMMANDS))
def test_the_poll_note_is_in_the_json(command: str) -> None:
    notes = _notes_as_printed(*POLL_COMMANDS[command])
    assert any("the remaining 36.0% goes to the parties not named" in note for note in notes)


def test_turnout_notes_the_split_it_completed() -> None:
    given = ("--split", "Con 19 Lab 62")
    note, nations = _notes_as_printed(
        "turnout", "2019", "--group", "18-24", "--change", "10", *given
    )
    assert note.startswith("The group's vote split shares sum to 81.0%")
    assert nations.startswith("The 18-24 split is applied alike in every seat")
    # the bundled split is not the user's: what it leaves is in the title, not in a note
    answer, result = command_result("turnout", "2019", "--group", "18-24", "--change", "10")
    assert answer["notes"] == [nations] and "sum to" not in result.stderr


def test_allocate_notes_why_no_hour_was_placed(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\nv1,BT1 1,8\n", encoding="utf-8")
    answer, result = command_result("allocate", str(path), "-e", "2024", "--party", "Lab")
    printed = [
        line.removeprefix("note: ")
        for line in result.stderr.splitlines()
        if line.startswith("note: ")
    ]
    # the report on the file's rows is said as notes, and given in the JSON as its own fields
    # (summary, problems), not again among its notes
    assert printed[0] == "Read 1 volunteer row: 1 accepted, 0 rejected, 0 adjusted."
    assert answer["summary"]["rows_read"] == 1 and answer["problems"] == []
    (note,) = answer["notes"]
    assert printed[1:] == [note]
    assert note.startswith("No hours placed: Lab stands in none of the seats")


def test_swap_notes_a_seat_of_the_old_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "offers.csv"
    path.write_text("seat,preferred,willing\nArfon,Lab,PC\nArfon,LD,PC\n", encoding="utf-8")
    (note,) = _notes_as_printed("swap", str(path), "--election", "2024", "--sims", "200")
    assert "Arfon" in note


#: A results file of a country psephos bundles nothing of: read with a note saying so.
OWN_FILE = (
    "seat_code,seat_name,party,votes\n1,Alpha,Tui,60\n1,Alpha,Moa,40\n2,Beta,Moa,55\n"
    "2,Beta,Tui,45\n3,Gamma,Tui,70\n3,Gamma,Moa,30\n"
)


@pytest.mark.parametrize(
    "command",
    [["results"], ["marginals"], ["govern"], ["systems"], ["pact", "--bloc", "Moa"]],
    ids=lambda command: command[0],
)
def test_the_note_of_reading_a_file_is_in_the_json(tmp_path: Path, command: list[str]) -> None:
    """The note that a file was read as its own country's is printed while the file is read,
    before the command builds its answer: it is in the JSON all the same (the JSON of
    ``results``, ``marginals`` and ``govern`` had no ``notes``; ``pact``'s left it out)."""
    path = tmp_path / "own.csv"
    path.write_text(OWN_FILE, encoding="utf-8")
    notes = _notes_as_printed(command[0], str(path), *command[1:])
    assert "is read as an election of its own country" in notes[0]

"""How psephos decodes a file: UTF-8, else Windows-1252 (Excel's "CSV" on Windows) with a
note, else refused (io/rows.py decode_text, read_text, read_lines)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest

from psephos.errors import DataFormatError, InputWarning
from psephos.io.rows import decode_text, read_lines, read_text

WINDOWS = "name,notes\r\nZoë,£5 & a café\r\n"


def test_utf8_is_read_without_a_note() -> None:
    text, note = decode_text(("\ufeff" + WINDOWS).encode("utf-8"), label="The file")
    assert (text, note) == (WINDOWS, None)


def test_windows_1252_is_read_with_a_note() -> None:
    raw = WINDOWS.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the case in hand: not UTF-8
    text, note = decode_text(raw, label="Volunteer file 'team.csv'")
    assert text == WINDOWS
    assert note is not None
    assert note.startswith("Volunteer file 'team.csv' is not UTF-8")
    assert "Windows-1252" in note


def test_a_utf8_file_with_a_line_in_windows_1252_reads_each_line_in_its_own() -> None:
    """One row pasted in Windows-1252 into a UTF-8 file made the whole file Windows-1252, so
    every UTF-8 line's "Môn" was garbled (and that spelling was kept); each line is now
    read in its own encoding, and the note names the line read as Windows-1252."""
    raw = (
        "\ufeffseat,name\nYnys Môn,Zoë\n".encode()
        + "Ynys Môn,Émile\n".encode("cp1252")
        + "Ynys Môn,Siân\n".encode()
    )
    text, note = decode_text(raw, label="File 'mix.csv'")
    assert text == "seat,name\nYnys Môn,Zoë\nYnys Môn,Émile\nYnys Môn,Siân\n"
    assert note == (
        "File 'mix.csv' is UTF-8 but for line 3, which was read as Windows-1252 (Excel's "
        '"CSV" on Windows). Save it as "CSV UTF-8" if any name looks wrong.'
    )
    ascii_and_1252 = b"seat\nBath\n" + "Ynys Môn\n".encode("cp1252")
    assert decode_text(ascii_and_1252, label="File 'x.csv'")[1].startswith(
        "File 'x.csv' is not UTF-8; it was read as Windows-1252"
    )


@pytest.mark.parametrize("raw", [b"PK\x03\x04\x00\x00binary", b"name\n\x81\x8d\x8f\x90\x9d\n"])
def test_bytes_that_are_not_text_are_refused(raw: bytes) -> None:
    with pytest.raises(DataFormatError, match=r"'x\.csv' is not text; save it as UTF-8 CSV"):
        decode_text(raw, label="File 'x.csv'")


def test_read_text_warns_of_a_windows_file(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes(WINDOWS.encode("cp1252"))
    with pytest.warns(InputWarning, match="read as Windows-1252") as caught:
        text = read_text(path, what="Volunteer file")
    assert len(caught) == 1 and str(path) in str(caught[0].message)
    assert text == WINDOWS.replace("\r\n", "\n")  # as a file opened as text reads
    path.write_text(WINDOWS, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_text(path, what="Volunteer file") == WINDOWS.replace("\r\n", "\n")


def test_read_lines_decodes_a_stream_as_read_text_decodes_a_file() -> None:
    """Standard input read as it arrives: each line as :func:`read_text` reads a file, one note
    for the whole stream, and a line that is not text refused."""
    stream = io.BytesIO((WINDOWS + "Zoë,more\r\n").encode("cp1252"))
    with pytest.warns(InputWarning, match="Standard input is not UTF-8") as caught:
        lines = list(read_lines(stream, label="Standard input"))
    assert len(caught) == 1
    assert "".join(lines) == (WINDOWS + "Zoë,more\r\n").replace("\r\n", "\n")
    with pytest.raises(DataFormatError, match="Standard input is not text"):
        list(read_lines(io.BytesIO(b"name\nPK\x03\x04\x00\n"), label="Standard input"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_its_mark_is_read(tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode Text" (UTF-16 with a byte-order mark, tabs between cells) is text."""
    sheet = "Name\tPostcode\tHours\r\nZoë\tSW1A 1AA\t4\r\n"
    raw = ("\ufeff" + sheet).encode(encoding)
    assert decode_text(raw, label="File 'x.csv'") == (sheet, None)
    path = tmp_path / "team.csv"
    path.write_bytes(raw)
    assert read_text(path, what="Volunteer file") == sheet.replace("\r\n", "\n")


@pytest.mark.parametrize("raw", [b"\xff\xfeN\x00a", b"\xff\xfe\x00bad", b"\xff\xfe\x01\x00,\x00"])
def test_bytes_that_only_start_as_utf16_are_refused(raw: bytes) -> None:
    with pytest.raises(DataFormatError, match="starts as UTF-16 text but is not a table in it"):
        decode_text(raw, label="File 'x.csv'")

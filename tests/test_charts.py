"""The one chart set-up (psephos.charts): file types by extension, saving, closing."""

from __future__ import annotations

from pathlib import Path

import pytest

from psephos.charts import (
    CHART_SUFFIXES,
    check_chart_path,
    new_figure,
    paler,
    save_figure,
    text_colour,
)
from psephos.errors import PsephosError

#: The first bytes of each format.
MAGIC = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}


@pytest.mark.parametrize("suffix", CHART_SUFFIXES)
def test_a_figure_is_written_in_the_format_its_extension_names(tmp_path: Path, suffix: str) -> None:
    import matplotlib.pyplot as plt

    figure, axis = new_figure(3, 2)
    axis.plot([0, 1], [1, 0])
    written = save_figure(figure, tmp_path / f"line{suffix.upper()}")
    assert written.read_bytes().startswith(MAGIC[suffix])
    assert not plt.fignum_exists(figure.number)  # closed: a long run does not pile up figures


def test_a_png_is_a_palette_image_of_the_colours_drawn(tmp_path: Path) -> None:
    from PIL import Image

    figure, axis = new_figure(3, 2)
    axis.bar([0, 1], [1, 2], color=["#E4003B", "#0087DC"])
    written = save_figure(figure, tmp_path / "bars.png")
    with Image.open(written) as image:
        assert image.mode == "P"  # 256 colours at most: a third of the size of RGBA
        colours = {colour for _, colour in image.convert("RGB").getcolors(256) or []}
    assert {(0xE4, 0x00, 0x3B), (0x00, 0x87, 0xDC)} <= colours


def test_other_extensions_are_refused_naming_those_allowed(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    figure, _ = new_figure(3, 2)
    with pytest.raises(PsephosError, match=r"must end in one of \.png, \.svg, \.pdf"):
        save_figure(figure, tmp_path / "line.txt")
    assert not (tmp_path / "line.txt").exists()
    assert not plt.fignum_exists(figure.number)
    assert check_chart_path("a.HTML", (".html",)) == ".html"


def test_html_wraps_the_svg_where_allowed(tmp_path: Path) -> None:
    figure, _ = new_figure(3, 2)
    page = save_figure(figure, tmp_path / "page.html", suffixes=(".html",), title="Seats")
    text = page.read_text(encoding="utf-8")
    assert "<title>Seats</title>" in text and "<svg" in text


def test_text_reads_on_its_background() -> None:
    assert text_colour("#FFFFFF") == "black"
    assert text_colour("#000000") == "white"
    assert text_colour("#E4003B") == "white"  # Labour red
    assert text_colour("#FAA61A") == "black"  # Lib Dem amber


def test_paler_mixes_a_colour_with_white() -> None:
    assert paler("#E4003B", 0.0) == "#e4003b"
    assert paler("#E4003B", 1.0) == "#ffffff"
    assert paler("#000000", 0.5) == "#808080"
    with pytest.raises(ValueError, match="from 0 to 1"):
        paler("#000000", 1.5)

"""What every psephos chart shares: the file types, a new figure, saving by extension.

Each area draws its own pictures beside its code (``government/charts.py``,
``pacts/charts.py``, ``forecast/charts.py``, ``results/hexmap.py``); the set-up lives here once.
matplotlib is imported only when a chart is drawn (``--help`` stays fast), with the Agg
backend, so no display is needed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psephos.errors import PsephosError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: File types a chart can be written as, chosen by the file's extension.
CHART_SUFFIXES: tuple[str, ...] = (".png", ".svg", ".pdf")
#: Resolution of PNG charts (dots per inch).
CHART_DPI = 120


def check_chart_path(path: str | Path, suffixes: Sequence[str] = CHART_SUFFIXES) -> str:
    """The chart format of a file name: its extension, lower case, one of ``suffixes``.

    Raises:
        PsephosError: for any other extension, naming those allowed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise PsephosError(f"Chart file {str(path)!r} must end in one of {', '.join(suffixes)}.")
    return suffix


def new_figure(width: float, height: float, **subplots: Any) -> tuple[Figure, Any]:
    """A figure of ``width`` x ``height`` inches and its axes (``plt.subplots``), drawn off
    screen (the Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height), **subplots)


def save_figure(
    figure: Figure,
    path: str | Path,
    *,
    suffixes: Sequence[str] = CHART_SUFFIXES,
    title: str = "psephos chart",
    dpi: int = CHART_DPI,
) -> Path:
    """Write ``figure`` to ``path`` in the format its extension names (PNG at ``dpi`` dots per
    inch, with a 256-colour palette), close it, and return the path. ``.html``, where
    ``suffixes`` allows it, is the SVG inside a page titled ``title``.

    Raises:
        PsephosError: an extension not in ``suffixes``.
    """
    import matplotlib.pyplot as plt

    target = Path(path)
    try:
        suffix = check_chart_path(target, suffixes)
        if suffix == ".html":
            target.write_text(
                "<!doctype html><html><head><meta charset='utf-8'>"
                f"<title>{title}</title></head><body>{_svg_text(figure)}</body></html>",
                encoding="utf-8",
            )
        elif suffix == ".png":
            _save_palette_png(figure, target, dpi)
        else:
            figure.savefig(target, dpi=dpi, bbox_inches="tight")
    finally:
        plt.close(figure)
    return target


def _svg_text(figure: Figure) -> str:
    """``figure`` as an SVG document (the ``.html`` file's body, :func:`figure_svg`)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def figure_svg(figure: Figure) -> str:
    """``figure`` as the text of an SVG file, and closed: a chart the web app serves as an
    image (the results-night replay's convergence curve) drawn by the code that writes the
    command's ``--chart`` file."""
    import matplotlib.pyplot as plt

    try:
        return _svg_text(figure)
    finally:
        plt.close(figure)


def _save_palette_png(figure: Figure, target: Path, dpi: int) -> None:
    """A PNG with a palette of 256 colours: charts are flat party colours, so nothing visible
    is lost and the file is about a third of the size (docs/img stays small)."""
    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    buffer.seek(0)
    with Image.open(buffer) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    palette.save(target, format="PNG", optimize=True)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (a hex colour)."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "white"


def paler(colour: str, amount: float) -> str:
    """``colour`` (``#rrggbb``) mixed with white: ``amount`` 0 leaves it, 1 is white. The same
    hue made lighter, for a map that shades a party's colour (:mod:`psephos.results.hexmap`)."""
    if not 0.0 <= amount <= 1.0:
        raise ValueError(f"amount must be from 0 to 1, not {amount!r}")
    channels = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def subtitle(axis: Axes, text: str) -> None:
    """A smaller second line under the axes' title."""
    axis.text(0.5, 1.01, text, transform=axis.transAxes, ha="center", va="bottom", fontsize=9)

"""Fitting a record onto an official form's fixed pages.

A transcript (ปพ.1, รบ.1) must fit its two printed sides whatever the number of
subjects. xhtml2pdf cannot shrink a table to fit, so the size is chosen before
rendering: every entry's wrapped line count is estimated from the font's real
advance widths, the year blocks are balanced over the form's columns, and the
largest type size whose tallest column fits the space is taken. The renderer then
checks the page count and steps down once more if the estimate was short
(lsq_core.documents.engine.render_fitted).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from lsq_core.documents.engine import FONT_DIR

#: type sizes tried, largest first (points)
SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5)
LINE_HEIGHT = 1.2  # the templates' line-height, as a multiple of the size
ROW_PADDING = 1.0  # points of cell padding per table row (the templates' 0.5pt above and below)
SLACK = 1.04  # shaped Thai is a little wider than the sum of its advances
BREAK = "\u200b"


@lru_cache(maxsize=1)
def _font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("LsqMeasureSarabun", str(FONT_DIR / "Sarabun-Regular.ttf")))
    return "LsqMeasureSarabun"


def text_width(text: str, size: float) -> float:
    """Advance width in points; Thai marks have no advance, so unshaped sums are close enough to plan with."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, _font_name(), size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` as the lines of a cell ``width`` points wide, broken only between words (Thai
    word boundaries or spaces), the way a registrar writes a long subject name on two lines."""
    from lsq_core.documents import thai

    pieces = [p for p in thai.segment(text, sep=BREAK).replace(" ", " " + BREAK).split(BREAK) if p]
    lines, current = [], ""
    for piece in pieces:
        if current and text_width((current + piece).rstrip(), size) * SLACK > width:
            lines.append(current.rstrip())
            current = piece
        else:
            current += piece
    lines.append(current.rstrip())
    return lines or [""]


@dataclass
class Line:
    """One printed line of a column: a heading (year, term), an entry (a subject with its
    numbers), or the rest of an entry's name ("more") on the lines below it."""

    kind: str  # "year", "term", "entry", "more"
    text: str
    values: tuple = ()


@dataclass
class Block:
    """What must stay together in one column: a year with its terms and entries."""

    lines: list[Line] = field(default_factory=list)

    def rows(self, size: float, text_width_pt: float) -> list[Line]:
        """The block as printed lines at ``size``: long entries continue on the lines below."""
        rows = []
        for line in self.lines:
            if line.kind != "entry":
                rows.append(line)
                continue
            first, *rest = wrap(line.text, text_width_pt, size)
            rows.append(Line("entry", first, line.values))
            rows.extend(Line("more", more) for more in rest)
        return rows

    def height(self, size: float, text_width_pt: float) -> float:
        return len(self.rows(size, text_width_pt)) * row_height(size)


def row_height(size: float) -> float:
    return size * LINE_HEIGHT + ROW_PADDING


def across(columns: list[list[Block]], size: float, text_width_pt: float) -> list[list[Line | None]]:
    """The printed lines of side-by-side columns as rows of one table: row i holds line i of each
    column (None where a column has ended), as on the ruled official form."""
    printed = [[row for block in column for row in block.rows(size, text_width_pt)] for column in columns]
    depth = max((len(lines) for lines in printed), default=0)
    return [[lines[i] if i < len(lines) else None for lines in printed] for i in range(depth)]


def balance(blocks: list[Block], columns: int, size: float, text_width_pt: float) -> list[list[Block]]:
    """Blocks in order over ``columns`` columns so that the tallest column is as short as possible
    (and, among splits as short, the columns as even as they can be).

    Years stay in order reading across; a form has at most a handful of blocks, so
    every split is tried.
    """
    heights = [block.height(size, text_width_pt) for block in blocks]
    best, best_key = None, (math.inf, math.inf)
    for cuts in _splits(len(blocks), columns):
        groups = [sum(heights[a:b]) for a, b in zip((0, *cuts), (*cuts, len(blocks)))]
        groups += [0] * (columns - len(groups))
        # the tallest column as short as possible; of equally short ones, the most even columns
        key = (max(groups, default=0), sum(h * h for h in groups))
        if key < best_key:
            best, best_key = cuts, key
    bounds = zip((0, *best), (*best, len(blocks)))
    result = [blocks[a:b] for a, b in bounds]
    return result + [[] for _ in range(columns - len(result))]


def _splits(count: int, columns: int):
    """Every way to cut ``count`` ordered blocks into at most ``columns`` runs (cut positions)."""
    if columns <= 1 or count <= 1:
        yield ()
        return
    for first in range(1, count):
        for rest in _splits(count - first, columns - 1):
            yield (first, *(first + r for r in rest))
    yield ()


def fit(blocks: list[Block], columns: int, height_pt: float, text_width_at,
        at_most: float | None = None) -> tuple[float, list[list[Block]]]:
    """The largest size in SIZES (up to ``at_most``) whose balanced columns fit ``height_pt``, and those columns.

    :param text_width_at: size → width in points of an entry's text cell (the number
        cells beside it grow with the size).
    """
    sizes = [s for s in SIZES if at_most is None or s <= at_most] or [SIZES[-1]]
    for size in sizes:
        width = text_width_at(size)
        columns_ = balance(blocks, columns, size, width)
        tallest = max(sum(block.height(size, width) for block in column) for column in columns_)
        if tallest <= height_pt:
            return size, columns_
    return sizes[-1], balance(blocks, columns, sizes[-1], text_width_at(sizes[-1]))


def smaller(size: float) -> float | None:
    """The next size down, or None at the smallest."""
    later = [s for s in SIZES if s < size]
    return later[0] if later else None

"""The three Thai properties on a corpus of 200+ tricky words (tests/thai_words_200.txt).

The corpus is rendered through the product's engine (lsq_core.documents.engine.render_pdf,
a small template in a temporary folder), in two PDFs: every word in a paragraph of its
own, in Sarabun regular and bold; and every word in a narrow table cell, at two widths.
Each test then checks one property word by word and names every word that fails it:

1. marks placed by OpenType shaping: the glyphs the PDF draws for a word, and where it
   draws them (read back from the content stream: TJ adjustments, text rise and the
   fonts' /Widths), are HarfBuzz's glyphs at HarfBuzz's positions;
2. a text layer equal to the source: pdftotext gives every word back as written, and
   so does the ToUnicode map alone, read in stream order by pypdf (a PDF rendered
   without the ActualText spans);
3. Thai wrapped at word boundaries inside table cells (pdftotext -bbox-layout): a cell's
   lines put together are the word, every line break falls between two words of
   PyThaiNLP's newmm and never inside a syllable, a line that could be broken fits the
   cell, and no line was broken before it had to be.

Run: python -m pytest -q tests/test_thai_corpus.py (a few seconds; needs poppler-utils).
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from lsq_core.documents import thai
from lsq_core.documents.engine import FONT_DIR, render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils not installed (apt-get install poppler-utils; .ci/run does)")

CORPUS_FILE = Path(__file__).with_name("thai_words_200.txt")


def load_corpus() -> list[str]:
    """One word a line; blank lines and ``# headings`` are skipped."""
    lines = (line.strip() for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


WORDS = load_corpus()

SIZE = 14  # pt
PADDING = 3  # pt, the cells' padding
CELL_WIDTHS = (2.2, 4.0)  # cm: most compounds must wrap in the first, some in the second
CM = 72 / 2.54

TEMPLATE = """<html><head><meta charset="utf-8"><style>
{{ font_css }}
@page { size: a4 portrait; margin: 1.5cm; }
body { font-family: Sarabun; font-size: {{ size }}pt; }
p { margin: 0; }
table.cell { margin: 0 0 6pt 0; }
table.cell td { border: 0.5pt solid black; padding: {{ padding }}pt; vertical-align: top; }
</style></head><body>
{% if mode == "list" %}
{% for w in words %}<p>{{ w }}</p>
{% endfor %}{% for w in words %}<p><b>{{ w }}</b></p>
{% endfor %}
{% else %}
{% for width in widths %}{% for w in words %}<table class="cell" style="width: {{ width }}cm"><tr><td>{{ w }}</td></tr></table>
{% endfor %}{% endfor %}
{% endif %}
</body></html>"""


# --- rendering ---------------------------------------------------------------------


@dataclass
class Rendered:
    listing: bytes  # WORDS in regular, then WORDS in bold, one paragraph each
    cells: bytes  # WORDS in a cell CELL_WIDTHS[0] wide, then in one CELL_WIDTHS[1] wide
    subsets: dict  # PDF font name ("/F2+0") -> (ReportLab face, the face's codes in subset order)
    listing_raw: bytes  # the listing again, with the ToUnicode map as its only text layer


def render(folder: Path, mode: str) -> bytes:
    return render_pdf(folder, "corpus.html", {"words": WORDS, "mode": mode, "widths": CELL_WIDTHS,
                                                 "size": SIZE, "padding": PADDING})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Rendered:
    from reportlab.pdfbase import ttfonts

    folder = tmp_path_factory.mktemp("thai_corpus")
    (folder / "corpus.html").write_text(TEMPLATE, encoding="utf-8")
    subsets: dict = {}
    thai.install()  # as html_to_pdf does; installed first so that the probe below wraps the installed method
    writer = ttfonts.TTFont.addObjects

    def recording(self, doc):
        # which code each byte of each subset stands for, as the fonts are written into the PDF
        state = self.state.get(doc)
        if state is not None and state.internalName:
            for number, subset in enumerate(state.subsets):
                subsets[f"/{state.internalName}+{number}"] = (self.face, list(subset))
        return writer(self, doc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ttfonts.TTFont, "addObjects", recording)
        listing = render(folder, "list")
    cells = render(folder, "cells")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(thai, "ACTUAL_TEXT", False)
        listing_raw = render(folder, "list")
    return Rendered(listing, cells, subsets, listing_raw)


def pdftotext(pdf: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def report(failures: list[str], what: str) -> None:
    if failures:
        pytest.fail(f"{len(failures)} failures: words that {what}:\n" + "\n".join(failures), pytrace=False)


# --- the corpus ----------------------------------------------------------------------

UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # ั ิ ี ึ ื ็
TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
COVERAGE = {
    "a tone mark stacked over an upper vowel": (re.compile(f"[{UPPER_VOWELS}][{TONES}]"), 30),
    "sara am after a tone mark": (re.compile(f"[{TONES}]\u0e33"), 10),
    "sara am": (re.compile("\u0e33"), 20),
    "a descender letter ฐ ญ ฎ ฏ ฤ ฦ": (re.compile("[ฐญฎฏฤฦ]"), 30),
    "a tall letter ป ฝ ฟ ฬ with a mark": (re.compile(f"[ปฝฟฬ][{UPPER_VOWELS}{TONES}\u0e38\u0e39\u0e4c]"), 20),
    "ๆ": (re.compile("ๆ"), 3),
    "ฯ": (re.compile("ฯ"), 3),
    "Thai digits": (re.compile("[๐-๙]"), 8),
    "the thanthakhat ์": (re.compile("\u0e4c"), 20),
    "a below vowel ุ ู": (re.compile("[\u0e38\u0e39]"), 15),
    "at least 15 letters": (re.compile("^.{15,}$"), 15),
}
SCHOOL_WORDS = ("ผลการเรียน", "คุณลักษณะอันพึงประสงค์", "กิจกรรมพัฒนาผู้เรียน", "การอ่านคิดวิเคราะห์และเขียน",
                "ผลการเรียนเฉลี่ยสะสม", "หน่วยกิต", "ปีการศึกษา", "ผู้อำนวยการสถานศึกษา", "นายทะเบียน")


def test_the_corpus_is_large_and_tricky():
    assert len(WORDS) == len(set(WORDS)), sorted({w for w in WORDS if WORDS.count(w) > 1})
    assert len(WORDS) >= 200
    assert all(thai.has_thai(word) and " " not in word for word in WORDS)
    assert all(unicodedata.is_normalized("NFC", word) for word in WORDS)
    short = {what: sum(1 for w in WORDS if pattern.search(w)) for what, (pattern, least) in COVERAGE.items()}
    assert {what: n for what, n in short.items() if n < COVERAGE[what][1]} == {}, short
    assert [w for w in SCHOOL_WORDS if w not in WORDS] == []


# --- property 1: glyphs and offsets --------------------------------------------------


@dataclass
class Glyph:
    gid: int
    x: float  # 1/1000 em from the word's start: where the glyph is drawn
    y: float  # 1/1000 em: the text rise


def pdf_words(pdf: bytes, subsets: dict) -> list[tuple[str, list[Glyph]]]:
    """Every text object (BT … ET) of the PDF, in order: its font's face name and its glyphs.

    A small interpreter of the text operators ReportLab writes (Tf, Ts, Tc, Tw, TJ, Tj):
    each glyph is placed where a viewer draws it, from the TJ adjustments, the text rise
    and the /Widths of the font in the PDF; its glyph id is the one the subset's byte
    stands for.
    """
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    blocks = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        widths = {name: (int(fonts[name]["/FirstChar"]), [float(w) for w in fonts[name]["/Widths"]])
                  for name in fonts if "/Widths" in fonts[name]}
        glyphs: list[Glyph] = []
        face_name = ""
        font, size, rise, char_space, word_space, x = None, 1.0, 0.0, 0.0, 0.0, 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BT":
                glyphs, x, face_name = [], 0.0, ""
            elif operator == b"ET":
                if glyphs:
                    blocks.append((face_name, glyphs))
            elif operator == b"Tf":
                font, size = str(operands[0]), float(operands[1])
            elif operator == b"Ts":
                rise = float(operands[0])
            elif operator == b"Tc":
                char_space = float(operands[0])
            elif operator == b"Tw":
                word_space = float(operands[0])
            elif operator in (b"TJ", b"Tj"):
                items = operands[0] if operator == b"TJ" else [operands[0]]
                first, table = widths[font]
                face, codes = subsets[font]
                face_name = face.name.decode() if isinstance(face.name, bytes) else str(face.name)
                for item in items:
                    if isinstance(item, (int, float)) or type(item).__name__ in ("NumberObject", "FloatObject"):
                        x -= float(item)
                        continue
                    for byte in getattr(item, "original_bytes", item):
                        glyphs.append(Glyph(face.charToGlyph[codes[byte]], x, rise * 1000 / size))
                        x += table[byte - first] + (char_space + (word_space if byte == 32 else 0)) * 1000 / size
    return blocks


@lru_cache(maxsize=None)
def harfbuzz_font(face_name: str):
    import uharfbuzz as hb

    path = Path(FONT_DIR) / f"{face_name.split('+')[-1]}.ttf"
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


def harfbuzz_glyphs(word: str, face_name: str) -> list[Glyph]:
    """HarfBuzz's shaping of the whole word with the same font file, in 1/1000 em."""
    import uharfbuzz as hb

    font = harfbuzz_font(face_name)
    scale = 1000 / font.face.upem
    buffer = hb.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    glyphs, pen = [], 0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions):
        glyphs.append(Glyph(info.codepoint, (pen + position.x_offset) * scale, position.y_offset * scale))
        pen += position.x_advance
    return glyphs


def same_glyphs(got: list[Glyph], want: list[Glyph], tolerance: float = 0.5) -> bool:
    return len(got) == len(want) and all(
        g.gid == w.gid and abs(g.x - w.x) <= tolerance and abs(g.y - w.y) <= tolerance for g, w in zip(got, want))


def show(glyphs: list[Glyph]) -> str:
    return " ".join(f"{g.gid}@{g.x:g},{g.y:g}" for g in glyphs)


def test_glyphs_and_their_offsets_are_harfbuzz(rendered):
    blocks = pdf_words(rendered.listing, rendered.subsets)
    assert len(blocks) == 2 * len(WORDS), f"{len(blocks)} text objects for {2 * len(WORDS)} paragraphs"
    failures = []
    for (face_name, got), word in zip(blocks, WORDS + WORDS):
        assert face_name.endswith(("Sarabun-Regular", "Sarabun-Bold")), face_name
        want = harfbuzz_glyphs(word, face_name)
        if not same_glyphs(got, want):
            failures.append(f"  {word} ({face_name.split('-')[-1]}): drawn {show(got)}; HarfBuzz {show(want)}")
    report(failures, "are not drawn with HarfBuzz's glyphs and offsets")


# --- property 2: the text layer --------------------------------------------------------


def actual_text(pdf: bytes) -> bool:
    from pypdf import PdfReader

    return b"/ActualText" in PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\x0c", "\n").splitlines() if line.strip()]


def compare_lines(got: list[str], want: list[str]) -> list[str]:
    """The words (by name) whose line differs, found by aligning the two lists."""
    failures = []
    matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            failures.append(f"  {' '.join(want[a0:a1]) or '(nothing)'}: read back as {' | '.join(got[b0:b1]) or '(nothing)'}")
    return failures


def test_pdftotext_gives_every_word_back(rendered):
    report(compare_lines(lines_of(pdftotext(rendered.listing)), WORDS + WORDS), "do not come back from pdftotext")


def test_the_tounicode_map_alone_gives_every_word_back(rendered):
    """Without ActualText, a reader that takes the glyphs in stream order through the fonts'
    ToUnicode maps (pypdf) gets every word back; sara am comes back decomposed, as HarfBuzz
    draws it (nikhahit + sara aa). (poppler's ``pdftotext -raw`` is not that reader: it starts
    a new line where a tone mark over a tall letter moves the pen back, as in ฟื้นฟู.)"""
    from pypdf import PdfReader

    assert not actual_text(rendered.listing_raw) and actual_text(rendered.listing)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.listing_raw)).pages)
    got = [line.replace("\u0e4d\u0e32", "\u0e33") for line in lines_of(text)]
    report(compare_lines(got, WORDS + WORDS), "do not come back from the ToUnicode map")


# --- property 3: wrapping in table cells ------------------------------------------------

#: where a line may break, restated from the rules rather than taken from lsq_core.documents.thai:
#: between two words of PyThaiNLP's newmm (default dictionary), both sides Thai letters, vowels
#: or marks (digits, ๆ, ฯ and punctuation stay with their word: พ.ศ.๒๕๖๙, ต่างๆ, ฯลฯ), never
#: before a following or upper/lower vowel or a mark, never after a leading vowel
THAI_LETTERS_AND_MARKS = set(map(chr, range(0x0E01, 0x0E2F))) | set(map(chr, range(0x0E30, 0x0E3B))) | set(
    map(chr, range(0x0E40, 0x0E46))) | set(map(chr, range(0x0E47, 0x0E4F)))
LEADING_VOWELS = set("เแโใไ")
NEVER_FIRST = set("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e46"
                  "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e2f")


@lru_cache(maxsize=None)
def break_offsets(text: str) -> frozenset[int]:
    """Where `text` may be broken across lines (see above)."""
    from pythainlp.tokenize import word_tokenize

    offsets, at = set(), 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        at += len(token)
        if 0 < at < len(text):
            before, after = text[at - 1], text[at]
            if (before in THAI_LETTERS_AND_MARKS and after in THAI_LETTERS_AND_MARKS
                    and after not in NEVER_FIRST and before not in LEADING_VOWELS):
                offsets.add(at)
    return frozenset(offsets)


def pieces(text: str) -> list[str]:
    """`text` cut at every place it may break."""
    cuts = [0, *sorted(break_offsets(text)), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


@dataclass
class Line:
    text: str
    x_min: float
    x_max: float


def cell_lines(pdf: bytes) -> list[Line]:
    """Every text line of the PDF in reading order, with its extent (pdftotext -bbox-layout)."""
    root = ET.fromstring(pdftotext(pdf, "-bbox-layout"))
    lines = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        text = "".join(word.text or "" for word in line.iter("{http://www.w3.org/1999/xhtml}word"))
        lines.append(Line(text, float(line.get("xMin")), float(line.get("xMax"))))
    return lines


def split_into_cells(lines: list[Line], words: list[str]) -> tuple[dict[int, list[Line]], list[str]]:
    """The lines of each word's cell, taken in order while they spell the word."""
    cells, failures, i = {}, [], 0
    for k, word in enumerate(words):
        taken, text = [], ""
        while i < len(lines) and len(text) < len(word) and word.startswith(text + lines[i].text):
            text += lines[i].text
            taken.append(lines[i])
            i += 1
        if text == word:
            cells[k] = taken
            continue
        failures.append(f"  {word}: the cell reads {' | '.join(line.text for line in taken) or '(nothing)'}")
        following = words[k + 1] if k + 1 < len(words) else None
        while i < len(lines) and not (following and following.startswith(lines[i].text)):
            i += 1
    return cells, failures


def text_width(text: str, face_name: str = "Sarabun-Regular") -> float:
    """Width in pt as HarfBuzz lays it out, piece by piece."""
    import uharfbuzz as hb

    font = harfbuzz_font(face_name)
    width = 0
    for piece in pieces(text):
        buffer = hb.Buffer()
        buffer.add_str(piece)
        buffer.guess_segment_properties()
        hb.shape(font, buffer)
        width += sum(p.x_advance for p in buffer.glyph_positions)
    return width * SIZE / font.face.upem


def test_thai_wraps_between_words_inside_table_cells(rendered):
    cells, failures = split_into_cells(cell_lines(rendered.cells), WORDS * len(CELL_WIDTHS))
    wrapped = 0
    for k, taken in cells.items():
        width_cm = CELL_WIDTHS[k // len(WORDS)]
        available = width_cm * CM - 2 * PADDING
        word = WORDS[k % len(WORDS)]
        name = f"{word} ({width_cm} cm)"
        allowed = break_offsets(word)
        lines = [line.text for line in taken]
        breaks = [len("".join(lines[:j])) for j in range(1, len(lines))]
        wrapped += bool(breaks)
        failures += [f"  {name}: broken inside a word: {word[:at]}|{word[at:]}" for at in breaks if at not in allowed]
        for j, line in enumerate(taken):
            if len(pieces(line.text)) > 1 and line.x_max - line.x_min > available + 0.5:
                failures.append(f"  {name}: the line {line.text} is {line.x_max - line.x_min:.1f} pt wide, "
                                f"the cell {available:.1f} pt")
            if j + 1 < len(taken):
                following = pieces(taken[j + 1].text)[0]
                if text_width(line.text + following) <= available - 0.5:
                    failures.append(f"  {name}: broken early: {line.text}|{following} would fit")
    report(failures, "are not wrapped at word boundaries in a cell")
    assert wrapped >= 60, f"only {wrapped} cells wrapped: the test no longer exercises wrapping"

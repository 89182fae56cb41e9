"""
Thai text for xhtml2pdf: OpenType shaping, a faithful text layer, and word wrapping.

Proven on xhtml2pdf 0.2.28, ReportLab 5.1.0, uharfbuzz 0.57.0, PyThaiNLP 5.4.0
(Python 3.11). Call :func:`install` once, before rendering; it is idempotent.

What it changes, and where (every seam is checked by :func:`install`):

1. Shaping. ``xhtml2pdf.reportlab_paragraph.Paragraph.beginText`` returns a text
   object whose ``_textOut`` shapes each run of Thai characters with HarfBuzz
   and hands ReportLab a ``ShapedStr`` -- the same structure ReportLab's own
   Paragraph produces when ``style.shaping`` is set, and which
   ``PDFTextObject._formatText`` already knows how to draw (glyph offsets
   through TJ adjustments and text rise). Text stays plain Unicode during
   layout; it is only shaped on its way into the content stream.
2. Text layer. A glyph that no code point maps to (``uni0E48.small``,
   ``uni0E4D0E49``...) gets a private-use code point of its own *per
   (glyph, source text, advance)*, registered on the font face, and the
   ToUnicode CMap of every subset maps such a code back to the characters of
   its HarfBuzz cluster (``ttfonts.makeToUnicodeCMap`` is replaced,
   ``TTFont.addObjects`` says which face it is writing). Sara am that
   HarfBuzz decomposes reads back as U+0E4D U+0E32 through ToUnicode. On top
   of that each Thai word is wrapped in ``/Span <</ActualText ...>> BDC ..
   EMC`` (``ACTUAL_TEXT``), because poppler's pdftotext sorts
   glyphs by x and would reorder marks HarfBuzz nudges left (ที่ -> ท่ี);
   with it, pdftotext returns the source exactly, sara am included. A mark
   moved left also gets a code whose /Widths entry brings the pen back
   (``SPAN_MARKS``), so that extractors reading TJ gaps as spaces (pypdf)
   don't see "ปั้ น".
3. Line breaking. ``_getFragWords`` is wrapped: every Thai run is cut into words
   with PyThaiNLP's ``newmm``; the pieces after the first are "glued" words,
   marked with U+FDD0 (a noncharacter: never in real text) and measured one
   space narrower, because xhtml2pdf's line breaker puts a space between two
   words. ``Paragraph.breakLines`` is wrapped to take the glue out again (the
   space and the mark), fix the line's free space and word count, and re-run
   with a narrower measure in the rare case a line starting with a glued word
   came out too wide. ``_split_blParaHard`` is wrapped so that a paragraph cut
   by a page break keeps its glue. U+200B in the source is honoured as an
   explicit, invisible break opportunity (and never drawn).
4. Speed (the same answer, not worked out again; tests/test_documents_speedups.py
   renders with each of them off and compares the pages). ``Paragraph._brokenLines``
   is wrapped so that widths within ``SAME_WIDTH`` of the last are one width, and
   xhtml2pdf's own cache of the broken lines hits; ``PmlKeepInFrame.wrap`` (a table
   cell) answers from its last measurement at the same width when the cell fitted
   (``SAME_SIZE``); and ``ThaiTextObject`` keeps the operators of each shaped word
   per PDF document.
"""

from __future__ import annotations

import contextvars
import logging
import re
import threading
from contextlib import contextmanager
from functools import lru_cache

log = logging.getLogger(__name__)

#: Versions the seams below were read from and proven on.
PROVEN_ON = {"xhtml2pdf": "0.2.28", "reportlab": "5.1.0", "uharfbuzz": "0.57.0"}

GLUE = "\ufdd0"  # internal: a break opportunity without a space
ZWSP = "\u200b"  # in source text: an explicit break opportunity

_THAI_RE = re.compile("[\u0e00-\u0e7f]")
_THAI_RUN_RE = re.compile("[\u0e00-\u0e7f]+")
# Characters a Thai word break may stand between: letters, vowels, marks (no
# digits, no ฯ, no ๆ, no punctuation: "พ.ศ.๒๕๖๘", "ต่างๆ", "ฯลฯ" stay whole).
_BREAKABLE = set(map(chr, range(0x0E01, 0x0E2F))) | set(map(chr, range(0x0E30, 0x0E3B))) | set(
    map(chr, range(0x0E40, 0x0E46))
) | set(map(chr, range(0x0E47, 0x0E4F)))
# A word may not start with a following vowel or a mark.
_NO_START = set("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                "\u0e45\u0e46\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e2f")

#: See _shape_run.
SPAN_MARKS = True
_PUA_START = 0xF0000  # supplementary private use plane: clear of fonts' own PUA
_lock = threading.Lock()
_current_face = contextvars.ContextVar("lsq_thai_face", default=None)
_installed = False
_originals: dict = {}


def has_thai(text) -> bool:
    if isinstance(text, bytes):
        text = text.decode("utf8")
    return isinstance(text, str) and _THAI_RE.search(text) is not None


# --------------------------------------------------------------------------
# Word segmentation
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _newmm():
    from pythainlp.tokenize.newmm import segment  # loads the dictionary once

    return segment


_extra_words = None  # a PyThaiNLP Trie: the default dictionary plus add_words()


def add_words(words) -> None:
    """
    Teach the segmenter words it does not know -- above all personal and place
    names, which newmm otherwise cuts anywhere ("นายธนกฤต" -> นา|ยธ|นก|ฤต).
    The first call builds a copy of the default dictionary (about 0.4 s).
    """
    global _extra_words
    with _lock:
        if _extra_words is None:
            from pythainlp.corpus.common import thai_words
            from pythainlp.util import dict_trie

            _extra_words = dict_trie(set(thai_words()))
        for word in words:
            if word and has_thai(word):
                _extra_words.add(word.strip())
    thai_break_offsets.cache_clear()


@contextmanager
def words_kept_whole(words):
    """Keep ``words`` (the names on one page) whole while the block runs, then forget them.

    Scoped, not global: a name taught for one document must not change how another
    document's text breaks, and the breaker's cache is cleared on the way in and out.
    """
    add_words(())  # builds the dictionary copy once
    with _lock:
        new = {w.strip() for w in words if w and has_thai(w) and w.strip() not in _extra_words}
        for word in new:
            _extra_words.add(word)
    if new:
        thai_break_offsets.cache_clear()
    try:
        yield
    finally:
        if new:
            with _lock:
                for word in new:
                    _extra_words.remove(word)
            thai_break_offsets.cache_clear()


@lru_cache(maxsize=8192)
def thai_break_offsets(run: str) -> tuple[int, ...]:
    """Offsets inside a run of Thai characters where a line may break."""
    offsets = []
    pos = 0
    for token in _newmm()(run, custom_dict=_extra_words):
        pos += len(token)
        if 0 < pos < len(run):
            before, after = run[pos - 1], run[pos]
            if before in _BREAKABLE and after in _BREAKABLE and after not in _NO_START:
                offsets.append(pos)
    return tuple(offsets)


def segment(text: str, sep: str = ZWSP) -> str:
    """Insert `sep` at every Thai word break of `text` (for debugging and tests)."""
    out = []
    last = 0
    for m in _THAI_RUN_RE.finditer(text):
        for off in thai_break_offsets(m.group()):
            out.append(text[last : m.start() + off])
            out.append(sep)
            last = m.start() + off
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------
# Shaping and the private-use code points
# --------------------------------------------------------------------------


def _hb_font(face):
    font = getattr(face, "_lsq_hb_font", None)
    if font is None:
        import uharfbuzz as hb

        font = hb.Font(hb.Face(hb.Blob(face._ttf_data)))
        face._lsq_hb_font = font
        face._lsq_shape_cache = {}
        face._lsq_pua = {}  # (gid, text) -> code
        face._lsq_pua_text = {}  # code -> text
    return font


def _private_code(face, gid: int, text: str, width=None) -> int:
    """A code point that draws glyph `gid`, advances `width` and reads back as `text`."""
    key = (gid, text, width)
    code = face._lsq_pua.get(key)
    if code is None:
        with _lock:
            code = face._lsq_pua.get(key)
            if code is None:
                code = max(face._lsq_pua_text, default=_PUA_START - 1) + 1
                while code in face.charToGlyph:
                    code += 1
                face.charToGlyph[code] = gid
                face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0]) if width is None else width
                face._lsq_pua_text[code] = text
                face._lsq_pua[key] = code
    return code


def _assign(face, text: str, gids: list[int]) -> list[int]:
    """
    Code points for the glyphs of one HarfBuzz cluster, such that reading the
    glyphs' ToUnicode values in order gives back the cluster's text (with sara
    am as U+0E4D U+0E32 where HarfBuzz split it).
    """
    c2g = face.charToGlyph
    n = len(gids)
    if n == 1:
        if len(text) == 1 and c2g.get(ord(text)) == gids[0]:
            return [ord(text)]
        return [_private_code(face, gids[0], text)]
    for t in (text, text.replace("\u0e33", "\u0e4d\u0e32")):
        if len(t) == n and all(c2g.get(ord(ch)) == g for ch, g in zip(t, gids)):
            return [ord(ch) for ch in t]
    t = text.replace("\u0e33", "\u0e4d\u0e32")
    head, pos = [], 0
    while len(head) < n and pos < len(t) and c2g.get(ord(t[pos])) == gids[len(head)]:
        head.append(ord(t[pos]))
        pos += 1
    tail, end = [], len(t)
    while len(head) + len(tail) < n and end > pos and c2g.get(ord(t[end - 1])) == gids[n - 1 - len(tail)]:
        tail.insert(0, ord(t[end - 1]))
        end -= 1
    middle_gids = gids[len(head) : n - len(tail)]
    middle = t[pos:end]
    codes = []
    for i, g in enumerate(middle_gids):
        if i == len(middle_gids) - 1:
            part = middle
        else:
            part, middle = middle[:1], middle[1:]
        if not part:
            log.warning("glyph %d of cluster %r has no text of its own", g, text)
            part = ZWSP
        codes.append(ord(part) if len(part) == 1 and c2g.get(ord(part)) == g else _private_code(face, g, part))
    if not middle_gids and middle and head:
        # More text than glyphs: the last glyph of the head reads as all of it.
        last = head.pop()
        head.append(_private_code(face, c2g[last], chr(last) + middle))
    return head + codes + tail


def _shape_run(face, run: str):
    """[(code, x_advance, y_advance, x_offset, y_offset, cluster)] in 1/1000 em."""
    cache = face._lsq_shape_cache
    shaped = cache.get(run)
    if shaped is not None:
        return shaped
    import uharfbuzz as hb

    font = _hb_font(face)
    buf = hb.Buffer()
    buf.add_str(run)
    buf.direction = "ltr"
    buf.script = "thai"
    buf.language = "th"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.flags = hb.BufferFlags.DO_NOT_INSERT_DOTTED_CIRCLE
    hb.shape(font, buf)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    scale = face._pdfScale
    starts = sorted({i.cluster for i in infos})
    ends = dict(zip(starts, starts[1:] + [len(run)]))
    shaped = []
    i = 0
    while i < len(infos):
        cl = infos[i].cluster
        j = i
        while j < len(infos) and infos[j].cluster == cl:
            j += 1
        codes = _assign(face, run[cl : ends[cl]], [x.codepoint for x in infos[i:j]])
        for code, p in zip(codes, positions[i:j]):
            xa, xo = scale(p.x_advance), scale(p.x_offset)
            if xa == 0 and xo < 0 and SPAN_MARKS:
                # A mark HarfBuzz moves left: give its code an advance that
                # brings the pen back, so the content stream shows no gap
                # after it (extractors without ActualText read one as a space).
                text = face._lsq_pua_text.get(code, chr(code))
                code = _private_code(face, face.charToGlyph[code], text, -xo)
            shaped.append((code, xa, scale(p.y_advance), xo, scale(p.y_offset), cl))
        i = j
    if len(cache) > 20000:
        cache.clear()
    cache[run] = shaped
    return shaped


def _shapable(font) -> bool:
    return bool(getattr(font, "_dynamicFont", 0) and getattr(font, "shapable", False) and hasattr(font, "face"))


def shape_text(text: str, fontName: str):
    """`text` as a ReportLab ShapedStr whose Thai runs are shaped; others untouched."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, _sdSimple

    font = pdfmetrics.getFont(fontName)
    if not _shapable(font) or not has_thai(text):
        return text
    face = font.face
    _hb_font(face)
    chars, data = [], []
    last = 0
    for m in _THAI_RUN_RE.finditer(text):
        plain = text[last : m.start()]
        chars.append(plain)
        data.extend([_sdSimple] * len(plain))
        for code, xa, ya, xo, yo, cl in _shape_run(face, m.group()):
            chars.append(chr(code))
            data.append(ShapeData(m.start() + cl, xa, ya, xo, yo, face.charWidths.get(code, face.defaultWidth)))
        last = m.end()
    plain = text[last:]
    chars.append(plain)
    data.extend([_sdSimple] * len(plain))
    return ShapedStr("".join(chars), shapeData=data)


def text_width(text: str, fontName: str, fontSize: float) -> float:
    """Width of `text` as it will be drawn: shaped advances for Thai runs."""
    from reportlab.pdfbase import pdfmetrics
    from xhtml2pdf.util import stringWidth

    font = pdfmetrics.getFont(fontName)
    if not _shapable(font) or not has_thai(text):
        return stringWidth(text, fontName, fontSize)
    face = font.face
    _hb_font(face)
    width = 0.0
    last = 0
    for m in _THAI_RUN_RE.finditer(text):
        if m.start() > last:
            width += stringWidth(text[last : m.start()], fontName, fontSize)
        width += sum(g[1] for g in _shape_run(face, m.group())) * fontSize / 1000.0
        last = m.end()
    if last < len(text):
        width += stringWidth(text[last:], fontName, fontSize)
    return width


def _to_unicode_cmap(fontname, subset):
    """ReportLab's makeToUnicodeCMap, plus the private codes of the face being written."""
    private = _current_face.get() or {}

    def dst(code):
        text = private.get(code)
        if text is None:
            text = chr(code)
        return "".join("%04X" % u for u in _utf16(text))

    entries = ["<%02X> <%s>" % (i, dst(v)) for i, v in enumerate(subset)]
    blocks = []
    for k in range(0, len(entries), 100):  # at most 100 per block (PDF 32000 9.10.3)
        chunk = entries[k : k + 100]
        blocks += ["%d beginbfchar" % len(chunk), *chunk, "endbfchar"]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            "<< /Registry (%s)" % fontname,
            "/Ordering (%s)" % fontname,
            "/Supplement 0",
            ">> def",
            "/CMapName /%s def" % fontname,
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <%02X>" % (len(subset) - 1),
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _utf16(text):
    data = text.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


# --------------------------------------------------------------------------
# The xhtml2pdf side
# --------------------------------------------------------------------------


def _text_of(piece_text):
    if isinstance(piece_text, bytes):
        return piece_text.decode("utf8")
    return piece_text if isinstance(piece_text, str) else ""


def _space(frag) -> float:
    from xhtml2pdf import reportlab_paragraph as rp

    return rp.stringWidth(" ", frag.fontName, frag.fontSize)


def _piece_width(frag, text) -> float:
    cb = getattr(frag, "cbDefn", None)
    if cb is not None:
        return getattr(cb, "advance", 0) + getattr(cb, "reserve", 0)
    return text_width(text, frag.fontName, frag.fontSize) if text else 0.0


def _split_word(word):
    """Cut one fragword of xhtml2pdf at its Thai word breaks."""
    pieces = word[1:]
    if len(word) < 2 or any(hasattr(f, "lineBreak") for f, _ in pieces):
        return [word]
    texts = [_text_of(t) for _, t in pieces]
    joined = "".join(texts)
    if not _needs_us(joined):
        return [word]
    # Drop explicit marks, remembering where they were.
    breaks = set()
    clean = []
    pos = 0
    for t in texts:
        out = []
        for ch in t:
            if ch in (GLUE, ZWSP):
                breaks.add(pos)
            else:
                out.append(ch)
                pos += 1
        clean.append("".join(out))
    full = "".join(clean)
    for m in _THAI_RUN_RE.finditer(full):
        breaks.update(m.start() + off for off in thai_break_offsets(m.group()))
    breaks.discard(0)
    breaks.discard(len(full))

    words = []
    current: list = []
    glued = False

    def flush():
        if not current:
            return
        width = sum(_piece_width(f, t) for f, t in current)
        if glued:
            f0, t0 = current[0]
            current[0] = (f0, GLUE + t0)
            width = max(width - _space(current[-1][0]), 1e-6)
        words.append([width, *current])

    start = 0  # offset of the piece in `full`
    for (f, _), t in zip(pieces, clean):
        if hasattr(f, "cbDefn") or not t:
            current.append((f, t))
            continue
        prev = 0
        for c in sorted(b - start for b in breaks if start <= b < start + len(t)):
            if c > prev:
                current.append((f, t[prev:c]))
            if current:
                flush()
                current = []
                glued = True
            prev = c
        current.append((f, t[prev:]))
        start += len(t)
    flush()
    return words


def _needs_us(text) -> bool:
    """Whether a fragment's text has Thai in it, or a break mark."""
    text = _text_of(text)
    return bool(text) and (has_thai(text) or GLUE in text or ZWSP in text)


def _get_frag_words(frags, *args, **kwargs):
    words = _originals["_getFragWords"](frags, *args, **kwargs)
    if not any(_needs_us(getattr(f, "text", None)) for f in frags):
        return words
    out = []
    for w in words:
        out.extend(_split_word(w))
    return out


def _thai_paragraph(para) -> bool:
    return any(_needs_us(getattr(f, "text", None)) for f in para.frags)


class _ManyFrags:
    """Make a one-fragment paragraph take xhtml2pdf's fragment-word code path."""

    def __init__(self, para):
        self.para = para

    def __enter__(self):
        self.saved = self.para.frags
        frags = self.saved
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn"):
            self.para.frags = [frags[0], frags[0].clone(text="")]

    def __exit__(self, *exc):
        self.para.frags = self.saved


def _clean_lines(blPara):
    """Take the glue out of broken lines. Returns True if a line overflows."""
    overflow = False
    lines = blPara.lines
    for idx, line in enumerate(lines):
        mid = 0
        lead = None
        texts = [g for g in line.words if not hasattr(g, "cbDefn") or getattr(g.cbDefn, "width", 0)]
        for k, g in enumerate(texts):
            t = _text_of(getattr(g, "text", ""))
            if GLUE not in t:
                continue
            if t.startswith(GLUE):
                prev = next((p for p in reversed(texts[:k]) if _text_of(p.text)), None)
                if prev is not None and _text_of(prev.text).endswith(" "):
                    prev.text = _text_of(prev.text)[:-1]
                    mid += 1
                elif prev is None:
                    lead = g
                t = t[1:]
            mid += t.count(" " + GLUE)
            g.text = t.replace(" " + GLUE, "").replace(GLUE, "")
        several = line.wordCount > 1
        if mid:
            line.wordCount = max(1, line.wordCount - mid)
        if lead is not None:
            line.extraSpace -= _space(lead)
            if idx:
                lines[idx - 1]._lsq_glue_end = True
            if line.extraSpace < -1e-6 and several:
                overflow = True
    return overflow


def _break_lines(self, width):
    orig = _originals["breakLines"]
    if not _thai_paragraph(self):
        return orig(self, width)
    if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
        return orig(self, width)
    with _ManyFrags(self):
        blPara = orig(self, width)
        if getattr(blPara, "kind", 0) == 1 and _clean_lines(blPara):
            widths = list(width) if isinstance(width, (list, tuple)) else [width]
            space = max(_space(f) for f in self.frags if hasattr(f, "fontName"))
            blPara = orig(self, [w - space for w in widths])
            delta = space
            for line in blPara.lines:
                line.extraSpace += delta
            _clean_lines(blPara)
    return blPara


#: Widths closer than this (points) are one width to the line breaker; see _broken_lines.
SAME_WIDTH = 1e-3


def _broken_lines(self, first_line_width, later_widths):
    """
    xhtml2pdf's _brokenLines, with widths a hair apart taken as the same.

    A table asks each cell to wrap three or four times (sizing the rows, placing
    the cell, drawing it), at widths that differ in the fifth decimal place
    (ReportLab's KeepInFrame subtracts a 1e-6 "fuzz", float sums drift), so
    xhtml2pdf's own cache of the broken lines, keyed on the exact widths, never
    hits, and every cell is segmented, shaped and broken again each time. Here a
    width within SAME_WIDTH (a thousandth of a point) of the one the paragraph
    was last broken at is replaced by that one, so the cache answers; the
    paragraph's width is still the one it was offered.
    """
    offered = self.width
    last = self.__dict__.get("_lsq_last_widths")
    if (last is not None and abs(last[0] - first_line_width) < SAME_WIDTH
            and abs(last[1] - later_widths) < SAME_WIDTH):
        blPara = _originals["_brokenLines"](self, last[0], last[1])
        if self.width == last[2]:  # no line was wider than the paragraph
            self.width = offered
        return blPara
    blPara = _originals["_brokenLines"](self, first_line_width, later_widths)
    self._lsq_last_widths = (first_line_width, later_widths, offered)
    return blPara


#: Cell sizes closer than this (points) are the same size; see _keep_in_frame_wrap.
SAME_SIZE = 1e-5


def _keep_in_frame_wrap(self, availWidth, availHeight):
    """
    xhtml2pdf's table cell (a KeepInFrame of paragraphs), measured once per width.

    ReportLab wraps every cell twice at the same width: to size its row
    (Table._calc_height) and again to place it (Table._drawCell), and each wrap
    deep-copies the page's frame and re-wraps the paragraphs. When the first
    wrap fitted (no shrinking) and the paragraphs still have the size it left
    them, a second wrap at that width with room for that height would come to
    the same answer, so it is given without doing the work. Anything else --
    another width, less room, a shrunk cell, a paragraph wrapped since, a page
    number that takes its value from the page -- goes the usual way.
    """
    if type(self) is not _originals["PmlKeepInFrame"]:  # a part of a cell cut between pages
        return _originals["keepInFrameWrap"](self, availWidth, availHeight)
    availWidth, availHeight = max(availWidth, 1.0), max(availHeight, 1.0)  # as PmlKeepInFrame.wrap
    memo = self.__dict__.get("_lsq_fitted")
    if memo is not None:
        width, height, sizes = memo[1:]
        # The width and the room come from float sums that wander in the 7th to 15th decimal
        # between the two calls (and KeepInFrame's own fuzz of 1e-6 is sometimes not enough,
        # sending an exactly fitting cell through its shrink loop to a scale of 0.9999999):
        # within SAME_SIZE they are the same.
        if (abs(memo[0] - availWidth) < SAME_SIZE and height <= availHeight + SAME_SIZE
                and sizes == tuple((f.width, f.height) for f in self._content)):
            self.maxWidth = availWidth
            self.maxHeight = self.setMaxHeight(availHeight)
            self.width, self.height = width, height
            return width, height
    self.__dict__.pop("_lsq_fitted", None)
    result = _originals["keepInFrameWrap"](self, availWidth, availHeight)
    if not hasattr(self, "_scale") and self._content and all(_plain_paragraph(f) for f in self._content):
        self._lsq_fitted = (availWidth, self.width, self.height,
                            tuple((f.width, f.height) for f in self._content))
    return result


def _plain_paragraph(flowable) -> bool:
    """A paragraph whose size depends on nothing but its width (no page number, no image)."""
    if type(flowable) is not _originals["PmlParagraph"]:
        return False
    return not any(hasattr(f, "cbDefn") or hasattr(getattr(f, "text", None), "resolve") for f in flowable.frags)


def _min_width(self):
    """The widest word: Thai words count one by one, as the line breaker sees them."""
    if not _thai_paragraph(self):
        return _originals["minWidth"](self)
    from xhtml2pdf import reportlab_paragraph as rp

    with _ManyFrags(self):
        words = rp._getFragWords(self.frags)
    widths = [w[0] + (_space(w[-1][0]) if _text_of(w[1][1]).startswith(GLUE) else 0) for w in words if len(w) > 1]
    return max(widths, default=0)


def _split_bl_para_hard(blPara, start, stop):
    frags = _originals["_split_blParaHard"](blPara, start, stop)
    lines = blPara.lines[start:stop]
    end = 0
    for line in lines:
        end += len(line.words)
        if line is lines[-1] or not getattr(line, "_lsq_glue_end", False):
            continue
        i = end - 1
        while i >= 0 and hasattr(frags[i], "cbDefn") and not getattr(frags[i].cbDefn, "width", 0):
            i -= 1
        if i >= 0:
            t = _text_of(frags[i].text)
            if t.endswith(" "):
                # The original appended the space to the line's own fragment;
                # take it back there, and glue a copy for the new paragraph.
                frags[i].text = t[:-1]
                frags[i] = frags[i].clone(text=t[:-1] + GLUE)
    return frags


#: Wrap each Thai word in a /Span with /ActualText (PDF 32000 14.9.4). Poppler's
#: pdftotext (and, presumably, poppler-based viewers) sort characters by x and reorder stacked
#: marks that HarfBuzz nudges a hair to the left (ท ี ่ came out ท่ี); with
#: ActualText they read the word as written, sara am included. Viewers that
#: ignore ActualText (pypdf, for one) read the ToUnicode map instead.
ACTUAL_TEXT = True


def _thai_words(run: str):
    last = 0
    for off in thai_break_offsets(run):
        yield run[last:off]
        last = off
    yield run[last:]


def _make_text_object_class():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.textobject import PDFTextObject

    class ThaiTextObject(PDFTextObject):
        """Shapes Thai runs on their way into the content stream."""

        def _textOut(self, text, TStar=0):
            if isinstance(text, bytes):
                text = text.decode("utf8")
            if GLUE in text or ZWSP in text:
                text = text.replace(GLUE, "").replace(ZWSP, "")
            if not (self._fontname and has_thai(text) and _shapable(pdfmetrics.getFont(self._fontname))):
                return super()._textOut(text, TStar)
            code = []
            last = 0
            for m in _THAI_RUN_RE.finditer(text):
                if m.start() > last:
                    code.append(self._formatText(text[last : m.start()]))
                for word in _thai_words(m.group()):
                    shaped = self._shaped_word(word)
                    if ACTUAL_TEXT:
                        hexed = "".join("%04X" % u for u in _utf16(word))
                        shaped = "/Span <</ActualText <FEFF%s>>> BDC %s EMC" % (hexed, shaped)
                    code.append(shaped)
                last = m.end()
            if last < len(text):
                code.append(self._formatText(text[last:]))
            self._code.append(" ".join(c for c in code if c) + (" T*" if TStar else ""))
            return None

        def _shaped_word(self, word):
            """The operators that draw one shaped Thai word, remembered for the document being written.

            A transcript draws the same few hundred words (subject names, ภาคเรียนที่, the grades'
            words) many times over. What _formatText writes for a word depends on the font, size,
            leading and rise, and on the font subset in use before it (it switches subsets when a
            glyph lives in another, and leaves the last one current); with all of those in the key
            the remembered operators are exactly what it would write again. Kept on the PDF
            document, because the subsets and their names belong to that document.
            """
            cache = self._canvas._doc.__dict__.setdefault("_lsq_thai_words", {})
            key = (self._fontname, self._fontsize, self._leading, self._rise, self._curSubset, word)
            hit = cache.get(key)
            if hit is None:
                code = self._formatText(shape_text(word, self._fontname))
                hit = cache[key] = (code, self._curSubset)
            self._curSubset = hit[1]
            return hit[0]

    return ThaiTextObject


def _begin_text(self, x, y):
    return _originals["ThaiTextObject"](self.canv, x, y)


def _add_objects(self, doc):
    token = _current_face.set(getattr(self.face, "_lsq_pua_text", None))
    try:
        return _originals["addObjects"](self, doc)
    finally:
        _current_face.reset(token)


def install(preload: bool = False) -> None:
    """
    Patch xhtml2pdf and ReportLab in place. Raises if a seam has moved.

    `preload` loads PyThaiNLP's dictionary now (about 0.6 s, once per
    process) instead of during the first Thai render: pass True at app start.
    """
    global _installed
    if preload:
        thai_break_offsets("ภาษาไทย")
    if _installed:
        return
    import reportlab
    import uharfbuzz  # noqa: F401  (shaping needs it; fail here, not mid-render)
    import xhtml2pdf
    from reportlab.pdfbase import ttfonts
    from xhtml2pdf import reportlab_paragraph as rp
    from xhtml2pdf import xhtml2pdf_reportlab as xr

    seams = [
        (rp, "_getFragWords"),
        (rp, "_split_blParaHard"),
        (rp, "stringWidth"),
        (rp.Paragraph, "breakLines"),
        (rp.Paragraph, "_brokenLines"),
        (xr, "PmlKeepInFrame"),
        (xr, "PmlParagraph"),
        (xr.PmlKeepInFrame, "setMaxHeight"),
        (xr.PmlKeepInFrame, "wrap"),
        (rp.Paragraph, "minWidth"),
        (rp.Paragraph, "beginText"),
        (ttfonts, "makeToUnicodeCMap"),
        (ttfonts, "ShapedStr"),
        (ttfonts, "ShapeData"),
        (ttfonts, "_sdSimple"),
        (ttfonts.TTFont, "addObjects"),
        (ttfonts.TTFontFace, "getCharWidth"),
    ]
    missing = [f"{getattr(o, '__name__', o)}.{a}" for o, a in seams if not hasattr(o, a)]
    if missing:
        raise RuntimeError(f"lsq thai: xhtml2pdf/ReportLab seams moved: {missing}")
    versions = {"xhtml2pdf": xhtml2pdf.__version__, "reportlab": reportlab.Version}
    for name, have in versions.items():
        if have != PROVEN_ON[name]:
            log.warning("lsq thai: proven on %s %s, running %s", name, PROVEN_ON[name], have)

    _originals.update(
        _getFragWords=rp._getFragWords,
        _split_blParaHard=rp._split_blParaHard,
        breakLines=rp.Paragraph.breakLines,
        _brokenLines=rp.Paragraph._brokenLines,
        keepInFrameWrap=xr.PmlKeepInFrame.wrap,
        PmlKeepInFrame=xr.PmlKeepInFrame,
        PmlParagraph=xr.PmlParagraph,
        minWidth=rp.Paragraph.minWidth,
        beginText=rp.Paragraph.beginText,
        makeToUnicodeCMap=ttfonts.makeToUnicodeCMap,
        addObjects=ttfonts.TTFont.addObjects,
        ThaiTextObject=_make_text_object_class(),
    )
    rp._getFragWords = _get_frag_words
    rp._split_blParaHard = _split_bl_para_hard
    rp.Paragraph.breakLines = _break_lines
    rp.Paragraph._brokenLines = _broken_lines
    xr.PmlKeepInFrame.wrap = _keep_in_frame_wrap
    rp.Paragraph.minWidth = _min_width
    rp.Paragraph.beginText = _begin_text
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    ttfonts.TTFont.addObjects = _add_objects
    _installed = True


def uninstall() -> None:
    """Undo :func:`install` (for tests)."""
    global _installed
    if not _installed:
        return
    from reportlab.pdfbase import ttfonts
    from xhtml2pdf import reportlab_paragraph as rp
    from xhtml2pdf import xhtml2pdf_reportlab as xr

    rp._getFragWords = _originals["_getFragWords"]
    rp._split_blParaHard = _originals["_split_blParaHard"]
    rp.Paragraph.breakLines = _originals["breakLines"]
    rp.Paragraph._brokenLines = _originals["_brokenLines"]
    xr.PmlKeepInFrame.wrap = _originals["keepInFrameWrap"]
    rp.Paragraph.minWidth = _originals["minWidth"]
    rp.Paragraph.beginText = _originals["beginText"]
    ttfonts.makeToUnicodeCMap = _originals["makeToUnicodeCMap"]
    ttfonts.TTFont.addObjects = _originals["addObjects"]
    _installed = False

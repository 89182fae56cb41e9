"""The document engine's speedups (lsq_core.documents.thai, engine) change nothing a reader sees.

Each speedup skips work whose answer is already known: a table cell measured again at the width
it was measured at, a line break asked for again at a width a float's noise away, a shaped word
written again into the same PDF, a template compiled again. These tests render with and without
them and compare what a person would compare: the page images and the text.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time

import numpy
import pytest
from PIL import Image

from lsq_core.documents import engine, thai
from tests.test_documents import pdftotext
from tests.test_transcript import issue_pp1, student_at

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def page_images(pdf: bytes) -> list[numpy.ndarray]:
    pages = []
    for page in range(1, engine.page_count(pdf) + 1):
        png = subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-f", str(page), "-l", str(page), "-"],
                             input=pdf, capture_output=True, check=True).stdout
        pages.append(numpy.asarray(Image.open(io.BytesIO(png)), dtype=int))
    return pages


@pytest.fixture
def without_speedups(monkeypatch):
    """Every cache of the speedups turned off: widths must match exactly, cells are always
    measured again, every Thai word is shaped and formatted anew."""
    monkeypatch.setattr(thai, "SAME_WIDTH", 0.0)
    monkeypatch.setattr(thai, "SAME_SIZE", -1.0)
    text_object = thai._originals["ThaiTextObject"]
    monkeypatch.setattr(text_object, "_shaped_word",
                        lambda self, word: self._formatText(thai.shape_text(word, self._fontname)))


def transcript_html(app, monkeypatch) -> tuple[str, bytes]:
    """The HTML and the PDF of a ปพ.1 issued from the demo data (a full ม.4–ม.6 record)."""
    seen = []
    render = engine.html_to_pdf
    monkeypatch.setattr(engine, "html_to_pdf", lambda html, folder: seen.append((html, folder)) or render(html, folder))
    pdf = issue_pp1(app, student_at(app, "m6"))
    monkeypatch.setattr(engine, "html_to_pdf", render)
    assert len(seen) == 1
    return seen[0], pdf


def test_the_transcript_looks_the_same_without_the_speedups(demo_app, monkeypatch, request):
    (html, folder), fast = transcript_html(demo_app, monkeypatch)
    request.getfixturevalue("without_speedups")
    slow = engine.html_to_pdf(html, folder)
    assert engine.page_count(fast) == engine.page_count(slow) == 2
    for fast_page, slow_page in zip(page_images(fast), page_images(slow), strict=True):
        assert fast_page.shape == slow_page.shape
        assert (abs(fast_page - slow_page) > 64).sum() == 0  # no pixel changes from ink to paper
    assert subprocess.run(["pdftotext", "-layout", "-", "-"], input=fast, capture_output=True).stdout == \
        subprocess.run(["pdftotext", "-layout", "-", "-"], input=slow, capture_output=True).stdout


def test_each_cell_is_broken_into_lines_once(demo_app, monkeypatch, request):
    """Sizing a row and drawing it ask each cell for its lines at widths a hair apart: broken once."""
    (html, folder), _ = transcript_html(demo_app, monkeypatch)
    from xhtml2pdf import reportlab_paragraph as rp

    calls = []
    breaker = rp.Paragraph.breakLines
    monkeypatch.setattr(rp.Paragraph, "breakLines", lambda self, width: calls.append(id(self)) or breaker(self, width))
    engine.html_to_pdf(html, folder)
    fast = len(calls)
    # once per paragraph; the school's block is shrunk to fit its cell, which breaks it at a few widths
    assert fast < 1.05 * len(set(calls))
    calls.clear()
    request.getfixturevalue("without_speedups")
    engine.html_to_pdf(html, folder)
    assert len(calls) > 2 * fast  # what the snapping of widths saves


def test_a_narrower_cell_is_broken_again(monkeypatch):
    """Only a float's noise counts as the same width: a cell 1 pt narrower gets its own lines."""
    from reportlab.lib.styles import ParagraphStyle
    from xhtml2pdf import reportlab_paragraph as rp

    thai.install()
    calls = []
    breaker = rp.Paragraph.breakLines
    monkeypatch.setattr(rp.Paragraph, "breakLines", lambda self, width: calls.append(width) or breaker(self, width))
    text = "alpha beta gamma delta epsilon"
    paragraph = rp.Paragraph(text, ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12))
    wide = rp.stringWidth(text, "Helvetica", 10)
    paragraph.wrap(wide + 1, 1000)
    assert len(paragraph.blPara.lines) == 1 and len(calls) == 1
    assert paragraph.wrap(wide + 1 + 1e-7, 1000)[0] == wide + 1 + 1e-7  # its width is the one offered
    assert len(paragraph.blPara.lines) == 1 and len(calls) == 1  # not broken again
    paragraph.wrap(wide - 1, 1000)
    assert len(paragraph.blPara.lines) == 2 and len(calls) == 2


def test_words_drawn_again_look_and_read_the_same(tmp_path, request):
    """The same Thai words many times, in two sizes and bold, in one PDF and in the next one:
    as they come out with every word shaped and written anew."""
    words = "ภาษาไทย ผู้ที่ ญี่ปุ่น ขั้นพื้นฐาน อำเภอ ปั้น"
    body = "".join(f"<p style='font-size: {size}pt'>{weight}{words}{end}</p>"
                   for size in (9, 12) for weight, end in (("", ""), ("<b>", "</b>")) for _ in range(3))
    html = (f"<html><head><meta charset='utf-8'><style>{engine.FONT_CSS} body {{ font-family: Sarabun }}"
            f"</style></head><body>{body}</body></html>")
    first = engine.html_to_pdf(html, tmp_path)
    second = engine.html_to_pdf(html, tmp_path)
    request.getfixturevalue("without_speedups")
    slow = engine.html_to_pdf(html, tmp_path)
    for pdf in (first, second, slow):
        lines = [line for line in pdftotext(pdf).splitlines() if line.strip()]
        assert lines == [words] * 12
    reference = [p.tolist() for p in page_images(slow)]
    assert [p.tolist() for p in page_images(first)] == reference
    assert [p.tolist() for p in page_images(second)] == reference


def test_a_changed_template_is_read_again(tmp_path):
    """The Jinja environment is kept per folder; a template edited on disk still shows its edit."""
    template = tmp_path / "page.html"
    template.write_text("<p>{{ word }} หนึ่ง</p>", encoding="utf-8")
    assert engine.render_html(tmp_path, "page.html", {"word": "ก"}).endswith("ก หนึ่ง</p>")
    time.sleep(1.1)  # the file's modification time has one-second resolution on some file systems
    template.write_text("<p>{{ word }} สอง</p>", encoding="utf-8")
    assert engine.render_html(tmp_path, "page.html", {"word": "ข"}).endswith("ข สอง</p>")

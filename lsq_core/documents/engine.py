"""The document engine: a Jinja2 HTML template → xhtml2pdf → PDF bytes, with correct Thai.

Templates may read only their own folder and the font folder (xhtml2pdf's
ResourceAccessPolicy), every value is escaped (autoescape), and Thai is shaped,
mapped back for copy/search, and wrapped between words (lsq_core.documents.thai).
A site can swap the renderer for another engine through ``lsq_render_pdf``.
"""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path

import fontpkg_sarabun
import jinja2
from markupsafe import Markup

from lsq_core.documents import thai
from lsq_core.thai import format_date_th, format_national_id, to_thai_digits

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"
#: templates any document type's template may import (the ruled grid of a transcript); under
#: lsq_core/templates so that the package data ships them
SHARED_TEMPLATES = Path(__file__).parent.parent / "templates" / "documents"
FONT_CSS = """
@font-face { font-family: Sarabun; src: url("font:Sarabun-Regular.ttf"); }
@font-face { font-family: Sarabun; src: url("font:Sarabun-Bold.ttf"); font-weight: bold; }
"""


class RenderError(RuntimeError):
    """xhtml2pdf reported errors; nothing is issued."""


def qr_data_uri(text: str) -> str:
    """A QR code as a PNG data URI, so the template needs no file or network access."""
    import qrcode

    image = qrcode.make(text, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@lru_cache(maxsize=32)
def _environment(template_dir: Path) -> jinja2.Environment:
    """One environment per template folder, kept: it keeps each template compiled (Jinja
    still reloads a template whose file changed), so a render does not compile it again."""
    # the type's own folder first, then the parts every form shares (transcript_grid.html)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(template_dir), str(SHARED_TEMPLATES)]),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["thai_date"] = format_date_th
    env.filters["thai_digits"] = to_thai_digits
    env.filters["national_id"] = format_national_id
    return env


def _link_callback(uri: str, rel: str) -> str:
    if uri.startswith("font:"):
        return str(FONT_DIR / Path(uri[len("font:"):]).name)
    return uri


def render_html(template_dir: Path, template: str, context: dict) -> str:
    # the font CSS is ours, not a user's value: it must reach the page unescaped
    return _environment(Path(template_dir)).get_template(template).render(font_css=Markup(FONT_CSS), **context)


def html_to_pdf(html: str, template_dir: Path) -> bytes:
    from reportlab import rl_config
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    thai.install()
    # Streams compressed only, not also ASCII85-encoded (ReportLab's default, from the days of
    # 7-bit mail): the encoding made each PDF a tenth larger and took 2-3% of a render in pure Python.
    rl_config.useA85 = 0
    policy = ResourceAccessPolicy.server(base_dir=None, extra_roots=(FONT_DIR, Path(template_dir)),
                                         allow_remote=False)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, link_callback=_link_callback, encoding="utf-8",
                            resource_policy=policy)
    if result.err:
        raise RenderError(f"xhtml2pdf reported {result.err} error(s)")
    return output.getvalue()


def render_pdf(template_dir: Path, template: str, context: dict) -> bytes:
    """The PDF of a template: by a plugin's ``lsq_render_pdf`` if one answers, else by xhtml2pdf."""
    try:
        html = render_html(template_dir, template, context)
    except jinja2.TemplateError as exc:  # a template naming a value that is not there
        raise RenderError(f"template {template}: {exc}") from exc
    pdf = _plugin_render(html, Path(template_dir))
    return pdf if pdf is not None else html_to_pdf(html, template_dir)


def _plugin_render(html: str, template_dir: Path) -> bytes | None:
    from flask import current_app, has_app_context

    if not has_app_context() or "lsq" not in current_app.extensions:
        return None
    return current_app.extensions["lsq"].plugins.render_pdf(html, template_dir)


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf: bytes) -> int:
    """Pages of a PDF as ReportLab writes it (page objects are never compressed)."""
    return len(_PAGE.findall(pdf))


def render_document(doc_type, context: dict) -> bytes:
    """Render a document type, shrinking its layout while it runs past the pages of its form."""
    while True:
        pdf = render_pdf(doc_type.template_dir, doc_type.template, context)
        if not doc_type.pages or page_count(pdf) <= doc_type.pages:
            return pdf
        context = doc_type.shrink(context)
        if context is None:
            raise RenderError(f"ข้อมูลมากเกินกว่าจะพิมพ์ลงแบบ {doc_type.name_th} {doc_type.pages} หน้า")

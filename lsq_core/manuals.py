"""The user manuals (คู่มือการใช้งาน): Markdown under docs/manuals/, shown on screen and as PDF.

A manual is a Markdown file whose ``##`` headings carry explicit ids (``## งาน {#task}``), so
a screen can link to its section (HELP_LINKS below) and a test can check every link. A manual
names the product's screens by markers instead of free text, so a renamed or removed screen
makes tests/test_manuals.py fail rather than leaving the manual quietly wrong:

- ``[[menu:Students]]``: a menu entry by its registered name (lsq_core/menus.py); rendered as
  the Thai menu path (หมวด › รายการ), linked on screen;
- ``[[screen:ResultGridView.grid|หน้าบันทึกผลการเรียน]]``: a screen without a menu entry, by its
  Flask endpoint, rendered as the Thai text after the bar.

Screenshots are ``![คำอธิบาย](screenshots/NAME.png)``, written by scripts/manual_screenshots.py.
The PDF goes through the document engine (render_document) with the manuals folder as the
template folder, so the engine's resource policy lets it read exactly that folder (the
screenshots inside it) and the fonts, and nothing else.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

MANUALS_DIR = Path(__file__).resolve().parent.parent / "docs" / "manuals"
SCREENSHOTS_DIR = MANUALS_DIR / "screenshots"


@dataclass(frozen=True)
class Manual:
    key: str
    filename: str
    title: str  # as the Help menu and the index page show it
    audience: str
    lang: str = "th"

    @property
    def path(self) -> Path:
        return MANUALS_DIR / self.filename


MANUALS = {m.key: m for m in (
    Manual("central", "central.md", "คู่มือส่วนกลาง",
           "ผู้ดูแลระบบส่วนกลาง (กสถ.) ท้องถิ่นจังหวัด และเจ้าพนักงานทะเบียน อปท."),
    Manual("basic", "basic.md", "คู่มือสถานศึกษาขั้นพื้นฐาน", "นายทะเบียนสถานศึกษาและครูผู้สอน"),
    Manual("vocational", "vocational.md", "คู่มือสถานศึกษาอาชีวศึกษา", "นายทะเบียนวิทยาลัย (ปวช. และ ปวส.)"),
    Manual("developer", "developer.md", "Developer guide", "Developers and system administrators", lang="en"),
)}

#: screen → the manual section that explains it, per manual. The key is a Flask endpoint
#: ("StudentView.record") or a view's name ("StudentView": every screen of it); the user's own
#: manual is chosen first (manual_for_user), else the first manual listed.
HELP_LINKS: dict[str, dict[str, str]] = {
    "LsqIndexView": {"central": "home", "basic": "home", "vocational": "home"},
    "SignupView": {"basic": "signup", "central": "signup", "vocational": "signup"},
    "SignupRequestView": {"central": "approve-signup"},
    "ProvinceView": {"central": "organisation"},
    "DistrictView": {"central": "organisation"},
    "LocalAuthorityView": {"central": "organisation"},
    "SchoolView": {"central": "organisation", "basic": "school-profile", "vocational": "school-profile"},
    "AppointmentView": {"central": "appointments", "basic": "school-profile", "vocational": "school-profile"},
    "UserProfileView": {"central": "users"},
    "AuditEventView": {"central": "audit"},
    "AcademicYearView": {"basic": "school-year", "vocational": "school-year", "central": "calendar"},
    "TermView": {"basic": "school-year", "vocational": "school-year", "central": "calendar"},
    "CalendarEventView": {"central": "calendar", "basic": "school-year", "vocational": "school-year"},
    "ResultEntryExtensionView": {"central": "extensions", "basic": "entry-windows",
                                 "vocational": "school-year"},
    "StudentView": {"basic": "students", "vocational": "students", "central": "read-records"},
    "StudentView.record": {"basic": "record", "vocational": "record", "central": "read-records"},
    "ClassroomView": {"basic": "classrooms", "vocational": "students"},
    "EnrollmentView": {"basic": "classrooms", "vocational": "students"},
    "SubjectView": {"basic": "subjects", "vocational": "programme"},
    "CoursePlanView": {"basic": "subjects", "vocational": "programme"},
    "CohortView": {"basic": "graduation", "vocational": "record"},
    "CohortView.copy_plan_form": {"basic": "subjects"},
    "TeachingAssignmentView": {"basic": "results", "vocational": "results"},
    "ResultGridView": {"basic": "results", "vocational": "results"},
    "ResultView": {"basic": "remedy", "vocational": "letters"},
    "TraitAssessmentView": {"basic": "traits"},
    "TraitGridView": {"basic": "traits"},
    "IssuedDocumentView": {"basic": "documents", "vocational": "documents"},
    "JobView": {"basic": "documents", "vocational": "documents"},
    "GraduateReportView": {"basic": "pp3", "central": "verify-pp3", "vocational": "documents"},
    "ProgrammeUnitView": {"vocational": "programme"},
    "TransferView": {"basic": "transfer", "vocational": "transfer", "central": "transfer-on-behalf"},
    "ExportView": {"basic": "gpax", "central": "exports", "vocational": "transfer"},
    "DashboardView": {"central": "dashboards", "basic": "dashboard", "vocational": "dashboard"},
    "AppointmentTrackingView": {"central": "appointment-tracking"},
    "VerifyView": {"basic": "documents"},
    "HelpView": {"central": "home", "basic": "home", "vocational": "home"},
}

#: ``[[calendar]]`` on a line of its own: the operating calendar of the current academic year as a table,
#: read from the database when the manual is shown, so the manual never states dates the DLA has moved
CALENDAR = re.compile(r"^\[\[calendar\]\]\s*$", flags=re.M)
#: the education type each manual's calendar shows (None: every event, for the central staff)
CALENDAR_TYPES = {"central": None, "basic": "basic", "vocational": "vocational"}
MARKER = re.compile(r"\[\[(menu|screen):([^\]|]+)(?:\|([^\]]+))?\]\]")
IMAGE = re.compile(r'<img alt="([^"]*)" src="screenshots/([A-Za-z0-9_.-]+\.png)" ?/?>')
#: abbreviations the Thai line breaker does not know and would cut (อป|ท.): kept whole in the PDFs
KEPT_WHOLE = ("อปท.", "อปท", "กสถ.", "สอศ.", "อบจ.", "อบต.", "ปพ.", "รบ.", "ปวช.", "ปวส.", "ข.ร.", "ข.ส.", "ถ.น.",
              "ถ.ล.", "ม.ส.", "ม.ท.", "ม.ก.", "ม.ผ.", "พ.ศ.", "ค.ศ.", "นักเรียน", "นักศึกษา", "ผู้สอน")
#: the width a screenshot takes on an A4 page (the text block is 17 cm wide)
PDF_IMAGE_WIDTH_CM = 16.0


def source(key: str) -> str:
    return MANUALS[key].path.read_text(encoding="utf-8")


CODE = re.compile(r"(```.*?```|`[^`\n]*`)", flags=re.S)


def _outside_code(text: str, change) -> str:
    """``change`` applied to the text outside code spans and blocks (where a marker is shown as it is)."""
    return "".join(part if i % 2 else change(part) for i, part in enumerate(CODE.split(text)))


def markers(text: str) -> list[tuple[str, str]]:
    """Every (kind, name) a manual refers to: ("menu", "Students"), ("screen", "ResultGridView.grid")."""
    prose = "".join(part for i, part in enumerate(CODE.split(text)) if not i % 2)
    return [(kind, name.strip()) for kind, name, _ in MARKER.findall(prose)]


def section_ids(text: str) -> list[str]:
    return re.findall(r"^#{1,3} .*\{#([a-z0-9-]+)\}\s*$", text, flags=re.M)


def screenshot_names(text: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(screenshots/([^)]+)\)", text)


def menu_paths(appbuilder) -> dict[str, tuple[str, str, str]]:
    """Menu name → (category label, item label, href) from the app's registered menu."""
    found = {}
    for category in appbuilder.menu.get_list():
        for item in category.childs or []:
            if item.name and item.name != "-":
                found[item.name] = (str(category.label or category.name), str(item.label or item.name),
                                    item.get_url())
    return found


def _expand_markers(text: str, appbuilder, links: bool, key: str = "") -> str:
    from lsq_core.learner_words import in_words, words_of_type

    menus = menu_paths(appbuilder)
    words = words_of_type(CALENDAR_TYPES.get(key))  # a college's menus say นักศึกษา, รบ.2

    def replace(match):
        kind, name, label = match.group(1), match.group(2).strip(), match.group(3)
        if kind == "screen":
            return f"<strong>{escape(label or name)}</strong>"
        category, item, href = menus.get(name, ("", name, ""))
        category, item = in_words(category, words), in_words(item, words)
        text = f"เมนู <strong>{escape(category)} › {escape(item)}</strong>"
        return f'<a href="{escape(href)}">{text}</a>' if links and href else text

    return _outside_code(text, lambda part: MARKER.sub(replace, part))


def current_year():
    """The academic year that holds today (Thai date), else the latest one."""
    from lsq_core.extensions import db
    from lsq_core.models import AcademicYear
    from lsq_core.thai import thai_today

    today = thai_today()
    years = db.session.query(AcademicYear).order_by(AcademicYear.year.desc()).all()
    for year in years:
        if year.start_date and year.end_date and year.start_date <= today <= year.end_date:
            return year
    return years[0] if years else None


def calendar_table(key: str) -> str:
    """The operating calendar of the current year for a manual's readers, as an HTML table."""
    from lsq_core.extensions import db
    from lsq_core.models import CalendarEvent

    year = current_year()
    if year is None:
        return "<p>ยังไม่มีปีการศึกษาในระบบ</p>"
    query = db.session.query(CalendarEvent).filter(CalendarEvent.academic_year_id == year.id)
    wanted = CALENDAR_TYPES.get(key)
    events = [e for e in query.order_by(CalendarEvent.due_date, CalendarEvent.id)
              if wanted is None or not e.education_type or e.education_type == wanted]
    rows = "".join(f"<tr><td>{escape(e.dates_label)}</td><td>{escape(e.title)}</td>"
                   f"<td>{escape(e.education_type_label)}</td><td>{escape(e.audience_label)}</td></tr>"
                   for e in events)
    return (f'<p class="calendar-year">ปีการศึกษา {year.year} (ข้อมูลจากระบบ ณ วันที่แสดงคู่มือ)</p>'
            f'<table class="calendar"><thead><tr><th>วันที่</th><th>เรื่อง</th><th>ประเภทการศึกษา</th>'
            f"<th>ผู้เกี่ยวข้อง</th></tr></thead><tbody>{rows}</tbody></table>")


def _calendars(text: str, key: str) -> str:
    return CALENDAR.sub(lambda m: "\n" + calendar_table(key) + "\n", text) if CALENDAR.search(text) else text


def _markdown(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["attr_list", "tables", "fenced_code", "toc", "sane_lists"],
                             extension_configs={"toc": {"permalink": False}})


def png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def render_html(key: str, appbuilder, image_url) -> Markup:
    """The manual as HTML for a screen; image_url(name) gives each screenshot's address."""
    html = _markdown(_calendars(_expand_markers(source(key), appbuilder, links=True, key=key), key))
    html = IMAGE.sub(lambda m: (f'<figure class="lsq-shot"><img class="img-responsive img-thumbnail" '
                                f'alt="{m.group(1)}" src="{escape(image_url(m.group(2)))}">'
                                f"<figcaption>{m.group(1)}</figcaption></figure>"), html)
    return Markup(html)


def _pdf_image(match) -> str:
    path = SCREENSHOTS_DIR / match.group(2)
    if not path.is_file():
        return f"<p>[{match.group(1)}]</p>"
    width, height = png_size(path)
    height_cm = PDF_IMAGE_WIDTH_CM * height / width
    # one table cell holds the picture and its caption, so a page never breaks between them
    return (f'<table class="shot"><tr><td><img src="{escape(path)}" '
            f'style="width: {PDF_IMAGE_WIDTH_CM}cm; height: {height_cm:.2f}cm">'
            f'<div class="caption">{match.group(1)}</div></td></tr></table>')


LIST = re.compile(r"<(ol|ul)>\s*(.*?)</\1>", flags=re.S)
ITEM = re.compile(r"<li>(.*?)</li>", flags=re.S)


def _pdf_list(match) -> str:
    """A list as a two-column table: xhtml2pdf gives list items no hanging indent, so a wrapped
    Thai line would start under the number."""
    items = ITEM.findall(match.group(2))
    rows = "".join(f'<tr><td class="n">{f"{i}." if match.group(1) == "ol" else "•"}</td><td>{item.strip()}</td></tr>'
                   for i, item in enumerate(items, start=1))
    return f'<table class="steps">{rows}</table>'



@dataclass(frozen=True)
class _ManualDocument:
    """The manual as the document engine's document type (lsq_core.documents.base.DocumentType's
    fields render_document reads): any number of pages, the manuals folder as template folder."""

    template_dir: Path = MANUALS_DIR
    template: str = "pdf.html"
    pages: int = 0
    name_th: str = "คู่มือการใช้งาน"


def render_pdf(key: str, appbuilder) -> bytes:
    """The manual as PDF through the product's document engine (Sarabun, Thai shaping and wrapping)."""
    from lsq_core.documents.engine import render_document
    from lsq_core.documents.thai import words_kept_whole

    manual = MANUALS[key]
    body = _markdown(_calendars(_expand_markers(source(key), appbuilder, links=False, key=key), key))
    body = LIST.sub(_pdf_list, IMAGE.sub(_pdf_image, body))
    title, _, body = _split_title(body)
    with words_kept_whole(KEPT_WHOLE):
        return render_document(_ManualDocument(), {"title": title, "audience": manual.audience,
                                                   "body": Markup(body), "lang": manual.lang})


def _split_title(html: str) -> tuple[str, str, str]:
    match = re.match(r"\s*<h1[^>]*>(.*?)</h1>", html, flags=re.S)
    if not match:
        return "", "", html
    return Markup(match.group(1)).striptags(), "", html[match.end():]


def title_of(key: str) -> str:
    match = re.match(r"#\s+(.+?)(\s*\{#.*\})?\s*$", source(key).splitlines()[0])
    return match.group(1) if match else MANUALS[key].title


def section_title(key: str, section: str) -> str:
    match = re.search(r"^#{1,3} (.+?) \{#" + re.escape(section) + r"\}\s*$", source(key), flags=re.M)
    return match.group(1) if match else ""


def manual_for_user(user, sm) -> str:
    """The manual written for this person: central staff, a basic school or a vocational college."""
    from lsq_core.security.scope import SCHOOL
    from lsq_core.views.home_tasks import user_education_types

    scope = sm.current_scope()
    if scope.level != SCHOOL:
        return "central"
    return "vocational" if "vocational" in (user_education_types(scope) or set()) else "basic"


def help_target(endpoint: str | None, preferred: str) -> tuple[str, str] | None:
    """(manual, section) explaining the screen of this endpoint, the preferred manual first."""
    if not endpoint:
        return None
    sections = HELP_LINKS.get(endpoint) or HELP_LINKS.get(endpoint.split(".")[0])
    if not sections:
        return None
    key = preferred if preferred in sections else next(iter(sections))
    return key, sections[key]


def stale_references(app, text: str) -> list[str]:
    """What a manual's text names that the app no longer has: menu entries, screens (endpoints)
    and screenshots. Empty when every reference resolves."""
    with app.test_request_context():  # a menu entry's address is built with url_for
        menus = menu_paths(app.appbuilder)
    stale = [f"[[menu:{name}]]" for kind, name in markers(text) if kind == "menu" and name not in menus]
    stale += [f"[[screen:{name}]]" for kind, name in markers(text)
              if kind == "screen" and name not in app.view_functions]
    stale += [f"screenshots/{name}" for name in screenshot_names(text) if not (SCREENSHOTS_DIR / name).is_file()]
    return stale


def stale_help_links(app) -> list[str]:
    """HELP_LINKS entries whose screen or manual section no longer exists."""
    views = {endpoint.split(".")[0] for endpoint in app.view_functions}
    stale = []
    for key, sections in HELP_LINKS.items():
        if key not in app.view_functions and key not in views:
            stale.append(key)
        for manual, section in sections.items():
            if manual not in MANUALS or section not in section_ids(source(manual)):
                stale.append(f"{key} → {manual}#{section}")
    return stale

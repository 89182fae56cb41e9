"""The screenshots of the user manuals (docs/manuals/*.md), from the demo in headless Chromium.

    python scripts/manual_screenshots.py                 # a fresh demo database, all shots
    python scripts/manual_screenshots.py --only basic-12-remedy,central-07-verify-pp3
    python scripts/manual_screenshots.py --check         # list the shots the manuals use, take none

It builds its own demo database in a temporary folder (the same ``lsq init`` + demo data as
``lsq demo``), prepares what some screens need (a ปพ.3 prepared and one submitted, a ปพ.1
issued, a transfer workbook with mistakes to check), serves the app on a free local port and
signs in as each demo account. Each shot is the 1280×800 viewport, stored as a 256-colour PNG
under docs/manuals/screenshots/, named as the manuals use it, so the pictures can be refreshed
whenever the screens change. A shot a manual uses but this list lacks is reported (--check).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("LSQ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUT = ROOT / "docs" / "manuals" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}

#: (file name, account or None for anonymous, path with {placeholders} from prepare(), actions…)
#: actions: ("follow", row text, link text) · ("click", selector) · ("fill", selector, value)
#: · ("upload", selector, placeholder of a file) · ("scroll", selector) · ("open_menu", menu label)
SHOTS = [
    # --- ส่วนกลาง ---
    ("central-01-login", None, "/login/"),
    ("central-02-signup", None, "/signup/"),
    ("central-03-home-dla-admin", "dla_admin", "/"),
    ("central-04-home-lao-officer", "lao_officer", "/"),
    ("central-05-signup-queue", "lao_officer", "/signuprequestview/list/"),
    ("central-06-signup-show", "lao_officer", "/signuprequestview/show/{signup}"),
    ("central-07-authorities", "krabi_province", "/localauthorityview/list/"),
    ("central-08-schools", "lao_officer", "/schoolview/list/"),
    ("central-09-appointments", "lao_officer", "/appointmentview/list/"),
    ("central-10-user-scopes", "dla_admin", "/userprofileview/list/"),
    ("central-11-audit", "dla_admin", "/auditeventview/list/"),
    ("central-12-calendar-year", "dla_admin", "/calendareventview/year/2569"),
    ("central-13-calendar-manage", "dla_admin", "/calendareventview/list/"),
    ("central-14-extension-form", "lao_officer", "/resultentryextensionview/add"),
    ("central-15-pp3-to-verify", "lao_officer", "/graduatereportview/report/{report_submitted}"),
    ("central-16-pp3-list", "lao_officer", "/graduatereportview/list/"),
    ("central-17-students-lao", "lao_officer", "/studentview/list/"),
    ("central-18-transfer-admin", "dla_admin", "/transfer/"),
    ("central-19-exports", "lao_officer", "/exports/"),
    ("central-20-dashboard-country", "dla_admin", "/dashboard/"),
    ("central-21-dashboard-province", "krabi_province", "/dashboard/"),
    ("central-22-dashboard-lao", "lao_officer", "/dashboard/"),
    ("central-23-appointment-tracking", "dla_admin", "/appointmenttracking/"),
    ("central-24-help-menu", "lao_officer", "/", ("open_menu", "คู่มือ")),
    # --- สถานศึกษาขั้นพื้นฐาน ---
    ("basic-01-home-registrar", "registrar_b", "/"),
    ("basic-02-school-edit", "registrar_a", "/schoolview/edit/{school_a}"),
    ("basic-03-academic-years", "registrar_a", "/academicyearview/list/"),
    ("basic-04-terms", "registrar_a", "/termview/list/"),
    ("basic-05-calendar", "registrar_b", "/calendareventview/year/2569"),
    ("basic-06-students", "registrar_a", "/studentview/list/"),
    ("basic-07-student-add", "registrar_a", "/studentview/add"),
    ("basic-08-classrooms", "registrar_b", "/classroomview/list/"),
    ("basic-09-enrolments", "registrar_b", "/enrollmentview/list/"),
    ("basic-10-subjects", "registrar_a", "/subjectview/list/"),
    ("basic-11-course-plan", "registrar_a", "/courseplanview/list/"),
    ("basic-12-copy-plan", "registrar_a", "/cohorts/course_plan/"),
    ("basic-13-teaching-assignments", "registrar_a", "/teachingassignmentview/list/"),
    ("basic-14-result-grid", "registrar_a", "/results/grid/{grid_basic}"),
    ("basic-15-teacher-assignments", "teacher_a", "/teachingassignmentview/list/"),
    ("basic-16-trait-grid", "registrar_b", "/assessments/grid/{classroom_b_m1}"),
    ("basic-17-results-pending", "registrar_b", "/resultview/list/?_flt_0_grade=ร"),
    ("basic-18-remedy", "registrar_b", "/resultview/show/{result_r}", ("scroll", "form[action*=remedy]")),
    ("basic-19-record", "registrar_b", "/studentview/record/{student_b}"),
    ("basic-21-issued-document", "registrar_b", "/issueddocumentview/show/{issued}"),
    ("basic-22-verify-qr", None, "/verify/{token}"),
    ("basic-23-graduation", "registrar_b", "/cohorts/graduation/{classroom_b_m3}"),
    ("basic-24-pp3-list", "registrar_b", "/graduatereportview/list/"),
    ("basic-25-pp3-prepared", "registrar_b", "/graduatereportview/report/{report_prepared}"),
    ("basic-27-transfer", "registrar_a", "/transfer/"),
    ("basic-28-transfer-check", "registrar_a", "/transfer/", ("upload", "#workbook", "workbook"),
     ("click", "#transfer-check")),
    ("basic-29-exports", "registrar_b", "/exports/"),
    ("basic-30-dashboard", "registrar_b", "/dashboard/"),
    ("basic-31-help-link", "registrar_a", "/studentview/list/", ("highlight", "#lsq-help-link")),
    ("basic-32-help-page", "registrar_a", "/help/basic#students"),
    # --- สถานศึกษาอาชีวศึกษา ---
    ("vocational-01-home", "registrar_voc", "/"),
    ("vocational-02-programmes", "registrar_voc", "/programmeunitview/list/"),
    ("vocational-03-subjects", "registrar_voc", "/subjectview/list/"),
    ("vocational-04-students", "registrar_voc", "/studentview/list/"),
    ("vocational-05-student-edit", "registrar_voc", "/studentview/edit/{student_voc}"),
    ("vocational-06-classrooms", "registrar_voc", "/classroomview/list/"),
    ("vocational-07-teaching-assignments", "registrar_voc", "/teachingassignmentview/list/"),
    ("vocational-08-result-grid", "registrar_voc", "/results/grid/{grid_voc}"),
    ("vocational-09-letters", "registrar_voc", "/resultview/list/?_flt_0_grade=ม.ส."),
    ("vocational-10-record", "registrar_voc", "/studentview/record/{student_voc}"),
    ("vocational-11-issue", "registrar_voc", "/studentview/record/{student_voc}",
     ("click", "form[action*=issue] button[type=submit]")),
    ("vocational-12-issued", "registrar_voc", "/issueddocumentview/list/"),
    ("vocational-13-dashboard", "registrar_voc", "/dashboard/"),
    ("vocational-14-transfer", "registrar_voc", "/transfer/"),
]


def prepare(app, workdir: Path) -> dict:
    """What some shots need, made through the screens as the people would (CSRF is off for this
    local client); returns the ids the shots' paths name."""
    from sqlalchemy import select

    from lsq_core.extensions import db
    from lsq_core.models import AcademicYear, School, SignupRequest, Student
    from lsq_core.models.documents import IssuedDocument
    from lsq_core.models.graduate_reports import GraduateReport
    from lsq_core.models.results import Result, Subject, TeachingAssignment
    from lsq_core.models.study import Classroom
    from lsq_core.transfer.export import write_workbook

    ids = {}
    with app.app_context():
        school = {s.code: s for s in db.session.query(School)}
        year = db.session.query(AcademicYear).filter_by(year=2569).one()
        b, a, voc = school["8100202"], school["8100201"], school["8100101"]
        ids.update(school_a=a.id, school_b=b.id, year=year.id)
        ids["signup"] = db.session.scalars(select(SignupRequest.id).where(SignupRequest.status == "pending")
                                           .order_by(SignupRequest.id)).first()

        def classroom(sch, level):
            return db.session.scalars(select(Classroom.id).where(Classroom.school_id == sch.id,
                                                                 Classroom.academic_year_id == year.id,
                                                                 Classroom.level == level)
                                      .order_by(Classroom.id)).first()

        ids["classroom_b_m1"], ids["classroom_b_m3"] = classroom(b, "m1"), classroom(b, "m3")

        def grid(sch, code_prefix=""):
            query = (select(TeachingAssignment.id).join(Subject, Subject.id == TeachingAssignment.subject_id)
                     .where(Subject.school_id == sch.id, Subject.code.startswith(code_prefix))
                     .order_by(TeachingAssignment.id.desc()))
            return db.session.scalars(query).first()

        ids["grid_basic"], ids["grid_voc"] = grid(a, "ค21101") or grid(a), grid(voc, "2")
        ids["result_r"] = db.session.scalars(
            select(Result.id).join(Student, Student.id == Result.student_id)
            .where(Student.school_id == b.id, Result.grade == "ร").order_by(Result.id)).first()
        ids["student_b"] = db.session.scalars(select(Student.id).where(Student.school_id == b.id,
                                                                       Student.student_number == "2020026")).first()
        ids["student_voc"] = db.session.scalars(select(Student.id).where(Student.school_id == voc.id,
                                                                         Student.status == "graduated")
                                                .order_by(Student.id)).first() or db.session.scalars(
            select(Student.id).where(Student.school_id == voc.id).order_by(Student.id)).first()
        bad = workdir / "transfer-with-mistakes.xlsx"
        write_workbook(str(bad), a, filled=False)
    _mistakes(bad)
    ids["workbook"] = str(bad)

    client = app.test_client()
    client.post("/login/", data={"username": "registrar_b", "password": "lsqdemo"})
    for level in ("m3", "m6"):
        client.post("/graduatereportview/build", data={"school_id": ids["school_b"], "year_id": year.id,
                                                      "level": level})
    client.post(f"/issueddocumentview/issue/{ids['student_b']}", data={"type": "basic_ed.pp1"})
    with app.app_context():
        reports = {r.level: r.id for r in db.session.query(GraduateReport).filter_by(school_id=ids["school_b"])}
        ids["report_prepared"], ids["report_submitted"] = reports.get("m3"), reports.get("m6")
    client.post(f"/graduatereportview/report/{ids['report_submitted']}/submit", data={"approved_on": "25/11/2569"})
    with app.app_context():
        document = db.session.query(IssuedDocument).order_by(IssuedDocument.id.desc()).first()
        ids["issued"], ids["token"] = (document.id, document.token) if document else (0, "none")
    missing = [k for k, v in ids.items() if v is None]
    if missing:
        raise SystemExit(f"the demo lacks what these shots need: {', '.join(missing)}")
    return ids


def _mistakes(path: Path) -> None:
    """Three students in the empty workbook: one right, one with a wrong check digit, one with no birth date."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["นักเรียน"]
    header = [c.value for c in ws[1]]
    rows = [
        {"เลขประจำตัวนักเรียน": "2019901", "เลขประจำตัวประชาชน": "1851851025864", "ชื่อ": "ศุภกร",
         "นามสกุล": "ทองดี", "เพศ": "ชาย", "วันเกิด": "02/10/2558", "วันที่เข้าเรียน": "16/05/2567",
         "สถานภาพ": "กำลังศึกษา"},
        {"เลขประจำตัวนักเรียน": "2019902", "เลขประจำตัวประชาชน": "1851851025865", "ชื่อ": "นภัสสร",
         "นามสกุล": "แสงจันทร์", "เพศ": "หญิง", "วันเกิด": "03/05/2558", "วันที่เข้าเรียน": "16/05/2567",
         "สถานภาพ": "กำลังศึกษา"},
        {"เลขประจำตัวนักเรียน": "2019903", "เลขประจำตัวประชาชน": "", "ชื่อ": "ธนกร", "นามสกุล": "ใจดี",
         "เพศ": "ชาย", "วันเกิด": "31/02/2558", "วันที่เข้าเรียน": "16/05/2567", "สถานภาพ": "กำลังศึกษา"},
    ]
    for row in rows:
        ws.append([row.get(name) for name in header])
    wb.save(path)


@contextmanager
def demo_served():
    """A fresh demo database in a temporary folder, served on a free port: (app, base URL, folder)."""
    from tests.conftest import built_app, serving

    with tempfile.TemporaryDirectory(prefix="lsq-manual-shots-") as tmp:
        with built_app(Path(tmp)) as app:
            with serving(app) as base:
                yield app, base, Path(tmp)


def login(page, base, username):
    page.goto(f"{base}/logout/")
    page.goto(f"{base}/login/")
    page.fill("#username", username)
    page.fill("#password", "lsqdemo")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")


def act(page, action, ids):
    kind, *args = action
    if kind == "follow":
        page.locator("tr", has_text=args[0]).first.locator(f"text={args[1]}").click()
    elif kind == "click":
        page.click(args[0])
    elif kind == "fill":
        page.fill(args[0], args[1])
    elif kind == "upload":
        page.set_input_files(args[0], ids[args[1]])
    elif kind == "scroll":
        page.locator(args[0]).first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 200)")
    elif kind == "open_menu":
        page.locator("a.dropdown-toggle", has_text=args[0]).first.click()
    elif kind == "highlight":
        page.locator(args[0]).evaluate("e => { e.style.outline = '3px solid #d9534f'; e.style.padding = '2px'; }")
    page.wait_for_load_state("networkidle")


def save_small(png: bytes, path: Path) -> None:
    """The screenshot as a 256-colour PNG: a third of the size, the text as sharp."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


def take(base: str, ids: dict, out: Path, only: set[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, locale="th-TH")
        current = "anonymous"
        for name, account, path, *actions in SHOTS:
            if only and name not in only:
                continue
            if account != current:
                if account is None:
                    page.goto(f"{base}/logout/")
                else:
                    login(page, base, account)
                current = account
            try:
                page.goto(base + path.format(**ids))
                page.wait_for_load_state("networkidle")
                for action in actions:
                    act(page, action, ids)
            except Exception as exc:  # one screen that changed must not stop the others
                failed.append(name)
                print(f"{name}: {exc}".splitlines()[0], file=sys.stderr, flush=True)
                continue
            target = out / f"{name}.png"
            save_small(page.screenshot(), target)
            written.append(target)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target, flush=True)
        browser.close()
    if failed:
        raise SystemExit(f"{len(failed)} shot(s) failed: {', '.join(failed)}")
    return written


def used_by_manuals() -> set[str]:
    from lsq_core.manuals import MANUALS, screenshot_names, source

    return {name.removesuffix(".png") for key in MANUALS for name in screenshot_names(source(key))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--only", default="", help="comma-separated shot names")
    parser.add_argument("--check", action="store_true", help="compare the manuals with this list; take nothing")
    args = parser.parse_args(argv)
    listed = {shot[0] for shot in SHOTS}
    missing = sorted(used_by_manuals() - listed)
    if missing:
        print("used by a manual but not taken here:", ", ".join(missing), file=sys.stderr)
    if args.check:
        return 1 if missing else 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    with demo_served() as (app, base, tmp):
        ids = prepare(app, tmp)
        take(base, ids, out, only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Take screenshots of the running demo in headless Chromium (Debian's /usr/bin/chromium).

    lsq demo &                         # serves http://127.0.0.1:8080
    python scripts/screenshots.py      # writes docs/screenshots/*.png

Each shot signs in as a demo account, opens a page and saves a full-page PNG,
so the pictures can be refreshed whenever the screens change.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("LSQ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: (file name, account or None for anonymous, path)
SHOTS = [
    ("01-login", None, "/login/"),
    ("02-signup", None, "/signup/"),
    ("03-home-dla-admin", "dla_admin", "/"),
    ("04-schools-lao-officer", "lao_officer", "/schoolview/list/"),
    ("05-school-edit-registrar-a", "registrar_a", "/schoolview/edit/1"),
    ("06-appointments-registrar-a", "registrar_a", "/appointmentview/list/"),
    ("07-home-lao-officer", "lao_officer", "/"),
    ("08-signup-queue-lao-officer", "lao_officer", "/signuprequestview/list/"),
    ("09-signup-show-lao-officer", "lao_officer", "/signuprequestview/show/1"),
    ("10-authorities-province", "krabi_province", "/localauthorityview/list/"),
    ("11-audit-ledger-dla-admin", "dla_admin", "/auditeventview/list/"),
    ("12-users-dla-admin", "dla_admin", "/users/list/"),
    ("13-schools-english", "dla_admin", "/schoolview/list/?_l_=en"),
    ("14-students-registrar-a", "registrar_a", "/studentview/list/"),
    # (…, path, row text, link text): open the path, then the link in the row holding the text
    ("15-result-grid-registrar-a", "registrar_a", "/teachingassignmentview/list/?psize_TeachingAssignmentView=100",
     "ค21101", "บันทึกผลการเรียน"),
    ("16-student-record-registrar-b", "registrar_b", "/studentview/list/?psize_StudentView=100", "2020021",
     "ระเบียนผลการเรียน"),
    ("17-teaching-assignments-teacher-a", "teacher_a", "/teachingassignmentview/list/"),
    ("18-classrooms-registrar-b", "registrar_b", "/classroomview/list/"),
    ("19-graduation-m3-registrar-b", "registrar_b", "/classroomview/list/?psize_ClassroomView=100", "ม.3",
     "ตรวจสอบ/อนุมัติการจบ"),
    ("20-assessments-registrar-b", "registrar_b", "/classroomview/list/?psize_ClassroomView=100", "ม.1",
     "ประเมินการอ่านฯ/คุณลักษณะ"),
    ("21-results-pending-registrar-b", "registrar_b", "/resultview/list/?_flt_0_grade=ร"),
    ("22-record-with-issue-button-registrar-b", "registrar_b", "/studentview/list/?psize_StudentView=100",
     "2020026", "ระเบียนผลการเรียน"),
    ("23-bulk-issue-form-registrar-b", "registrar_b", "/jobview/bulk"),
    ("24-background-jobs-registrar-b", "registrar_b", "/jobview/list/"),  # after a bulk issue has run
    # 25-bulk-job-progress-registrar-b: written by tests/test_jobs_browser.py with LSQ_SCREENSHOTS_DIR
    ("26-dashboard-national-dla-admin", "dla_admin", "/dashboard/"),
    ("27-dashboard-province-krabi", "krabi_province", "/dashboard/"),
    ("28-dashboard-lao-lao-officer", "lao_officer", "/dashboard/"),
    ("29-dashboard-school-registrar-b", "registrar_b", "/dashboard/"),
    ("30-appointment-tracking-dla-admin", "dla_admin", "/appointmenttracking/"),
    # 31–35 after scripts/prepare_calendar_shots.py: a ปพ.3 submitted by registrar_b, term 1/2569 closed on
    # the calendar for basic education, and an extension for school B granted by lao_officer
    ("31-calendar-2569-registrar-b", "registrar_b", "/calendareventview/year/2569"),
    ("32-home-registrar-b", "registrar_b", "/"),
    ("33-home-lao-officer-tasks", "lao_officer", "/"),
    ("34-entry-extension-form-lao-officer", "lao_officer", "/resultentryextensionview/add"),
    ("35-calendar-manage-dla-admin", "dla_admin", "/calendareventview/list/"),
]


def login(page, base, username):
    page.goto(f"{base}/logout/")
    page.goto(f"{base}/login/")
    page.fill("#username", username)
    page.fill("#password", "lsqdemo")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    parser.add_argument("--only", default="", help="comma-separated shot names")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="th-TH")
        current = "anonymous"
        for name, account, path, *follow in SHOTS:
            if only and name not in only:
                continue
            if account != current:
                if account is None:
                    page.goto(f"{args.base}/logout/")
                else:
                    login(page, args.base, account)
                current = account
            page.goto(f"{args.base}{path}")
            page.wait_for_load_state("networkidle")
            if follow:
                row_text, link_text = follow
                page.locator("tr", has_text=row_text).first.locator(f"text={link_text}").click()
                page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()

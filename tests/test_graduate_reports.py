"""The ปพ.3 workflow: the registrar prepares and submits, the LAO's officer verifies or returns,
a verified report is locked, and the transcripts carry its approval date."""

from __future__ import annotations

import re
import shutil

import pytest

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, AuditEvent, Result, School, Student, Subject
from lsq_core.models.graduate_reports import GraduateReport
from tests.conftest import Api
from tests.test_documents import pdftotext

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def ids(app, school_code="8100202", year=2569):
    with app.app_context():
        school = db.session.query(School).filter_by(code=school_code).one()
        return school.id, db.session.query(AcademicYear).filter_by(year=year).one().id


def build(client, school_id, year_id, level="m6"):
    return client.post("/graduatereportview/build", data={"school_id": school_id, "year_id": year_id,
                                                          "level": level}, follow_redirects=True)


def the_report(app, school_id, level="m6"):
    with app.app_context():
        report = db.session.query(GraduateReport).filter_by(school_id=school_id, level=level).one()
        return report.id, report.status, [e.student_id for e in report.entries]


def flashes(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_prepare_submit_verify_lock_and_issue(fresh_app):
    app = fresh_app
    school_id, year_id = ids(app)
    registrar = app.test_client()
    registrar.post("/login/", data={"username": "registrar_b", "password": "lsqdemo"})
    page = build(registrar, school_id, year_id)
    text = flashes(page)
    assert "จัดทำรายงานแล้ว มีผู้ผ่านเกณฑ์ 16 คน" in text
    assert text.count("ไม่อยู่ในรายงาน:") == 4  # the four demo students who do not pass, each named with why
    report_id, status, students = the_report(app, school_id)
    assert status == "draft" and len(students) == 16

    # no approval date, or one in the future: refused in Thai, nothing changes
    refused = registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": ""},
                             follow_redirects=True)
    assert "กรุณาระบุวันที่ผู้อำนวยการอนุมัติการจบ" in flashes(refused)
    refused = registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": "31/03/2599"},
                             follow_redirects=True)
    assert "วันที่อนุมัติการจบต้องไม่เป็นวันในอนาคต" in flashes(refused)
    assert the_report(app, school_id)[1] == "draft"

    submitted = registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": "31/03/2569"},
                               follow_redirects=True)
    assert "ส่งรายงานให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบแล้ว" in flashes(submitted)
    with app.app_context():
        graduates = db.session.query(Student).filter(Student.id.in_(students)).all()
        assert {(s.status, s.status_date.isoformat()) for s in graduates} == {("graduated", "2026-03-31")}

    # the registrar cannot verify their own report; another LAO's officer does not see it
    assert registrar.post(f"/graduatereportview/report/{report_id}/verify").status_code in (302, 403)
    assert the_report(app, school_id)[1] == "submitted"
    other = app.test_client()
    other.post("/login/", data={"username": "lao_officer_pao", "password": "lsqdemo"})
    assert other.get(f"/graduatereportview/report/{report_id}").status_code == 404
    assert other.post(f"/graduatereportview/report/{report_id}/verify").status_code == 404

    officer = app.test_client()
    officer.post("/login/", data={"username": "lao_officer", "password": "lsqdemo"})
    verified = officer.post(f"/graduatereportview/report/{report_id}/verify", follow_redirects=True)
    assert "ตรวจสอบรายงานแล้ว รายงานถูกล็อก" in flashes(verified)
    assert the_report(app, school_id)[1] == "verified"

    # locked: neither rebuilt nor submitted again
    again = build(registrar, school_id, year_id)
    assert "แก้ไขไม่ได้" in flashes(again)
    assert the_report(app, school_id)[2] == students

    # every step is in the audit ledger
    with app.app_context():
        changes = [e.changes for e in db.session.query(AuditEvent).filter_by(
            table_name="lsq_graduate_report", record_id=report_id).order_by(AuditEvent.id)]
        statuses = [c["status"]["new"] for c in changes if "status" in c]
        assert statuses[-2:] == ["submitted", "verified"]

    # the ปพ.3, issued through the API, lists the graduates; a ปพ.1 carries the approval date
    rest = Api(app.test_client(), "registrar_b")
    issued = rest.post("/api/v1/document/", json={"type": "basic_ed.pp3", "graduate_report_id": report_id})
    assert issued.status_code == 201, issued.json
    pp3 = pdftotext(rest.get(f"/api/v1/document/{issued.json['id']}/pdf").data)
    assert "แบบรายงานผู้สำเร็จการศึกษา" in pp3 and "ปพ.3 : พ" in pp3 and "31 มีนาคม 2569" in pp3
    with app.app_context():
        names = [s.full_name() for s in db.session.query(Student).filter(Student.id.in_(students))]
    assert all(name.split()[-1] in pp3 for name in names)
    transcript = rest.post("/api/v1/document/", json={"type": "basic_ed.pp1", "student_id": students[0]})
    assert transcript.status_code == 201, transcript.json
    pp1 = pdftotext(rest.get(f"/api/v1/document/{transcript.json['id']}/pdf").data)
    assert "วันอนุมัติการจบ" in pp1 and "31 มีนาคม 2569" in pp1 and "ปพ.1 : พ" in pp1


def test_returned_with_reasons_then_resubmitted(fresh_app):
    app = fresh_app
    school_id, year_id = ids(app)
    registrar, officer = app.test_client(), app.test_client()
    registrar.post("/login/", data={"username": "registrar_b", "password": "lsqdemo"})
    officer.post("/login/", data={"username": "lao_officer", "password": "lsqdemo"})
    build(registrar, school_id, year_id, level="m3")
    report_id = the_report(app, school_id, "m3")[0]
    registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": "30/03/2569"})
    no_reason = officer.post(f"/graduatereportview/report/{report_id}/return", data={"reason": " "},
                             follow_redirects=True)
    assert "กรุณาระบุเหตุผลที่ส่งคืนให้แก้ไข" in flashes(no_reason)
    returned = officer.post(f"/graduatereportview/report/{report_id}/return",
                            data={"reason": "วันเกิดของนักเรียนเลขที่ 3 ไม่ตรงกับทะเบียนบ้าน"}, follow_redirects=True)
    assert "ส่งคืนรายงานให้สถานศึกษาแก้ไขแล้ว" in flashes(returned)
    page = flashes(registrar.get(f"/graduatereportview/report/{report_id}"))
    assert "วันเกิดของนักเรียนเลขที่ 3 ไม่ตรงกับทะเบียนบ้าน" in page and "ส่งคืนให้แก้ไข" in page
    # an unverified report is not an official document yet
    with app.app_context():
        assert db.session.get(GraduateReport, report_id).status == "returned"
    # the school corrects: one graduate's result turns out to be ร; prepared again, they are left out
    # and studying again, and everyone else stays on the report
    with app.app_context():
        report = db.session.get(GraduateReport, report_id)
        dropped = report.entries[0].student_id
        result = db.session.query(Result).join(Subject).filter(
            Result.student_id == dropped, Result.level == "m3", Subject.kind == "basic").first()
        result.grade, result.points, result.gpa_weight = "ร", None, 0
        db.session.commit()
        before = len(report.entries)
    rebuilt = build(registrar, school_id, year_id, level="m3")
    assert f"มีผู้ผ่านเกณฑ์ {before - 1} คน" in flashes(rebuilt)
    with app.app_context():
        student = db.session.get(Student, dropped)
        assert (student.status, student.status_date) == ("studying", None)
        assert dropped not in [e.student_id for e in db.session.get(GraduateReport, report_id).entries]
    resubmitted = registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": "30/03/2569"},
                                 follow_redirects=True)
    assert "ส่งรายงานให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบแล้ว" in flashes(resubmitted)
    assert officer.post(f"/graduatereportview/report/{report_id}/verify").status_code == 302
    assert the_report(app, school_id, "m3")[1] == "verified"


def test_who_may_take_which_step(demo_app, web, api):
    school_id, year_id = ids(demo_app)
    # the teacher and the province officer cannot prepare; the LAO officer cannot prepare either
    for user in ("teacher_a", "krabi_province", "lao_officer"):
        response = build(web(user), school_id, year_id)
        assert "จัดทำรายงานแล้ว" not in flashes(response), user
    # another school's registrar does not reach this school
    assert build(web("registrar_a"), school_id, year_id).status_code == 404
    # a draft cannot be issued as a document
    registrar = web("registrar_b")
    build(registrar, school_id, year_id, level="m3")
    report_id = the_report(demo_app, school_id, "m3")[0]
    issued = api("registrar_b").post("/api/v1/document/", json={"type": "basic_ed.pp3",
                                                                "graduate_report_id": report_id})
    assert issued.status_code == 422 and "ตรวจสอบรายงานแล้วเท่านั้น" in str(issued.json)
    assert api("registrar_a").post("/api/v1/document/", json={
        "type": "basic_ed.pp3", "graduate_report_id": report_id}).status_code == 404
    # the draft preview is a PDF marked as a draft
    preview = registrar.get(f"/graduatereportview/report/{report_id}/preview")
    assert preview.status_code == 200 and "ร่าง" in pdftotext(preview.data)
    with demo_app.app_context():
        db.session.query(GraduateReport).filter_by(id=report_id).delete()
        db.session.commit()

"""Issuing documents: ปพ.7 through the API, its PDF, serials, replacement, revocation, /verify."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pytest

from lsq_core.documents.issuing import allocate_serial, masked_name
from lsq_core.extensions import db
from lsq_core.models import IssuedDocument, School, SerialCounter, Student
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def a_student(app, school_code="8100202"):
    with app.app_context():
        student = db.session.query(Student).join(School).filter(School.code == school_code).first()
        return student.id, student.full_name(), student.national_id


def pdftotext(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_registrar_issues_a_certificate_of_study(demo_app, api):
    student_id, name, national_id = a_student(demo_app)
    client = api("registrar_b")
    first = client.post("/api/v1/document/", json={"type": "basic_ed.pp7", "student_id": student_id})
    assert first.status_code == 201, first.json
    assert set(first.json) >= {"id", "serial", "verify_url"}
    assert first.json["verify_url"].startswith("http://localhost/verify/")
    pdf = client.get(f"/api/v1/document/{first.json['id']}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = pdftotext(pdf.data)
    assert "ใบรับรองผลการศึกษา" in text and name.split(" ")[-1] in text and "โรงเรียนเทศบาล 2 คลองจิหลาด" in text
    assert "พ.ศ." not in text or "๒๕๖๙" in text  # Buddhist-Era dates in Thai digits
    import hashlib

    assert hashlib.sha256(pdf.data).hexdigest() == first.json["sha256"]
    second = client.post("/api/v1/document/", json={"type": "basic_ed.pp7", "student_id": student_id})
    number = lambda answer: int(answer.json["serial"].rsplit(" ", 1)[-1])  # noqa: E731
    assert number(second) == number(first) + 1


def test_documents_follow_scope_and_roles(demo_app, api):
    student_id, _, _ = a_student(demo_app)
    body = {"type": "basic_ed.pp7", "student_id": student_id}
    assert api("registrar_a").post("/api/v1/document/", json=body).status_code == 404
    assert api("lao_officer").post("/api/v1/document/", json=body).status_code == 403
    assert api("teacher_a").post("/api/v1/document/", json=body).status_code == 403
    unknown = api("registrar_b").post("/api/v1/document/", json={"type": "basic_ed.nothing", "student_id": student_id})
    assert unknown.status_code == 422 and "ไม่รู้จักเอกสาร" in unknown.json["message"]["type"][0]
    issued = api("registrar_b").post("/api/v1/document/", json=body).json["id"]
    assert api("registrar_a").get(f"/api/v1/document/{issued}/pdf").status_code == 404
    assert api("lao_officer").get(f"/api/v1/document/{issued}/pdf").status_code == 200
    assert api("lao_officer_pao").get(f"/api/v1/document/{issued}/pdf").status_code == 404


def test_verify_valid_replaced_revoked_unknown(demo_app, api):
    student_id, name, national_id = a_student(demo_app)
    client, public = api("registrar_b"), demo_app.test_client()
    original = client.post("/api/v1/document/", json={"type": "basic_ed.pp7", "student_id": student_id}).json
    token = original["verify_url"].rsplit("/", 1)[-1]
    page = public.get(f"/verify/{token}").get_data(as_text=True)
    assert "ยังใช้ได้" in page and "โรงเรียนเทศบาล 2 คลองจิหลาด" in page
    assert masked_name(name) in page and national_id not in page and name not in page
    assert client.post(f"/api/v1/document/{original['id']}/reissue", json={}).status_code == 422
    replacement = client.post(f"/api/v1/document/{original['id']}/reissue", json={"reason": "ฉบับเดิมชำรุด"}).json
    assert "ถูกแทนที่ด้วยใบแทน" in public.get(f"/verify/{token}").get_data(as_text=True)
    new_token = replacement["verify_url"].rsplit("/", 1)[-1]
    assert "ยังใช้ได้" in public.get(f"/verify/{new_token}").get_data(as_text=True)
    assert "ใบแทน" in pdftotext(client.get(f"/api/v1/document/{replacement['id']}/pdf").data)
    assert client.post(f"/api/v1/document/{replacement['id']}/revoke", json={"reason": "ออกผิดคน"}).status_code == 200
    assert "ถูกยกเลิกแล้ว" in public.get(f"/verify/{new_token}").get_data(as_text=True)
    assert public.get("/verify/no-such-token").status_code == 404


def test_a_failed_issue_gives_its_number_back(demo_app, api, tmp_path):
    from lsq_core.documents.base import DocumentType

    (tmp_path / "broken.html").write_text("<html><body>{{ no_such_value }}</body></html>")
    registry = demo_app.extensions["lsq"].document_types
    registry.add(DocumentType("test.broken", "เสีย", controlled_serial=True, template="broken.html",
                              template_dir=tmp_path))
    student_id, _, _ = a_student(demo_app)
    try:
        failed = api("registrar_b").post("/api/v1/document/", json={"type": "test.broken", "student_id": student_id})
        assert failed.status_code == 422 and "no_such_value" in failed.json["message"]
        with demo_app.app_context():
            counter = db.session.query(SerialCounter).filter_by(document_type="test.broken").one_or_none()
            assert counter is None or counter.last_number == 0
            assert db.session.query(IssuedDocument).filter_by(document_type="test.broken").count() == 0
    finally:
        registry._items.pop("test.broken")
        registry.origins.pop("test.broken")


def test_concurrent_issues_get_distinct_consecutive_serials(demo_app):
    """Many transactions take numbers at once: each number once, none skipped (200 on PostgreSQL)."""
    threads_count = 200 if PG_URL else 20
    with demo_app.app_context():
        school_id = db.session.query(School).filter_by(code="8100201").one().id
    numbers, errors = [], []
    barrier = threading.Barrier(threads_count)

    def take():
        with demo_app.app_context():
            try:
                barrier.wait(timeout=30)
                numbers.append(allocate_serial(school_id, "test.concurrent", 2569))
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(exc))
                db.session.rollback()
            finally:
                db.session.remove()

    workers = [threading.Thread(target=take) for _ in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, threads_count + 1))


def test_masked_name():
    assert masked_name("นางสาวกมลชนก สมบูรณ์") == "นางสาวกมลชนก ส******"  # one star per code point left


def test_issue_from_the_student_record_screen(demo_app, web):
    student_id, _, _ = a_student(demo_app)
    registrar = web("registrar_b")
    page = registrar.get(f"/studentview/record/{student_id}").get_data(as_text=True)
    assert "ใบรับรองผลการศึกษา (ปพ.7)" in page
    done = registrar.post(f"/issueddocumentview/issue/{student_id}", data={"type": "basic_ed.pp7"},
                          follow_redirects=True).get_data(as_text=True)
    assert "ออกเอกสารแล้ว ชุดที่ 2569 เลขที่" in done
    listing = registrar.get("/issueddocumentview/list/").get_data(as_text=True)
    assert "ใบรับรองผลการศึกษา (ปพ.7)" in listing  # the register names the form in Thai
    assert "ใบรับรองผลการศึกษา (ปพ.7)" not in web("lao_officer").get(
        f"/studentview/record/{student_id}").get_data(as_text=True)  # read-only: no issue button
    assert web("registrar_a").post(f"/issueddocumentview/issue/{student_id}",
                                   data={"type": "basic_ed.pp7"}).status_code == 404


def test_certificate_only_for_approved_graduates_with_a_running_number(fresh_app):
    from lsq_core.cohorts import approve_graduation
    from lsq_core.models import AcademicYear, Classroom

    app = fresh_app
    client = app.test_client()
    token = client.post("/api/v1/security/login", json={"username": "registrar_b", "password": "lsqdemo",
                                                        "provider": "db"}).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with app.app_context():
        classroom = (db.session.query(Classroom).join(AcademicYear).filter(
            Classroom.level == "m3", AcademicYear.year == 2569, Classroom.school.has(code="8100202")).one())
        first = sorted(classroom.enrollments, key=lambda e: e.number)[5].student_id
        second = sorted(classroom.enrollments, key=lambda e: e.number)[6].student_id
    refused = client.post("/api/v1/document/", json={"type": "basic_ed.pp2_b", "student_id": first}, headers=headers)
    assert refused.status_code == 422 and "ผู้สำเร็จการศึกษา" in refused.json["message"]["student_id"][0]
    import datetime as dt

    with app.app_context():
        classroom = db.session.get(Classroom, classroom.id)
        approve_graduation(classroom, dt.date(2027, 3, 31))
    wrong_level = client.post("/api/v1/document/", json={"type": "basic_ed.pp2_p", "student_id": first},
                              headers=headers)
    assert wrong_level.status_code == 422
    one = client.post("/api/v1/document/", json={"type": "basic_ed.pp2_b", "student_id": first}, headers=headers)
    two = client.post("/api/v1/document/", json={"type": "basic_ed.pp2_b", "student_id": second}, headers=headers)
    assert (one.status_code, two.status_code) == (201, 201)
    assert (one.json["serial"], two.json["serial"]) == ("เลขที่ 1", "เลขที่ 2")  # the register's running number
    text = pdftotext(client.get(f"/api/v1/document/{one.json['id']}/pdf", headers=headers).data)
    assert "ประกาศนียบัตร" in text and "การศึกษาภาคบังคับ" in text and "๓๑ มีนาคม ๒๕๗๐" in text

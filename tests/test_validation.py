"""Bad input gets a clear Thai message naming the field, and nothing is saved."""

from __future__ import annotations

import pytest

from lsq_core.extensions import db
from lsq_core.models import Appointment, LocalAuthority, School, UserProfile
from lsq_core.thai import format_date_th, is_valid_national_id, national_id_error, to_thai_digits
from tests.conftest import pdf_upload

import datetime as dt


def school_payload(app, **extra):
    with app.app_context():
        town = db.session.query(LocalAuthority).filter_by(code="81002").one().id
    return {"code": "8100299", "moe_code": "3081020199", "name_th": "โรงเรียนเทศบาลทดสอบ",
            "authority": town, "education_types": "basic", "levels": "p1,p2", **extra}


def count(app, model):
    with app.app_context():
        return db.session.query(model).count()


@pytest.mark.parametrize("moe_code, message", [
    ("308102019", "10 หลัก"),
    ("1081020199", "ขึ้นต้นด้วย 30"),
    ("30810201ab", "10 หลัก"),
])
def test_malformed_moe_code_is_refused_by_api(demo_app, api, moe_code, message):
    before = count(demo_app, School)
    response = api("dla_admin").post("/api/v1/school/", json=school_payload(demo_app, moe_code=moe_code))
    assert response.status_code == 422
    assert message in response.json["message"]["moe_code"][0]
    assert count(demo_app, School) == before


def test_moe_code_in_thai_digits_is_accepted_and_normalised(demo_app, api):
    client = api("dla_admin")
    response = client.post("/api/v1/school/", json=school_payload(demo_app, moe_code=to_thai_digits("3081020199")))
    assert response.status_code == 201, response.json
    pk = response.json["id"]
    assert client.get(f"/api/v1/school/{pk}").json["result"]["moe_code"] == "3081020199"
    assert client.delete(f"/api/v1/school/{pk}").status_code == 200


def test_duplicate_school_code_is_refused_in_thai(demo_app, api):
    before = count(demo_app, School)
    response = api("dla_admin").post("/api/v1/school/", json=school_payload(demo_app, code="8100201"))
    assert response.status_code == 422
    assert response.json["message"]["code"] == [
        "รหัสสถานศึกษา 8100201 มีอยู่แล้ว (ใช้โดย โรงเรียนเทศบาล 1 ตลาดเก่า)"]
    assert count(demo_app, School) == before


def test_unknown_level_for_education_type_is_refused(demo_app, api):
    response = api("dla_admin").post("/api/v1/school/", json=school_payload(demo_app, levels="p1,pvc1"))
    assert response.status_code == 422
    assert "pvc1" in response.json["message"]["levels"][0]


def test_screen_shows_the_message_next_to_the_field_and_keeps_the_form(demo_app, web):
    client = web("dla_admin")
    with demo_app.app_context():
        town = db.session.query(LocalAuthority).filter_by(code="81002").one().id
    before = count(demo_app, School)
    page = client.post("/schoolview/add", data={
        "code": "8100298", "moe_code": "12345", "name_th": "โรงเรียนที่กรอกผิด", "authority": str(town),
        "education_types": ["basic"], "levels": ["p1"]}, follow_redirects=True).get_data(as_text=True)
    assert "รหัสสถานศึกษาของกระทรวงศึกษาธิการต้องเป็นตัวเลข 10 หลัก" in page
    assert "โรงเรียนที่กรอกผิด" in page  # what was typed is still there
    assert count(demo_app, School) == before
    duplicate = client.post("/schoolview/add", data={
        "code": "8100201", "moe_code": "3081020198", "name_th": "ซ้ำ", "authority": str(town),
        "education_types": ["basic"], "levels": ["p1"]}, follow_redirects=True).get_data(as_text=True)
    assert "มีข้อมูลนี้อยู่แล้ว" in duplicate
    assert count(demo_app, School) == before


def test_appointment_order_must_be_a_pdf_within_the_limit(demo_app, web):
    client = web("registrar_a")
    with demo_app.app_context():
        school = db.session.query(School).filter_by(code="8100201").one()
        school_id, authority_id = school.id, school.authority_id
    before = count(demo_app, Appointment)
    base = {"person_name": "นายทดสอบ ไฟล์", "role": "committee_member", "status": "active",
            "authority": str(authority_id), "school": str(school_id), "order_number": "77/2569",
            "order_date": "2026-06-01", "effective_from": "2026-06-01"}
    for upload, message in [
        (pdf_upload("order.docx", b"PK\x03\x04 word file"), "ไม่ใช่ไฟล์ PDF"),
        (pdf_upload("huge.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024) + b"\n%%EOF"), "เกินกำหนด"),
        (pdf_upload("", b""), "กรุณาแนบไฟล์คำสั่งแต่งตั้ง"),
    ]:
        page = client.post("/appointmentview/add", data={**base, "order_pdf": upload},
                           content_type="multipart/form-data", follow_redirects=True)
        assert message in page.get_data(as_text=True)
    assert count(demo_app, Appointment) == before
    bad_dates = client.post("/appointmentview/add", data={**base, "effective_to": "2026-05-01",
                                                          "order_pdf": pdf_upload()},
                            content_type="multipart/form-data", follow_redirects=True)
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่มมีผล" in bad_dates.get_data(as_text=True)
    assert count(demo_app, Appointment) == before
    ok = client.post("/appointmentview/add", data={**base, "order_pdf": pdf_upload()},
                     content_type="multipart/form-data", follow_redirects=True)
    assert ok.status_code == 200
    with demo_app.app_context():
        created = db.session.query(Appointment).filter_by(order_number="77/2569").one()
        assert created.order_file_sha256 and created.order_file_size > 0
        db.session.delete(created)
        db.session.commit()


def test_api_order_upload_refuses_non_pdf(demo_app, api):
    with demo_app.app_context():
        pk = db.session.query(Appointment).filter_by(order_number="21/2569").one().id
    client = api("registrar_a")
    refused = client.put(f"/api/v1/appointment/{pk}/order", data={"file": pdf_upload("x.pdf", b"hello")},
                         content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "ไม่ใช่ไฟล์ PDF" in refused.json["message"]["file"][0]
    ok = client.put(f"/api/v1/appointment/{pk}/order", data={"file": pdf_upload("new.pdf")},
                    content_type="multipart/form-data")
    assert ok.status_code == 200
    assert client.get(f"/api/v1/appointment/{pk}/order").data.startswith(b"%PDF-")


def test_bad_national_id_in_a_user_scope_is_refused(demo_app, web):
    client = web("dla_admin")
    with demo_app.app_context():
        profile = db.session.query(UserProfile).join(UserProfile.user).filter_by(username="teacher_a").one()
        pk, user_id, school_id = profile.id, profile.user_id, profile.school_id
    page = client.post(f"/userprofileview/edit/{pk}", data={
        "user": str(user_id), "national_id": "1234567890123", "school": str(school_id)},
        follow_redirects=True).get_data(as_text=True)
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in page
    with demo_app.app_context():
        assert db.session.get(UserProfile, pk).national_id is None


def test_marshmallow_errors_come_back_in_thai(demo_app, api):
    response = api("dla_admin").post("/api/v1/academic_year/", json={"year": "สองพัน", "start_date": "x"})
    assert response.status_code == 422
    assert response.json["message"]["year"] == ["ต้องเป็นจำนวนเต็ม"]
    assert "วันที่ไม่ถูกต้อง" in response.json["message"]["start_date"][0]


@pytest.mark.parametrize("value, ok", [
    ("1103702071838", True), ("1-1037-02071-83-8", True), ("๑๑๐๓๗๐๒๐๗๑๘๓๘", True),
    ("1103702071839", False), ("110370207183", False), ("", False),
])
def test_national_id_checksum(value, ok):
    assert is_valid_national_id(value) is ok
    assert (national_id_error(value) is None) is ok


def test_checksum_edge_cases():
    # S mod 11 == 0 → check digit 1; S mod 11 == 1 → check digit 0 (domain/basic_ed.md §9.1)
    assert is_valid_national_id("0000000000001")  # S = 0
    assert not is_valid_national_id("0000000000000")
    assert is_valid_national_id("0000000000060")  # S = 6 × 2 = 12, 12 mod 11 = 1
    assert not is_valid_national_id("0000000000061")


def test_buddhist_era_dates():
    assert format_date_th(dt.date(2026, 5, 12)) == "12 พฤษภาคม 2569"
    assert format_date_th(dt.date(2026, 6, 12), style="short") == "12 มิ.ย. 2569"
    assert format_date_th(dt.date(2027, 3, 1), style="numeric") == "01/03/2570"
    assert format_date_th(dt.date(2026, 5, 12), thai_digits=True) == "๑๒ พฤษภาคม ๒๕๖๙"


def test_dates_are_typed_in_the_buddhist_era(demo_app, web):
    client = web("dla_admin")
    created = client.post("/academicyearview/add", data={
        "year": "2571", "start_date": "16/05/2571", "end_date": "๓๑/๐๓/๒๕๗๒"}, follow_redirects=True)
    assert created.status_code == 200
    from lsq_core.models import AcademicYear

    with demo_app.app_context():
        year = db.session.query(AcademicYear).filter_by(year=2571).one()
        assert (year.start_date, year.end_date) == (dt.date(2028, 5, 16), dt.date(2029, 3, 31))
        pk = year.id
    form = client.get(f"/academicyearview/edit/{pk}").get_data(as_text=True)
    assert 'value="16/05/2571"' in form
    wrong = client.post(f"/academicyearview/edit/{pk}", data={
        "year": "2571", "start_date": "31/02/2571", "end_date": "31/03/2572"}, follow_redirects=True)
    assert "วันที่ไม่ถูกต้อง กรุณากรอกแบบ วว/ดด/ปปปป (พ.ศ.)" in wrong.get_data(as_text=True)
    with demo_app.app_context():
        assert db.session.get(AcademicYear, pk).start_date == dt.date(2028, 5, 16)
        db.session.delete(db.session.get(AcademicYear, pk))
        db.session.commit()


def test_timestamps_are_shown_in_thai_time(demo_app, web):
    page = web("lao_officer").get("/signuprequestview/list/").get_data(as_text=True)
    assert "2 มิ.ย. 2569 09:30 น." in page  # stored 02:30 UTC

"""The operating calendar (ปฏิทินการดำเนินงาน): kept by the DLA admin, read by everyone, and the
home pages that show each person what is due next and what waits for them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, CalendarEvent, School
from lsq_core.thai import thai_today
from lsq_core.models.graduate_reports import GraduateReport
from lsq_core.security import roles as R

USERS = ["dla_admin", "krabi_province", "lao_officer", "lao_officer_pao", "registrar_a", "registrar_b",
         "registrar_c", "registrar_voc", "teacher_a"]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def year_id(app, year=2569):
    with app.app_context():
        return db.session.query(AcademicYear).filter_by(year=year).one().id


def test_demo_has_the_2569_calendar(demo_app):
    with demo_app.app_context():
        events = (db.session.query(CalendarEvent).join(AcademicYear).filter(AcademicYear.year == 2569)
                  .order_by(CalendarEvent.due_date).all())
        by_kind = {e.kind: e for e in events}
        # the dates of the DLA letter
        assert by_kind["system_open"].due_date == dt.date(2026, 5, 12)
        assert by_kind["migration_requests_due"].due_date == dt.date(2026, 6, 5)
        assert by_kind["appointment_orders_due"].due_date == dt.date(2026, 6, 12)
        assert {"term_results_due", "graduate_report_due", "gpax_export_due"} <= set(by_kind)
        # the demo's terms stay open for entry: no event names a term
        assert all(e.term_id is None for e in events)


def test_admin_keeps_the_calendar_through_rest(demo_app, api):
    admin = api("dla_admin")
    body = {"academic_year": year_id(demo_app), "kind": "graduate_report_due", "education_type": "basic",
            "title": "", "start_date": "2027-03-01", "due_date": "2027-04-30",
            "audience": f"{R.SCHOOL_REGISTRAR},{R.LAO_OFFICER}", "note": "ทดสอบ"}
    created = admin.post("/api/v1/calendar_event/", json=body)
    assert created.status_code == 201, created.json
    pk = created.json["id"]
    result = created.json["result"]
    assert result["title"] == "กำหนดส่งแบบรายงานผู้สำเร็จการศึกษา (ปพ.3 / รบ.2)"  # an empty title takes the kind's name
    assert result["audience_label"] == "เจ้าพนักงานทะเบียน อปท., นายทะเบียนสถานศึกษา" or \
        result["audience_label"] == "นายทะเบียนสถานศึกษา, เจ้าพนักงานทะเบียน อปท."
    assert admin.get(f"/api/v1/calendar_event/{pk}").json["result"]["education_type_label"] == "การศึกษาขั้นพื้นฐาน"
    changed = admin.put(f"/api/v1/calendar_event/{pk}", json={"due_date": "2027-05-07"},
                        headers={"X-LSQ-Reason": "กรมฯ ขยายกำหนด"})
    assert changed.status_code == 200 and changed.json["result"]["due_date"] == "2027-05-07"
    # Thai messages naming the field: a start after the due date, an unknown kind, a term of another year
    bad = admin.put(f"/api/v1/calendar_event/{pk}", json={"start_date": "2027-06-01"})
    assert bad.status_code == 422 and "start_date" in bad.json["message"]
    bad = admin.post("/api/v1/calendar_event/", json={**body, "kind": "party"})
    assert bad.status_code == 422 and "kind" in bad.json["message"]
    with demo_app.app_context():
        other_term = db.session.query(AcademicYear).filter_by(year=2568).one().terms[0].id
    bad = admin.post("/api/v1/calendar_event/", json={**body, "kind": "term_results_due", "term": other_term})
    assert bad.status_code == 422 and "ไม่อยู่ในปีการศึกษา" in bad.json["message"]["term"][0]
    # everyone else reads it, nobody else writes it
    for user in USERS[1:]:
        client = api(user)
        assert client.get(f"/api/v1/calendar_event/{pk}").status_code == 200, user
        assert client.get("/api/v1/calendar_event/").json["count"] >= 12
        assert client.put(f"/api/v1/calendar_event/{pk}", json={"title": "x"}).status_code == 403, user
        assert client.delete(f"/api/v1/calendar_event/{pk}").status_code == 403, user
        assert client.post("/api/v1/calendar_event/", json=body).status_code == 403, user
    assert admin.delete(f"/api/v1/calendar_event/{pk}").status_code == 200
    assert admin.get(f"/api/v1/calendar_event/{pk}").status_code == 404


@pytest.mark.parametrize("user", USERS)
def test_everyone_reads_the_calendar_of_a_year(demo_app, web, user):
    client = web(user)
    page = client.get("/calendareventview/year/2569")
    assert page.status_code == 200
    body = text(page)
    assert "ปฏิทินการดำเนินงาน ปีการศึกษา 2569" in body
    assert "ส่งคำขอโอนย้ายข้อมูลจากระบบ LocalSchool" in body and "5 มิถุนายน 2569" in body
    assert ("เพิ่มกิจกรรมในปฏิทิน" in body) == (user == "dla_admin")
    assert client.get("/calendareventview/year/").status_code == 200
    screens = client.get("/calendareventview/add")
    assert screens.status_code == (200 if user == "dla_admin" else 302) or screens.status_code == 403


def test_admin_adds_an_event_on_the_screen_with_thai_dates(demo_app, web):
    admin = web("dla_admin")
    response = admin.post("/calendareventview/add", data={
        "academic_year": year_id(demo_app), "kind": "other", "title": "ประชุมชี้แจงการใช้ระบบ LSQ",
        "education_type": "", "start_date": "", "due_date": "20/01/2570", "audience": [R.LAO_OFFICER],
        "note": ""}, follow_redirects=True)
    assert response.status_code == 200
    with demo_app.app_context():
        event = db.session.query(CalendarEvent).filter_by(title="ประชุมชี้แจงการใช้ระบบ LSQ").one()
        assert (event.due_date, event.education_type, event.audience) == (dt.date(2027, 1, 20), None,
                                                                          R.LAO_OFFICER)
        db.session.delete(event)
        db.session.commit()


@pytest.fixture
def due_soon(demo_app):
    """Three events due in a few days: for registrars of basic schools, for vocational only, for LAO officers."""
    today = thai_today()
    with demo_app.app_context():
        year = db.session.query(AcademicYear).filter_by(year=2569).one()
        events = [
            CalendarEvent(academic_year=year, kind="other", title="ส่งแบบสำรวจจำนวนนักเรียน (ทดสอบ)",
                          education_type="basic", due_date=today + dt.timedelta(days=2),
                          audience=f"{R.SCHOOL_REGISTRAR},{R.LAO_OFFICER}"),
            CalendarEvent(academic_year=year, kind="other", title="ส่งข้อมูลฝึกงาน ปวช. (ทดสอบ)",
                          education_type="vocational", due_date=today + dt.timedelta(days=1), audience=""),
            CalendarEvent(academic_year=year, kind="other", title="ประชุมเจ้าพนักงานทะเบียน (ทดสอบ)",
                          due_date=today, audience=R.LAO_OFFICER),
        ]
        db.session.add_all(events)
        db.session.commit()
        ids = [e.id for e in events]
    yield
    with demo_app.app_context():
        db.session.query(CalendarEvent).filter(CalendarEvent.id.in_(ids)).delete()
        db.session.commit()


def test_home_pages_show_what_is_due_next(demo_app, web, due_soon):
    registrar = text(web("registrar_b").get("/"))
    assert "สิ่งที่ครบกำหนดถัดไป" in registrar
    assert "ส่งแบบสำรวจจำนวนนักเรียน (ทดสอบ)" in registrar and "อีก 2 วัน" in registrar
    assert "ส่งข้อมูลฝึกงาน ปวช. (ทดสอบ)" not in registrar  # a basic-education school
    assert "ประชุมเจ้าพนักงานทะเบียน (ทดสอบ)" not in registrar  # not for registrars
    assert "ส่งข้อมูลฝึกงาน ปวช. (ทดสอบ)" in text(web("registrar_voc").get("/"))
    officer = text(web("lao_officer").get("/"))
    assert "ประชุมเจ้าพนักงานทะเบียน (ทดสอบ)" in officer and "ครบกำหนดวันนี้" in officer
    assert "ส่งแบบสำรวจจำนวนนักเรียน (ทดสอบ)" in officer
    teacher = text(web("teacher_a").get("/"))
    assert "ส่งแบบสำรวจจำนวนนักเรียน (ทดสอบ)" not in teacher
    admin = text(web("dla_admin").get("/"))
    assert all(title in admin for title in ("ส่งแบบสำรวจจำนวนนักเรียน (ทดสอบ)", "ส่งข้อมูลฝึกงาน ปวช. (ทดสอบ)"))


def test_home_page_shows_reports_waiting_for_the_lao_officer_and_returned_to_the_registrar(demo_app, web):
    with demo_app.app_context():
        school = db.session.query(School).filter_by(code="8100202").one()
        year = db.session.query(AcademicYear).filter_by(year=2569).one()
        submitted = GraduateReport(school=school, academic_year=year, level="m3", status="submitted",
                                   submitted_on=dt.datetime(2027, 3, 20, 3, 0))
        returned = GraduateReport(school=school, academic_year=year, level="m6", status="returned",
                                  return_reason="วันอนุมัติการจบไม่ตรงกับคำสั่ง")
        db.session.add_all([submitted, returned])
        db.session.commit()
        ids = [submitted.id, returned.id]
    try:
        officer = text(web("lao_officer").get("/"))
        waiting = officer[officer.find('id="home-reports-to-verify"'):]
        assert "รายงานผู้สำเร็จการศึกษา (ปพ.3) ที่รอท่านตรวจสอบ" in officer
        assert "โรงเรียนเทศบาล 2 คลองจิหลาด" in waiting and "ปีการศึกษา 2569" in waiting
        assert f"/graduatereportview/report/{ids[0]}" in officer
        other = text(web("lao_officer_pao").get("/"))
        assert f"/graduatereportview/report/{ids[0]}" not in other and "ไม่มีรายงานที่รอตรวจสอบ" in other
        registrar = text(web("registrar_b").get("/"))
        assert "วันอนุมัติการจบไม่ตรงกับคำสั่ง" in registrar and f"/graduatereportview/report/{ids[1]}" in registrar
        assert "วันอนุมัติการจบไม่ตรงกับคำสั่ง" not in text(web("registrar_a").get("/"))
    finally:
        with demo_app.app_context():
            db.session.query(GraduateReport).filter(GraduateReport.id.in_(ids)).delete()
            db.session.commit()


def test_registrar_home_shows_terms_closing_and_closed(demo_app, web, api):
    today = thai_today()
    with demo_app.app_context():
        year = db.session.query(AcademicYear).filter_by(year=2569).one()
        term1, term2 = year.terms[0], year.terms[1]
        events = [CalendarEvent(academic_year=year, kind="term_results_due", title="ปิดภาค 1", term=term1,
                                education_type="basic", due_date=today - dt.timedelta(days=5)),
                  CalendarEvent(academic_year=year, kind="term_results_due", title="ปิดภาค 2", term=term2,
                                education_type="basic", due_date=today + dt.timedelta(days=4))]
        db.session.add_all(events)
        db.session.commit()
        ids = [e.id for e in events]
        school_id, term1_id = db.session.query(School).filter_by(code="8100202").one().id, term1.id
    try:
        page = text(web("registrar_b").get("/"))
        block = page[page.find('id="home-entry-windows"'):]
        assert "ภาคเรียนที่ 2/2569" in block and "อีก 4 วัน" in block
        assert "ภาคเรียนที่ 1/2569" in block and "ปิดแล้ว" in block
        granted = api("lao_officer").post("/api/v1/result_entry_extension/", json={
            "school": school_id, "term": term1_id, "until": (today + dt.timedelta(days=3)).isoformat(),
            "reason": "ทดสอบ"})
        assert granted.status_code == 201
        page = text(web("registrar_b").get("/"))
        assert "ขยายเวลาถึง" in page[page.find('id="home-entry-windows"'):]
    finally:
        with demo_app.app_context():
            from lsq_core.models import ResultEntryExtension

            db.session.query(ResultEntryExtension).delete()
            db.session.query(CalendarEvent).filter(CalendarEvent.id.in_(ids)).delete()
            db.session.commit()

"""Prepare a demo database for screenshots 31–35 (scripts/screenshots.py): registrar_b builds and
submits the ม.3 graduate report (ปพ.3), the DLA admin names term 1/2569 on the basic-education
"term results due" event (so it closed on 30 Oct 2569) and lao_officer extends school B's entry.

    LSQ_INSTANCE_PATH=... lsq demo --no-serve && LSQ_INSTANCE_PATH=... python scripts/prepare_calendar_shots.py

Goes through the screens, as the people would, with CSRF off for this local client only.
"""
import datetime as dt
from lsq_core.app import create_app
from lsq_core.extensions import db
from lsq_core.models import AcademicYear, CalendarEvent, School

app = create_app({"WTF_CSRF_ENABLED": False})
with app.app_context():
    school = db.session.query(School).filter_by(code="8100202").one()
    year = db.session.query(AcademicYear).filter_by(year=2569).one()
    sid, yid, term1 = school.id, year.id, year.terms[0].id
    event = db.session.query(CalendarEvent).filter_by(kind="term_results_due", education_type="basic",
                                                      due_date=dt.date(2026, 10, 30)).one()
    eid = event.id
c = app.test_client()
c.post("/login/", data={"username": "dla_admin", "password": "lsqdemo"})
r = c.post(f"/calendareventview/edit/{eid}", data={
    "academic_year": yid, "kind": "term_results_due", "title": event.title, "education_type": "basic",
    "term": term1, "start_date": "16/05/2569", "due_date": "30/10/2569",
    "audience": ["School Registrar", "Teacher"], "note": ""}, follow_redirects=True)
print("event", r.status_code)
c = app.test_client()
c.post("/login/", data={"username": "registrar_b", "password": "lsqdemo"})
r = c.post("/graduatereportview/build", data={"school_id": sid, "year_id": yid, "level": "m3"}, follow_redirects=True)
print("build", r.status_code)
with app.app_context():
    from lsq_core.models.graduate_reports import GraduateReport
    rid = db.session.query(GraduateReport).filter_by(school_id=sid, level="m3").one().id
r = c.post(f"/graduatereportview/report/{rid}/submit", data={"approved_on": "20/11/2569"}, follow_redirects=True)
print("submit", r.status_code)
c = app.test_client()
c.post("/login/", data={"username": "lao_officer", "password": "lsqdemo"})
r = c.post("/resultentryextensionview/add", data={"school": sid, "term": term1, "until": "12/12/2569",
           "reason": "ครูผู้สอนคณิตศาสตร์ ม.2 ป่วย ส่งคะแนนไม่ทันกำหนด (บันทึกข้อความ ที่ 41/2569)"},
           follow_redirects=True)
print("extension", r.status_code)
with app.app_context():
    from lsq_core.models import ResultEntryExtension
    print(db.session.query(ResultEntryExtension).count(), db.session.get(CalendarEvent, eid).term_id)

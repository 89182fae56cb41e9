"""Data-entry windows: a term's results can be entered or changed only while the calendar's
"term results due" event for it is open; afterwards only under an extension granted by the
LAO registration officer of the school's LAO (recorded and audited), or through remediation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lsq_core.extensions import db
from lsq_core.models import (
    AcademicYear, AuditEvent, CalendarEvent, Classroom, Result, ResultEntryExtension, School, Subject,
    TeachingAssignment, Term,
)
from lsq_core.thai import thai_today
from lsq_core.thai import format_date_th

SCHOOL = "8100202"  # registrar_b's school, LAO เทศบาลเมืองกระบี่ (lao_officer)


def be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def setting(demo_app):
    """A term-1/2569 assignment of school B, two of its results, and a clean calendar afterwards."""
    with demo_app.app_context():
        assignment = (db.session.query(TeachingAssignment).join(Classroom).join(Subject).join(Term)
                      .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
                      .filter(Classroom.school.has(School.code == SCHOOL), Subject.kind == "basic",
                              AcademicYear.year == 2569, Term.number == 1)
                      .order_by(TeachingAssignment.id).first())
        results = (db.session.query(Result).filter_by(subject_id=assignment.subject_id, term_id=assignment.term_id,
                                                      classroom_id=assignment.classroom_id)
                   .order_by(Result.id).limit(2).all())
        info = {"assignment": assignment.id, "term": assignment.term_id, "year": assignment.term.academic_year_id,
                "school": assignment.classroom.school_id, "subject": assignment.subject_id,
                "result": results[0].id, "other": results[1].id, "student": results[0].student_id,
                "scores": {r.id: (r.score, r.grade) for r in results}}
    yield info
    with demo_app.app_context():
        db.session.query(ResultEntryExtension).delete()
        db.session.query(CalendarEvent).filter(CalendarEvent.term_id.isnot(None)).delete()
        db.session.commit()


def close_term(app, api, info, due: dt.date, start: dt.date | None = None, education_type="basic"):
    response = api("dla_admin").post("/api/v1/calendar_event/", json={
        "academic_year": info["year"], "kind": "term_results_due", "education_type": education_type,
        "term": info["term"], "title": "บันทึกผลการเรียนภาคเรียนที่ 1/2569",
        "start_date": start.isoformat() if start else None, "due_date": due.isoformat()})
    assert response.status_code == 201, response.json
    return response.json["id"]


def result_of(app, pk):
    with app.app_context():
        result = db.session.get(Result, pk)
        return result.score, result.grade, result.version


def test_registrar_cannot_change_a_closed_term_until_the_lao_officer_extends_it(demo_app, api, web, setting):
    info = setting
    today = thai_today()
    closed_on = today - dt.timedelta(days=1)
    close_term(demo_app, api, info, closed_on, start=dt.date(2026, 5, 16))
    before = result_of(demo_app, info["result"])

    # REST PUT: refused in Thai, naming the term and the closing date; nothing changes
    refused = api("registrar_b").put(f"/api/v1/result/{info['result']}",
                                     json={"score": 77, "version": before[2]})
    assert refused.status_code == 422, refused.json
    message = refused.json["message"]["term"][0]
    assert "ภาคเรียนที่ 1/2569" in message and format_date_th(closed_on) in message
    assert "ขยายเวลา" in message
    assert result_of(demo_app, info["result"]) == before

    # REST POST of a new result in the closed term: refused as well
    with demo_app.app_context():
        subject = Subject(school_id=info["school"], curriculum="basic_2551", code="ว21999", name_th="วิชาทดสอบ",
                          group="ว", kind="additional", credits=1, hours=40)
        db.session.add(subject)
        db.session.commit()
        subject_id = subject.id
    posted = api("registrar_b").post("/api/v1/result/", json={"student": info["student"], "subject": subject_id,
                                                              "term": info["term"], "score": 80})
    assert posted.status_code == 422 and "ภาคเรียนที่ 1/2569" in posted.json["message"]["term"][0]

    # nor deleted: a closed term's result is only ever remedied
    deleted = api("registrar_b").delete(f"/api/v1/result/{info['result']}")
    assert deleted.status_code == 422 and "ภาคเรียนที่ 1/2569" in str(deleted.json)
    assert result_of(demo_app, info["result"]) == before

    # the results grid: the whole save is refused, nothing saved
    registrar = web("registrar_b")
    with demo_app.app_context():
        other = db.session.get(Result, info["other"])
        rows = [{"student_id": info["student"], "score": "77", "version": before[2]},
                {"student_id": other.student_id, "score": "66", "version": other.version}]
    grid = registrar.post(f"/results/grid/{info['assignment']}/save", json={"rows": rows, "reason": "ปลายภาค"})
    assert grid.status_code == 422
    assert all("ภาคเรียนที่ 1/2569" in e["message"] and format_date_th(closed_on) in e["message"]
               and e["field_label"] == "ภาคเรียน" for e in grid.json["errors"])  # the grid names the field in Thai
    assert result_of(demo_app, info["result"]) == before
    assert result_of(demo_app, info["other"])[:2] == info["scores"][info["other"]]

    # a registrar cannot grant themselves an extension; another LAO's officer cannot grant one (404)
    payload = {"school": info["school"], "term": info["term"], "until": (today + dt.timedelta(days=7)).isoformat(),
               "reason": "ครูป่วย ส่งคะแนนไม่ทัน"}
    assert api("registrar_b").post("/api/v1/result_entry_extension/", json=payload).status_code == 403
    assert api("lao_officer_pao").post("/api/v1/result_entry_extension/", json=payload).status_code == 404
    assert web("lao_officer_pao").post("/resultentryextensionview/add", data={
        "school": info["school"], "term": info["term"], "until": be(today), "reason": "x"}).status_code in (200, 404)
    with demo_app.app_context():
        assert db.session.query(ResultEntryExtension).count() == 0

    # the LAO officer of the school's LAO grants it on the screen: a reason is required
    officer = web("lao_officer")
    missing = officer.post("/resultentryextensionview/add", data={
        "school": info["school"], "term": info["term"], "until": be(today + dt.timedelta(days=7)), "reason": ""},
        follow_redirects=True)
    with demo_app.app_context():
        assert db.session.query(ResultEntryExtension).count() == 0
    assert missing.status_code == 200
    reason = "ครูผู้สอนป่วย ส่งคะแนนไม่ทันกำหนด (บันทึกข้อความที่ 12/2569)"
    granted = officer.post("/resultentryextensionview/add", data={
        "school": info["school"], "term": info["term"], "until": be(today + dt.timedelta(days=7)),
        "reason": reason}, follow_redirects=True)
    assert granted.status_code == 200
    with demo_app.app_context():
        extension = db.session.query(ResultEntryExtension).one()
        assert (extension.until, extension.granted_on) == (today + dt.timedelta(days=7), today)
        assert extension.granted_by.username == "lao_officer"
        ledger = db.session.query(AuditEvent).filter_by(table_name="lsq_result_entry_extension",
                                                        record_id=extension.id, action="create").one()
        assert (ledger.actor_name, ledger.reason) == ("lao_officer", reason)
        assert ledger.changes["until"]["new"] == (today + dt.timedelta(days=7)).isoformat()
    # the registrar sees the extension in the school's ledger
    assert reason in text(web("registrar_b").get("/auditeventview/list/"))

    # now the registrar can change the term's results, by REST and on the grid
    changed = api("registrar_b").put(f"/api/v1/result/{info['result']}", json={"score": 77, "version": before[2]})
    assert changed.status_code == 200, changed.json
    assert changed.json["result"]["score"] == "77.00" or changed.json["result"]["score"] == "77"
    saved = registrar.post(f"/results/grid/{info['assignment']}/save", json={"rows": [
        {"student_id": rows[1]["student_id"], "score": "66", "version": rows[1]["version"]}], "reason": "ปลายภาค"})
    assert saved.status_code == 200 and saved.json["saved"], saved.json
    with demo_app.app_context():
        assert db.session.get(Result, info["other"]).score == 66

    # an extension that has run out closes the term again
    with demo_app.app_context():
        db.session.get(ResultEntryExtension, extension.id).until = today - dt.timedelta(days=1)
        db.session.commit()
    again = api("registrar_b").put(f"/api/v1/result/{info['result']}",
                                   json={"score": 78, "version": result_of(demo_app, info["result"])[2]})
    assert again.status_code == 422
    # restore the demo's values
    with demo_app.app_context():
        db.session.query(CalendarEvent).filter(CalendarEvent.term_id.isnot(None)).delete()
        db.session.commit()
    for pk, (score, grade) in info["scores"].items():
        current = result_of(demo_app, pk)
        body = {"score": str(score) if score is not None else None, "version": current[2]}
        if score is None:
            body["grade"] = grade
        assert api("registrar_b").put(f"/api/v1/result/{pk}", json=body).status_code == 200


def test_remediation_still_works_after_the_window_closes(demo_app, api, setting):
    info = setting
    before = result_of(demo_app, info["other"])
    zero = api("registrar_b").put(f"/api/v1/result/{info['other']}", json={"score": 30, "version": before[2]})
    assert zero.status_code == 200 and zero.json["result"]["grade"] == "0"
    close_term(demo_app, api, info, thai_today() - dt.timedelta(days=3))
    assert api("registrar_b").put(f"/api/v1/result/{info['other']}", json={
        "score": 60, "version": zero.json["result"]["version"]}).status_code == 422
    remedied = api("registrar_b").post(f"/api/v1/result/{info['other']}/remedy",
                                       json={"kind": "0", "score": 72, "reason": "สอบแก้ตัวครั้งที่ 1"})
    assert remedied.status_code == 200, remedied.json
    assert remedied.json["result"]["grade"] == "1"


def test_window_not_yet_open_and_other_education_types(demo_app, api, setting):
    info = setting
    today = thai_today()
    version = result_of(demo_app, info["result"])[2]
    # a vocational deadline does not close a basic-education subject
    close_term(demo_app, api, info, today - dt.timedelta(days=3), education_type="vocational")
    same = result_of(demo_app, info["result"])
    body = {"score": str(same[0]) if same[0] is not None else None, "version": version}
    if same[0] is None:
        body["grade"] = same[1]
    assert api("registrar_b").put(f"/api/v1/result/{info['result']}", json=body).status_code == 200
    # a window that opens next week: "not yet open", with the opening date
    opens = today + dt.timedelta(days=7)
    close_term(demo_app, api, info, today + dt.timedelta(days=30), start=opens)
    early = api("registrar_b").put(f"/api/v1/result/{info['result']}",
                                   json={"score": 70, "version": result_of(demo_app, info["result"])[2]})
    assert early.status_code == 422
    message = early.json["message"]["term"][0]
    assert "ยังไม่เปิด" in message and format_date_th(opens) in message


def test_extension_rest_and_scope(demo_app, api, setting):
    info = setting
    today = thai_today()
    payload = {"school": info["school"], "term": info["term"], "until": (today + dt.timedelta(days=3)).isoformat(),
               "reason": "ขยายเวลาตามหนังสือ อปท."}
    past = api("lao_officer").post("/api/v1/result_entry_extension/",
                                   json={**payload, "until": (today - dt.timedelta(days=1)).isoformat()})
    assert past.status_code == 422 and "until" in past.json["message"]
    no_reason = api("lao_officer").post("/api/v1/result_entry_extension/", json={**payload, "reason": " "})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["message"]
    created = api("lao_officer").post("/api/v1/result_entry_extension/", json=payload)
    assert created.status_code == 201, created.json
    pk = created.json["id"]
    assert created.json["result"]["granted_on"] == today.isoformat()
    with demo_app.app_context():
        ledger = (db.session.query(AuditEvent).filter_by(table_name="lsq_result_entry_extension", record_id=pk,
                                                         action="create")
                  .order_by(AuditEvent.id.desc()).first())
        assert ledger.reason == "ขยายเวลาตามหนังสือ อปท." and ledger.actor_name == "lao_officer"
    # who sees it: the school, its LAO, the province, the DLA; not another LAO or school
    for user, expected in (("registrar_b", 200), ("lao_officer", 200), ("krabi_province", 200),
                           ("dla_admin", 200), ("lao_officer_pao", 404), ("registrar_a", 404)):
        assert api(user).get(f"/api/v1/result_entry_extension/{pk}").status_code == expected, user
    assert api("teacher_a").get(f"/api/v1/result_entry_extension/{pk}").status_code == 403
    assert api("lao_officer_pao").put(f"/api/v1/result_entry_extension/{pk}",
                                      json={"reason": "แก้"}).status_code == 404
    assert api("registrar_b").put(f"/api/v1/result_entry_extension/{pk}", json={"reason": "แก้"}).status_code == 403

"""The scope matrix: every role × every resource × every way in (REST and screens).

Expected visibility is written out by name below, not recomputed with the
product's own filter, so a wrong filter fails here.
"""

from __future__ import annotations

import pytest

from lsq_core.extensions import db
from lsq_core.models import (
    AcademicYear, Appointment, District, LocalAuthority, Province, School, Term,
)
from lsq_core.models import CalendarEvent, ProgrammeUnit

ALL_SCHOOLS = {"8100201", "8100202", "8100301", "8100101", "8100102", "8200101"}
KRABI_SCHOOLS = ALL_SCHOOLS - {"8200101"}
ALL_AUTHORITIES = {"81001", "81002", "81003", "82001"}
ALL_APPOINTMENTS = {"145/2569", "312/2569", "21/2569", "19/2569", "8/2569", "33/2569", "22/2569"}
KRABI_DISTRICTS = {f"810{n}" for n in range(1, 9)}

USERS = ["dla_admin", "krabi_province", "lao_officer", "lao_officer_pao", "registrar_a", "registrar_b",
         "registrar_c", "registrar_voc", "teacher_a"]

#: resource → (model, natural key column, REST resource, screen route, {user: visible keys or None = no access})
MATRIX = {
    "province": (Province, "code", "province", "provinceview", {
        "dla_admin": {"81", "82"}, **{u: {"81"} for u in USERS if u != "dla_admin"}}),
    "district": (District, "code", "district", "districtview", {
        "dla_admin": KRABI_DISTRICTS | {"8201"}, **{u: KRABI_DISTRICTS for u in USERS if u != "dla_admin"}}),
    "authority": (LocalAuthority, "code", "authority", "localauthorityview", {
        "dla_admin": ALL_AUTHORITIES, "krabi_province": {"81001", "81002", "81003"},
        "lao_officer": {"81002"}, "lao_officer_pao": {"81001"}, "registrar_a": {"81002"},
        "registrar_b": {"81002"}, "registrar_c": {"81003"}, "registrar_voc": {"81001"},
        "teacher_a": {"81002"}}),
    "school": (School, "code", "school", "schoolview", {
        "dla_admin": ALL_SCHOOLS, "krabi_province": KRABI_SCHOOLS,
        "lao_officer": {"8100201", "8100202"}, "lao_officer_pao": {"8100101", "8100102"},
        "registrar_a": {"8100201"}, "registrar_b": {"8100202"}, "registrar_c": {"8100301"},
        "registrar_voc": {"8100101"}, "teacher_a": {"8100201"}}),
    "appointment": (Appointment, "order_number", "appointment", "appointmentview", {
        "dla_admin": ALL_APPOINTMENTS, "krabi_province": ALL_APPOINTMENTS,
        "lao_officer": {"145/2569", "21/2569", "19/2569", "22/2569"},
        "lao_officer_pao": {"312/2569", "33/2569"},
        "registrar_a": {"21/2569", "22/2569"}, "registrar_b": {"19/2569"}, "registrar_c": {"8/2569"},
        "registrar_voc": {"33/2569"}, "teacher_a": None}),
    "academic_year": (AcademicYear, "year", "academic_year", "academicyearview",
                      {u: {2567, 2568, 2569} for u in USERS}),
    "term": (Term, "id", "term", "termview", {u: "all" for u in USERS}),
    "calendar_event": (CalendarEvent, "id", "calendar_event", "calendareventview", {u: "all" for u in USERS}),
    # the vocational programme tree: national data every signed-in person reads
    "programme_unit": (ProgrammeUnit, "id", "programme_unit", "programmeunitview", {u: "all" for u in USERS}),
}

#: which roles may change which resources at all (in their own scope)
WRITERS = {
    "province": {"dla_admin"}, "district": {"dla_admin"}, "authority": {"dla_admin"},
    "academic_year": {"dla_admin"}, "term": {"dla_admin"},
    "calendar_event": {"dla_admin"}, "programme_unit": {"dla_admin"},
    "school": {"dla_admin", "registrar_a", "registrar_b", "registrar_c", "registrar_voc"},
    "appointment": {"dla_admin", "lao_officer", "lao_officer_pao", "registrar_a", "registrar_b",
                    "registrar_c", "registrar_voc"},
}


def key_to_id(app, model, column):
    with app.app_context():
        return {getattr(row, column): row.id for row in db.session.query(model).all()}


def row_count(app, model):
    with app.app_context():
        return db.session.query(model).count()


@pytest.mark.parametrize("resource", list(MATRIX))
@pytest.mark.parametrize("user", USERS)
def test_rest_scope(demo_app, api, user, resource):
    model, column, rest, _screen, expected_by_user = MATRIX[resource]
    expected = expected_by_user[user]
    ids = key_to_id(demo_app, model, column)
    if expected == "all":
        expected = set(ids)
    client = api(user)
    listing = client.get(f"/api/v1/{rest}/?q=(page_size:500)")
    if expected is None:
        assert listing.status_code == 403
        for pk in ids.values():
            assert client.get(f"/api/v1/{rest}/{pk}").status_code == 403
        return
    assert listing.status_code == 200
    assert set(listing.json["ids"]) == {ids[k] for k in expected}
    before = row_count(demo_app, model)
    for key, pk in ids.items():
        got = client.get(f"/api/v1/{rest}/{pk}")
        if key in expected:
            assert got.status_code == 200
        else:
            assert got.status_code == 404, (user, resource, key)
            assert client.put(f"/api/v1/{rest}/{pk}", json={}).status_code in (403, 404)
            assert client.delete(f"/api/v1/{rest}/{pk}").status_code in (403, 404)
    if user not in WRITERS[resource]:
        some = next(iter(ids.values()))
        assert client.put(f"/api/v1/{rest}/{some}", json={}).status_code == 403
        assert client.delete(f"/api/v1/{rest}/{some}").status_code == 403
        assert client.post(f"/api/v1/{rest}/", json={}).status_code == 403
    assert row_count(demo_app, model) == before


@pytest.mark.parametrize("resource", list(MATRIX))
@pytest.mark.parametrize("user", USERS)
def test_screen_scope(demo_app, web, user, resource):
    model, column, _rest, screen, expected_by_user = MATRIX[resource]
    expected = expected_by_user[user]
    ids = key_to_id(demo_app, model, column)
    if expected == "all":
        expected = set(ids)
    client = web(user)
    listing = client.get(f"/{screen}/list/?psize_{screen.replace('view', 'view')}=100")
    if expected is None:
        assert listing.status_code in (302, 403)
        show = client.get(f"/{screen}/show/{next(iter(ids.values()))}")
        assert show.status_code in (302, 403)
        return
    assert listing.status_code == 200
    before = row_count(demo_app, model)
    for key, pk in ids.items():
        show = client.get(f"/{screen}/show/{pk}")
        if key in expected:
            assert show.status_code == 200
            continue
        assert show.status_code == 404, (user, resource, key)
        assert client.get(f"/{screen}/edit/{pk}").status_code in (302, 403, 404)
        assert client.post(f"/{screen}/edit/{pk}", data={}).status_code in (302, 403, 404)
        assert client.post(f"/{screen}/delete/{pk}").status_code in (302, 403, 404)
    assert row_count(demo_app, model) == before


def school_id(app, code):
    return key_to_id(app, School, "code")[code]


def appointment_payload(app, school_code, **extra):
    with app.app_context():
        school = db.session.query(School).filter_by(code=school_code).one()
        return {"person_name": "นายทดสอบ ระบบ", "role": "committee_member", "status": "active",
                "authority": school.authority_id, "school": school.id, "order_number": "999/2569",
                "order_date": "2026-06-01", "effective_from": "2026-06-01", **extra}


def test_registrar_cannot_create_for_another_school(demo_app, api):
    before = row_count(demo_app, Appointment)
    response = api("registrar_a").post("/api/v1/appointment/", json=appointment_payload(demo_app, "8100202"))
    assert response.status_code == 404
    assert row_count(demo_app, Appointment) == before


def test_lao_officer_cannot_create_for_another_lao(demo_app, api):
    before = row_count(demo_app, Appointment)
    response = api("lao_officer").post("/api/v1/appointment/", json=appointment_payload(demo_app, "8100301"))
    assert response.status_code == 404
    assert row_count(demo_app, Appointment) == before


def test_registrar_creates_and_deletes_in_own_school(demo_app, api):
    client = api("registrar_a")
    created = client.post("/api/v1/appointment/", json=appointment_payload(demo_app, "8100201"))
    assert created.status_code == 201, created.json
    pk = created.json["id"]
    assert api("registrar_b").delete(f"/api/v1/appointment/{pk}").status_code == 404
    assert client.delete(f"/api/v1/appointment/{pk}").status_code == 200
    assert client.get(f"/api/v1/appointment/{pk}").status_code == 404


def test_registrar_cannot_move_a_record_to_another_school(demo_app, api):
    own = key_to_id(demo_app, Appointment, "order_number")["21/2569"]
    other_school = school_id(demo_app, "8100202")
    response = api("registrar_a").put(f"/api/v1/appointment/{own}", json={"school": other_school})
    assert response.status_code == 404
    with demo_app.app_context():
        assert db.session.get(Appointment, own).school.code == "8100201"


def test_registrar_edits_own_school_profile_but_not_its_codes(demo_app, api):
    pk = school_id(demo_app, "8100201")
    client = api("registrar_a")
    ok = client.put(f"/api/v1/school/{pk}", json={"phone": "075 620 001"})
    assert ok.status_code == 200
    refused = client.put(f"/api/v1/school/{pk}", json={"moe_code": "3081029999"})
    assert refused.status_code == 422
    assert "ผู้ดูแลระบบส่วนกลาง" in refused.json["message"]["moe_code"][0]
    moved = client.put(f"/api/v1/school/{pk}", json={"authority": key_to_id(demo_app, LocalAuthority, "code")["81003"]})
    assert moved.status_code in (404, 422)
    with demo_app.app_context():
        school = db.session.get(School, pk)
        assert (school.phone, school.moe_code, school.authority.code) == ("075 620 001", "3081020101", "81002")


def test_related_choices_are_scoped(demo_app, api, web):
    info = api("registrar_a").get("/api/v1/appointment/_info?q=(keys:!(add_columns))")
    assert info.status_code == 200
    columns = {c["name"]: c for c in info.json["add_columns"]}
    assert [v["value"] for v in columns["school"]["values"]] == ["โรงเรียนเทศบาล 1 ตลาดเก่า"]
    assert [v["value"] for v in columns["authority"]["values"]] == ["เทศบาลเมืองกระบี่"]
    form = web("registrar_a").get("/appointmentview/add").get_data(as_text=True)
    assert "โรงเรียนเทศบาล 1 ตลาดเก่า" in form
    assert "โรงเรียนเทศบาล 2 คลองจิหลาด" not in form


def test_order_files_follow_the_appointment_scope(demo_app, api, web):
    ids = key_to_id(demo_app, Appointment, "order_number")
    own, other = ids["21/2569"], ids["19/2569"]
    client = web("registrar_a")
    assert client.get(f"/appointmentview/order/{other}").status_code == 404
    page = client.get(f"/appointmentview/order/{own}")
    assert page.status_code == 200 and page.data.startswith(b"%PDF-")
    rest = api("registrar_a")
    assert rest.get(f"/api/v1/appointment/{other}/order").status_code == 404
    assert rest.get(f"/api/v1/appointment/{own}/order").status_code == 200
    assert rest.put(f"/api/v1/appointment/{other}/order", data={}).status_code == 404
    assert web("lao_officer").get(f"/appointmentview/order/{other}").status_code == 200
    assert web("lao_officer_pao").get(f"/appointmentview/order/{other}").status_code == 404


def test_audit_ledger_is_scoped(demo_app, api, web):
    pk = school_id(demo_app, "8100202")
    assert api("registrar_b").put(f"/api/v1/school/{pk}", json={"phone": "075 620 002"},
                                  headers={"X-LSQ-Reason": "เบอร์ใหม่"}).status_code == 200
    ledger_b = web("registrar_b").get("/auditeventview/list/").get_data(as_text=True)
    ledger_a = web("registrar_a").get("/auditeventview/list/").get_data(as_text=True)
    assert "เบอร์ใหม่" in ledger_b
    assert "เบอร์ใหม่" not in ledger_a
    assert "เบอร์ใหม่" in web("lao_officer").get("/auditeventview/list/").get_data(as_text=True)
    assert "เบอร์ใหม่" not in web("lao_officer_pao").get("/auditeventview/list/").get_data(as_text=True)


# --- the school registry: students, classrooms, enrolments, subjects, results ----------------

from lsq_core.models import Classroom, Enrollment, Result, Student, Subject  # noqa: E402

SCHOOLS_OF = {
    "dla_admin": ALL_SCHOOLS, "krabi_province": KRABI_SCHOOLS, "lao_officer": {"8100201", "8100202"},
    "lao_officer_pao": {"8100101", "8100102"}, "registrar_a": {"8100201"}, "registrar_b": {"8100202"},
    "registrar_c": {"8100301"}, "registrar_voc": {"8100101"},
}
#: resource → (model, REST name, screen, how a row reaches its school)
REGISTRY = {
    "student": (Student, "student", "studentview", lambda q: q.join(School, School.id == Student.school_id)),
    "classroom": (Classroom, "classroom", "classroomview", lambda q: q.join(School, School.id == Classroom.school_id)),
    "enrolment": (Enrollment, "enrolment", "enrollmentview",
                  lambda q: q.join(Classroom, Classroom.id == Enrollment.classroom_id).join(
                      School, School.id == Classroom.school_id)),
    "subject": (Subject, "subject", "subjectview", lambda q: q.join(School, School.id == Subject.school_id)),
    "result": (Result, "result", "resultview", lambda q: q.join(Student, Student.id == Result.student_id).join(
        School, School.id == Student.school_id)),
}
REGISTRY_WRITERS = {"dla_admin", "registrar_a", "registrar_b", "registrar_c", "registrar_voc"}


def ids_by_school(app, model, join):
    with app.app_context():
        rows = join(db.session.query(model.id, School.code)).all()
    by_school = {}
    for pk, code in rows:
        by_school.setdefault(code, []).append(pk)
    return by_school


@pytest.mark.parametrize("resource", list(REGISTRY))
@pytest.mark.parametrize("user", list(SCHOOLS_OF))
def test_registry_scope(demo_app, api, web, user, resource):
    model, rest, screen, join = REGISTRY[resource]
    by_school = ids_by_school(demo_app, model, join)
    visible = {pk for code in SCHOOLS_OF[user] for pk in by_school.get(code, [])}
    client = api(user)
    listing = client.get(f"/api/v1/{rest}/?q=(page_size:1)")
    assert listing.status_code == 200
    assert listing.json["count"] == len(visible)
    outside = [pk for code, pks in by_school.items() if code not in SCHOOLS_OF[user] for pk in pks[:3]]
    inside = [pk for code in SCHOOLS_OF[user] for pk in by_school.get(code, [])[:2]]
    screens = web(user)
    before = row_count(demo_app, model)
    for pk in outside:
        assert client.get(f"/api/v1/{rest}/{pk}").status_code == 404, (user, resource, pk)
        assert client.put(f"/api/v1/{rest}/{pk}", json={}).status_code in (403, 404)
        assert client.delete(f"/api/v1/{rest}/{pk}").status_code in (403, 404)
        assert screens.get(f"/{screen}/show/{pk}").status_code == 404
        assert screens.post(f"/{screen}/delete/{pk}").status_code in (302, 403, 404)
    for pk in inside:
        assert client.get(f"/api/v1/{rest}/{pk}").status_code == 200
        assert screens.get(f"/{screen}/show/{pk}").status_code == 200
    if user not in REGISTRY_WRITERS and inside:
        assert client.put(f"/api/v1/{rest}/{inside[0]}", json={}).status_code == 403
        assert client.delete(f"/api/v1/{rest}/{inside[0]}").status_code == 403
    assert row_count(demo_app, model) == before
    if resource == "student" and outside:
        assert client.get(f"/api/v1/student/{outside[0]}/record").status_code == 404
        assert screens.get(f"/studentview/record/{outside[0]}").status_code == 404


def teacher_visible(app, resource):
    """What teacher_a may see, worked out from the assignments, not from the product's filters."""
    from lsq_core.models import TeachingAssignment

    with app.app_context():
        teacher = app.appbuilder.sm.find_user(username="teacher_a")
        mine = db.session.query(TeachingAssignment).filter_by(teacher_id=teacher.id).all()
        classrooms = {a.classroom_id for a in mine}
        if resource == "classroom":
            return classrooms
        if resource == "enrolment":
            return {e.id for e in db.session.query(Enrollment).filter(Enrollment.classroom_id.in_(classrooms))}
        if resource == "student":
            return {e.student_id for e in db.session.query(Enrollment).filter(Enrollment.classroom_id.in_(classrooms))}
        if resource == "subject":
            return {s.id for s in db.session.query(Subject).join(School).filter(School.code == "8100201")}
        keys = {(a.classroom_id, a.subject_id, a.term_id) for a in mine}
        return {r.id for r in db.session.query(Result).filter(Result.classroom_id.in_(classrooms))
                if (r.classroom_id, r.subject_id, r.term_id) in keys}


@pytest.mark.parametrize("resource", list(REGISTRY))
def test_registry_scope_of_a_teacher(demo_app, api, web, resource):
    model, rest, screen, join = REGISTRY[resource]
    visible = teacher_visible(demo_app, resource)
    assert visible
    client = api("teacher_a")
    listing = client.get(f"/api/v1/{rest}/?q=(page_size:1)")
    assert listing.status_code == 200 and listing.json["count"] == len(visible)
    with demo_app.app_context():
        all_ids = [pk for (pk,) in db.session.query(model.id)]
    outside = [pk for pk in all_ids if pk not in visible][:25]
    screens = web("teacher_a")
    for pk in outside:
        assert client.get(f"/api/v1/{rest}/{pk}").status_code == 404, (resource, pk)
        assert client.put(f"/api/v1/{rest}/{pk}", json={"score": 50}).status_code in (403, 404)
        assert screens.get(f"/{screen}/show/{pk}").status_code == 404
    inside = sorted(visible)[:3]
    for pk in inside:
        assert client.get(f"/api/v1/{rest}/{pk}").status_code == 200
        assert client.delete(f"/api/v1/{rest}/{pk}").status_code == 403


# --- background jobs: scoped by the school they are about ---------------------------------------


@pytest.mark.parametrize("user", USERS)
def test_job_scope(demo_app, api, web, user):
    from lsq_core.models import Job

    with demo_app.app_context():
        jobs = {school.code: Job(kind="bulk_documents", parameters={"title": f"test {school.code}"},
                                 status="done", total=0, done=0, school_id=school.id)
                for school in db.session.query(School)}
        db.session.add_all(jobs.values())
        db.session.commit()
        ids = {code: job.id for code, job in jobs.items()}
    try:
        client, screens = api(user), web(user)
        if user == "teacher_a":  # teachers have no jobs to follow
            assert client.get("/api/v1/job/").status_code == 403
            assert client.get(f"/api/v1/job/{ids['8100201']}").status_code == 403
            assert screens.get(f"/jobview/show/{ids['8100201']}").status_code in (302, 403)
            return
        listing = client.get("/api/v1/job/?q=(page_size:500)")
        assert listing.status_code == 200
        assert {pk for pk in listing.json["ids"] if pk in ids.values()} == {ids[c] for c in SCHOOLS_OF[user]}
        for code, pk in ids.items():
            expected = 200 if code in SCHOOLS_OF[user] else 404
            assert client.get(f"/api/v1/job/{pk}").status_code == expected, (user, code)
            assert screens.get(f"/jobview/show/{pk}").status_code == expected, (user, code)
            assert screens.get(f"/jobview/progress/{pk}").status_code == expected, (user, code)
    finally:
        with demo_app.app_context():
            db.session.query(Job).filter(Job.id.in_(list(ids.values()))).delete(synchronize_session=False)
            db.session.commit()


# --- graduate reports (ปพ.3): read in scope, verified only by the school's own LAO officer -----------


@pytest.mark.parametrize("user", USERS)
def test_graduate_report_scope(demo_app, web, user):
    from lsq_core.models import GraduateReport

    with demo_app.app_context():
        year = db.session.query(AcademicYear).filter_by(year=2567).one()
        reports = {school.code: GraduateReport(school_id=school.id, academic_year_id=year.id, level="m6",
                                               status="submitted")
                   for school in db.session.query(School)}
        db.session.add_all(reports.values())
        db.session.commit()
        ids = {code: report.id for code, report in reports.items()}
    verifiers = {"dla_admin", "lao_officer", "lao_officer_pao"}
    try:
        screens = web(user)
        for code, pk in ids.items():
            page = screens.get(f"/graduatereportview/report/{pk}")
            if user == "teacher_a":  # teachers do not read graduate reports
                assert page.status_code in (302, 403), code
                continue
            assert page.status_code == (200 if code in SCHOOLS_OF[user] else 404), (user, code)
        # the verify step: only an LAO officer (or the DLA admin) whose scope holds the school
        target = "8100202"
        answer = screens.post(f"/graduatereportview/report/{ids[target]}/verify")
        with demo_app.app_context():
            status = db.session.get(GraduateReport, ids[target]).status
        if user in verifiers and target in SCHOOLS_OF[user]:
            assert answer.status_code == 302 and status == "verified", user
        else:
            assert answer.status_code in (302, 403, 404) and status == "submitted", user
    finally:
        with demo_app.app_context():
            db.session.query(GraduateReport).filter(GraduateReport.id.in_(list(ids.values()))).delete(
                synchronize_session=False)
            db.session.commit()


@pytest.mark.parametrize("user", USERS)
def test_dashboard_scope(demo_app, api, web, user):
    """The progress dashboard (JSON, screen, Excel) shows the schools the user's scope reaches; a teacher none."""
    expected = MATRIX["school"][4][user]
    response = api(user).get("/api/v1/dashboard/progress")
    client = web(user)
    if user == "teacher_a":
        assert response.status_code == 403
        assert client.get("/dashboard/").status_code in (302, 403)
        assert client.get("/dashboard/export.xlsx").status_code in (302, 403)
        return
    assert response.status_code == 200
    assert {s["code"] for s in response.json["schools"]} == expected
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/appointmenttracking/").status_code == 200
    outside = ALL_SCHOOLS - expected
    for code in outside:
        pk = school_id(demo_app, code)
        assert api(user).get(f"/api/v1/dashboard/progress?school={pk}").json["schools"] == []
        assert client.get(f"/dashboard/?school={pk}").status_code == 404


# --- exports (lsq_core.exports): only the schools of the user's scope, by screen and by REST -----------


@pytest.mark.parametrize("user", USERS)
def test_export_scope(demo_app, api, web, user):
    """Every school is asked for by every user: in scope the file holds that school's rows only,
    out of scope 404 (REST and screen); a teacher exports nothing."""
    import csv
    import io
    import re

    client, screens = api(user), web(user)
    if user == "teacher_a":
        assert client.get("/api/v1/export/").status_code == 403
        assert client.get("/api/v1/export/lsq.students?school=8100201").status_code == 403
        assert screens.get("/exports/").status_code in (302, 403)
        return
    mine = SCHOOLS_OF[user]
    listing = client.get("/api/v1/export/")
    assert listing.status_code == 200 and set(listing.json["schools"]) == mine
    page = screens.get("/exports/").get_data(as_text=True)
    offered = set(re.findall(r'<option value="\d+"[^>]*>(\d{7}) ', page)) or {
        re.search(r'id="export-school-name">(\d{7}) ', page)[1]}
    assert offered == mine  # the school picker: exactly the user's schools
    ids = key_to_id(demo_app, School, "code")
    with demo_app.app_context():
        numbers = {code: {n for (n,) in db.session.query(Student.student_number).join(School).filter(
            School.code == code)} for code in ALL_SCHOOLS}
    for code in sorted(ALL_SCHOOLS):
        answer = client.get(f"/api/v1/export/lsq.students?school={code}&format=csv")
        screen = screens.get(f"/exports/download/lsq.students?school_id={ids[code]}&format=csv")
        if code not in mine:
            assert answer.status_code == 404 and answer.mimetype == "application/json", (user, code)  # no file
            assert screen.status_code == 404 and screens.get(f"/exports/?school_id={ids[code]}").status_code == 404
            continue
        assert answer.status_code == 200 and screen.status_code == 200, (user, code)
        for data in (answer.data, screen.data):
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
            assert {r["รหัสสถานศึกษา"] for r in rows} <= {code}
            assert {r["เลขประจำตัวนักเรียน"] for r in rows} <= numbers[code]  # never another school's rows
    # GPAX of the two schools with ม.6: the town's (lao_officer) and the PAO's (lao_officer_pao)
    for code in ("8100202", "8100102"):
        expected = 200 if code in mine else 404
        assert client.get(f"/api/v1/export/lsq.gpax?school={code}&terms=5").status_code == expected, (user, code)
        assert screens.get(f"/exports/download/lsq.gpax?school_id={ids[code]}&terms=6").status_code == expected

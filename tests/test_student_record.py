"""Students and results end to end: the worked examples through the database and
/api/v1/student/<id>/record, remedies, conflicts, bad input and teachers' limits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lsq_core.extensions import db
from lsq_core.models import (
    AcademicYear, Classroom, Enrollment, Result, School, Student, Subject, TeachingAssignment,
)

SCHOOL = "8100202"  # registrar_b's school (ม.1–ม.6)


def valid_id(first12: str) -> str:
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10
    return first12 + str(check)


def ids(app, school_code=SCHOOL):
    with app.app_context():
        school = db.session.query(School).filter_by(code=school_code).one()
        year = db.session.query(AcademicYear).filter_by(year=2569).one()
        terms = {t.number: t.id for t in year.terms}
        return school.id, year.id, terms


def new_student(app, api, number, national_id="1103702071838", user="registrar_b", **extra):
    school_id, _, _ = ids(app)
    response = api(user).post("/api/v1/student/", json={
        "school": school_id, "student_number": number, "national_id": national_id, "first_name": "ทดสอบ",
        "last_name": "ระบบ", "sex": "M", "birth_date": "2010-05-10", "education_type": "basic",
        "status": "studying", **extra})
    assert response.status_code == 201, response.json
    return response.json["id"]


def new_subject(app, api, code, credits, kind="basic", group=None, user="registrar_b", hours=None):
    school_id, _, _ = ids(app)
    response = api(user).post("/api/v1/subject/", json={
        "school": school_id, "curriculum": "basic_2551", "code": code, "name_th": f"วิชา {code}",
        "group": group or code[0], "kind": kind, "credits": credits, "hours": hours})
    assert response.status_code == 201, response.json
    return response.json["id"]


def post_result(api, student, subject, term, user="registrar_b", **values):
    response = api(user).post("/api/v1/result/", json={"student": student, "subject": subject, "term": term,
                                                         **values})
    return response


def record(api, student, user="registrar_b"):
    response = api(user).get(f"/api/v1/student/{student}/record")
    assert response.status_code == 200, response.json
    return response.json




def test_we5_we9_we10_through_the_record(demo_app, api):
    _, _, terms = ids(demo_app)
    student = new_student(demo_app, api, "T0005", national_id="1234567890121")
    rows = [("ท21191", "1.5", 85, "ท"), ("ค21191", "1.5", 77, "ค"), ("ว21191", "1.0", 66, "ว")]
    for code, credits, score, _ in rows:
        subject = new_subject(demo_app, api, code, credits)
        assert post_result(api, student, subject, terms[1], score=score).status_code == 201
    data = record(api, student)
    term = data["terms"][0]
    assert term["gpa"] == "3.43"  # WE5: 13.75 / 4.0 truncated, not 3.44
    assert [r["grade"] for r in term["results"]] == ["3.5", "4", "2.5"]  # ordered by code: ค ท ว
    assert data["gpax"] == "3.43"
    assert data["credits"]["basic_earned"] == "4.0" and data["credits"]["basic_studied"] == "4.0"
    assert data["gpa_by_area"] == {"ค": "3.50", "ท": "4.00", "ว": "2.50"}
    assert data["student"]["national_id"] == "1234567890121"
    assert data["student"]["name"].startswith("นายทดสอบ")  # 16 years old in 2026
    # WE9: a second term with a different weight: GPAX is not the mean of term GPAs
    for code, credits, grade in (("ส21192", "2.0", "2"), ("พ21192", "1.0", "4")):
        subject = new_subject(demo_app, api, code, credits)
        assert post_result(api, student, subject, terms[2], grade=grade).status_code == 201
    data = record(api, student)
    assert [t["gpa"] for t in data["terms"]] == ["3.43", "2.66"]  # 8/3 = 2.666… truncated
    assert data["gpax"] == "3.10"  # (13.75 + 8) / 7.0 = 3.107…, not (3.43 + 2.66) / 2
    assert data["years"] == [{"academic_year": 2569, "gpa": "3.10"}]  # the year GPA, same rule


def test_we8_pending_result_under_the_schools_policy(demo_app, api):
    _, _, terms = ids(demo_app)
    student = new_student(demo_app, api, "T0008", national_id="3100600123450")
    for code, credits, grade in (("ท21193", "1.5", "3"), ("ค21193", "1.0", "ร"), ("ว21193", "1.0", "2")):
        subject = new_subject(demo_app, api, code, credits)
        assert post_result(api, student, subject, terms[1], grade=grade).status_code == 201
    data = record(api, student)
    assert data["terms"][0]["gpa"] == "2.60"  # pending ร excluded (the default)
    assert data["credits"]["basic_earned"] == "2.5"
    with demo_app.app_context():
        school = db.session.query(School).filter_by(code=SCHOOL).one()
        school.settings = {"basic_2551": {"pending_results": "zero"}}
        db.session.commit()
    try:
        result = db_result(demo_app, student, "ค21193")
        changed = api("registrar_b").put(f"/api/v1/result/{result.id}",
                                         json={"grade": "ร", "version": result.version})
        assert changed.status_code == 200
        assert record(api, student)["terms"][0]["gpa"] == "1.85"  # the same ร counted as 0
    finally:
        with demo_app.app_context():
            school = db.session.query(School).filter_by(code=SCHOOL).one()
            school.settings = {}
            db.session.commit()


def db_result(app, student, code):
    with app.app_context():
        result = (db.session.query(Result).join(Subject).filter(Result.student_id == student, Subject.code == code)
                  .one())
        db.session.expunge(result)
        return result


def test_we4_attendance_below_80_percent_is_ms(demo_app, api):
    _, _, terms = ids(demo_app)
    student = new_student(demo_app, api, "T0004", national_id=valid_id("110000000001"))
    subject = new_subject(demo_app, api, "ท21194", "1.0")  # 40 hours a term
    ok = post_result(api, student, subject, terms[1], score=70, attendance=80)  # 32 of 40 hours
    assert ok.status_code == 201 and ok.json["result"]["grade"] == "3"
    short = api("registrar_b").put(f"/api/v1/result/{ok.json['id']}",
                                   json={"score": 70, "attendance": 77.5,
                                         "version": ok.json["result"]["version"]})  # 31 of 40
    assert short.status_code == 200, short.json
    assert short.json["result"]["grade"] == "มส"


def test_we12_remedies_with_caps_and_limits(demo_app, api):
    _, _, terms = ids(demo_app)
    client = api("registrar_b")
    student = new_student(demo_app, api, "T0012", national_id=valid_id("110000000002"))
    zero = post_result(api, student, new_subject(demo_app, api, "ท21195", "1.0"), terms[1], score=30).json
    assert zero["result"]["grade"] == "0"
    no_reason = client.post(f"/api/v1/result/{zero['id']}/remedy", json={"kind": "0", "score": 72})
    assert no_reason.status_code == 422 and "เหตุผล" in no_reason.json["message"]["reason"][0]
    fixed = client.post(f"/api/v1/result/{zero['id']}/remedy",
                        json={"kind": "0", "score": 72, "reason": "สอบแก้ตัวครั้งที่ 1"})
    assert fixed.status_code == 200
    assert (fixed.json["result"]["grade"], fixed.json["result"]["original_grade"]) == ("1", "0")  # capped at 1

    pending = post_result(api, student, new_subject(demo_app, api, "ค21195", "1.0"), terms[1], grade="ร").json
    done = client.post(f"/api/v1/result/{pending['id']}/remedy",
                       json={"kind": "ร", "score": 68, "reason": "ส่งงานครบ"})
    assert done.json["result"]["grade"] == "2.5"  # no cap

    ms = post_result(api, student, new_subject(demo_app, api, "ว21195", "1.0"), terms[1],
                     score=80, attendance=70).json
    assert ms["result"]["grade"] == "มส"
    remedied = client.post(f"/api/v1/result/{ms['id']}/remedy",
                           json={"kind": "มส", "score": 85, "attendance": 70, "reason": "เรียนชดเชยครบ"})
    assert remedied.json["result"]["grade"] == "1"  # capped
    ms55 = post_result(api, student, new_subject(demo_app, api, "ส21195", "1.0"), terms[1],
                       score=80, attendance=55).json
    refused = client.post(f"/api/v1/result/{ms55['id']}/remedy",
                          json={"kind": "มส", "score": 85, "attendance": 55, "reason": "ขอแก้"})
    assert refused.status_code == 422
    assert "ต่ำกว่า 60% แก้ มส ไม่ได้ ต้องเรียนซ้ำ" in refused.json["message"]["attendance"][0]

    twice = post_result(api, student, new_subject(demo_app, api, "พ21195", "1.0"), terms[1], score=20).json
    for attempt in (1, 2):
        again = client.post(f"/api/v1/result/{twice['id']}/remedy",
                            json={"kind": "0", "score": 40, "reason": f"สอบแก้ตัวครั้งที่ {attempt}"})
        assert again.status_code == 200 and again.json["result"]["grade"] == "0"
    third = client.post(f"/api/v1/result/{twice['id']}/remedy",
                        json={"kind": "0", "score": 90, "reason": "ครั้งที่ 3"})
    assert third.status_code == 422 and "ครบ 2 ครั้งแล้ว" in third.json["message"]["remedy_kind"][0]

    data = record(api, student)
    graded = {r["subject_code"]: r for r in data["terms"][0]["results"]}
    assert graded["ท21195"]["original_grade"] == "0" and graded["ท21195"]["grade"] == "1"
    with demo_app.app_context():
        history = [(h.action, h.old_grade, h.new_grade) for h in db.session.get(Result, zero["id"]).history]
        assert history == [("entry", None, "0"), ("remedy", "0", "1")]


def test_we18_g_code_is_normalised(demo_app, api):
    pk = new_student(demo_app, api, "T0018", national_id="g644200000001")
    assert api("registrar_b").get(f"/api/v1/student/{pk}").json["result"]["national_id"] == "G644200000001"
    school_id, _, _ = ids(demo_app)
    bad = api("registrar_b").post("/api/v1/student/", json={
        "school": school_id, "student_number": "T0019", "national_id": "G64420000001", "first_name": "ก",
        "last_name": "ข", "sex": "F", "birth_date": "2012-01-01", "education_type": "basic", "status": "studying"})
    assert bad.status_code == 422 and "G ตามด้วยตัวเลข 12 หลัก" in bad.json["message"]["national_id"][0]


def test_duplicate_national_id_refused_in_school_and_flagged_elsewhere(demo_app, api):
    with demo_app.app_context():
        existing = db.session.query(Student).join(School).filter(School.code == "8100201").first()
        same_school = db.session.query(Student).join(School).filter(School.code == SCHOOL).first()
        taken, other_id = existing.national_id, same_school.national_id
    flagged = new_student(demo_app, api, "T0020", national_id=taken)
    body = api("registrar_b").get(f"/api/v1/student/{flagged}").json["result"]
    assert "พบเลขประจำตัวนี้ที่ โรงเรียนเทศบาล 1 ตลาดเก่า" in body["transfer_flag"]
    school_id, _, _ = ids(demo_app)
    refused = api("registrar_b").post("/api/v1/student/", json={
        "school": school_id, "student_number": "T0021", "national_id": other_id, "first_name": "ก",
        "last_name": "ข", "sex": "F", "birth_date": "2012-01-01", "education_type": "basic", "status": "studying"})
    assert refused.status_code == 422 and "มีอยู่แล้วในสถานศึกษา" in refused.json["message"]["national_id"][0]


@pytest.mark.parametrize("values, field, message", [
    ({"score": 101}, "score", "ต้องอยู่ระหว่าง 0–100"),
    ({"score": -1}, "score", "ต้องอยู่ระหว่าง 0–100"),
    ({"score": "เก้าสิบ"}, "score", "ต้องเป็นตัวเลข"),
    ({"grade": "5"}, "grade", "ผลการเรียนต้องเป็น"),
])
def test_bad_result_input_is_refused_naming_the_field(demo_app, api, values, field, message):
    _, _, terms = ids(demo_app)
    with demo_app.app_context():
        student = db.session.query(Student).join(School).filter(School.code == SCHOOL).first().id
        subject = db.session.query(Subject).join(School).filter(School.code == SCHOOL,
                                                                Subject.kind == "basic").first().id
        before = db.session.query(Result).count()
    response = post_result(api, student, subject, terms[1], **values)
    assert response.status_code in (400, 422)
    assert message in str(response.json["message"]), response.json
    with demo_app.app_context():
        assert db.session.query(Result).count() == before


def test_invalid_subject_code_is_refused(demo_app, api):
    school_id, _, _ = ids(demo_app)
    for code, field, message in (("X21101", "code", "ไม่ถูกต้องตามหลักสูตร"), ("ท21101", "code", "มีอยู่แล้ว"),
                                 ("ค21291", "kind", "หลักที่ 4")):
        response = api("registrar_b").post("/api/v1/subject/", json={
            "school": school_id, "curriculum": "basic_2551", "code": code, "name_th": "ผิด", "group": code[0],
            "kind": "basic", "credits": "1.0"})
        assert response.status_code == 422, (code, response.json)
        assert message in response.json["message"][field][0]


def test_second_save_of_the_same_result_is_a_conflict(demo_app, api):
    _, _, terms = ids(demo_app)
    student = new_student(demo_app, api, "T0030", national_id=valid_id("110000000003"))
    created = post_result(api, student, new_subject(demo_app, api, "ท21196", "1.0"), terms[1], score=60).json
    version = created["result"]["version"]
    first = api("registrar_b").put(f"/api/v1/result/{created['id']}", json={"score": 70, "version": version})
    assert first.status_code == 200
    second = api("registrar_b").put(f"/api/v1/result/{created['id']}", json={"score": 90, "version": version})
    assert second.status_code == 409
    assert "ถูกแก้ไขโดยผู้อื่นแล้ว" in second.json["message"]
    assert second.json["result"]["score"] == "70.00"  # the first save stands, and is shown back


def test_record_and_results_are_scoped(demo_app, api):
    with demo_app.app_context():
        other = db.session.query(Student).join(School).filter(School.code == "8100201").first().id
    assert api("registrar_b").get(f"/api/v1/student/{other}/record").status_code == 404
    assert api("registrar_a").get(f"/api/v1/student/{other}/record").status_code == 200
    assert api("lao_officer").get(f"/api/v1/student/{other}/record").status_code == 200
    assert api("lao_officer_pao").get(f"/api/v1/student/{other}/record").status_code == 404


def test_teacher_sees_and_changes_only_assigned_results(demo_app, api):
    teacher = api("teacher_a")
    with demo_app.app_context():
        assigned = (db.session.query(TeachingAssignment).join(Subject)
                    .filter(TeachingAssignment.teacher_id.is_not(None)).first())
        mine = db.session.query(Result).filter_by(classroom_id=assigned.classroom_id,
                                                  subject_id=assigned.subject_id, term_id=assigned.term_id).first()
        not_mine = (db.session.query(Result).join(Subject).filter(
            Result.classroom_id == assigned.classroom_id, Subject.group == "ค").first())
        mine_id, mine_version, not_mine_id = mine.id, mine.version, not_mine.id
        assigned_count = db.session.query(Result).join(TeachingAssignment, (
            (TeachingAssignment.classroom_id == Result.classroom_id)
            & (TeachingAssignment.subject_id == Result.subject_id)
            & (TeachingAssignment.term_id == Result.term_id))).filter(
            TeachingAssignment.teacher_id.is_not(None)).count()
    listing = teacher.get("/api/v1/result/?q=(page_size:500)")
    assert listing.status_code == 200 and listing.json["count"] == assigned_count
    assert teacher.get(f"/api/v1/result/{not_mine_id}").status_code == 404
    assert teacher.put(f"/api/v1/result/{not_mine_id}", json={"score": 99}).status_code == 404
    assert teacher.put(f"/api/v1/result/{mine_id}", json={"score": 81, "version": mine_version}).status_code == 200
    with demo_app.app_context():
        not_mine = db.session.get(Result, not_mine_id)
        post = teacher.post("/api/v1/result/", json={"student": not_mine.student_id, "subject": not_mine.subject_id,
                                                     "term": not_mine.term_id, "classroom": not_mine.classroom_id,
                                                     "score": 50})
    assert post.status_code in (404, 422)
    assert teacher.delete(f"/api/v1/result/{mine_id}").status_code == 403
    # teacher_a teaches Thai to the five 2569 classrooms of school A, 20 students each
    assert teacher.get("/api/v1/student/?q=(page_size:500)").json["count"] == 100


def test_demo_cohorts_ready_to_graduate_and_a_few_not(demo_app, api):
    with demo_app.app_context():
        m3 = [s.id for s in db.session.query(Student).join(Enrollment).join(Classroom).join(AcademicYear).filter(
            Classroom.level == "m3", AcademicYear.year == 2569, Classroom.school.has(code=SCHOOL))]
    assert len(m3) == 20
    outcomes = [record(api, sid)["graduation"] for sid in m3]
    eligible = [o for o in outcomes if o["eligible"]]
    blocked = [o for o in outcomes if not o["eligible"]]
    assert len(eligible) == 16 and len(blocked) == 4
    reasons = " ".join(r for o in blocked for r in o["reasons"])
    assert "ร ที่ยังไม่ได้แก้ไข" in reasons and "ยังไม่ผ่าน" in reasons and "คุณลักษณะ" in reasons \
        and "มผ" in reasons
    assert all(o["level"] == "m3" for o in outcomes)


# --- the remaining worked examples through the database and the record API ------------------


def build(app, api, number, national_seed, subjects, term=1, **student):
    """A new student with one subject per (code, credits or None, hours, value) row; value is a
    score (int) or a grade (str). Returns the record."""
    _, _, terms = ids(app)
    pk = new_student(app, api, number, national_id=valid_id(national_seed), **student)
    for code, credits, hours, value in subjects:
        subject = new_subject(app, api, code, credits, hours=hours)
        field = "score" if isinstance(value, int) else "grade"
        response = post_result(api, pk, subject, terms[term], **{field: value})
        assert response.status_code == 201, response.json
    return pk, record(api, pk)


def test_we1_through_the_api(demo_app, api):
    scores = [100, 80, 79, 75, 74, 70, 69, 65, 64, 60, 59, 55, 54, 50, 49, 0]
    rows = [(f"ท2115{n % 10}" if n < 10 else f"ค2115{n % 10}", "1.0", None, score)
            for n, score in enumerate(scores)]
    _, data = build(demo_app, api, "T0101", "110000000101", rows)
    by_code = {r["subject_code"]: r["grade"] for r in data["terms"][0]["results"]}
    assert [by_code[code] for code, *_ in rows] == ["4", "4", "3.5", "3.5", "3", "3", "2.5", "2.5", "2", "2",
                                                    "1.5", "1.5", "1", "1", "0", "0"]


def test_we2_we3_through_the_api_under_both_policies(demo_app, api):
    _, _, terms = ids(demo_app)
    pk = new_student(demo_app, api, "T0103", national_id=valid_id("110000000103"))
    s1 = new_subject(demo_app, api, "ท21182", "1.0")
    s2 = new_subject(demo_app, api, "ค21182", "1.0")
    a = post_result(api, pk, s1, terms[1], score="79.5").json
    b = post_result(api, pk, s2, terms[1], score="49.5").json
    assert (a["result"]["grade"], b["result"]["grade"]) == ("4", "1")  # round half up (default)
    with demo_app.app_context():
        school = db.session.query(School).filter_by(code=SCHOOL).one()
        school.settings = {"basic_2551": {"fractional_score": "raw"}}
        db.session.commit()
    try:
        for result, expected in ((a, "3.5"), (b, "0")):
            changed = api("registrar_b").put(f"/api/v1/result/{result['id']}", json={
                "score": result["result"]["score"], "version": result["result"]["version"]})
            assert changed.json["result"]["grade"] == expected
    finally:
        with demo_app.app_context():
            school = db.session.query(School).filter_by(code=SCHOOL).one()
            school.settings = {}
            db.session.commit()


def test_we6_we7_we16_through_the_record(demo_app, api):
    _, we6 = build(demo_app, api, "T0106", "110000000106", [
        ("ท21171", "4.0", None, "3"), ("ค21171", "3.0", None, "2"), ("ว21171", "4.0", None, "1"),
        ("ส21171", "2.0", None, "3.5")])
    assert we6["terms"][0]["gpa"] == "2.23"
    _, we7 = build(demo_app, api, "T0107", "110000000107", [("ท21172", "1.5", None, "4"),
                                                          ("ค21172", "1.5", None, "0")])
    assert we7["gpax"] == "2.00"
    assert (we7["credits"]["basic_earned"], we7["credits"]["basic_studied"]) == ("1.5", "3.0")
    _, we16 = build(demo_app, api, "T0116", "110000000116", [
        ("ท21173", "1.5", None, "2.5"), ("ค21173", "1.5", None, "2.5"), ("ว21173", "1.0", None, "2"),
        ("ส21173", "1.0", None, "2")])
    assert we16["gpax"] == "2.30"


def test_we11_primary_hours_through_the_record(demo_app, api):
    hours = [200, 200, 80, 120, 80, 80, 40, 40]
    grades = ["3", "4", "2.5", "3.5", "4", "3", "2", "4"]
    areas = "ทควสพศงอ"
    rows = [(f"{area}16191", None, h, g) for area, h, g in zip(areas, hours, grades)]
    _, data = build(demo_app, api, "T0111", "110000000111", rows, term=2)
    assert data["gpax"] == "3.35"


def test_we13_we14_we15_graduation_through_the_record(demo_app, api):
    """The demo's graduating classes: eligible students and each kind of shortfall."""
    with demo_app.app_context():
        def cohort(school, level):
            return [s.id for s in db.session.query(Student).join(Enrollment).join(Classroom).join(AcademicYear)
                    .filter(Classroom.level == level, AcademicYear.year == 2569,
                            Classroom.school.has(code=school)).order_by(Enrollment.number)]
        m6, p6 = cohort("8100202", "m6"), cohort("8100201", "p6")
    m6_records = [record(api, sid) for sid in m6]
    ok = m6_records[5]
    assert ok["graduation"] == {"level": "m6", "eligible": True, "reasons": []}
    assert Decimal(ok["credits"]["basic_earned"]) >= 41 and Decimal(ok["credits"]["additional_earned"]) >= 36
    assert any("มผ" in r for r in m6_records[3]["graduation"]["reasons"])  # WE14: an activity not passed
    p6_records = [record(api, sid, user="registrar_a") for sid in p6]
    assert p6_records[5]["graduation"]["eligible"] is True
    assert p6_records[1]["graduation"]["reasons"] == ["รายวิชาพื้นฐาน ค16101 ผลการเรียน 0 ยังไม่ผ่าน"]  # WE15


def test_we19_prefix_and_we20_windows_through_the_record(demo_app, api):
    young = new_student(demo_app, api, "T0119", national_id=valid_id("110000000119"), birth_date="2012-11-29")
    assert record(api, young)["student"]["name"].startswith("เด็กชาย")  # 13 on 28 Nov 2026
    with demo_app.app_context():
        m6 = (db.session.query(Student).join(Enrollment).join(Classroom).join(AcademicYear)
              .filter(Classroom.level == "m6", AcademicYear.year == 2569,
                      Classroom.school.has(code=SCHOOL)).first().id)
    data = record(api, m6)
    terms = [(t["academic_year"], t["term"], t["level"]) for t in data["terms"]]
    assert terms == [(2567, 1, "m4"), (2567, 2, "m4"), (2568, 1, "m5"), (2568, 2, "m5"), (2569, 1, "m6"),
                     (2569, 2, "m6")]
    num = den = Decimal(0)
    for term in data["terms"][:5]:  # ม.4/1 … ม.6/1
        for r in term["results"]:
            if r["kind"] != "activity" and r["grade"] not in ("ร", "มส"):
                num += Decimal(r["grade"]) * Decimal(r["credits"])
                den += Decimal(r["credits"])
    assert data["gpax_5_terms"] == str((num / den).quantize(Decimal("0.01"), rounding="ROUND_DOWN"))
    assert data["gpax_6_terms"] == data["gpax"]


def test_bad_national_id_checksum_on_a_student(demo_app, api):
    school_id, _, _ = ids(demo_app)
    bad = api("registrar_b").post("/api/v1/student/", json={
        "school": school_id, "student_number": "T0199", "national_id": "1103702071837", "first_name": "ก",
        "last_name": "ข", "sex": "F", "birth_date": "2012-01-01", "education_type": "basic", "status": "studying"})
    assert bad.status_code == 422
    assert bad.json["message"]["national_id"] == ["เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)"]

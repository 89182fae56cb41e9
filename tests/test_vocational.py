"""Vocational education on a real database: the college's demo, the record API in the same shape
with the vocational fields, repeats (#21), ม.ส. → ม.ท. (#19), the attendance waiver, the programme
tree, and a college's screens saying นักศึกษา."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, ProgrammeUnit, Result, School, Student, Term

COLLEGE = "8100101"


def college_ids(app):
    with app.app_context():
        school = db.session.query(School).filter_by(code=COLLEGE).one()
        terms = {(t.academic_year.year, t.number): t.id for t in db.session.query(Term)}
        unit = db.session.query(ProgrammeUnit).filter_by(curriculum="pvc_2562", kind="specialisation",
                                                         code="2020101").one()
        return school.id, terms, unit.id


def student_by_number(app, number):
    with app.app_context():
        return db.session.query(Student).filter_by(student_number=number).one().id


def new_student(app, api, number, national_id):
    school_id, _, unit_id = college_ids(app)
    response = api("registrar_voc").post("/api/v1/student/", json={
        "school": school_id, "student_number": number, "national_id": national_id, "first_name": "ทดสอบ",
        "last_name": "อาชีวะ", "sex": "F", "birth_date": "2009-02-11", "education_type": "vocational",
        "curriculum": "pvc_2562", "programme": unit_id, "status": "studying"})
    assert response.status_code == 201, response.json
    return response.json["id"]


def new_subject(app, api, code, credits="3", theory=1, practice=4, group="voc_specific"):
    school_id, _, _ = college_ids(app)
    response = api("registrar_voc").post("/api/v1/subject/", json={
        "school": school_id, "curriculum": "pvc_2562", "code": code, "name_th": f"วิชา {code}", "group": group,
        "kind": "basic", "credits": credits, "theory_hours": theory, "practice_hours": practice})
    assert response.status_code == 201, response.json
    return response.json["id"]


def post_result(api, student, subject, term, **values):
    return api("registrar_voc").post("/api/v1/result/", json={"student": student, "subject": subject,
                                                              "term": term, **values})


def record(api, student):
    response = api("registrar_voc").get(f"/api/v1/student/{student}/record")
    assert response.status_code == 200, response.json
    return response.json


def check_id(first12):
    return first12 + str((11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10)


# --- the demo and the record --------------------------------------------------------------------

def test_demo_college_cohort(demo_app):
    with demo_app.app_context():
        from lsq_core.record import build_records

        students = db.session.query(Student).filter_by(education_type="vocational").all()
        assert len(students) == 150
        records = build_records(db.session, [s.id for s in students])
    graduating = [r for r in records.values() if r["level"] == "pvc3"]
    eligible = [r for r in graduating if r["graduation"]["eligible"]]
    assert len(graduating) == 50 and 30 <= len(eligible) < 50
    reasons = {reason for r in graduating for reason in r["graduation"]["reasons"]}
    assert "การประเมินมาตรฐานวิชาชีพ: ไม่ผ่าน" in reasons
    assert "ภาคเรียนที่ 2/2568 กิจกรรมเสริมหลักสูตรไม่ผ่าน (ม.ผ.)" in reasons
    assert any(reason.startswith("ค่าระดับคะแนนเฉลี่ยสะสม 1.") for reason in reasons)
    grades = {item["grade"] for r in records.values() for t in r["terms"] for item in t["results"]}
    assert {"ข.ร.", "ม.ส.", "ถ.น.", "ม.ก.", "ผ.", "ม.ผ."} <= grades


def test_record_api_has_the_vocational_fields(demo_app, api):
    student = student_by_number(demo_app, "671005")  # ข.ร. in a specific subject
    body = record(api, student)
    assert body["education_type"] == "vocational" and body["level"] == "pvc3"
    assert body["curriculum"] == {"id": "pvc_2562", "name": "หลักสูตรประกาศนียบัตรวิชาชีพ พุทธศักราช 2562"}
    assert body["programme"] == {"field": "พาณิชยกรรม/บริหารธุรกิจ", "programme": "การบัญชี",
                                 "specialisation": "การบัญชี"}
    assert body["assessments"] == {"vstd": "pass"}
    assert body["credits_by_group"]["voc_specific"] == {"name": "กลุ่มสมรรถนะวิชาชีพเฉพาะ", "studied": "24.0",
                                                        "earned": "21.0"}
    items = [item for term in body["terms"] for item in term["results"]]
    kr = next(item for item in items if item["grade"] == "ข.ร.")
    assert kr["tpn"] == "1-4-3" and kr["subject_code"] == "20201-2007"
    assert body["graduation"]["reasons"] == ["หน่วยกิตหมวดวิชาสมรรถนะวิชาชีพที่ได้ 68 ไม่ถึงเกณฑ์ 71",
                                             "หน่วยกิตกลุ่มสมรรถนะวิชาชีพเฉพาะที่ได้ 21 ไม่ถึงเกณฑ์ 24",
                                             "หน่วยกิตรวมทั้งหลักสูตรที่ได้ 100 ไม่ถึงเกณฑ์ 103"]
    # the same shape as a basic-education record: the keys a client reads are all there
    assert {"student", "terms", "years", "gpax", "gpa_by_area", "credits", "graduation"} <= set(body)


def test_a_repeated_subject_is_shown_twice_and_counted_once_in_the_demo(demo_app, api):
    body = record(api, student_by_number(demo_app, "671006"))
    attempts = [(t["academic_year"], item) for t in body["terms"] for item in t["results"]
                if item["subject_code"] == "20201-1001"]
    assert [(year, item["grade"], item.get("superseded", False)) for year, item in attempts] == [
        (2567, "0", True), (2568, "2.5", False)]
    assert body["credits_by_group"]["voc_basic"]["studied"] == "21.0"


# --- #21 repeats, through the API ------------------------------------------------------------------

def test_example_21_repeat_counts_once(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T021", check_id("110000000210"))
    subject = new_subject(demo_app, api, "20201-2901")
    first = post_result(api, student, subject, terms[(2568, 1)], score=40)
    assert first.status_code == 201 and first.json["result"]["grade"] == "0"
    assert record(api, student)["gpax"] == "0.00"
    again = post_result(api, student, subject, terms[(2569, 1)], score=67)
    assert again.status_code == 201 and again.json["result"]["grade"] == "2.5"
    body = record(api, student)
    assert body["gpax"] == "2.50"  # 7.5 / 3: the 3 credits enter the divisor once
    assert body["credits"]["total_studied"] == "3.0" and body["credits"]["total_earned"] == "3.0"
    shown = api("registrar_voc").get(f"/api/v1/result/{first.json['id']}").json["result"]
    assert shown["superseded"] is True and shown["grade"] == "0"
    # the repeat taken back: the first attempt counts again
    assert api("registrar_voc").delete(f"/api/v1/result/{again.json['id']}").status_code == 200
    body = record(api, student)
    assert body["gpax"] == "0.00" and body["credits"]["total_studied"] == "3.0"
    assert api("registrar_voc").get(f"/api/v1/result/{first.json['id']}").json["result"]["superseded"] is False


def test_repeat_policy_best_keeps_the_better_result(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    with demo_app.app_context():
        school = db.session.query(School).filter_by(code=COLLEGE).one()
        school.settings = {**(school.settings or {}), "vocational_2562": {"repeat_policy": "best"}}
        db.session.commit()
    try:
        student = new_student(demo_app, api, "69T022", check_id("110000000220"))
        subject = new_subject(demo_app, api, "20201-2902")
        post_result(api, student, subject, terms[(2568, 1)], score=72)  # 3
        post_result(api, student, subject, terms[(2569, 1)], score=61)  # 2, taken to improve: worse
        assert record(api, student)["gpax"] == "3.00"
    finally:
        with demo_app.app_context():
            school = db.session.query(School).filter_by(code=COLLEGE).one()
            school.settings = {k: v for k, v in (school.settings or {}).items() if k != "vocational_2562"}
            db.session.commit()


# --- attendance ------------------------------------------------------------------------------------

def test_attendance_below_80_is_kr_unless_the_head_waives_it(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T008", check_id("110000000080"))
    subject = new_subject(demo_app, api, "20201-2903", credits="2", theory=1, practice=2)
    barred = post_result(api, student, subject, terms[(2569, 1)], score=72, attendance="79.62")  # 43 of 54 h
    assert barred.status_code == 201 and barred.json["result"]["grade"] == "ข.ร."
    waived = api("registrar_voc").put(f"/api/v1/result/{barred.json['id']}", json={
        "score": 72, "attendance": "79.62", "attendance_waived": True, "version": barred.json["result"]["version"]})
    assert waived.status_code == 200, waived.json
    assert waived.json["result"]["grade"] == "3" and waived.json["result"]["attendance_waived"] is True
    typed = post_result(api, student, new_subject(demo_app, api, "20201-2904"), terms[(2569, 1)], grade="ขร")
    assert typed.json["result"]["grade"] == "ข.ร."


def test_basic_letters_are_refused_on_a_vocational_subject(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T009", check_id("110000000090"))
    response = post_result(api, student, new_subject(demo_app, api, "20201-2905"), terms[(2569, 1)], grade="มผ")
    assert response.status_code == 422
    assert "ผลการเรียนต้องเป็น" in str(response.json)


# --- #19 ม.ส. → ม.ท. --------------------------------------------------------------------------------

def test_example_19_ms_becomes_mt_after_the_makeup_deadline(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T019", check_id("110000000190"))
    subject = new_subject(demo_app, api, "20201-2906")
    incomplete = post_result(api, student, subject, terms[(2569, 1)], grade="มส")
    assert incomplete.json["result"]["grade"] == "ม.ส."
    import click

    runner = CliRunner()
    main_group = click.Group("lsq")
    demo_app.extensions["lsq"].plugins.register_commands(main_group)  # as lsq_core.cli.main does

    with demo_app.app_context():
        term_end = db.session.get(Term, terms[(2569, 1)]).end_date
    in_time = (term_end + dt.timedelta(days=30)).isoformat()
    late = (term_end + dt.timedelta(days=31)).isoformat()
    script_info = __import__("flask.cli", fromlist=["ScriptInfo"]).ScriptInfo(create_app=lambda: demo_app)
    first = runner.invoke(main_group, ["expire-incompletes", "--school", COLLEGE, "--date", in_time], obj=script_info)
    assert first.exit_code == 0, first.output
    assert api("registrar_voc").get(f"/api/v1/result/{incomplete.json['id']}").json["result"]["grade"] == "ม.ส."
    second = runner.invoke(main_group, ["expire-incompletes", "--school", COLLEGE, "--date", late], obj=script_info)
    assert second.exit_code == 0, second.output
    assert "69T019 20201-2906: ม.ส. → ม.ท." in second.output
    result = api("registrar_voc").get(f"/api/v1/result/{incomplete.json['id']}").json["result"]
    assert result["grade"] == "ม.ท."
    with demo_app.app_context():
        history = db.session.get(Result, incomplete.json["id"]).history
        assert history[-1].action == "rule" and history[-1].old_grade == "ม.ส."
        assert "ไม่ได้แก้ ม.ส. ภายในวันที่" in history[-1].reason
    # ม.ท. counts 0 in the divisor by default
    assert record(api, student)["gpax"] == "0.00"


# --- the programme tree ------------------------------------------------------------------------

def test_programme_tree_is_read_by_all_and_kept_by_the_dla_admin(demo_app, api):
    listing = api("registrar_voc").get("/api/v1/programme_unit/?q=(page_size:100)")
    assert listing.status_code == 200
    names = {row["name_th"] for row in listing.json["result"]}
    assert {"พาณิชยกรรม/บริหารธุรกิจ", "การบัญชี", "ช่างยนต์", "กลุ่มอาชีพ" not in names} and "ฮาร์ดแวร์" in names
    assert api("registrar_voc").post("/api/v1/programme_unit/", json={
        "curriculum": "pvc_2562", "kind": "field", "code": "8", "name_th": "อุตสาหกรรมสิ่งทอ"}).status_code == 403
    created = api("dla_admin").post("/api/v1/programme_unit/", json={
        "curriculum": "pvc_2562", "kind": "field", "code": "8", "name_th": "อุตสาหกรรมสิ่งทอ"})
    assert created.status_code == 201, created.json
    orphan = api("dla_admin").post("/api/v1/programme_unit/", json={
        "curriculum": "pvc_2562", "kind": "specialisation", "code": "2089901", "name_th": "ไม่มีสาขาวิชา"})
    assert orphan.status_code == 422
    assert "สาขางานต้องอยู่ภายใต้สาขาวิชา" in str(orphan.json)
    assert api("dla_admin").delete(f"/api/v1/programme_unit/{created.json['id']}").status_code == 200


def test_a_student_cannot_take_a_programme_of_another_curriculum(demo_app, api):
    school_id, _, unit_id = college_ids(demo_app)
    response = api("registrar_voc").post("/api/v1/student/", json={
        "school": school_id, "student_number": "69T030", "national_id": check_id("110000000300"),
        "first_name": "ทดสอบ", "last_name": "หลักสูตร", "sex": "M", "birth_date": "2008-01-01",
        "education_type": "vocational", "curriculum": "pvs_2563", "programme": unit_id, "status": "studying"})
    assert response.status_code == 422
    assert "ไม่อยู่ในโครงสร้างของหลักสูตรที่เลือก" in str(response.json)


# --- a college's screens say นักศึกษา ------------------------------------------------------------

@pytest.mark.parametrize("path", ["/studentview/list/", "/resultview/list/", "/", "/graduatereportview/list/"])
def test_college_screens_say_naksueksa(demo_app, web, path):
    page = web("registrar_voc").get(path, follow_redirects=True).get_data(as_text=True)
    assert "นักศึกษา" in page and "นักเรียน" not in page
    assert "ปพ.3" not in page and ("รบ.2" in page or path != "/graduatereportview/list/")
    school_page = web("registrar_b").get(path, follow_redirects=True).get_data(as_text=True)
    assert "นักเรียน" in school_page


def test_the_college_record_screen(demo_app, web):
    student = student_by_number(demo_app, "671006")
    page = web("registrar_voc").get(f"/studentview/record/{student}").get_data(as_text=True)
    for text in ("หลักสูตรประกาศนียบัตรวิชาชีพ พุทธศักราช 2562", "สาขาวิชา</strong> การบัญชี", "ท-ป-น", "1-4-3",
                 "กลุ่มสมรรถนะวิชาชีพเฉพาะ", "การประเมินมาตรฐานวิชาชีพ:</strong>", "เรียนซ้ำภายหลัง ไม่นำมาคำนวณ"):
        assert text in page, text


def test_api_json_keeps_its_words(demo_app, api):
    body = api("registrar_voc").get("/api/v1/student/?q=(page_size:1)").get_data(as_text=True)
    assert "นักศึกษา" not in body


def test_ms_is_remedied_by_the_makeup_final_without_a_cap(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T051", check_id("110000000510"))
    subject = new_subject(demo_app, api, "20201-2907")
    incomplete = post_result(api, student, subject, terms[(2569, 1)], grade="ม.ส.").json
    wrong = api("registrar_voc").post(f"/api/v1/result/{incomplete['id']}/remedy",
                                      json={"kind": "0", "score": 70, "reason": "สอบแก้ตัว"})
    assert wrong.status_code == 422 and "แก้ ม.ส." in str(wrong.json)
    remedied = api("registrar_voc").post(f"/api/v1/result/{incomplete['id']}/remedy",
                                         json={"kind": "มส", "score": 76, "reason": "สอบปลายภาคชดเชย"})
    assert remedied.status_code == 200, remedied.json
    assert remedied.json["result"]["grade"] == "3.5" and remedied.json["result"]["original_grade"] == "ม.ส."


def test_the_graduate_report_of_a_college_goes_through_the_lao_check(fresh_app):
    """รบ.2 of the college's ปวช.3: the same workflow as ปพ.3, checked by the PAO's registration officer."""
    from lsq_core.models.graduate_reports import GraduateReport
    from tests.test_graduate_reports import build, flashes

    app = fresh_app
    with app.app_context():
        school_id = db.session.query(School).filter_by(code=COLLEGE).one().id
        year_id = db.session.query(AcademicYear).filter_by(year=2569).one().id
    registrar = app.test_client()
    registrar.post("/login/", data={"username": "registrar_voc", "password": "lsqdemo"})
    text = flashes(build(registrar, school_id, year_id, level="pvc3"))
    assert "จัดทำรายงานแล้ว มีผู้ผ่านเกณฑ์ 39 คน" in text
    assert text.count("ไม่อยู่ในรายงาน:") == 11
    assert "การประเมินมาตรฐานวิชาชีพ: ไม่ผ่าน" in text
    with app.app_context():
        report = db.session.query(GraduateReport).filter_by(school_id=school_id, level="pvc3").one()
        report_id = report.id
    submitted = registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": "31/03/2569"},
                               follow_redirects=True)
    assert "ส่งรายงานให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบแล้ว" in flashes(submitted)
    town_officer = app.test_client()
    town_officer.post("/login/", data={"username": "lao_officer", "password": "lsqdemo"})
    assert town_officer.post(f"/graduatereportview/report/{report_id}/verify").status_code == 404
    pao_officer = app.test_client()
    pao_officer.post("/login/", data={"username": "lao_officer_pao", "password": "lsqdemo"})
    verified = pao_officer.post(f"/graduatereportview/report/{report_id}/verify", follow_redirects=True)
    assert "ตรวจสอบรายงานแล้ว รายงานถูกล็อก" in flashes(verified)
    with app.app_context():
        assert db.session.get(GraduateReport, report_id).status == "verified"
        graduated = db.session.query(Student).filter_by(school_id=school_id, status="graduated").count()
        assert graduated == 39


def test_withdrawal_through_the_api(demo_app, api):
    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T020", check_id("110000000200"))
    in_time = post_result(api, student, new_subject(demo_app, api, "20201-2908"), terms[(2569, 1)]).json
    late = post_result(api, student, new_subject(demo_app, api, "20201-2909"), terms[(2569, 1)]).json
    accepted = post_result(api, student, new_subject(demo_app, api, "20201-2910"), terms[(2569, 1)]).json
    client = api("registrar_voc")
    # 2569/1 starts on 16 May 2026: twelve weeks later is 8 August 2026
    first = client.post(f"/api/v1/withdrawal/{in_time['id']}", json={"requested_on": "2026-07-01", "reason": "ย้ายแผน"})
    assert first.status_code == 200, first.json
    assert first.json["result"]["grade"] == "ถ.น." and first.json["result"]["deadline"] == "2026-08-08"
    second = client.post(f"/api/v1/withdrawal/{late['id']}", json={"requested_on": "2026-09-01"})
    assert second.json["result"]["grade"] == "ถ.ล."
    third = client.post(f"/api/v1/withdrawal/{accepted['id']}", json={"requested_on": "2026-09-01",
                                                                     "head_accepts": True, "reason": "ป่วย"})
    assert third.json["result"]["grade"] == "ถ.น."
    with demo_app.app_context():
        assert db.session.get(Result, accepted["id"]).history[-1].reason == (
            "ขอถอนรายวิชาเมื่อ 1 กันยายน 2569 (หลังกำหนด หัวหน้าสถานศึกษาอนุญาต): ป่วย")
    # scope: a basic school's registrar does not reach the college's result
    assert api("registrar_b").post(f"/api/v1/withdrawal/{late['id']}", json={}).status_code == 404
    bad = client.post(f"/api/v1/withdrawal/{late['id']}", json={"requested_on": "1/9/2569"})
    assert bad.status_code == 422 and "วันที่ยื่นคำร้องไม่ถูกต้อง" in str(bad.json)


def test_results_added_in_bulk_are_settled_as_repeats(demo_app, api):
    """A writer that adds many results at once (the transfer import) settles repeats afterwards."""
    from sqlalchemy import insert

    from lsq_core.results_service import settle_repeats_of
    from vocational.rules import DEFAULT_POLICY, VOCATIONAL_SCALE

    _, terms, _ = college_ids(demo_app)
    student = new_student(demo_app, api, "69T023", check_id("110000000230"))
    subject = new_subject(demo_app, api, "20201-2911")
    with demo_app.app_context():
        rows = []
        for term, grade in ((terms[(2568, 1)], "0"), (terms[(2569, 1)], "3")):
            evaluation = VOCATIONAL_SCALE.evaluate(grade, 3, "basic", DEFAULT_POLICY)
            rows.append({"student_id": student, "subject_id": subject, "term_id": term, "grade": grade,
                         "points": evaluation.points, "gpa_weight": evaluation.gpa_weight,
                         "credits_studied": evaluation.credits_studied, "credits_earned": evaluation.credits_earned,
                         "level": "pvc2", "source": "import", "version": 1, "remedy_attempts": 0})
        db.session.execute(insert(Result.__table__), rows)
        db.session.commit()
    assert record(api, student)["gpax"] == "1.50"  # both attempts counted: wrong until settled
    with demo_app.app_context():
        assert settle_repeats_of(db.session, [student]) == 1
        db.session.commit()
    assert record(api, student)["gpax"] == "3.00"


def test_the_subject_list_names_groups_and_kinds_as_the_curriculum_does(demo_app, web):
    page = web("registrar_voc").get("/subjectview/list/?psize_SubjectView=100").get_data(as_text=True)
    assert "กลุ่มสมรรถนะวิชาชีพเฉพาะ" in page and "รายวิชาบังคับ" in page and "กิจกรรมเสริมหลักสูตร" in page
    assert ">voc_specific<" not in page and "รายวิชาพื้นฐาน" not in page


def test_the_transfer_workbook_carries_a_colleges_repeats(fresh_app):
    """A college migrating its records: a repeated subject's two attempts come in through the
    workbook and the first is settled as superseded, so the GPAX counts the subject once."""
    import io

    from lsq_core.record import build_records
    from lsq_core.transfer.export import write_workbook
    from lsq_core.transfer.importer import import_workbook

    with fresh_app.app_context():
        school = db.session.query(School).filter_by(code=COLLEGE).one()
        student = db.session.query(Student).filter_by(student_number="671006").one()
        before = build_records(db.session, [student.id])[student.id]
        workbook = io.BytesIO()
        write_workbook(workbook, school, filled=True)
        db.session.query(Result).filter_by(student_id=student.id).delete()
        db.session.commit()
        assert build_records(db.session, [student.id])[student.id]["gpax"] is None
        workbook.seek(0)
        outcome = import_workbook(workbook, school)
        assert outcome.committed, outcome.report
        after = build_records(db.session, [student.id])[student.id]
    assert after["gpax"] == before["gpax"] == "2.50"
    attempts = [(t["academic_year"], item["grade"], item.get("superseded", False)) for t in after["terms"]
                for item in t["results"] if item["subject_code"] == "20201-1001"]
    assert attempts == [(2567, "0", True), (2568, "2.5", False)]

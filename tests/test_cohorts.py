"""Whole-cohort actions: approving a class's graduation, promoting a school at year end."""

from __future__ import annotations

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, Classroom, Enrollment, School, Student
from tests.conftest import web_login


def classroom_id(app, school_code, level, year=2569):
    with app.app_context():
        return (db.session.query(Classroom).join(School).join(AcademicYear)
                .filter(School.code == school_code, Classroom.level == level, AcademicYear.year == year).one().id)


def client_of(app, username):
    client = app.test_client()
    web_login(client, username)
    return client


def test_graduation_of_a_class(fresh_app):
    app = fresh_app
    pk = classroom_id(app, "8100202", "m3")
    registrar = client_of(app, "registrar_b")
    page = registrar.get(f"/cohorts/graduation/{pk}").get_data(as_text=True)
    assert page.count('type="checkbox"') == 20 and page.count("checked") == 16
    assert "ยังมีผลการเรียน ร ที่ยังไม่ได้แก้ไข" in page

    with app.app_context():
        enrollments = db.session.query(Enrollment).filter_by(classroom_id=pk).order_by(Enrollment.number).all()
        everyone = [e.student_id for e in enrollments]
    refused = registrar.post(f"/cohorts/graduation/{pk}", data={"date": "31/03/2570", "student": everyone},
                             follow_redirects=True).get_data(as_text=True)
    assert "ยังไม่ได้อนุมัติ" in refused
    with app.app_context():
        assert db.session.query(Student).filter(Student.id.in_(everyone), Student.status == "graduated").count() == 0

    assert client_of(app, "registrar_a").post(f"/cohorts/graduation/{pk}", data={"date": "31/03/2570"}
                                              ).status_code == 404
    assert client_of(app, "lao_officer").post(f"/cohorts/graduation/{pk}", data={"date": "31/03/2570"}
                                              ).status_code in (302, 403)
    with app.app_context():
        assert db.session.query(Student).filter(Student.status == "graduated").count() == 0

    eligible_page = registrar.get(f"/cohorts/graduation/{pk}").get_data(as_text=True)
    import re

    ticked = re.findall(r'name="student" value="(\d+)" checked', eligible_page)
    done = registrar.post(f"/cohorts/graduation/{pk}", data={"date": "31/03/2570", "student": ticked},
                          follow_redirects=True).get_data(as_text=True)
    assert "อนุมัติการจบการศึกษาแล้ว 16 คน" in done
    with app.app_context():
        graduated = db.session.query(Student).filter(Student.status == "graduated").all()
        assert len(graduated) == 16
        assert {str(s.status_date) for s in graduated} == {"2027-03-31"}
        assert all("สำเร็จการศึกษาชั้น ม.3" in s.status_reason for s in graduated)


def test_year_end_promotion_of_a_school(fresh_app):
    app = fresh_app
    admin = app.test_client()
    token = admin.post("/api/v1/security/login", json={"username": "dla_admin", "password": "lsqdemo",
                                                       "provider": "db"}).json["access_token"]
    assert admin.post("/api/v1/academic_year/", json={"year": 2570},
                      headers={"Authorization": f"Bearer {token}"}).status_code == 201
    with app.app_context():
        school = db.session.query(School).filter_by(code="8100202").one()
        m5 = db.session.get(Classroom, classroom_id(app, "8100202", "m5"))
        repeater, leaver = m5.enrollments[0].student_id, m5.enrollments[1].student_id
        school_id = school.id
    registrar = client_of(app, "registrar_b")
    assert client_of(app, "registrar_a").post(f"/cohorts/promotion/{school_id}/2569").status_code == 404
    done = registrar.post(f"/cohorts/promotion/{school_id}/2569", data={"repeat": [repeater], "leave": [leaver]},
                          follow_redirects=True).get_data(as_text=True)
    # m1, m3, m4, m5 classes move up (78 students), one repeats, one leaves; m6 is the school's last level
    assert "เลื่อนชั้น 78 คน ซ้ำชั้น 1 คน ออก 1 คน จบชั้นสูงสุดของสถานศึกษา 20 คน" in done
    with app.app_context():
        levels = {c.level: len(c.enrollments) for c in db.session.query(Classroom).join(AcademicYear).filter(
            Classroom.school_id == school_id, AcademicYear.year == 2570)}
        assert levels == {"m2": 20, "m4": 20, "m5": 21, "m6": 18}


def test_transfer_in_brings_the_results_along(fresh_app):
    app = fresh_app
    client = app.test_client()

    def api(username):
        token = client.post("/api/v1/security/login", json={"username": username, "password": "lsqdemo",
                                                            "provider": "db"}).json["access_token"]
        return {"Authorization": f"Bearer {token}"}

    with app.app_context():
        old = (db.session.query(Student).join(School).filter(School.code == "8100201")
               .join(Enrollment).join(Classroom).filter(Classroom.level == "m2").first())
        old_id, national_id = old.id, old.national_id
        old_results = len(db.session.query(Student).get(old_id).enrollments)
        school_b = db.session.query(School).filter_by(code="8100202").one().id
    created = client.post("/api/v1/student/", headers=api("registrar_b"), json={
        "school": school_b, "student_number": "2029999", "national_id": national_id, "first_name": "ย้าย",
        "last_name": "มาใหม่", "sex": "M", "birth_date": "2012-02-02", "education_type": "basic",
        "status": "studying"})
    assert created.status_code == 201
    pk = created.json["id"]
    assert "ตรวจสอบการย้าย" in created.json["result"]["transfer_flag"]
    assert client.post(f"/api/v1/student/{pk}/transfer_in", headers=api("registrar_a"), json={}).status_code == 404
    moved = client.post(f"/api/v1/student/{pk}/transfer_in", headers=api("registrar_b"),
                        json={"date": "2026-11-01"})
    assert moved.status_code == 200 and moved.json["copied"] > 0
    record = client.get(f"/api/v1/student/{pk}/record", headers=api("registrar_b")).json
    assert record["gpax"] is not None
    assert all(r.get("source") == "transfer" for t in record["terms"] for r in t["results"])
    with app.app_context():
        previous = db.session.get(Student, old_id)
        assert (previous.status, str(previous.status_date)) == ("moved_out", "2026-11-01")
        assert "ย้ายไปโรงเรียนเทศบาล 2 คลองจิหลาด" in previous.status_reason
    again = client.post(f"/api/v1/student/{pk}/transfer_in", headers=api("registrar_b"), json={})
    assert again.status_code == 422 and old_results >= 1


def test_remedy_from_the_result_screen(fresh_app):
    from lsq_core.models import Result

    app = fresh_app
    with app.app_context():
        pending = (db.session.query(Result).join(Student).join(School)
                   .filter(School.code == "8100202", Result.grade == "ร").first())
        pk = pending.id
    registrar = client_of(app, "registrar_b")
    page = registrar.get(f"/resultview/show/{pk}").get_data(as_text=True)
    assert "แก้ ร" in page
    missing = registrar.post(f"/resultview/remedy/{pk}", data={"score": "68", "reason": ""},
                             follow_redirects=True).get_data(as_text=True)
    assert "กรุณาระบุเหตุผล" in missing
    done = registrar.post(f"/resultview/remedy/{pk}", data={"score": "68", "reason": "ส่งงานครบแล้ว"},
                          follow_redirects=True).get_data(as_text=True)
    assert "ผลการเรียนใหม่ 2.5" in done
    assert client_of(app, "registrar_a").post(f"/resultview/remedy/{pk}", data={"score": "90", "reason": "x"}
                                              ).status_code == 404
    with app.app_context():
        result = db.session.get(Result, pk)
        assert (result.grade, result.original_grade, result.remedy_kind) == ("2.5", "ร", "ร")


def test_course_structure_is_copied_forward(fresh_app):
    from lsq_core.models import CoursePlan

    app = fresh_app
    admin = app.test_client()
    token = admin.post("/api/v1/security/login", json={"username": "dla_admin", "password": "lsqdemo",
                                                       "provider": "db"}).json["access_token"]
    admin.post("/api/v1/academic_year/", json={"year": 2570}, headers={"Authorization": f"Bearer {token}"})
    with app.app_context():
        school = db.session.query(School).filter_by(code="8100202").one()
        y2569 = db.session.query(AcademicYear).filter_by(year=2569).one()
        planned = db.session.query(CoursePlan).filter_by(school_id=school.id, academic_year_id=y2569.id).count()
        school_id = school.id
    assert planned > 0
    registrar = client_of(app, "registrar_b")
    assert "โรงเรียนเทศบาล 2 คลองจิหลาด" in registrar.get("/cohorts/course_plan/").get_data(as_text=True)
    assert client_of(app, "registrar_a").post("/cohorts/course_plan/", data={"school": school_id, "year": 2569}
                                              ).status_code == 404
    first = registrar.post("/cohorts/course_plan/", data={"school": school_id, "year": 2569},
                           follow_redirects=True).get_data(as_text=True)
    assert f"แล้ว {planned} รายการ" in first
    again = registrar.post("/cohorts/course_plan/", data={"school": school_id, "year": 2569},
                           follow_redirects=True).get_data(as_text=True)
    assert "แล้ว 0 รายการ" in again
    with app.app_context():
        y2570 = db.session.query(AcademicYear).filter_by(year=2570).one()
        assert db.session.query(CoursePlan).filter_by(school_id=school_id, academic_year_id=y2570.id).count() == planned


def test_assessment_grid_of_a_classroom(fresh_app):
    from lsq_core.models import TraitAssessment

    app = fresh_app
    pk = classroom_id(app, "8100202", "m1")
    registrar = client_of(app, "registrar_b")
    page = registrar.get(f"/assessments/grid/{pk}").get_data(as_text=True)
    assert "การอ่าน คิดวิเคราะห์ และเขียน" in page and "8. มีจิตสาธารณะ" in page
    with app.app_context():
        first = db.session.query(Enrollment).filter_by(classroom_id=pk).order_by(Enrollment.number).first()
        student_id = first.student_id
    bad = registrar.post(f"/assessments/grid/{pk}/save",
                         json={"rows": [{"student_id": student_id, "char_3": "เยี่ยม", "rtw_0": "good"}]})
    assert bad.status_code == 422 and "3. มีวินัย" in str(bad.json["errors"])
    ok = registrar.post(f"/assessments/grid/{pk}/save",
                        json={"rows": [{"student_id": student_id, "char_3": "excellent", "rtw_0": "fail"}]})
    assert ok.status_code == 200
    with app.app_context():
        levels = {(t.kind, t.item): t.level for t in db.session.query(TraitAssessment).filter_by(
            student_id=student_id)}
        assert levels[("char", 3)] == "excellent" and levels[("rtw", 0)] == "fail"
    assert client_of(app, "registrar_a").get(f"/assessments/grid/{pk}").status_code == 404
    assert client_of(app, "lao_officer").post(f"/assessments/grid/{pk}/save", json={"rows": []}
                                              ).status_code in (302, 403)

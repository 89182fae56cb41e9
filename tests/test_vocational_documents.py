"""The vocational documents on the demo college (วิทยาลัยการอาชีพ อบจ.กระบี่), issued through the API:
รบ.1 ปวช., ใบรับรองผลการเรียน, ประกาศนียบัตร for a graduate, รบ.2 of a verified graduate report,
and the refusals (a non-graduate's certificate, an unverified report's รบ.2)."""

from __future__ import annotations

import re
import shutil

import pytest

from lsq_core.documents import thai
from lsq_core.documents.engine import page_count
from lsq_core.extensions import db
from lsq_core.models import AcademicYear, School, Student
from lsq_core.models.graduate_reports import GraduateReport
from lsq_core.thai import to_thai_digits
from tests.test_documents import pdftotext
from tests.test_transcript import flat, raw_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

COLLEGE = "8100101"
REGISTRAR = "registrar_voc"


def student_id(app, number: str) -> int:
    with app.app_context():
        return (db.session.query(Student.id).join(School)
                .filter(School.code == COLLEGE, Student.student_number == number).one()[0])


def issue(api, type_id: str, **subject):
    answer = api(REGISTRAR).post("/api/v1/document/", json={"type": type_id, **subject})
    return answer


def issued_pdf(api, type_id: str, **subject) -> bytes:
    answer = issue(api, type_id, **subject)
    assert answer.status_code == 201, answer.json
    assert answer.json["serial"] and answer.json["verify_url"].startswith("http://localhost/verify/")
    pdf = api(REGISTRAR).get(f"/api/v1/document/{answer.json['id']}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    return pdf.data


def record_of(api, sid: int) -> dict:
    answer = api(REGISTRAR).get(f"/api/v1/student/{sid}/record")
    assert answer.status_code == 200, answer.json
    return answer.json["result"] if "result" in answer.json else answer.json


def text_of(pdf: bytes) -> str:
    """The drawing-order text with the no-break spaces the form keeps names with read as spaces."""
    return raw_text(pdf).replace("\u00a0", " ")


@pytest.mark.parametrize("number, letter", [("671005", "ข.ร."), ("671001", "ม.ส."), ("681008", "ถ.น."),
                                            ("681010", "ม.ก."), ("671003", "ม.ผ.")])
def test_transcript_prints_the_letters_as_printed(demo_app, api, number, letter):
    """รบ.1 ปวช. of a student with a letter result: two sides, the letter as OVEC prints it, the
    programme, the curriculum, the GPAX the record gives, the standard assessment."""
    sid = student_id(demo_app, number)
    record = record_of(api, sid)
    pdf = issued_pdf(api, "vocational.rb1_pvc", student_id=sid)
    text = text_of(pdf)
    assert page_count(pdf) == 2
    assert "รบ.1 ปวช. (2562)" in text and "ระเบียนแสดงผลการเรียน" in text
    assert flat("หลักสูตรประกาศนียบัตรวิชาชีพ พุทธศักราช 2562") in flat(text)
    assert record["student"]["name"].split()[-1] in text and record["student"]["name"].split()[0] in text
    programme = record["programme"]
    assert f"สาขาวิชา {programme['programme']}" in text and f"สาขางาน {programme['specialisation']}" in text
    assert letter in text
    assert re.search(rf"ค่าระดับคะแนนเฉลี่ยสะสม\s*{re.escape(record['gpax'])}", text), record["gpax"]
    codes = {r["subject_code"] for t in record["terms"] for r in t["results"]}
    assert all(code in text for code in codes)


def test_transcript_of_a_repeated_subject_and_its_thai(demo_app, api):
    """The student who repeated การบัญชีเบื้องต้น 1: the earlier attempt in brackets with the note;
    every subject's ท-ป-น; the term GPAs; Thai phrases whole and long names wrapped between words."""
    sid = student_id(demo_app, "671006")
    record = record_of(api, sid)
    pdf = issued_pdf(api, "vocational.rb1_pvc", student_id=sid)
    text = text_of(pdf)
    assert "(0)" in text and "ผลการเรียนครั้งก่อนของรายวิชาที่เรียนซ้ำ" in text
    assert re.search(r"-8001 ฝึก\S* (?:\S+ )?\*-\*-4 4", " ".join(text.split()))  # the internship: no weekly hours
    for phrase in ("ผลการประเมินกิจกรรมเสริมหลักสูตร", "หน่วยกิตตามโครงสร้างหลักสูตร", "หมวดวิชาสมรรถนะแกนกลาง",
                   "การประเมินมาตรฐานวิชาชีพ", "ค่าระดับคะแนนเฉลี่ยสะสม", "ผู้อำนวยการ", "นายทะเบียน",
                   "วิทยาลัยการอาชีพองค์การบริหารส่วนจังหวัดกระบี่"):
        assert flat(phrase) in flat(text), phrase
    for term in record["terms"]:
        if term["gpa"] and any(r["kind"] != "activity" for r in term["results"]):
            # each term under its own heading, closed by its GPA
            heading = f"ภาคเรียนที่ {term['term']}/{term['academic_year']} ชั้น ปวช.{term['level'][-1]}"
            assert heading in " ".join(text.split()) and f"ระดับคะแนนเฉลี่ย {term['gpa']}" in text, heading
    # drawing order: "<code> <first line of the name> <ท-ป-น> <result>", the rest of a long name below
    line = " ".join(text.split())
    checked = 0
    for term in record["terms"]:
        for result in term["results"]:
            if result["kind"] == "activity":
                continue
            grade = f"({result['grade']})" if result.get("superseded") else result["grade"]
            # the name shown: no other subject's code inside it (a repeated subject's code is there twice)
            # (a name too long for its first line goes whole to the line below: nothing shown beside the code)
            found = re.search(re.escape(result["subject_code"]) + r" (?:((?:(?![0-9]{4,5}-[0-9]{4}).)+?) )?"
                              + re.escape(result.get("tpn") or "*-*-4") + " " + re.escape(grade) + " ", line)
            assert found, result["subject_code"]
            name, shown = result["subject_name"], found.group(1) or ""
            if shown == name:
                continue
            assert name.startswith(shown), (shown, name)
            words = thai.segment(name, sep="|").split("|")
            assert len(shown) in {len("".join(words[:i])) for i in range(len(words))} \
                or name[len(shown)] == " ", (shown, name)
            checked += 1
    assert checked >= 5  # the demo's long subject names do wrap in the columns


def test_certificate_of_results_for_a_student_still_studying(demo_app, api):
    sid = student_id(demo_app, "681006")
    record = record_of(api, sid)
    text = pdftotext(issued_pdf(api, "vocational.results", student_id=sid))
    assert "ใบรับรองผลการเรียน" in text and record["student"]["name"].split()[-1] in text
    assert "กำลังศึกษาอยู่ระดับประกาศนียบัตรวิชาชีพ" in flat(text).replace("(ปวช.)", "") or \
        flat("กำลังศึกษาอยู่ระดับประกาศนียบัตรวิชาชีพ") in flat(text)
    assert record["programme"]["programme"] in text
    assert to_thai_digits(record["gpax"]) in text


def test_certificate_refused_before_graduation(demo_app, api):
    """A ปวช.3 student who is not (yet) a graduate, and a ปวช.2 student: no ประกาศนียบัตร, a Thai reason."""
    for number in ("671002", "681006"):
        answer = issue(api, "vocational.cert_pvc", student_id=student_id(demo_app, number))
        assert answer.status_code == 422, answer.json
        assert "ประกาศนียบัตรวิชาชีพ" in str(answer.json["message"])
    answer = issue(api, "vocational.rb1_pvs", student_id=student_id(demo_app, "671006"))
    assert answer.status_code == 422 and "ระดับชั้นนี้" in str(answer.json["message"])
    # a school's ใบรับรองผลการศึกษา (ปพ.7) is not a college's: the college issues its ใบรับรองผลการเรียน
    assert issue(api, "basic_ed.pp7", student_id=student_id(demo_app, "671006")).status_code == 422


def test_graduate_report_rb2_and_the_certificate(demo_app, api, web):
    """The ปวช.3 cohort through the LAO check: รบ.2 refused until the report is verified, then
    issued with every graduate; a graduate's ประกาศนียบัตร and รบ.1 carry the graduation date."""
    with demo_app.app_context():
        school_id = db.session.query(School.id).filter_by(code=COLLEGE).one()[0]
        year_id = db.session.query(AcademicYear.id).filter_by(year=2569).one()[0]
    registrar = web(REGISTRAR)
    built = registrar.post("/graduatereportview/build", data={"school_id": school_id, "year_id": year_id,
                                                             "level": "pvc3"}, follow_redirects=True)
    assert built.status_code == 200
    with demo_app.app_context():
        report = db.session.query(GraduateReport).filter_by(school_id=school_id, level="pvc3").one()
        report_id, graduates = report.id, [e.student_id for e in report.entries]
    assert len(graduates) == 39

    draft = registrar.get(f"/graduatereportview/report/{report_id}/preview")  # the screen's draft: the รบ.2 unnumbered
    assert draft.status_code == 200 and draft.data.startswith(b"%PDF-")
    assert "รบ.2" in pdftotext(draft.data) and "ร่าง — ยังไม่ได้ออกเป็นเอกสาร" in pdftotext(draft.data)
    refused = issue(api, "vocational.rb2", graduate_report_id=report_id)
    assert refused.status_code == 422 and "ตรวจสอบรายงานแล้ว" in str(refused.json["message"])
    submitted = registrar.post(f"/graduatereportview/report/{report_id}/submit", data={"approved_on": "20/11/2569"},
                               follow_redirects=True)
    assert submitted.status_code == 200
    assert issue(api, "vocational.rb2", graduate_report_id=report_id).status_code == 422  # submitted, not verified
    officer = web("lao_officer_pao")
    assert officer.post(f"/graduatereportview/report/{report_id}/verify", follow_redirects=True).status_code == 200

    text = pdftotext(issued_pdf(api, "vocational.rb2", graduate_report_id=report_id))
    assert "แบบรายงานผลการเรียนของผู้ที่สำเร็จการศึกษา" in text and "รบ.2" in text
    assert "20 พฤศจิกายน 2569" in text and "ช่างยนต์" in text and "การบัญชี" in text
    with demo_app.app_context():
        people = db.session.query(Student).filter(Student.id.in_(graduates)).all()
        names = [s.last_name for s in people]
        assert {s.status for s in people} == {"graduated"}
    assert all(name in text for name in names)

    graduate = graduates[0]
    record = record_of(api, graduate)
    issued = issue(api, "vocational.cert_pvc", student_id=graduate)
    assert issued.status_code == 201, issued.json
    certificate = pdftotext(api(REGISTRAR).get(f"/api/v1/document/{issued.json['id']}/pdf").data)
    assert "ประกาศนียบัตรวิชาชีพ" in certificate and record["student"]["name"].split()[-1] in certificate
    assert to_thai_digits("20 พฤศจิกายน 2569") in certificate and to_thai_digits(record["gpax"]) in certificate
    assert "หลักสูตรประกาศนียบัตรวิชาชีพ พุทธศักราช ๒๕๖๒" in certificate
    assert f"สาขางาน{record['programme']['specialisation']}" in flat(certificate)
    # anyone checks it by its QR code; a lost one is replaced by a ใบแทน with the reason kept
    page = demo_app.test_client().get(issued.json["verify_url"].replace("http://localhost", "")).get_data(as_text=True)
    assert "ยังใช้ได้" in page and "ประกาศนียบัตรวิชาชีพ (ปวช.)" in page and "วิทยาลัยการอาชีพ" in page
    replaced = api(REGISTRAR).post(f"/api/v1/document/{issued.json['id']}/reissue", json={"reason": "ฉบับเดิมสูญหาย"})
    assert replaced.status_code == 200, replaced.json
    assert "ใบแทน" in pdftotext(api(REGISTRAR).get(f"/api/v1/document/{replaced.json['id']}/pdf").data)
    transcript = text_of(issued_pdf(api, "vocational.rb1_pvc", student_id=graduate))
    assert re.search(r"วันที่สำเร็จการศึกษา\s*20 พฤศจิกายน 2569", transcript)
    results = pdftotext(issued_pdf(api, "vocational.results", student_id=graduate))
    assert flat("ได้สำเร็จการศึกษาระดับประกาศนียบัตรวิชาชีพ (ปวช.)") in flat(results)
    assert to_thai_digits("20 พฤศจิกายน 2569") in results


def test_higher_certificate_transcript_and_certificate(demo_app, api):
    """A ปวส. student (the demo has none: one is added, two years of 3xxxx-xxxx subjects): รบ.1 ปวส.
    of the 2563 curriculum with its หมวด minima, and the ประกาศนียบัตรวิชาชีพชั้นสูง once graduated."""
    import datetime as dt
    from decimal import Decimal

    from lsq_core.models import Classroom, Enrollment, ProgrammeUnit, Result, Subject, Term
    from lsq_core.results_service import enter_result

    with demo_app.app_context():
        college = db.session.query(School).filter_by(code=COLLEGE).one()
        unit = db.session.query(ProgrammeUnit).filter_by(curriculum="pvs_2563", code="3020101").one()
        student = Student(school=college, education_type="vocational", curriculum="pvs_2563", programme=unit,
                          student_number="68S001", national_id="1100000003019", first_name="กมลชนก",
                          last_name="ศรีอ่าวนาง", sex="F", birth_date=dt.date(2006, 6, 1), entry_level="pvs1",
                          entry_date=dt.date(2025, 5, 16), previous_school=college.name_th)
        db.session.add(student)
        subjects = [Subject(school=college, curriculum="pvs_2563", code=f"30201-{2100 + n}",
                            name_th=f"การบัญชีขั้นสูงเพื่อการวิเคราะห์งบการเงิน {n}", group="voc_specific", kind="basic",
                            theory_hours=2, practice_hours=2, credits=Decimal(3)) for n in range(1, 5)]
        db.session.add_all(subjects)
        for n, (year, level) in enumerate(((2568, "pvs1"), (2569, "pvs2"))):
            ay = db.session.query(AcademicYear).filter_by(year=year).one()
            room = Classroom(school=college, academic_year=ay, level=level, room=9)
            db.session.add_all([room, Enrollment(student=student, classroom=room, number=1)])
            db.session.flush()
            for term_number, subject in zip((1, 2), subjects[2 * n:2 * n + 2]):
                term = db.session.query(Term).filter_by(academic_year_id=ay.id, number=term_number).one()
                result = Result(student=student, subject=subject, term_id=term.id, level=level, classroom_id=room.id)
                db.session.add(result)
                enter_result(result, score="77")
        db.session.commit()
        sid = student.id
    pdf = issued_pdf(api, "vocational.rb1_pvs", student_id=sid)
    text = text_of(pdf)
    assert page_count(pdf) == 2
    assert "รบ.1 ปวส. (2563)" in text and flat("หลักสูตรประกาศนียบัตรวิชาชีพชั้นสูง พุทธศักราช 2563") in flat(text)
    assert "30201-2101" in text and "2-2-3 3.5" in " ".join(text.split())
    assert re.search(r"หมวดวิชาสมรรถนะวิชาชีพ\s*56\s*12\s*12", text)  # the ปวส. minimum beside what was earned
    assert issue(api, "vocational.cert_pvs", student_id=sid).status_code == 422  # not a graduate yet
    with demo_app.app_context():
        graduate = db.session.get(Student, sid)
        graduate.status, graduate.status_date = "graduated", dt.date(2026, 11, 20)
        db.session.commit()
    certificate = pdftotext(issued_pdf(api, "vocational.cert_pvs", student_id=sid))
    assert "ประกาศนียบัตรวิชาชีพชั้นสูง" in certificate and "กมลชนก" in certificate
    assert "ค่าระดับคะแนนเฉลี่ยสะสม ๓.๕๐" in certificate


def test_many_subjects_still_fit_both_sides(demo_app, api):
    """Twelve more subjects with long names in each of a ปวช.2 student's terms: the type gets smaller,
    รบ.1 stays two sides, no subject is lost."""
    from decimal import Decimal

    from lsq_core.models import Result, Subject
    from lsq_core.results_service import enter_result

    sid = student_id(demo_app, "682010")
    added = []
    with demo_app.app_context():
        student = db.session.get(Student, sid)
        terms = sorted({(r.term_id, r.level, r.classroom_id) for r in db.session.query(Result).filter_by(
            student_id=sid)})
        for n, (term_id, level, classroom_id) in enumerate(terms):
            for k in range(12):
                code = f"20201-9{n}{k:02d}"
                subject = Subject(school_id=student.school_id, curriculum="pvc_2562", code=code,
                                  name_th=f"การประยุกต์ใช้โปรแกรมสำเร็จรูปเพื่องานบัญชีและการเงินขั้นสูง {n}{k}",
                                  group="voc_elective", kind="additional", theory_hours=1, practice_hours=4,
                                  credits=Decimal(3))
                db.session.add(subject)
                db.session.flush()
                result = Result(student=student, subject=subject, term_id=term_id, level=level,
                                classroom_id=classroom_id)
                db.session.add(result)
                enter_result(result, score="71")
                added.append(code)
        db.session.commit()
    pdf = issued_pdf(api, "vocational.rb1_pvc", student_id=sid)
    text = text_of(pdf)
    assert page_count(pdf) == 2
    assert not [code for code in added if code not in text]
    assert "ค่าระดับคะแนนเฉลี่ยสะสม" in text


def test_a_class_s_transcripts_in_the_background(demo_app, api):
    """รบ.1 for a whole ปวช.2 class through the same bulk-documents job as a school's: one each, two sides."""
    from lsq_core.models import Classroom, Enrollment
    from tests.test_jobs import pages, wait_for

    with demo_app.app_context():
        classroom = (db.session.query(Classroom).join(AcademicYear).join(School)
                     .filter(School.code == COLLEGE, Classroom.level == "pvc2", Classroom.room == 1,
                             AcademicYear.year == 2569).one())
        classroom_id = classroom.id
        size = db.session.query(Enrollment).filter_by(classroom_id=classroom_id).count()
    client = api(REGISTRAR)
    started = client.post("/api/v1/job/", json={"kind": "bulk_documents", "type": "vocational.rb1_pvc",
                                                "classroom_id": classroom_id})
    assert started.status_code == 202, started.json
    answer = wait_for(client, started.json["status_url"])
    assert answer["status"] == "done", answer["message"]
    assert answer["message"] == f"ออกระเบียนแสดงผลการเรียน (รบ.1 ปวช.) แล้ว {size} ฉบับ"
    merged = client.get(answer["files"]["pdf"])
    assert merged.status_code == 200 and pages(merged.data) == 2 * size

"""ปพ.1: the transcript of one stage, two sides, and a student with many subjects still fits."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from lsq_core.documents.engine import page_count
from lsq_core.extensions import db
from lsq_core.models import Classroom, Enrollment, Result, School, Student, Subject
from lsq_core.record import build_records
from lsq_core.results_service import enter_result
from tests.conftest import Api
from tests.test_documents import pdftotext

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def student_at(app, level, school_code="8100202"):
    with app.app_context():
        return (db.session.query(Student.id).join(Enrollment).join(Classroom).join(School)
                .filter(School.code == school_code, Classroom.level == level)
                .order_by(Classroom.academic_year_id.desc(), Student.id).first()[0])


def issue_pp1(app, student_id) -> bytes:
    rest = Api(app.test_client(), "registrar_b")
    issued = rest.post("/api/v1/document/", json={"type": "basic_ed.pp1", "student_id": student_id})
    assert issued.status_code == 201, issued.json
    return rest.get(f"/api/v1/document/{issued.json['id']}/pdf").data


def flat(text: str) -> str:
    """pdftotext's words without the line breaks a narrow cell puts between them."""
    return "".join(text.split())


def raw_text(pdf: bytes) -> str:
    """The text in drawing order: a cell's lines stay together (the layout mode interleaves side-by-side cells)."""
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_upper_secondary_transcript_reports_its_stage_on_two_pages(fresh_app):
    app = fresh_app
    student_id = student_at(app, "m4")
    with app.app_context():  # a ม.3 result from the year before: it belongs to ปพ.1:บ, not to this ปพ.1:พ
        student = db.session.get(Student, student_id)
        earlier = db.session.query(Result).join(Student).filter(Student.school_id == student.school_id,
                                                                Result.level == "m3").first()
        lower = Result(student=student, subject=earlier.subject, term_id=earlier.term_id, level="m3",
                       classroom_id=earlier.classroom_id)
        db.session.add(lower)
        enter_result(lower, score="52")
        db.session.commit()
        lower_code = earlier.subject.code
    pdf = issue_pp1(app, student_id)
    text = pdftotext(pdf)
    assert page_count(pdf) == 2
    assert "ปพ.1 : พ" in text and "ระดับมัธยมศึกษาตอนปลาย" in text
    with app.app_context():
        whole = build_records(db.session, [student_id])[student_id]
        stage = build_records(db.session, [student_id], levels=("m4", "m5", "m6"))[student_id]
    upper = {r["subject_code"] for t in whole["terms"] if t["level"] == "m4" for r in t["results"]}
    assert upper and all(code in text for code in upper)  # the text layer gives every code back
    assert lower_code not in text
    assert stage["gpax"] != whole["gpax"]
    assert re.search(rf"ผลการเรียนเฉลี่ยตลอดหลักสูตร[0-9.]+{re.escape(stage['gpax'])}", flat(raw_text(pdf)))


def test_lower_secondary_and_primary_variants(demo_app):
    for level, form, stage in (("m3", "ปพ.1 : บ", "ระดับมัธยมศึกษาตอนต้น"),):
        text = pdftotext(issue_pp1(demo_app, student_at(demo_app, level)))
        assert form in text and flat(stage) in flat(text) and "ภาคเรียนที่2" in flat(text)
    rest = Api(demo_app.test_client(), "registrar_a")
    with demo_app.app_context():
        primary = student_at(demo_app, "p6", school_code="8100201")
    issued = rest.post("/api/v1/document/", json={"type": "basic_ed.pp1", "student_id": primary})
    assert issued.status_code == 201, issued.json
    text = raw_text(rest.get(f"/api/v1/document/{issued.json['id']}/pdf").data)
    assert "ปพ.1 : ป" in text and "ระดับประถมศึกษา" in text and "เวลาเรียน(ชม.)" in flat(text)


def test_many_subjects_still_fit_both_sides(fresh_app):
    """Twelve extra subjects each term (25 a term): the type gets smaller, the form stays two pages,
    nothing is lost."""
    app = fresh_app
    student_id = student_at(app, "m6")
    with app.app_context():
        student = db.session.get(Student, student_id)
        results = db.session.query(Result).filter_by(student_id=student_id).all()
        terms = sorted({(r.term_id, r.level, r.classroom_id) for r in results})
        added = []
        for n, (term_id, level, classroom_id) in enumerate(terms):
            for k in range(12):
                code = f"{'วส'[k % 2]}3{n}{k:03d}"
                subject = Subject(school_id=student.school_id, curriculum="basic_2551", code=code,
                                  name_th=f"วิชาเพิ่มเติมเพื่อการศึกษาค้นคว้าด้วยตนเอง {n}-{k}", group=code[0],
                                  kind="additional", credits=1, hours=40)
                db.session.add(subject)
                db.session.flush()
                result = Result(student=student, subject=subject, term_id=term_id, level=level,
                                classroom_id=classroom_id)
                db.session.add(result)
                enter_result(result, score="75")
                added.append(code)
        db.session.commit()
    pdf = issue_pp1(app, student_id)
    text = pdftotext(pdf)
    assert page_count(pdf) == 2
    missing = [code for code in added if code not in text]
    assert not missing, missing
    assert "ผลการเรียนเฉลี่ยตลอดหลักสูตร" in text


def test_three_thai_properties_on_a_rendered_transcript(demo_app):
    """Marks shaped, the text layer equal to the source, words not cut: on a real ปพ.1."""
    student_id = student_at(demo_app, "m6")
    pdf = issue_pp1(demo_app, student_id)
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for phrase in ("ระเบียนแสดงผลการเรียนหลักสูตรแกนกลางการศึกษาขั้นพื้นฐาน", "ผลการประเมินกิจกรรมพัฒนาผู้เรียน",
                   "คุณลักษณะอันพึงประสงค์", "ผลการเรียนเฉลี่ยตลอดหลักสูตร", "ผู้อำนวยการ", "กิจกรรมแนะแนว"):
        assert flat(phrase) in flat(raw_text(pdf)), phrase
    # long subject names wrap between words inside their cells: no line ends inside a word
    with demo_app.app_context():
        record = build_records(db.session, [student_id], levels=("m4", "m5", "m6"))[student_id]
    from lsq_core.documents import thai

    names = {r["subject_code"]: r["subject_name"] for t in record["terms"] for r in t["results"]}
    # drawing order puts a row's cells of all three columns on one line: "<code> <first line of the
    # name> <credits> <grade>"; what follows on the next row is the rest of a long name
    text = " ".join(raw.split())
    checked = 0
    for code, name in names.items():
        found = re.search(re.escape(code) + r" (.+?) \d+(?:\.\d)? (?:[0-4](?:\.5)?|ร|มส|ผ|มผ) ", text)
        assert found, code
        shown = found.group(1)
        if shown == name:
            continue
        # the cell wrapped this name: its first line must end at a word boundary, never inside a word
        assert name.startswith(shown), (shown, name)
        words = thai.segment(name, sep="|").split("|")
        boundaries = {len("".join(words[:i])) for i in range(1, len(words))}
        cut = len(shown)
        assert cut in boundaries or " " in name[cut - 1:cut + 1], (shown, name, words)
        checked += 1
    assert checked >= 5  # the demo's long names do wrap in the 6 cm columns


def test_report_card_of_the_latest_year(demo_app):
    """ปพ.6: the latest year's subjects term by term, with the term and year GPAs the record gives."""
    student_id = student_at(demo_app, "m5")
    rest = Api(demo_app.test_client(), "registrar_b")
    issued = rest.post("/api/v1/document/", json={"type": "basic_ed.pp6", "student_id": student_id})
    assert issued.status_code == 201, issued.json
    assert issued.json["serial"] is None  # a school-defined form: no controlled number
    text = flat(raw_text(rest.get(f"/api/v1/document/{issued.json['id']}/pdf").data))
    with demo_app.app_context():
        record = build_records(db.session, [student_id])[student_id]
    latest = [t for t in record["terms"] if t["academic_year"] == 2569]
    assert "แบบรายงานผลการพัฒนาคุณภาพผู้เรียนรายบุคคล" in text and "ปีการศึกษา2569" in text
    assert all(r["subject_code"] in text for t in latest for r in t["results"] if r["kind"] != "activity")
    assert all(flat(r["subject_name"]) in text for t in latest for r in t["results"] if r["kind"] == "activity")
    older = {r["subject_code"] for t in record["terms"] if t["academic_year"] == 2568 for r in t["results"]
             if r["kind"] != "activity"}
    assert not any(code in text for code in older)
    year_gpa = next(y["gpa"] for y in record["years"] if y["academic_year"] == 2569)
    assert f"ผลการเรียนเฉลี่ยปีการศึกษา2569:{year_gpa}" in text


def test_names_are_kept_whole_on_their_page_only():
    """The breaker keeps the page's names whole (not คลอง|จิ|หลา|ด) while that page renders, and
    forgets them after, so one document's names never change how another's text breaks."""
    from lsq_core.documents import thai
    from lsq_core.documents.issuing import name_words

    school = "โรงเรียนบ้านทุ่งจิหลาด"
    words = name_words([school, "นายนันทพงศ์ ขุนทอง", "องค์การบริหารส่วนจังหวัดกระบี่"])
    assert {"บ้านทุ่งจิหลาด", "นันทพงศ์", "ขุนทอง"} <= words and "องค์การบริหารส่วนจังหวัดกระบี่" not in words
    assert "หลา|ด" in thai.segment(school, sep="|")
    with thai.words_kept_whole(words):
        assert thai.segment(school, sep="|").split("|")[-1] == "บ้านทุ่งจิหลาด"
        assert thai.segment("นายนันทพงศ์ ขุนทอง", sep="|").startswith("นาย|นันทพงศ์ ")
    assert "หลา|ด" in thai.segment(school, sep="|")

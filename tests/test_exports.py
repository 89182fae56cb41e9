"""Exports (lsq_core.exports): the GPAX file for university admission over the 5- and 6-term
windows with per-area GPA, the Ministry's GPA text file, student lists and results, the
command line, the screen and the REST endpoint.

The GPAX figures are checked against values worked out by hand on a small school built
here (the sums are written out beside each figure), including truncation: 2.2962… is
2.29, where rounding would give 2.30.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from openpyxl import load_workbook

from lsq_core.cli import main_group
from lsq_core.exports import ExportError, run
from lsq_core.extensions import db
from lsq_core.models import AcademicYear, Classroom, Enrollment, LocalAuthority, Result, School, Student, Subject
from lsq_core.models.org import Term

CODE = "8100298"  # a school of เทศบาลเมืองกระบี่ (81002), lao_officer's LAO
MOE = "3081020198"

#: (student number, level in 2569, {(year, term): [(group, kind, credits, grade)]})
TERMS = {(2567, 1): "m4", (2567, 2): "m4", (2568, 1): "m5", (2568, 2): "m5", (2569, 1): "m6", (2569, 2): "m6"}
STUDENT_A = {
    (2567, 1): [("ท", "basic", "1.0", "4"), ("ค", "basic", "1.5", "3")],
    (2567, 2): [("ท", "basic", "1.0", "3.5"), ("ค", "basic", "1.5", "2")],
    (2568, 1): [("ว", "basic", "1.0", "2.5"), ("ค", "additional", "1.0", "1"), ("กิจกรรม", "activity", None, "ผ")],
    (2568, 2): [("ว", "basic", "1.0", "3"), ("อ", "basic", "1.0", "2.5")],
    (2569, 1): [("จ", "additional", "0.5", "4"), ("ท", "basic", "1.0", "1.5")],
    (2569, 2): [("ค", "additional", "2.0", "4"), ("ท", "basic", "1.0", "0")],
}
STUDENT_B = {  # five terms only: ม.6/2 not yet decided
    (2567, 1): [("ท", "basic", "1.5", "2"), ("ค", "basic", "1.5", "2.5")],
    (2567, 2): [("ท", "basic", "1.5", "2.5"), ("ค", "basic", "1.5", "2")],
    (2568, 1): [("ว", "basic", "1.5", "2"), ("ส", "basic", "1.5", "2.5")],
    (2568, 2): [("ว", "basic", "1.5", "2.5"), ("ส", "basic", "1.5", "2")],
    (2569, 1): [("อ", "basic", "1.0", "2.5"), ("พ", "basic", "0.5", "3")],
}
STUDENT_C = {(2569, 1): [("ท", "basic", "1.0", "4")]}  # ม.5 in 2569: not in the ม.6 file


def valid_id(first12: str) -> str:
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10
    return first12 + str(check)


@pytest.fixture(scope="module")
def school_built(demo_app):
    """A small school: two ม.6 students with results in every upper-secondary term, one ม.5."""
    from lsq_core.results_service import apply_evaluation, scale_for

    with demo_app.app_context(), db.session.no_autoflush:
        authority = db.session.query(LocalAuthority).filter_by(code="81002").one()
        school = School(code=CODE, moe_code=MOE, name_th="โรงเรียนเทศบาลทดสอบส่งออก", authority=authority,
                        education_types="basic", levels="m4,m5,m6")
        years = {ay.year: ay for ay in db.session.query(AcademicYear)}
        terms = {(t.academic_year.year, t.number): t for t in db.session.query(Term)}
        rooms = {}
        for year, level in {(2567, "m4"), (2568, "m5"), (2569, "m6"), (2569, "m5")}:
            rooms[(year, level)] = Classroom(school=school, academic_year=years[year], level=level, room=1)
        subjects: dict[tuple, Subject] = {}
        students = {}
        for seq, (number, levels, plan) in enumerate((("T001", "m6", STUDENT_A), ("T002", "m6", STUDENT_B),
                                                      ("T003", "m5", STUDENT_C)), start=1):
            student = Student(school=school, education_type="basic", student_number=number,
                              national_id=valid_id(f"11037000000{seq}"), first_name=f"ทดสอบ{seq}",
                              last_name="ส่งออก", sex="M" if seq != 2 else "F", birth_date=dt.date(2008, 5, seq),
                              status="studying")
            students[number] = student
            enrolled = set()
            for (year, term_no), rows in plan.items():
                level = TERMS[(year, term_no)] if levels == "m6" else "m5"
                classroom = rooms[(year, level)]
                if classroom not in enrolled:
                    db.session.add(Enrollment(student=student, classroom=classroom, number=seq))
                    enrolled.add(classroom)
                for index, (group, kind, credits, grade) in enumerate(rows):
                    key = (group, kind, credits, year, term_no, index)  # a subject's credits are its own
                    if key not in subjects:
                        code = f"{group}3{len(subjects):04d}" if kind != "activity" else f"ก3{len(subjects):04d}"
                        subjects[key] = Subject(school=school, curriculum="basic_2551", code=code,
                                                name_th=f"วิชา {group} {year}/{term_no}", group=group, kind=kind,
                                                credits=Decimal(credits) if credits else None,
                                                hours=int(Decimal(credits) * 40) if credits else 20)
                    subject = subjects[key]
                    result = Result(student=student, subject=subject, term=terms[(year, term_no)],
                                    classroom=classroom, level=level, grade=grade)
                    result.student, result.subject = student, subject
                    scale = scale_for(subject)
                    apply_evaluation(result, scale, scale.policy(school))
                    db.session.add(result)
        db.session.add(school)
        db.session.commit()
        ids = {number: s.id for number, s in students.items()}
    return ids  # outside the app context: requests must each get their own (and their own g)


def export(app, identifier, options, code=CODE):
    with app.app_context():
        school = db.session.query(School).filter_by(code=code).one()
        return run(identifier, db.session, [school], options)


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads the Thai
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_core_exporters_come_through_the_hook(demo_app):
    state = demo_app.extensions["lsq"]
    assert state.exporters.identifiers()[:4] == ["lsq.gpax", "lsq.moe_gpa", "lsq.students", "lsq.results"]
    assert set(state.exporters.contributed_by("lsq_core.exports")) >= {"lsq.gpax", "lsq.results"}
    assert "lsq_core.exports" in [info.name for info in state.plugins.plugins()]


def test_gpax_5_terms_exact(demo_app, school_built):
    name, data = export(demo_app, "lsq.gpax", {"terms": "5"})
    assert name == f"GPAX30_{MOE}_2569_5terms.csv"
    rows = csv_rows(data)
    assert len(rows[0]) == 34
    assert [r["เลขประจำตัวนักเรียน"] for r in rows] == ["T001", "T002"]  # the ม.5 student is not in it
    a, b = rows
    assert (a["รหัสสังกัด"], a["รหัสสถานศึกษา (10 หลัก)"], a["ชั้น"], a["ปีการศึกษา"]) == ("30", MOE, "ม.6", "2569")
    # A, ม.4/1 … ม.6/1: Σ points × credits = 8.5 + 6.5 + 3.5 + 5.5 + 3.5 = 27.5 over 10.5 credits = 2.619…
    assert (a["GPAX"], a["หน่วยกิตรวม"], a["จำนวนภาคเรียนที่มีผลการเรียน"]) == ("2.61", "10.5", "5")
    assert a["GPA ภาษาไทย"] == "3.00"  # (4 + 3.5 + 1.5) / 3.0
    assert a["GPA คณิตศาสตร์"] == "2.12"  # (4.5 + 3 + 1) / 4.0 = 2.125: truncated, not 2.13
    assert a["หน่วยกิต คณิตศาสตร์"] == "4.0"
    assert a["GPA วิทยาศาสตร์และเทคโนโลยี"] == "2.75"  # (2.5 + 3) / 2.0
    assert a["GPA ภาษาต่างประเทศ"] == "3.00"  # อ 2.5 × 1.0 + จ 4 × 0.5 = 4.5 over 1.5 credits
    assert a["GPA ศิลปะ"] == "" and a["หน่วยกิต ศิลปะ"] == ""  # no arts studied
    # B: 31 / 13.5 = 2.2962…: 2.29 (rounding would say 2.30)
    assert b["GPAX"] == "2.29" and b["หน่วยกิตรวม"] == "13.5"
    assert [b[f"GPA {n}"] for n in ("ภาษาไทย", "คณิตศาสตร์", "วิทยาศาสตร์และเทคโนโลยี", "สังคมศึกษาฯ",
                                    "สุขศึกษาและพลศึกษา", "ภาษาต่างประเทศ")] == \
        ["2.25", "2.25", "2.25", "2.25", "3.00", "2.50"]
    assert b["เพศ (1 ชาย 2 หญิง)"] == "2" and b["วันเกิด (วว/ดด/ปปปป พ.ศ.)"] == "02/05/2551"


def test_gpax_6_terms_exact_and_excel(demo_app, school_built):
    name, data = export(demo_app, "lsq.gpax", {"terms": "6", "format": "xlsx"})
    assert name == f"GPAX30_{MOE}_2569_6terms.xlsx"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0])
    a, b = (dict(zip(headers, row)) for row in rows[1:])
    # A adds ม.6/2: ค 4 × 2.0 + ท 0 × 1.0 → 35.5 / 13.5 = 2.629…
    assert (a["GPAX"], a["หน่วยกิตรวม"], a["จำนวนภาคเรียนที่มีผลการเรียน"]) == (2.62, 13.5, 6)
    assert a["GPA ภาษาไทย"] == 2.25  # 9 / 4.0
    assert a["GPA คณิตศาสตร์"] == 2.75  # 16.5 / 6.0
    assert a["เลขประจำตัวประชาชน"] == valid_id("110370000001")  # text, not a number
    # B has no ม.6/2 yet: the file says 5 terms were counted, over which GPAX is still 2.29
    assert (b["GPAX"], b["จำนวนภาคเรียนที่มีผลการเรียน"], b["จำนวนภาคเรียนที่ขอ"]) == (2.29, 5, 6)


def test_gpax_agrees_with_the_student_record(demo_app, school_built):
    from lsq_core.record import build_records

    with demo_app.app_context():
        records = build_records(db.session, [school_built["T001"], school_built["T002"]])
    a, b = records[school_built["T001"]], records[school_built["T002"]]
    assert (a["gpax_5_terms"], a["gpax_6_terms"], b["gpax_5_terms"]) == ("2.61", "2.62", "2.29")


def test_moe_gpa_text_file(demo_app, school_built):
    name, data = export(demo_app, "lsq.moe_gpa", {"terms": "5"})
    assert name == f"GPAX30_{MOE}_462569_1.txt"
    lines = data.decode("utf-8").split("\r\n")
    assert lines[-1] == "" and len(lines) == 3  # one line per ม.6 student, CRLF, no header
    a = lines[0].split("|")
    assert a == ["30", MOE, valid_id("110370000001"), "นาย", "ทดสอบ1", "ส่งออก", "1", "01/05/2551", "ม.6", "2569",
                 "5", "10.5", "2.61", "3.00", "2.12", "2.75", "", "", "", "", "3.00"]
    name, _ = export(demo_app, "lsq.moe_gpa", {"terms": "6"})
    assert name.endswith("_462569_2.txt")
    demo_app.config["MOE_GPA_ENCODING"] = "cp874"
    try:
        _, data = export(demo_app, "lsq.moe_gpa", {})
    finally:
        demo_app.config["MOE_GPA_ENCODING"] = "utf-8"
    assert data.decode("cp874").split("\r\n")[1].split("|")[12] == "2.29"


def test_fields_and_file_name_are_configurable(demo_app, school_built):
    demo_app.config.update(GPAX_FIELDS=["national_id", "gpax", "gpa_ค"], GPAX_FILENAME="tcas-{code}-{terms}.{ext}")
    try:
        name, data = export(demo_app, "lsq.gpax", {"terms": "5"})
        assert name == f"tcas-{CODE}-5.csv"
        assert data.decode("utf-8-sig").splitlines() == [
            "เลขประจำตัวประชาชน,GPAX,GPA คณิตศาสตร์", f"{valid_id('110370000001')},2.61,2.12",
            f"{valid_id('110370000002')},2.29,2.25"]
        demo_app.config["GPAX_FIELDS"] = ["gpax", "shoe_size"]
        with pytest.raises(ExportError, match="GPAX_FIELDS มีช่องที่ไม่รู้จัก: shoe_size"):
            export(demo_app, "lsq.gpax", {})
    finally:
        demo_app.config.update(GPAX_FIELDS=None, GPAX_FILENAME=None)


def test_bad_options_and_schools_without_m6(demo_app, school_built):
    with pytest.raises(ExportError, match="ต้องเป็น 5, 6"):
        export(demo_app, "lsq.gpax", {"terms": "4"})
    with pytest.raises(ExportError, match="ไม่มีแบบ|ต้องเป็น csv, xlsx"):
        export(demo_app, "lsq.gpax", {"format": "pdf"})
    with pytest.raises(ExportError, match="ไม่มีตัวเลือก colour"):
        export(demo_app, "lsq.students", {"colour": "red"})
    with pytest.raises(ExportError, match="ใช้กับ 8100301 .* ไม่ได้ \\(สำหรับสถานศึกษาการศึกษาขั้นพื้นฐาน.* ม.6"):
        export(demo_app, "lsq.gpax", {}, code="8100301")  # a primary school
    with demo_app.app_context():  # a school that offers ม.6 but has no ม.6 class yet
        school = db.session.query(School).filter_by(code="8100201").one()
        levels, school.levels = school.levels, school.levels + ",m6"
        try:
            with pytest.raises(ExportError, match="8100201 .* ไม่มีห้องเรียนชั้น ม.6"):
                run("lsq.gpax", db.session, [school], {})
        finally:
            db.session.rollback()
            assert school.levels == levels
    with pytest.raises(ExportError, match="ไม่มีผู้เรียนชั้น ม.6 หรือ ปวช.3 ในปีการศึกษา 2560"):
        export(demo_app, "lsq.gpax", {"year": "2560"})
    with pytest.raises(ExportError, match="ใช้กับ 8100101"):
        export(demo_app, "lsq.moe_gpa", {}, code="8100101")  # the Ministry's file is basic education's


def test_gpax_of_a_colleges_pvc3_applicants(demo_app):
    """ปวช. students apply through TCAS too: their 5-term GPAX runs ปวช.1/1 – ปวช.3/1."""
    from lsq_core import gpa as G
    from lsq_core.models import Student, Term

    name, data = export(demo_app, "lsq.gpax", {"terms": "5"}, code="8100101")
    assert name.endswith("_2569_5terms.csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 50 and {row["ชั้น"] for row in rows} == {"ปวช.3"}
    with demo_app.app_context():
        student = db.session.query(Student).filter_by(student_number="671004").one()
        order = {t.id: (t.academic_year.year, t.number) for t in db.session.query(Term)}
        sums = G.term_sums(db.session, [student.id])
        first_five = sorted((term for sid, term in sums if sid == student.id), key=order.get)[:5]
        expected = G.window_gpa(sums, student.id, first_five)
    row = next(row for row in rows if row["เลขประจำตัวนักเรียน"] == "671004")
    assert row["GPAX"] == str(expected) and row["จำนวนภาคเรียนที่มีผลการเรียน"] == "5"


def test_student_list_and_results(demo_app, school_built):
    name, data = export(demo_app, "lsq.students", {"format": "csv"})
    assert name == f"students-{CODE}-2569.csv"
    rows = csv_rows(data)
    assert [(r["ชั้น"], r["ห้อง"], r["เลขที่"], r["เลขประจำตัวนักเรียน"], r["เพศ"]) for r in rows] == [
        ("ม.5", "1", "3", "T003", "ชาย"), ("ม.6", "1", "1", "T001", "ชาย"), ("ม.6", "1", "2", "T002", "หญิง")]
    name, data = export(demo_app, "lsq.results", {"format": "xlsx"})
    assert name == f"results-{CODE}.xlsx"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = sum(len(r) for plan in (STUDENT_A, STUDENT_B, STUDENT_C) for r in plan.values())
    assert len(rows) == 1 + expected
    first = dict(zip(rows[0], rows[1]))
    assert (first["เลขประจำตัวนักเรียน"], first["ปีการศึกษา"], first["ภาคเรียน"], first["ชั้น"], first["กลุ่มสาระ"],
            first["หน่วยกิต"], first["ผลการเรียน"]) == ("T001", 2567, 1, "ม.4", "ค", 1.5, "3")  # ค before ท
    _, data = export(demo_app, "lsq.results", {"format": "csv", "year": "2569"})
    assert {r["ปีการศึกษา"] for r in csv_rows(data)} == {"2569"}
    assert len(csv_rows(data)) == 4 + 2 + 1


def test_cli_export_gpax_and_run(demo_app, school_built, tmp_path):
    runner = CliRunner()
    info = ScriptInfo(create_app=lambda: demo_app)
    out = tmp_path / "g.xlsx"
    result = runner.invoke(main_group, ["export", "gpax", "--school", CODE, "--terms", "6", "-o", str(out)], obj=info)
    assert result.exit_code == 0, result.output
    assert f"GPAX30_{MOE}_2569_6terms.xlsx" in result.output
    rows = list(load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert dict(zip(rows[0], rows[1]))["GPAX"] == 2.62
    out = tmp_path / "list.csv"
    result = runner.invoke(main_group, ["export", "run", "lsq.students", "--school", CODE, "-o", str(out),
                                        "--option", "year=2569"], obj=info)
    assert result.exit_code == 0, result.output
    assert len(csv_rows(out.read_bytes())) == 3
    result = runner.invoke(main_group, ["export", "gpax", "--school", "8100301", "-o", str(out)], obj=info)
    assert result.exit_code != 0 and "ใช้กับ 8100301" in result.output  # a primary school
    result = runner.invoke(main_group, ["export", "run", "nope", "--school", CODE, "-o", str(out)], obj=info)
    assert result.exit_code != 0 and "ไม่มีตัวส่งออก nope" in result.output
    result = runner.invoke(main_group, ["export", "list"], obj=info)
    assert "lsq.gpax" in result.output and "terms=5|6" in result.output


def test_lsq_export_gpax_as_a_process(demo_app, school_built, tmp_path):
    """The installed `lsq` command, in its own process, on the test database."""
    out = tmp_path / "gpax.csv"
    env = {**os.environ, "LSQ_DATABASE_URL": demo_app.config["SQLALCHEMY_DATABASE_URI"],
           "LSQ_INSTANCE_PATH": demo_app.config["INSTANCE_PATH"], "LSQ_SECRET_KEY": demo_app.config["SECRET_KEY"]}
    lsq = Path(sys.executable).parent / "lsq"
    done = subprocess.run([str(lsq), "export", "gpax", "--school", CODE, "--terms", "5", "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [(r["เลขประจำตัวนักเรียน"], r["GPAX"]) for r in csv_rows(out.read_bytes())] == [("T001", "2.61"),
                                                                                        ("T002", "2.29")]


# --- the screen and the REST endpoint ---------------------------------------------------------


def school_id(app, code):
    with app.app_context():
        return db.session.query(School).filter_by(code=code).one().id


def test_screen_lists_exporters_and_downloads(demo_app, school_built, web):
    client = web("lao_officer")
    page = client.get("/exports/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'id="export-school"' in body and CODE in body and "8100102" not in body  # only their LAO's schools
    own = school_id(demo_app, CODE)
    page = client.get(f"/exports/?school_id={own}").get_data(as_text=True)
    assert 'id="exporter-lsq-gpax"' in page and "GPAX" in page
    primary = client.get(f"/exports/?school_id={school_id(demo_app, '8100201')}").get_data(as_text=True)
    assert 'id="exporter-lsq-students"' in primary and 'id="exporter-lsq-gpax"' not in primary  # no ม.6 there
    got = client.get(f"/exports/download/lsq.gpax?school_id={own}&format=csv&terms=5&year=")
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    assert f"GPAX30_{MOE}_2569_5terms.csv" in got.headers["Content-Disposition"]
    assert [r["GPAX"] for r in csv_rows(got.data)] == ["2.61", "2.29"]
    refused = client.get(f"/exports/download/lsq.gpax?school_id={own}&terms=7", follow_redirects=True)
    assert refused.status_code == 200 and "ต้องเป็น 5, 6" in refused.get_data(as_text=True)
    other = school_id(demo_app, "8100102")  # the PAO's school: not this officer's
    assert client.get(f"/exports/?school_id={other}").status_code == 404
    assert client.get(f"/exports/download/lsq.gpax?school_id={other}").status_code == 404
    assert client.get(f"/exports/download/lsq.nope?school_id={own}").status_code == 404


def test_rest_export(demo_app, school_built, api):
    client = api("lao_officer")
    listing = client.get("/api/v1/export/")
    assert listing.status_code == 200
    assert {e["identifier"] for e in listing.json["exporters"]} >= {"lsq.gpax", "lsq.moe_gpa", "lsq.students"}
    assert set(listing.json["schools"]) == {"8100201", "8100202", CODE}
    got = client.get(f"/api/v1/export/lsq.gpax?school={CODE}&terms=6")
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert [r["GPAX"] for r in csv_rows(got.data)] == ["2.62", "2.29"]
    bad = client.get(f"/api/v1/export/lsq.gpax?school={CODE}&terms=9")
    assert bad.status_code == 400 and "ต้องเป็น 5, 6" in bad.json["message"]
    assert client.get(f"/api/v1/export/lsq.nope?school={CODE}").status_code == 404
    outside = api("lao_officer_pao").get(f"/api/v1/export/lsq.gpax?school={CODE}")
    assert outside.status_code == 404 and CODE in outside.json["message"]
    assert api("registrar_b").get(f"/api/v1/export/lsq.students?school={CODE}").status_code == 404
    assert api("teacher_a").get("/api/v1/export/").status_code == 403
    assert api("dla_admin").get(f"/api/v1/export/lsq.students?school={CODE}").status_code == 200


def test_a_plugin_exporter_is_offered_and_run(tmp_path):
    """An exporter from a drop-in plugin shows on the screen and runs like the core's."""
    from tests.conftest import built_app, web_login
    from tests.test_plugins import write_plugin

    folder = write_plugin(tmp_path / "dropins", "class_sizes", """
        from lsq_core.exports import Exporter, table_bytes
        from lsq_core.plugins import hookimpl

        class SchoolCard(Exporter):
            def export(self, session, schools, options):
                kind = self.kind(options)
                rows = [[s.code, s.name_th, len(s.level_list)] for s in schools]
                return f"card-{schools[0].code}.{kind}", table_bytes(kind, "บัตร", ["รหัส", "ชื่อ", "ชั้น"], rows)

        @hookimpl
        def lsq_register_exporters(registry):
            registry.add(SchoolCard(identifier="class_sizes.card", name_th="บัตรสถานศึกษา", kinds=("csv",)))
    """)
    with built_app(tmp_path, PLUGINS_DIR=str(folder)) as app:
        assert app.extensions["lsq"].exporters.identifiers()[-1] == "class_sizes.card"  # after the core's
        client = app.test_client()
        web_login(client, "registrar_a")
        assert "บัตรสถานศึกษา" in client.get("/exports/").get_data(as_text=True)
        own = school_id(app, "8100201")
        got = client.get(f"/exports/download/class_sizes.card?school_id={own}")
        assert got.status_code == 200 and "card-8100201.csv" in got.headers["Content-Disposition"]
        assert csv_rows(got.data)[0]["รหัส"] == "8100201"
        assert client.get(f"/exports/download/class_sizes.card?school_id={school_id(app, '8100202')}").status_code \
            == 404

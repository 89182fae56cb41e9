"""The transfer workbook (issue 6, parts 1–2): export, dry run, import, fuzz.

Every workbook here is built by the test itself from the schema's headers
(lsq_core.transfer.schema), so the tests also check that the template and the
reader agree. The import target is the demo's โรงเรียนเทศบาลบ้านท้ายช้าง (8200101, ป.1–ป.6),
with new students (T…) and ป.1 subjects that the demo does not have.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from openpyxl import Workbook, load_workbook

from lsq_core.cli import export_transfer_command, import_command
from lsq_core.extensions import db
from lsq_core.models import AuditEvent, Result, Student, Subject, TraitAssessment
from lsq_core.models.org import School
from lsq_core.models.results import ResultHistory
from lsq_core.transfer.export import write_workbook
from lsq_core.transfer.importer import import_workbook
from lsq_core.transfer.reader import dry_run, failed_rows_workbook
from lsq_core.transfer.schema import EXPLANATION_TITLE, SHEETS, SHEETS_BY_KEY

SCHOOL = "8200101"
THAI = re.compile(r"[\u0E00-\u0E7F]")


def nid(prefix12: str) -> str:
    """A valid national ID: 12 digits plus the check digit (domain/basic_ed.md §9.1)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(prefix12))
    return prefix12 + str((11 - total % 11) % 10)


def bad_check(prefix12: str) -> str:
    good = nid(prefix12)
    return good[:12] + str((int(good[12]) + 1) % 10)


def student(number, national_id, first="สมชาย", sex="ชาย", birth="15/06/2561", **extra):
    row = {"student_number": number, "national_id": national_id, "first_name": first, "last_name": "ใจดี",
           "sex": sex, "birth_date": birth}
    row.update(extra)
    return row


def clean_rows() -> dict[str, list[dict]]:
    return {
        "students": [
            student("T0001", nid("110370207183")),
            student("T0002", "๑-๑๐๓๗-๐๒๐๗๑-๘๔-" + nid("110370207184")[12], first="สมหญิง", sex="หญิง",
                    birth="2018-03-01"),  # Thai digits with dashes; ค.ศ. date
            student("T0003", "G644200000001", first="มะลิ", sex="F", birth="01/01/2561"),
        ],
        "classrooms": [{"year": 2568, "level": "ป.1", "room": 1, "homeroom_teacher": "ครูใจดี"}],
        "enrolments": [{"year": 2568, "level": "ป.1", "room": 1, "student_number": n, "number": i}
                       for i, n in enumerate(("T0001", "T0002", "T0003"), start=1)],
        "subjects": [
            {"code": "ท11101", "name_th": "ภาษาไทย", "curriculum": "basic_2551", "group": "ท", "kind": "พื้นฐาน",
             "hours": 200},
            {"code": "ค11101", "name_th": "คณิตศาสตร์", "curriculum": "basic_2551", "group": "ค", "kind": "basic",
             "hours": 200},
            {"code": "ก11901", "name_th": "แนะแนว", "curriculum": "basic_2551", "group": "กิจกรรม",
             "kind": "กิจกรรมพัฒนาผู้เรียน", "hours": 40, "activity_type": "แนะแนว"},
        ],
        "results": [
            {"student_number": "T0001", "subject_code": "ท11101", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "score": 85, "attendance": 100},
            {"student_number": "T0002", "subject_code": "ท11101", "year": "๒๕๖๘", "term": "๑", "level": "ป.1",
             "score": "๗๒.๕", "attendance": 95},
            {"student_number": "T0003", "subject_code": "ค11101", "year": 2025, "term": 1, "grade": "ร"},
        ],
        "activities": [{"student_number": "T0001", "subject_code": "ก11901", "year": 2568, "term": 1,
                        "level": "ป.1", "room": 1, "grade": "ผ"}],
        "reading": [{"student_number": "T0001", "year": 2568, "level_result": "ดีเยี่ยม"}],
        "characteristics": [{"student_number": "T0001", "year": 2568, "item": 0, "level_result": "ดี"},
                            {"student_number": "T0001", "year": 2568, "item": "มีวินัย", "level_result": "ผ่าน"}],
    }


def build(rows: dict[str, list[dict]] | None = None, drop: tuple[str, ...] = (), headers: dict | None = None,
          raw: dict[str, list[list]] | None = None) -> io.BytesIO:
    """A workbook as a registrar would fill the template: dict rows by column key, or raw cell lists."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        if sheet.title in drop:
            continue
        ws = wb.create_sheet(sheet.title)
        ws.append((headers or {}).get(sheet.key, sheet.headers))
        for row in (rows or {}).get(sheet.key, []):
            ws.append([row.get(c.key) for c in sheet.columns])
        for row in (raw or {}).get(sheet.key, []):
            ws.append(row)
    wb.create_sheet(EXPLANATION_TITLE)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def school():
    return db.session.query(School).filter_by(code=SCHOOL).one()


def counts(school_row):
    q = db.session.query
    return (q(Student).filter_by(school_id=school_row.id).count(),
            q(Subject).filter_by(school_id=school_row.id).count(),
            q(Result).join(Student).filter(Student.school_id == school_row.id).count(),
            q(TraitAssessment).join(Student).filter(Student.school_id == school_row.id).count(),
            q(AuditEvent).count(), q(ResultHistory).count())


# --- export -----------------------------------------------------------------------------------


def test_export_empty_and_filled_with_explanation(demo_app, tmp_path):
    with demo_app.app_context():
        target = db.session.query(School).filter_by(code="8100201").one()
        empty = io.BytesIO()
        assert set(write_workbook(empty, target, filled=False).values()) == {0}
        filled = tmp_path / "filled.xlsx"
        got = write_workbook(str(filled), target, filled=True)
        assert got["students"] == 100 and got["results"] > 1000 and got["activities"] > 0
        wb = load_workbook(filled, read_only=True)
        assert wb.sheetnames == [s.title for s in SHEETS] + [EXPLANATION_TITLE]
        for sheet in SHEETS:
            assert [c.value for c in next(wb[sheet.title].iter_rows(max_row=1))] == sheet.headers
        explained = {(r[0], r[1]) for r in wb[EXPLANATION_TITLE].iter_rows(min_row=2, values_only=True)}
        for sheet in SHEETS:  # every column is explained
            for column in sheet.columns:
                assert (sheet.title, column.header) in explained
        # what the system exported, it reads back clean
        report = dry_run(str(filled), target)
        assert report.ok, report.table()
        assert report.counts == got


def test_cli_export_and_dry_run(demo_app, tmp_path):
    runner = CliRunner()
    info = ScriptInfo(create_app=lambda: demo_app)
    out = tmp_path / "a.xlsx"
    result = runner.invoke(export_transfer_command, ["--school", "8100201", "-o", str(out)], obj=info)
    assert result.exit_code == 0, result.output
    result = runner.invoke(import_command, [str(out), "--school", "8100201", "--dry-run"], obj=info)
    assert result.exit_code == 0, result.output
    assert "ไม่พบข้อผิดพลาด" in result.output
    result = runner.invoke(export_transfer_command, ["--school", "nope", "-o", str(out)], obj=info)
    assert result.exit_code != 0 and "ไม่พบสถานศึกษา" in result.output


# --- the dry run with 20+ kinds of error -------------------------------------------------------

#: (sheet key, column key, cells to set on a copy of a clean row, Thai words the message contains)
ERRORS = [
    ("students", "national_id", {"national_id": bad_check("310370207183")}, "หลักตรวจสอบ"),
    ("students", "national_id", {"national_id": "11037020718"}, "13 หลัก"),
    ("students", "national_id", {"national_id": "G12"}, "รหัส G"),
    ("students", "first_name", {"first_name": None}, "กรุณากรอก"),
    ("students", "sex", {"sex": "X"}, "ต้องเป็นค่าใดค่าหนึ่ง"),
    ("students", "birth_date", {"birth_date": "31/02/2561"}, "ไม่มีวันที่นี้"),
    ("students", "birth_date", {"birth_date": "01/01/2600"}, "อนาคต"),
    ("students", "student_number", {"student_number": "T0001"}, "ซ้ำกับแถวที่"),
    ("students", "national_id", {"national_id": nid("110370207183")}, "ซ้ำกับแถวที่"),
    ("students", "status_date", {"status": "ย้ายออก"}, "กรุณาระบุวันที่"),
    ("students", "address", {"address": "ก" * 5000}, "ยาวเกิน"),
    ("classrooms", "level", {"level": "ม.4"}, "ไม่ได้เปิดสอน"),
    ("classrooms", "year", {"year": 2500}, "ไม่มีปีการศึกษา"),
    ("classrooms", "room", {"room": 150}, "ต้องอยู่ระหว่าง"),
    ("enrolments", "student_number", {"student_number": "NOPE"}, "ไม่พบเลขประจำตัวนักเรียน"),
    ("enrolments", "room", {"room": 5, "student_number": "T0002"}, "ไม่พบห้อง"),
    ("subjects", "code", {"code": "X11101"}, "ไม่ถูกต้องตามหลักสูตร"),
    ("subjects", "group", {"code": "ว11101", "group": "ท"}, "กลุ่มสาระ"),
    ("subjects", "curriculum", {"code": "ส11101", "curriculum": "xyz"}, "ไม่รู้จักหลักสูตร"),
    ("results", "subject_code", {"subject_code": "ท99999"}, "ไม่พบรหัสวิชา"),
    ("results", "grade", {"subject_code": "ค11101", "grade": "5"}, "ผลการเรียนต้องเป็น"),
    ("results", "score", {"subject_code": "ค11101", "score": "abc"}, "ต้องเป็นตัวเลข"),
    ("results", "score", {"subject_code": "ค11101", "score": "=1+1"}, "สูตร"),
    ("results", "subject_code", {}, "ซ้ำกับแถวที่"),
    ("results", "term", {"subject_code": "ค11101", "term": 3}, "ไม่มีภาคเรียนที่ 3"),
    ("activities", "grade", {"student_number": "T0002", "grade": "3"}, "ผ, มผ"),
    ("activities", "subject_code", {"subject_code": "ท11101", "grade": "ผ"}, "ไม่ใช่กิจกรรม"),
    ("reading", "level_result", {"level_result": "ดีมาก"}, "ต้องเป็นค่าใดค่าหนึ่ง"),
    ("characteristics", "item", {"item": 9}, "ต้องเป็นค่าใดค่าหนึ่ง"),
]


def error_workbook():
    """The clean rows, then one bad row per entry of ERRORS; returns the file and where each error must be."""
    rows = clean_rows()
    expected = []
    serial = 100
    for sheet_key, column_key, change, words in ERRORS:
        base = dict(rows[sheet_key][0])
        if sheet_key == "students":
            serial += 1
            base.update(student_number=f"T{serial}", national_id=nid(f"3{serial:011d}"))
        if sheet_key == "enrolments":
            base.update(year=2568)
        base.update(change)
        rows[sheet_key].append(base)
        row_number = len(rows[sheet_key]) + 1
        expected.append((SHEETS_BY_KEY[sheet_key].title, row_number, SHEETS_BY_KEY[sheet_key].column(column_key).header,
                         words))
    return build(rows), expected


def test_clean_workbook_dry_run(demo_app):
    with demo_app.app_context():
        report = dry_run(build(clean_rows()), school())
        assert report.ok, report.table()
        assert report.counts["results"] == 3 and report.counts["characteristics"] == 2


def test_every_kind_of_error_reported_once_at_its_place_and_nothing_written(demo_app, tmp_path):
    assert len(ERRORS) >= 20
    with demo_app.app_context():
        target = school()
        before = counts(target)
        source, expected = error_workbook()
        outcome = import_workbook(source, target, commit=True)
        report = outcome.report
        assert not outcome.committed
        got = [(p.sheet, p.row, p.column) for p in report.problems]
        assert len(got) == len(set(got)) == len(expected), report.table()
        by_place = {(p.sheet, p.row, p.column): p for p in report.problems}
        for sheet, row, column, words in expected:
            problem = by_place.get((sheet, row, column))
            assert problem is not None, (sheet, row, column, report.table())
            assert words in problem.message and THAI.search(problem.message), (problem, words)
        assert counts(target) == before

        # the failed rows come back as a workbook of the same template, with the reasons beside them
        out = tmp_path / "failed.xlsx"
        failed_rows_workbook(report, str(out))
        wb = load_workbook(out, read_only=True)
        students = list(wb["นักเรียน"].iter_rows(min_row=2, values_only=True))
        assert len(students) == sum(1 for e in ERRORS if e[0] == "students")
        assert all(r[-1] for r in students)  # every failed row says why
        again = dry_run(str(out), target)
        assert not any(p.row == 1 for p in again.problems), again.table()  # headers are accepted back


def test_cli_dry_run_prints_the_table_and_exits_non_zero(demo_app, tmp_path):
    source, expected = error_workbook()
    path = tmp_path / "bad.xlsx"
    path.write_bytes(source.getvalue())
    result = CliRunner().invoke(import_command, [str(path), "--school", SCHOOL, "--dry-run",
                                                 "--failed-rows", str(tmp_path / "f.xlsx")],
                                obj=ScriptInfo(create_app=lambda: demo_app))
    assert result.exit_code == 1
    assert "แผ่นงาน\tแถว\tคอลัมน์\tค่า\tข้อความ" in result.output
    assert "หลักตรวจสอบ" in result.output
    assert (tmp_path / "f.xlsx").exists()


# --- the import --------------------------------------------------------------------------------


def test_import_writes_through_results_service_and_again_changes_nothing(fresh_app):
    with fresh_app.app_context():
        target = school()
        before = counts(target)
        outcome = import_workbook(build(clean_rows()), target)
        assert outcome.committed, outcome.report.table()
        assert outcome.created["students"] == 3 and outcome.created["results"] == 3
        after = counts(target)
        assert after[0] == before[0] + 3 and after[2] == before[2] + 4 and after[3] == before[3] + 3
        t1 = db.session.query(Student).filter_by(school_id=target.id, student_number="T0002").one()
        assert t1.national_id == nid("110370207184") and t1.birth_date.isoformat() == "2018-03-01"
        results = {r.student.student_number: r for r in db.session.query(Result).join(Student)
                   .filter(Student.student_number.in_(["T0001", "T0002", "T0003"]), Student.school_id == target.id)
                   if r.subject.kind != "activity"}
        assert results["T0001"].grade == "4" and results["T0001"].points == 4  # from the score, by the scale
        assert str(results["T0002"].score) in ("72.5", "72.50") and results["T0002"].grade == "3"
        assert results["T0003"].grade == "ร" and results["T0003"].source == "import"
        assert [h.action for h in results["T0001"].history] == ["import"]
        assert db.session.query(AuditEvent).count() > before[4]

        again = import_workbook(build(clean_rows()), school())
        assert again.committed and not any(again.created.values()) and not any(again.updated.values())
        assert counts(school()) == after  # no rows, no history, no audit events

        changed = clean_rows()
        changed["results"][0]["score"] = 55
        third = import_workbook(build(changed), school())
        assert third.updated == {"results": 1}
        result = db.session.query(Result).get(results["T0001"].id)
        assert result.grade == "1.5" and [h.action for h in result.history] == ["import", "import"]

        # a student moved to another room of the same year is moved, not enrolled twice
        moved = clean_rows()
        moved["classrooms"].append({"year": 2568, "level": "ป.1", "room": 2})
        moved["enrolments"][2]["room"] = 2
        fourth = import_workbook(build(moved), school())
        assert fourth.created == {"classrooms": 1}  # (and T0001 back to the score of the clean rows)
        assert fourth.updated == {"enrolments": 1, "results": 1}
        t3 = db.session.query(Student).filter_by(school_id=target.id, student_number="T0003").one()
        assert [(e.classroom.room, e.classroom.academic_year.year) for e in t3.enrollments] == [(2, 2568)]

        # text that looks like a formula goes out as text and comes back as the same text
        t1 = db.session.query(Student).filter_by(school_id=target.id, student_number="T0001").one()
        t1.first_name = "=HYPERLINK(\"http://x\")"
        db.session.commit()
        out = io.BytesIO()
        write_workbook(out, school(), filled=True)
        out.seek(0)
        cells = {c.value: c.data_type for row in load_workbook(out, read_only=True)["นักเรียน"].iter_rows()
                 for c in row}
        assert cells[t1.first_name] == "s"
        out.seek(0)
        assert dry_run(out, school()).ok


# --- fuzz: never a server error, never partial data -----------------------------------------


def _zip(entries: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    out.seek(0)
    return out


def _corrupt_sheet() -> io.BytesIO:
    good = build(clean_rows())
    src = zipfile.ZipFile(good)
    entries = {n: src.read(n) for n in src.namelist()}
    name = next(n for n in entries if n.startswith("xl/worksheets/sheet"))
    entries[name] = entries[name][: len(entries[name]) // 2]
    return _zip(entries)


def _sheet_xml(xml: bytes) -> io.BytesIO:
    src = zipfile.ZipFile(build(clean_rows()))
    entries = {n: src.read(n) for n in src.namelist()}
    entries["xl/worksheets/sheet1.xml"] = xml
    return _zip(entries)


SHEET_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">' \
    b'<c r="A1" t="inlineStr"><is><t>&x9;</t></is></c></row></sheetData></worksheet>'
LAUGHS = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x0 "lol">' + b"".join(
    b'<!ENTITY x%d "%s">' % (i, b"&x%d;" % (i - 1) * 10) for i in range(1, 10)) + b"]>" + SHEET_NS
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x9 SYSTEM "file:///etc/passwd">]>' + SHEET_NS


FUZZ = {
    "not a workbook": lambda: io.BytesIO(b"student_number,national_id\nT1,123\n"),
    "empty file": lambda: io.BytesIO(b""),
    "a pdf": lambda: io.BytesIO(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"),
    "zip without a workbook": lambda: _zip({"hello.txt": b"hi"}),
    "zip bomb": lambda: _zip({"xl/workbook.xml": b"", "xl/worksheets/sheet1.xml": b"\0" * 60_000_000}),
    "corrupt sheet xml": _corrupt_sheet,
    "missing sheet": lambda: build(clean_rows(), drop=("ผลการเรียน",)),
    "billion laughs": lambda: _sheet_xml(LAUGHS),
    "external entity": lambda: _sheet_xml(EXTERNAL),
    "wrong headers": lambda: build(clean_rows(), headers={"students": list(reversed(SHEETS[0].headers))}),
    "extra column": lambda: build(clean_rows(), headers={"subjects": SHEETS_BY_KEY["subjects"].headers + ["x"]}),
    "huge cell": lambda: build(raw={"results": [["T0001", "ท11101", 2568, 1, "ป.1", 1, "9" * 40_000, 100, None]]}),
    "formulas": lambda: build(raw={"students": [["=HYPERLINK(\"http://x\")", nid("110370207183"), None, "a", "b",
                                                  None, None, "ชาย", "=TODAY()"]]}),
}


@pytest.mark.parametrize("case", sorted(FUZZ))
def test_fuzz_files_get_a_clear_thai_error_and_write_nothing(demo_app, case):
    with demo_app.app_context():
        target = school()
        before = counts(target)
        outcome = import_workbook(FUZZ[case](), target)
        assert not outcome.committed and outcome.report.problems
        assert all(THAI.search(p.message) for p in outcome.report.problems)
        assert "root:" not in outcome.report.table()  # no external entity was read
        assert counts(target) == before


def test_fuzz_random_damage_to_a_good_workbook(demo_app):
    good = build(clean_rows()).getvalue()
    rng = random.Random(6)
    with demo_app.app_context():
        target = school()
        before = counts(target)
        for _ in range(25):
            data = bytearray(good)
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            outcome = import_workbook(io.BytesIO(bytes(data)), target, commit=False)
            assert outcome.report.ok or all(THAI.search(p.message) for p in outcome.report.problems)
        assert counts(target) == before


def test_upload_size_limits_are_per_cell_and_per_row(demo_app):
    """A cell longer than the limit is one problem at its place, not a crash or a truncated import."""
    with demo_app.app_context():
        rows = clean_rows()
        rows["students"][0]["first_name"] = "ก" * 150
        report = dry_run(build(rows), school())
        assert [(p.sheet, p.row, p.column) for p in report.problems] == [("นักเรียน", 2, "ชื่อ")]


# --- the screen ---------------------------------------------------------------------------------


def _upload(client, school_id, data: bytes, name="transfer.xlsx"):
    return client.post("/transfer/check", data={"school_id": school_id, "workbook": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_screen_registrar_downloads_checks_and_imports_own_school_only(demo_app, web):
    client = web("registrar_a")
    with demo_app.app_context():
        own = db.session.query(School).filter_by(code="8100201").one()
        other = db.session.query(School).filter_by(code="8100202").one()
        own_id, other_id, own_name, other_name = own.id, other.id, own.name_th, other.name_th
    page = client.get("/transfer/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert own_name in text and other_name not in text
    assert client.get(f"/transfer/?school_id={other_id}").status_code == 404
    assert client.get(f"/transfer/template/{other_id}").status_code == 404
    empty = client.get(f"/transfer/template/{own_id}")
    assert empty.status_code == 200 and empty.mimetype.endswith("spreadsheetml.sheet")
    filled = client.get(f"/transfer/template/{own_id}?filled=1")
    wb = load_workbook(io.BytesIO(filled.data), read_only=True)
    assert len(list(wb["นักเรียน"].iter_rows(min_row=2))) == 100
    assert _upload(client, other_id, filled.data).status_code == 404

    with demo_app.app_context():
        before = counts(db.session.get(School, own_id))
    checked = _upload(client, own_id, filled.data)
    assert checked.status_code == 200
    body = checked.get_data(as_text=True)
    assert 'id="transfer-commit"' in body and 'id="transfer-problems"' not in body
    token = re.search(r"/transfer/commit/([0-9a-f]{32})", body)[1]
    assert web("registrar_b").post(f"/transfer/commit/{token}").status_code == 404  # not their upload
    demo_app.config["TRANSFER_SYNC_ROWS"] = 10_000  # in the request (5,764 rows), not as a job
    try:
        done = client.post(f"/transfer/commit/{token}", follow_redirects=True)
    finally:
        demo_app.config.pop("TRANSFER_SYNC_ROWS")
    assert done.status_code == 200 and "นำเข้าข้อมูลแล้ว" in done.get_data(as_text=True)
    with demo_app.app_context():
        assert counts(db.session.get(School, own_id)) == before  # their own data back: nothing changes
    assert client.post(f"/transfer/commit/{token}").status_code == 404  # the upload is used up


def test_screen_report_failed_rows_and_bad_files(demo_app, web):
    client = web("dla_admin")
    with demo_app.app_context():
        target = school()
        target_id = target.id
        before = counts(target)
    assert client.get(f"/transfer/?school_id={target_id}").status_code == 200
    source, expected = error_workbook()
    checked = _upload(client, target_id, source.getvalue())
    assert checked.status_code == 200
    body = checked.get_data(as_text=True)
    assert 'id="transfer-problems"' in body and "หลักตรวจสอบไม่ตรง" in body and 'id="transfer-commit"' not in body
    token = re.search(r"/transfer/failed/([0-9a-f]{32})", body)[1]
    failed = client.get(f"/transfer/failed/{token}")
    assert failed.status_code == 200
    wb = load_workbook(io.BytesIO(failed.data), read_only=True)
    assert wb.sheetnames[0] == "นักเรียน"
    assert client.post(f"/transfer/commit/{token}", follow_redirects=True).status_code == 200
    for case in ("not a workbook", "zip bomb", "missing sheet"):
        answer = _upload(client, target_id, FUZZ[case]().getvalue())
        assert answer.status_code == 200 and 'id="transfer-problems"' in answer.get_data(as_text=True)
    with demo_app.app_context():
        assert counts(db.session.get(School, target_id)) == before


def test_screen_is_not_for_teachers_or_lao_officers(web):
    for user in ("teacher_a", "lao_officer"):
        answer = web(user).get("/transfer/")
        assert answer.status_code in (302, 403), (user, answer.status_code)


@pytest.mark.skipif(not os.environ.get("LSQ_SLOW_TESTS"), reason="100,000 results: set LSQ_SLOW_TESTS=1 (a minute)")
def test_100000_results_import_and_reimport(fresh_app, tmp_path):
    """SLOW (about a minute): the bench's workbook of 102,400 results, imported, then imported again."""
    from bench.transfer_import import make_workbook

    path = str(tmp_path / "big.xlsx")
    results = make_workbook(path, 3200)
    assert results >= 100_000
    with fresh_app.app_context():
        ticks = []
        outcome = import_workbook(path, school(), progress=lambda done, total: ticks.append(done))
        assert outcome.committed, outcome.report.table()[:2000]
        assert outcome.created["results"] == results and len(ticks) > 10
        again = import_workbook(path, school())
        assert again.committed and not any(again.created.values()) and not any(again.updated.values())



def test_screen_imports_a_big_workbook_as_a_background_job(fresh_app):
    """Above TRANSFER_SYNC_ROWS rows the import is a job (kind transfer_import) with its progress page."""
    import time

    from tests.conftest import web_login

    client = fresh_app.test_client()
    web_login(client, "dla_admin")
    fresh_app.config["TRANSFER_SYNC_ROWS"] = 5  # the clean workbook has 17 rows
    with fresh_app.app_context():
        target_id = school().id
        before = counts(school())
    checked = _upload(client, target_id, build(clean_rows()).getvalue())
    token = re.search(r"/transfer/commit/([0-9a-f]{32})", checked.get_data(as_text=True))[1]
    started = client.post(f"/transfer/commit/{token}")
    assert started.status_code == 302 and "/jobview/progress/" in started.location
    job_id = int(started.location.rstrip("/").split("/")[-1])
    deadline = time.monotonic() + 120
    while True:
        answer = client.get(f"/jobview/status/{job_id}").json
        if answer["status"] in ("done", "failed"):
            break
        assert time.monotonic() < deadline, answer
        time.sleep(0.3)
    assert answer["status"] == "done", answer
    with fresh_app.app_context():
        after = counts(school())
        assert after[0] == before[0] + 3 and after[2] == before[2] + 4
    assert client.post(f"/transfer/commit/{token}").status_code == 404  # the upload is used up

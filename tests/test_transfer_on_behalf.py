"""Issue 6 part 5: a DLA admin imports a transfer workbook for a school on its behalf, on the
screen (any school in the picker; the rows land in the chosen school; the audit ledger names
the admin) and from the command line (the operator, any school by its code)."""

from __future__ import annotations

import re

from click.testing import CliRunner
from flask.cli import ScriptInfo

from lsq_core.cli import import_command
from lsq_core.extensions import db
from lsq_core.models import AuditEvent, Student
from lsq_core.models.org import School
from tests.conftest import web_login
from tests.test_transfer import SCHOOL, _upload, build, clean_rows, counts, nid, student

ALL_SCHOOLS = {"8100201", "8100202", "8100301", "8100101", "8100102", "8200101"}


def renumbered(prefix: str, id_seed: str) -> dict:
    """The clean workbook's rows for other students (new numbers and national IDs)."""
    rows = clean_rows()
    rows["students"] = [student(f"{prefix}0001", nid(f"{id_seed}1")),
                        student(f"{prefix}0002", nid(f"{id_seed}2"), first="สมหญิง", sex="หญิง", birth="2018-03-01"),
                        student(f"{prefix}0003", nid(f"{id_seed}3"), first="มะลิ", sex="F", birth="01/01/2561")]
    for key, sheet in rows.items():
        if key != "students":
            for row in sheet:
                if "student_number" in row:
                    row["student_number"] = prefix + row["student_number"][1:]
    return rows


def test_dla_admin_imports_for_a_school_on_its_behalf(fresh_app, tmp_path):
    client = fresh_app.test_client()
    web_login(client, "dla_admin")
    page = client.get("/transfer/").get_data(as_text=True)
    assert set(re.findall(r'<option value="\d+"[^>]*>(\d{7}) ', page)) == ALL_SCHOOLS  # every school to pick
    with fresh_app.app_context():
        target = db.session.query(School).filter_by(code=SCHOOL).one()
        target_id, before = target.id, counts(target)
        admin_id = fresh_app.appbuilder.sm.find_user(username="dla_admin").id
        last_event = db.session.query(db.func.max(AuditEvent.id)).scalar()
    checked = _upload(client, target_id, build(renumbered("A", "11037029900")).getvalue())
    token = re.search(r"/transfer/commit/([0-9a-f]{32})", checked.get_data(as_text=True))[1]
    done = client.post(f"/transfer/commit/{token}", follow_redirects=True)  # 17 rows: in the request
    assert done.status_code == 200 and "นำเข้าข้อมูลแล้ว" in done.get_data(as_text=True)
    with fresh_app.app_context():
        target = db.session.get(School, target_id)
        after = counts(target)
        assert (after[0] - before[0], after[2] - before[2]) == (3, 4)  # 3 students, 4 results, in the school
        imported = db.session.query(Student).filter(Student.student_number.like("A000%")).all()
        assert {s.school_id for s in imported} == {target_id}
        events = db.session.query(AuditEvent).filter(AuditEvent.id > last_event,
                                                     AuditEvent.table_name == "lsq_student").all()
        assert len(events) == 3 and {e.actor_id for e in events} == {admin_id}  # the ledger names the admin

    # the command line: the operator imports into another school by its code
    path = tmp_path / "c.xlsx"
    path.write_bytes(build(renumbered("C", "11037029901")).getvalue())
    info = ScriptInfo(create_app=lambda: fresh_app)
    result = CliRunner().invoke(import_command, [str(path), "--school", "8100301"], obj=info)
    assert result.exit_code == 0, result.output
    assert "นำเข้าแล้ว" in result.output
    with fresh_app.app_context():
        other = db.session.query(School).filter_by(code="8100301").one()
        assert {s.school_id for s in db.session.query(Student).filter(Student.student_number.like("C000%"))} \
            == {other.id}
        again = counts(other)
    result = CliRunner().invoke(import_command, [str(path), "--school", "8100301"], obj=info)
    assert result.exit_code == 0, result.output
    with fresh_app.app_context():
        assert counts(db.session.query(School).filter_by(code="8100301").one())[:4] == again[:4]  # nothing new

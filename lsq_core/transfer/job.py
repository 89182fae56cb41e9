"""The import of a big transfer workbook as a background job (kind ``transfer_import``).

``prepare`` (in the request) checks that the upload is the user's and its school is one they
may write; ``run`` imports it in one transaction (lsq_core.transfer.importer). The job runner
commits its progress on the job's own session, which would commit the import half-way; so
progress goes through a connection of its own, on databases that allow a second writer
(PostgreSQL). On SQLite the progress bar jumps from 0 to done: a second writer would wait for
the import's lock.
"""

from __future__ import annotations

from flask import g
from sqlalchemy import update

from lsq_core.extensions import db
from lsq_core.jobs import JobFailed, JobKind, Output, Plan, register_kind
from lsq_core.models import Job
from lsq_core.models.org import School
from lsq_core.scoping import current_scope
from lsq_core.security.scope import OutOfScope
from lsq_core.transfer import uploads
from lsq_core.validation import ValidationFailed

KIND = "transfer_import"


def _upload(params: dict, user):
    found = uploads.load(str(params.get("token") or ""), getattr(user, "id", None))
    if found is None:
        raise ValidationFailed({"token": ["ไม่พบไฟล์ที่ส่งไว้ กรุณาส่งไฟล์และตรวจสอบอีกครั้ง"]})
    path, meta = found
    school = db.session.get(School, meta.get("school_id"))
    if school is None or not school.writable_in(current_scope()):
        raise OutOfScope()
    return path, meta, school


def prepare(params: dict, user) -> Plan:
    _path, meta, school = _upload(params, user)
    total = sum((meta.get("counts") or {}).values())
    return Plan(params={"token": params["token"], "title": f"นำเข้าแฟ้มโอนข้อมูล {meta.get('name', '')} "
                                                            f"{school.name_th} {total:,} แถว"},
                school_id=school.id, total=total)


def run(job, params: dict, progress) -> Output:
    from lsq_core.transfer.importer import import_workbook

    path, _meta, school = _upload(params, g.user)
    job_id = job.id
    separate = db.engine.dialect.name != "sqlite"

    def report(done: int, total: int) -> None:
        if not separate:
            return
        with db.engine.connect() as conn:
            conn.execute(update(Job).where(Job.id == job_id).values(done=done, total=total))
            conn.commit()

    outcome = import_workbook(str(path), school, progress=report)
    if not outcome.committed:
        raise JobFailed(f"ไฟล์มีข้อผิดพลาด {len(outcome.report.problems):,} รายการ ยังไม่ได้นำเข้าข้อมูลใด "
                        "กรุณาตรวจสอบไฟล์อีกครั้ง")
    uploads.discard(params["token"])
    return Output(message="นำเข้าแล้ว: " + outcome.summary())


register_kind(JobKind(KIND, "นำเข้าแฟ้มโอนข้อมูล", prepare, run))

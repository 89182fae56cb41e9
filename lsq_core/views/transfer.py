"""The transfer workbook screen (แฟ้มโอนข้อมูล): download the template or the school's data,
upload a filled workbook, read the dry-run report, download the failed rows, commit.

A registrar works on their own school; the DLA admin picks any school. The uploaded file
is kept under FILES_DIR/transfer with a random name and a note of who uploaded it for which
school, so the commit imports exactly the file that was checked, and only its uploader can.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import abort, current_app, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _

import lsq_core.transfer.job  # noqa: F401 - registers the job kind "transfer_import" in every process
from lsq_core.extensions import db
from lsq_core.models.org import School
from lsq_core.scoping import current_scope, scoped_query
from lsq_core.transfer import uploads
from lsq_core.transfer.schema import SHEETS

PERMISSIONS = ["can_read", "can_write"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: problems shown on the page (all of them are in the failed-rows workbook and the CLI)
SHOWN = 500
SHEET_TITLES = {s.key: s.title for s in SHEETS}


def writable_schools() -> list[School]:
    scope = current_scope()
    return [s for s in scoped_query(db.session, School).order_by(School.code) if s.writable_in(scope)]


def _school(school_id) -> School:
    school = db.session.get(School, school_id) if school_id else None
    if school is None or school not in writable_schools():
        abort(404)
    return school


def _upload(token: str) -> tuple[Path, School]:
    """The stored upload named by ``token``: only its uploader, only for a school they may write."""
    found = uploads.load(token, g.user.id)
    if found is None:
        abort(404)
    path, meta = found
    return path, _school(meta.get("school_id"))


class TransferView(BaseView):
    route_base = "/transfer"
    class_permission_name = "TransferWorkbook"
    method_permission_name = {"index": "read", "template": "read", "check": "write", "failed": "write",
                              "commit": "write"}
    base_permissions = PERMISSIONS
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        schools = writable_schools()
        chosen = request.args.get("school_id", type=int)
        school = _school(chosen) if chosen else (schools[0] if schools else None)
        return self.render_template("lsq/transfer.html", title=_("Transfer workbook"), schools=schools,
                                    school=school, report=None, sheet_titles=SHEET_TITLES)

    @expose("/template/<int:school_id>")
    @has_access
    def template(self, school_id):
        from lsq_core.transfer.export import write_workbook

        school = _school(school_id)
        filled = request.args.get("filled") == "1"
        out = io.BytesIO()
        write_workbook(out, school, filled=filled)
        out.seek(0)
        name = f"lsq-transfer-{school.code}{'-data' if filled else ''}.xlsx"
        return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)

    @expose("/check", methods=["POST"])
    @has_access
    def check(self):
        from lsq_core.transfer.reader import dry_run

        school = _school(request.form.get("school_id", type=int))
        upload = request.files.get("workbook")
        if upload is None or not upload.filename:
            flash(_("Choose the workbook (.xlsx) to upload."), "danger")
            return redirect(url_for("TransferView.index", school_id=school.id))
        token = uploads.save(upload, g.user.id, school.id, upload.filename)
        path, meta = uploads.load(token, g.user.id)
        report = dry_run(str(path), school)
        db.session.rollback()
        uploads.write_note(token, {**meta, "counts": report.counts})
        return self.render_template("lsq/transfer.html", title=_("Transfer workbook"), schools=writable_schools(),
                                    school=school, report=report, token=token, sheet_titles=SHEET_TITLES,
                                    shown=report.problems[:SHOWN], filename=upload.filename)

    @expose("/failed/<token>")
    @has_access
    def failed(self, token):
        from lsq_core.transfer.reader import dry_run, failed_rows_workbook

        path, school = _upload(token)
        report = dry_run(str(path), school)
        db.session.rollback()
        out = io.BytesIO()
        failed_rows_workbook(report, out)
        out.seek(0)
        return send_file(out, mimetype=XLSX, as_attachment=True,
                         download_name=f"lsq-transfer-{school.code}-failed-rows.xlsx")

    @expose("/commit/<token>", methods=["POST"])
    @has_access
    def commit(self, token):
        from lsq_core.transfer.importer import import_workbook

        path, school = _upload(token)
        _path, meta = uploads.load(token, g.user.id)
        if sum((meta.get("counts") or {}).values()) > current_app.config.get("TRANSFER_SYNC_ROWS", 5000):
            from lsq_core import jobs
            from lsq_core.transfer.job import KIND

            job = jobs.submit(KIND, {"token": token}, g.user)  # big files: a background job with progress
            return redirect(url_for("JobView.progress", pk=job.id))
        outcome = import_workbook(str(path), school)
        if not outcome.committed:
            flash(_("The workbook has errors: nothing was imported. Check it again."), "danger")
            return redirect(url_for("TransferView.index", school_id=school.id))
        uploads.discard(token)
        flash(_("Imported.") + " " + outcome.summary(), "success")
        return redirect(url_for("TransferView.index", school_id=school.id))


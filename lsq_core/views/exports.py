"""The exports screen (ส่งออกข้อมูล): the exporters a user may run for a school of their scope.

The school picker offers exactly the schools of the user's scope (lsq_core.exports.
schools_in_scope); a school outside it answers 404, whether picked or typed into the
address. Each exporter shows its options as a small form that downloads the file.
"""

from __future__ import annotations

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _

from lsq_core.exports import KINDS, ExportError, exporters, run, school_in_scope, schools_in_scope
from lsq_core.extensions import db
from lsq_core.scoping import current_scope
from lsq_core.security.roles import EXPORT_PERMISSIONS


def scoped_school(school_id):
    """The school with this id if the user may export from it, else 404."""
    school = school_in_scope(db.session, current_scope(), school_id=school_id) if school_id else None
    if school is None:
        abort(404)
    return school


def send_export(filename: str, data: bytes):
    mimetype = KINDS.get(filename.rsplit(".", 1)[-1], ("application/octet-stream",))[0]
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)


class ExportView(BaseView):
    route_base = "/exports"
    class_permission_name = "Export"
    method_permission_name = {"index": "read", "download": "read"}
    base_permissions = EXPORT_PERMISSIONS
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        schools = schools_in_scope(db.session, current_scope())
        chosen = request.args.get("school_id", type=int)
        school = scoped_school(chosen) if chosen else (schools[0] if schools else None)
        available = exporters().for_school(school) if school is not None else []
        return self.render_template("lsq/exports.html", title=_("Exports"), schools=schools, school=school,
                                    exporters=available)

    @expose("/download/<identifier>")
    @has_access
    def download(self, identifier):
        school = scoped_school(request.args.get("school_id", type=int))
        if identifier not in exporters():
            abort(404)
        options = {k: v for k, v in request.args.items() if k != "school_id"}
        try:
            filename, data = run(identifier, db.session, [school], options)
        except ExportError as exc:
            flash(str(exc), "danger")
            return redirect(url_for("ExportView.index", school_id=school.id))
        return send_export(filename, data)

"""REST resource ``export``: the exporters and their files, for the schools of the caller's scope.

``GET /api/v1/export/`` lists the exporters (identifier, Thai name, file kinds, options) and
the codes of the schools the caller may export from. ``GET /api/v1/export/<exporter>?school=CODE``
with the exporter's options (``terms=5``, ``format=xlsx``, ``year=2569`` …) answers the file
itself. A school outside the caller's scope, or no such school, is 404; an exporter that does
not exist 404; an option it does not take or a value it does not allow 400 with a Thai
message; a teacher 403 (permission ``can_read`` on ``Export``).
"""

from __future__ import annotations

from flask import request
from flask_appbuilder.api import BaseApi, expose, protect, safe

from lsq_core.exports import ExportError, exporters, run, school_in_scope, schools_in_scope
from lsq_core.extensions import db
from lsq_core.scoping import current_scope
from lsq_core.security.roles import EXPORT_PERMISSIONS
from lsq_core.views.exports import send_export


def describe(exporter) -> dict:
    return {"identifier": exporter.identifier, "name": exporter.name_th, "description": exporter.description_th,
            "kinds": list(exporter.kinds), "education_types": list(exporter.education_types),
            "options": [{"name": o.name, "label": o.label_th, "choices": [v for v, _ in o.choices],
                         "default": o.default} for o in exporter.all_options()]}


class ExportApi(BaseApi):
    resource_name = "export"
    class_permission_name = "Export"
    method_permission_name = {"index": "read", "download": "read"}
    base_permissions = EXPORT_PERMISSIONS  # the same set as the exports screen (see roles.py)
    allow_browser_login = False
    openapi_spec_tag = "Export"

    @expose("/", methods=["GET"])
    @protect()
    @safe
    def index(self):
        """The exporters and the schools the caller may export from.
        ---
        get:
          description: Registered exporters (lsq_register_exporters) and the caller's schools.
          responses:
            200:
              description: exporters and school codes
            401:
              $ref: '#/components/responses/401'
            403:
              description: not permitted (a teacher)
        """
        schools = schools_in_scope(db.session, current_scope())
        return self.response(200, exporters=[describe(e) for e in exporters()],
                             schools=[s.code for s in schools])

    @expose("/<identifier>", methods=["GET"])
    @protect()
    @safe
    def download(self, identifier):
        """One exporter's file for one school of the caller's scope.
        ---
        get:
          description: The file (CSV, Excel or text) an exporter writes for the school.
          parameters:
          - {in: path, name: identifier, schema: {type: string}, required: true}
          - {in: query, name: school, schema: {type: string}, required: true, description: the school's code}
          - {in: query, name: format, schema: {type: string}, required: false}
          - {in: query, name: terms, schema: {type: string}, required: false}
          - {in: query, name: year, schema: {type: string}, required: false}
          responses:
            200:
              description: the file, as an attachment
            400:
              description: an option the exporter does not take or allow (message in Thai)
            401:
              $ref: '#/components/responses/401'
            403:
              description: not permitted (a teacher)
            404:
              description: no such exporter, or no such school in the caller's scope
        """
        code = (request.args.get("school") or "").strip()
        school = school_in_scope(db.session, current_scope(), code=code)
        if school is None:
            return self.response(404, message=f"ไม่พบสถานศึกษารหัส {code} ในขอบเขตของผู้ใช้")
        if identifier not in exporters():
            return self.response(404, message=f"ไม่มีตัวส่งออก {identifier}")
        options = {k: v for k, v in request.args.items() if k != "school"}
        try:
            filename, data = run(identifier, db.session, [school], options)
        except ExportError as exc:
            return self.response(400, message=str(exc))
        return send_export(filename, data)

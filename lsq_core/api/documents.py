"""REST resource ``document``: issue, list, download, replace and revoke official documents.

``POST /api/v1/document/`` with ``{"type": "basic_ed.pp7", "student_id": N}`` answers
201 with ``{"id", "serial", "verify_url"}`` (a cohort's ปพ.3: ``{"type": "basic_ed.pp3",
"graduate_report_id": N}`` of a verified graduate report); ``GET /api/v1/document/<id>/pdf`` returns
the PDF exactly as issued.
"""

from __future__ import annotations

from flask import g, request, send_file, url_for
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from lsq_core.api.base import API_PERMISSIONS, LsqModelRestApi
from lsq_core.documents import issuing
from lsq_core.documents.engine import RenderError
from lsq_core.extensions import db
from lsq_core.models import GraduateReport, IssuedDocument, Student
from lsq_core.org_rules import file_store
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import RESOURCE_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed


def _answer(document):
    return {"id": document.id, "serial": document.serial_label if document.serial_number else None,
            "verify_url": url_for("VerifyView.verify", token=document.token, _external=True),
            "sha256": document.sha256, "status": document.status}


class DocumentApi(LsqModelRestApi):
    resource_name = "document"
    class_permission_name = "IssuedDocument"
    method_permission_name = {**API_PERMISSIONS, "pdf": "read", "reissue": "write", "revoke": "write"}
    datamodel = SQLAInterface(IssuedDocument)
    list_columns = show_columns = ["id", "document_type", "serial_set", "serial_number", "status", "issued_on",
                                   "sha256", "reason", "revoked_reason", "student.id", "student.student_number",
                                   "school.id"]
    add_columns = edit_columns = ["status"]
    include_route_methods = {"get", "get_list", "info", "post", "pdf", "reissue", "revoke"}
    base_permissions = RESOURCE_PERMISSIONS  # the same set as IssuedDocumentView (see roles.py)

    def post_headless(self):
        body = request.get_json(silent=True) or {}
        if body.get("graduate_report_id") is not None:  # a cohort's document: ปพ.3 of a graduate report
            subject = scoped_query(db.session, GraduateReport).filter(
                GraduateReport.id == body.get("graduate_report_id")).one_or_none()
        else:
            subject = scoped_query(db.session, Student).filter(Student.id == body.get("student_id")).one_or_none()
        if subject is None:
            return self.response_404()
        try:
            check_writable(subject)
            if isinstance(subject, GraduateReport):
                document = issuing.issue_for_report(str(body.get("type", "")), subject, g.user)
            else:
                document = issuing.issue(str(body.get("type", "")), subject, g.user)
        except OutOfScope:
            db.session.rollback()
            return self.response_404()
        except issuing.NotAnIssuer:
            db.session.rollback()
            return self.response_403()
        except ValidationFailed as exc:
            db.session.rollback()
            return self.response_422(message=exc.messages)
        except RenderError as exc:
            db.session.rollback()
            return self.response_422(message=f"สร้างไฟล์ PDF ไม่สำเร็จ: {exc}")
        return self.response(201, **_answer(document))

    def _document(self, pk):
        return self.datamodel.get(pk, self._base_filters)

    @expose("/<int:pk>/pdf", methods=["GET"])
    @protect()
    @safe
    def pdf(self, pk):
        """The PDF exactly as issued.
        ---
        get:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: the PDF
            404:
              $ref: '#/components/responses/404'
        """
        document = self._document(pk)
        if document is None:
            return self.response_404()
        return send_file(file_store().path(document.file_key), mimetype="application/pdf",
                         download_name=f"{document.document_type}-{document.id}.pdf")

    def service_error(self, item, exc):
        if isinstance(exc, issuing.NotAnIssuer):
            return self.response_403()
        return None

    def _change(self, pk, change):
        return self.change_item(pk, change,
                                respond=lambda document, result: self.response(200, **_answer(result or document)))

    @expose("/<int:pk>/reissue", methods=["POST"])
    @protect()
    @safe
    def reissue(self, pk):
        """Issue a replacement (ใบแทน) with ``{"reason"}``; the original is marked replaced.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: the replacement
        """
        return self._change(pk, lambda doc, body: issuing.reissue(doc, g.user, body.get("reason", "")))

    @expose("/<int:pk>/revoke", methods=["POST"])
    @protect()
    @safe
    def revoke(self, pk):
        """Revoke a document with ``{"reason"}``.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: revoked
        """
        return self._change(pk, lambda doc, body: issuing.revoke(doc, body.get("reason", "")))

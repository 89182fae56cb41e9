"""Screens of issued documents: the register of what was issued, download, issue from a student."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from lsq_core.documents import issuing
from lsq_core.documents.engine import RenderError
from lsq_core.extensions import db
from lsq_core.models import IssuedDocument, Student
from lsq_core.org_rules import file_store
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import RESOURCE_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView


class IssuedDocumentView(LsqModelView):
    """The register of issued documents (ทะเบียนคุมการออกเอกสาร), scoped like everything else."""

    datamodel = SQLAInterface(IssuedDocument)
    class_permission_name = "IssuedDocument"
    method_permission_name = {**VIEW_PERMISSIONS, "pdf": "read", "issue": "write"}
    base_permissions = RESOURCE_PERMISSIONS
    include_route_methods = {"list", "show", "pdf", "issue"}
    list_title = _l("Issued documents")
    show_title = _l("Issued document")
    list_columns = ["issued_on", "type_name", "serial_label", "student", "graduate_report", "status_label", "links"]
    show_columns = ["issued_on", "type_name", "serial_label", "student", "graduate_report", "status_label", "sha256",
                    "reason", "revoked_reason", "links"]
    search_columns = ["document_type", "student", "status", "issued_on"]
    label_columns = {"issued_on": _l("Issued on"), "document_type": _l("Document"), "type_name": _l("Document"),
                     "graduate_report": _l("Graduate reports (ปพ.3)"), "serial_label": _l("Serial"),
                     "student": _l("Student"), "status_label": _l("Status"), "status": _l("Status"),
                     "sha256": "SHA-256", "reason": _l("Reason"), "revoked_reason": _l("Reason for revoking"),
                     "links": _l("Files")}
    base_order = ("issued_on", "desc")

    @expose("/pdf/<int:pk>")
    @has_access
    def pdf(self, pk):
        document = self.datamodel.get(pk, self._base_filters)
        if document is None:
            abort(404)
        return send_file(file_store().path(document.file_key), mimetype="application/pdf",
                         download_name=f"{document.document_type}-{document.id}.pdf")

    @expose("/issue/<int:student_id>", methods=["POST"])
    @has_access
    def issue(self, student_id):
        student = scoped_query(db.session, Student).filter(Student.id == student_id).one_or_none()
        if student is None:
            abort(404)
        try:
            check_writable(student)
        except OutOfScope:
            abort(404)
        document = issued_on_screen(lambda: issuing.issue(request.form.get("type", ""), student, g.user))
        if document is None:
            return redirect(url_for("StudentView.record", pk=student_id))
        flash(f"ออกเอกสารแล้ว {document.serial_label}", "success")
        return redirect(url_for("IssuedDocumentView.show", pk=document.id))


def issued_on_screen(make):
    """Run an issue for a screen: 403 for a role that may not issue it; a refusal (not eligible, a
    render that failed) is rolled back and its Thai reason flashed, and None comes back."""
    try:
        return make()
    except issuing.NotAnIssuer:
        db.session.rollback()
        abort(403)
    except (ValidationFailed, RenderError) as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return None

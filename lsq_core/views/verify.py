"""/verify/<token>: anyone holding a document can check it, without signing in.

It shows what identifies the document (school, type, serial, date, the holder's name
partly masked) and whether it is valid, replaced or revoked: never the national ID or
the grades. An unknown token answers 404.
"""

from __future__ import annotations

from flask import abort
from flask_appbuilder import BaseView, expose

from lsq_core.documents.issuing import document_types, masked_name
from lsq_core.extensions import db
from lsq_core.models.documents import IssuedDocument


class VerifyView(BaseView):
    route_base = "/verify"
    default_view = "verify"

    @expose("/<token>")
    def verify(self, token):
        document = db.session.query(IssuedDocument).filter_by(token=token).one_or_none()
        if document is None:
            abort(404)
        doc_type = document_types().get(document.document_type)
        replacement = (db.session.query(IssuedDocument).filter_by(replaces_id=document.id).first()
                       if document.status == "replaced" else None)
        return self.render_template(
            "lsq/verify.html", title="ตรวจสอบเอกสาร", document=document,
            type_name=doc_type.name_th if doc_type else document.document_type,
            holder=masked_name(document.student.full_name(document.issued_on.date())) if document.student else "",
            replacement=replacement)

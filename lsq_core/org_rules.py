"""Write rules of the organisation records that go beyond a single model's fields."""

from __future__ import annotations

from flask import current_app, g

from lsq_core.files import FileStore
from lsq_core.scoping import changed_attributes, current_scope
from lsq_core.validation import ValidationFailed

#: what only the DLA admin may change on a school: its codes and the LAO it belongs to
SCHOOL_ADMIN_FIELDS = {"code": "code", "moe_code": "moe_code", "authority": "authority",
                       "authority_id": "authority"}


def check_school_admin_fields(school) -> None:
    if current_scope().is_all:
        return
    touched = {SCHOOL_ADMIN_FIELDS[a] for a in changed_attributes(school) if a in SCHOOL_ADMIN_FIELDS}
    if touched:
        raise ValidationFailed({field: ["แก้ไขได้เฉพาะผู้ดูแลระบบส่วนกลาง (กสถ.)"] for field in sorted(touched)})


def file_store() -> FileStore:
    return FileStore(current_app.config["FILES_DIR"])


def store_order_upload(appointment, field) -> None:
    """Keep an uploaded order PDF (already checked by the form) and point the appointment at it."""
    data = getattr(field, "pdf_bytes", None) if field is not None else None
    if not data:
        return
    stored = file_store().save_pdf(data, getattr(field, "pdf_name", "order.pdf"))
    g.setdefault("lsq_new_files", []).append(stored.key)
    appointment.order_file_key = stored.key
    appointment.order_file_name = stored.name
    appointment.order_file_size = stored.size
    appointment.order_file_sha256 = stored.sha256

"""LsqModelRestApi: ModelRestApi with scope on every verb, Thai errors and exact numbers.

FAB's base_filters guard GET, PUT and DELETE but not POST or the related-field
choices of _info (STYLE.md 2.4); this class closes both gaps, and answers a
write outside the caller's scope with 404, as if the record did not exist.
"""

from __future__ import annotations

from flask import request
from flask_appbuilder.api import ModelRestApi
from flask_appbuilder.exceptions import DatabaseException
from marshmallow import fields as ma_fields
from sqlalchemy.exc import SQLAlchemyError

from lsq_core.audit import set_audit_reason
from lsq_core.extensions import db
from lsq_core.scoping import SCOPE_BASE_FILTERS, ScopedWrites, check_writable, scoped_relation_filters
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed

API_PERMISSIONS = {
    "get": "read", "get_list": "read", "info": "read",
    "post": "write", "put": "write", "delete": "delete",
}

#: marshmallow's messages, as a registrar should read them
MARSHMALLOW_TH = {
    "Missing data for required field.": "จำเป็นต้องกรอก",
    "Field may not be null.": "ต้องไม่เว้นว่าง",
    "Not a valid integer.": "ต้องเป็นจำนวนเต็ม",
    "Not a valid number.": "ต้องเป็นตัวเลข",
    "Not a valid date.": "วันที่ไม่ถูกต้อง (ใช้รูปแบบ YYYY-MM-DD ปีคริสต์ศักราช)",
    "Not a valid datetime.": "วันเวลาไม่ถูกต้อง",
    "Not a valid string.": "ต้องเป็นข้อความ",
    "Not a valid boolean.": "ต้องเป็น true หรือ false",
    "Unknown field.": "ไม่รู้จักช่องข้อมูลนี้",
    "Related object doesn't exist": "ไม่พบรายการที่อ้างถึง หรือไม่อยู่ในขอบเขตของท่าน",
}
INTEGRITY_MESSAGE = "บันทึกไม่ได้: ข้อมูลซ้ำกับที่มีอยู่แล้ว หรือยังมีข้อมูลอื่นอ้างถึงรายการนี้"


def thai_messages(messages):
    if isinstance(messages, dict):
        return {key: thai_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [thai_messages(value) for value in messages]
    if isinstance(messages, str):
        for english, thai in MARSHMALLOW_TH.items():
            if messages.startswith(english.rstrip(".")):
                return thai
    return messages


class LsqModelRestApi(ScopedWrites, ModelRestApi):
    method_permission_name = API_PERMISSIONS
    base_filters = SCOPE_BASE_FILTERS
    allow_browser_login = False

    def __init__(self):
        model = self.datamodel.obj
        rel_filters = scoped_relation_filters(model)
        self.add_query_rel_fields = {**rel_filters, **(self.add_query_rel_fields or {})}
        self.edit_query_rel_fields = {**rel_filters, **(self.edit_query_rel_fields or {})}
        super().__init__()
        # GPA and credits must stay exact: decimals travel as JSON strings.
        for schema in (self.list_model_schema, self.show_model_schema,
                       self.add_model_schema, self.edit_model_schema):
            for field in (schema.fields.values() if schema is not None else ()):
                if isinstance(field, ma_fields.Decimal):
                    field.as_string = True

    def _guarded(self, call):
        from flask import request

        set_audit_reason(request.headers.get("X-LSQ-Reason"))
        try:
            response = call()
        except ValidationFailed as exc:
            db.session.rollback()
            return self.response_422(message=exc.messages)
        except OutOfScope:
            db.session.rollback()
            return self.response_404()
        except (SQLAlchemyError, DatabaseException):
            db.session.rollback()
            return self.response_422(message=INTEGRITY_MESSAGE)
        if response.status_code == 422 and response.is_json:
            body = response.get_json()
            message = body.get("message")
            if isinstance(message, str) and message.startswith("Database exception"):
                message = INTEGRITY_MESSAGE
            return self.response_422(message=thai_messages(message))
        return response

    def change_item(self, pk, change, respond, require_json=False):
        """Run an action on one record through a service, for custom endpoints (remedy, reissue …).

        404 when the record is out of the caller's scope, 422 with the Thai messages of a
        ValidationFailed, and whatever ``service_error`` answers for the service's own
        exceptions; the change is committed only when it is whole.

        :param change: ``change(item, body)``, may return a result for ``respond``.
        :param respond: ``respond(item, result)`` builds the 200 answer.
        """
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            return self.response_404()
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            if require_json:
                return self.response_400(message="Request is not JSON")
            body = {}
        try:
            check_writable(item)
            result = change(item, body)
            db.session.commit()
        except OutOfScope:
            db.session.rollback()
            return self.response_404()
        except ValidationFailed as exc:
            db.session.rollback()
            return self.response_422(message=exc.messages)
        except Exception as exc:
            db.session.rollback()
            answer = self.service_error(item, exc)
            if answer is None:
                raise
            return answer
        return respond(item, result)

    def service_error(self, item, exc):
        """The answer to a service exception this API knows (None: not one of them)."""
        return None

    def post_headless(self):
        response = self._guarded(super().post_headless)
        if response.status_code == 201:  # answer with the stored record as GET shows it
            body = response.get_json()
            item = self.datamodel.get(body["id"])
            return self.response(201, id=body["id"], result=self.show_model_schema.dump(item))
        return response

    def put_headless(self, pk):
        return self._guarded(lambda: super(LsqModelRestApi, self).put_headless(pk))

    def delete_headless(self, pk):
        return self._guarded(lambda: super(LsqModelRestApi, self).delete_headless(pk))

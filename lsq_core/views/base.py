"""LsqModelView: Flask-AppBuilder's ModelView with LSQ's scope, validation and Thai dates.

Every screen of a scoped record subclasses it, so scope is enforced in the
query layer (list, show, edit, delete, related-field choices) and again on
write (pre_add / pre_update), where FAB's base_filters do not reach.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, g
from flask_appbuilder import ModelView
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime
from wtforms.validators import DataRequired, Optional
from sqlalchemy import inspect as sa_inspect
from flask_appbuilder.exceptions import DatabaseException
from sqlalchemy.exc import SQLAlchemyError

from lsq_core.audit import set_audit_reason
from lsq_core.extensions import db
from lsq_core.forms import ThaiDateField
from lsq_core.scoping import SCOPE_BASE_FILTERS, ScopedWrites, scoped_relation_filters
from lsq_core.security.scope import OutOfScope
from lsq_core.thai import format_date_th, local_time
from lsq_core.validation import ValidationFailed

#: screen methods folded into one read / write / delete permission per resource
VIEW_PERMISSIONS = {
    "list": "read", "show": "read", "download": "read",
    "api": "read", "api_read": "read", "api_get": "read", "api_readvalues": "read",
    "add": "write", "edit": "write", "action": "write", "action_post": "write",
    "api_create": "write", "api_update": "write", "api_column_add": "write", "api_column_edit": "write",
    "delete": "delete", "api_delete": "delete",
}

INTEGRITY_MESSAGE = "บันทึกไม่ได้: ข้อมูลซ้ำกับที่มีอยู่แล้ว หรือยังมีข้อมูลอื่นอ้างถึงรายการนี้"


def flash_refusal(exc: ValidationFailed) -> None:
    """A refused action on a screen: nothing of it is kept, and each Thai message is shown."""
    db.session.rollback()
    for messages in exc.messages.values():
        for message in messages:
            flash(message, "danger")


def date_formatter(value):
    if isinstance(value, dt.datetime):  # stored in UTC, shown in Thai time
        return format_date_th(local_time(value), style="short")
    if isinstance(value, dt.date):
        return format_date_th(value, style="short")
    return "" if value is None else value


def blank_none(value):
    """FAB prints an empty value as "None"; a registrar should see an empty cell."""
    return "" if value is None else value


class LsqModelView(ScopedWrites, ModelView):
    method_permission_name = VIEW_PERMISSIONS
    base_filters = SCOPE_BASE_FILTERS
    page_size = 25

    def __init__(self, **kwargs):
        model = self.datamodel.obj
        rel_filters = scoped_relation_filters(model)
        self.add_form_query_rel_fields = {**rel_filters, **(self.add_form_query_rel_fields or {})}
        self.edit_form_query_rel_fields = {**rel_filters, **(self.edit_form_query_rel_fields or {})}
        self.search_form_query_rel_fields = {**rel_filters, **(self.search_form_query_rel_fields or {})}
        formatters = dict(self.formatters_columns or {})
        for column in sa_inspect(model).columns:
            if isinstance(column.type, (Date, DateTime)):
                formatters.setdefault(column.key, date_formatter)
        for name in {*(self.list_columns or []), *(self.show_columns or [])}:
            formatters.setdefault(name, blank_none)
        self.formatters_columns = formatters
        self.add_form_extra_fields = self._thai_date_fields(model, self.add_columns,
                                                            self.add_form_extra_fields)
        self.edit_form_extra_fields = self._thai_date_fields(model, self.edit_columns,
                                                             self.edit_form_extra_fields)
        super().__init__(**kwargs)

    def _thai_date_fields(self, model, columns, extra):
        """Every date a user types is typed in the Buddhist Era (ThaiDateField)."""
        extra = dict(extra or {})
        for column in sa_inspect(model).columns:
            if column.key in (columns or []) and column.key not in extra and isinstance(column.type, Date):
                required = [DataRequired()] if not column.nullable else [Optional()]
                extra[column.key] = ThaiDateField((self.label_columns or {}).get(column.key, column.key),
                                                  validators=required,
                                                  description=(self.description_columns or {}).get(column.key, ""))
        return extra

    # --- FAB's add / edit / delete with clear outcomes ------------------------
    # FAB flashes the raw exception text and throws the typed form away; a
    # registrar needs the message in Thai next to the field, with the form kept.

    def _save(self, form, item, is_new: bool):
        set_audit_reason(form.data.get("_reason") if hasattr(form, "data") else None)
        g.lsq_form = form  # views that handle uploads read their file field from here
        try:
            form.populate_obj(item)
            if is_new:
                self.pre_add(item)
                self.datamodel.add(item)
                self.post_add(item)
                flash(self.add_row_message, "success")
            else:
                self.pre_update(item)
                self.datamodel.edit(item)
                self.post_update(item)
                flash(self.edit_row_message, "success")
            return True
        except ValidationFailed as exc:
            db.session.rollback()
            for field, messages in exc.messages.items():
                target = form._fields.get(field) or form._fields.get(field.removesuffix("_id"))
                if target is not None:
                    target.errors = list(target.errors or []) + messages
                else:
                    flash(f"{self.label_columns.get(field, field)}: {' '.join(messages)}", "danger")
            flash(_l("Nothing was saved: please correct the fields marked in red."), "danger")
            return False
        except OutOfScope:
            db.session.rollback()
            abort(404)
        except (SQLAlchemyError, DatabaseException):
            db.session.rollback()
            flash(INTEGRITY_MESSAGE, "danger")
            return False

    def _add(self):
        from flask import request
        from flask_appbuilder.urltools import get_filter_args

        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        form = self.add_form.refresh()
        if request.method == "POST":
            self._fill_form_exclude_cols(exclude_cols, form)
            if form.validate():
                self.process_form(form, True)
                if self._save(form, self.datamodel.obj(), is_new=True):
                    return None
        else:
            self.update_redirect()
        return self._get_add_widget(form=form, exclude_cols=exclude_cols)

    def _edit(self, pk):
        from flask import request
        from flask_appbuilder.urltools import get_filter_args

        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            abort(404)
        pk = self.datamodel.get_pk_value(item)
        if request.method == "POST":
            form = self.edit_form.refresh(request.form)
            self._fill_form_exclude_cols(exclude_cols, form)
            form._id = pk
            if form.validate():
                self.process_form(form, False)
                if self._save(form, item, is_new=False):
                    return None
        else:
            form = self.edit_form.refresh(obj=item)
            self.prefill_form(form, pk)
            self.update_redirect()
        return self._get_edit_widget(form=form, exclude_cols=exclude_cols)

    def _delete(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            abort(404)
        try:
            self.pre_delete(item)
            self.datamodel.delete(item)
            self.post_delete(item)
            flash(self.delete_row_message, "success")
        except OutOfScope:
            db.session.rollback()
            abort(404)
        except (SQLAlchemyError, DatabaseException):
            db.session.rollback()
            flash(INTEGRITY_MESSAGE, "danger")
        self.update_redirect()


class LsqReadOnlyView(LsqModelView):
    """A scoped screen that lists and shows only (the audit ledger)."""

    base_permissions = ["can_read"]
    include_route_methods = {"list", "show"}

"""Screens of the organisation tree, the school calendar and appointments."""

from __future__ import annotations

from flask import abort, current_app, g, send_file
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from lsq_core.files import FileStore
from lsq_core.forms import (
    CommaSeparatedMultiSelect, choice_field, education_type_choices, level_choices, pdf_field,
)
from lsq_core.models import (
    AcademicYear, Appointment, AuditEvent, District, LocalAuthority, Province, School, Term,
)
from lsq_core.models.org import AUTHORITY_TYPES, TERM_NAMES
from lsq_core.models.people import APPOINTMENT_ROLES, APPOINTMENT_STATUSES
from lsq_core.org_rules import check_school_admin_fields, store_order_upload
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView, LsqReadOnlyView

COMMON_LABELS = {
    "code": _l("Code"),
    "name_th": _l("Name (Thai)"),
    "name_en": _l("Name (English)"),
    "province": _l("Province"),
    "district": _l("District"),
    "authority": _l("Local authority"),
    "school": _l("School"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
}


class ProvinceView(LsqModelView):
    datamodel = SQLAInterface(Province)
    class_permission_name = "Province"
    list_title = _l("Provinces")
    show_title = _l("Province")
    add_title = _l("Add province")
    edit_title = _l("Edit province")
    list_columns = ["code", "name_th", "name_en"]
    add_columns = edit_columns = show_columns = ["code", "name_th", "name_en"]
    search_columns = ["code", "name_th", "name_en"]
    label_columns = COMMON_LABELS
    order_columns = ["code", "name_th"]
    base_order = ("code", "asc")


class DistrictView(LsqModelView):
    datamodel = SQLAInterface(District)
    class_permission_name = "District"
    list_title = _l("Districts")
    show_title = _l("District")
    add_title = _l("Add district")
    edit_title = _l("Edit district")
    list_columns = ["code", "name_th", "province"]
    add_columns = edit_columns = show_columns = ["province", "code", "name_th", "name_en"]
    search_columns = ["code", "name_th", "province"]
    label_columns = COMMON_LABELS
    base_order = ("code", "asc")


class LocalAuthorityView(LsqModelView):
    datamodel = SQLAInterface(LocalAuthority)
    class_permission_name = "LocalAuthority"
    list_title = _l("Local authorities")
    show_title = _l("Local authority")
    add_title = _l("Add local authority")
    edit_title = _l("Edit local authority")
    list_columns = ["code", "name_th", "type_label", "district", "province"]
    add_columns = edit_columns = ["code", "name_th", "name_en", "authority_type", "province",
                                  "district", "address", "phone"]
    show_columns = ["code", "name_th", "name_en", "type_label", "province", "district", "address", "phone"]
    search_columns = ["code", "name_th", "authority_type", "province", "district"]
    label_columns = {**COMMON_LABELS, "authority_type": _l("Type"), "type_label": _l("Type")}
    add_form_extra_fields = edit_form_extra_fields = {
        "authority_type": choice_field(_l("Type"), AUTHORITY_TYPES),
    }
    base_order = ("code", "asc")


SCHOOL_FIELDS = ["code", "moe_code", "name_th", "name_en", "authority", "district", "address",
                 "subdistrict", "postcode", "phone", "email", "director_name", "director_title",
                 "registrar_name", "registrar_title", "education_types", "levels"]


class SchoolView(LsqModelView):
    datamodel = SQLAInterface(School)
    class_permission_name = "School"
    list_title = _l("Schools")
    show_title = _l("School")
    add_title = _l("Add school")
    edit_title = _l("Edit school")
    list_columns = ["code", "moe_code", "name_th", "authority", "education_types_label"]
    add_columns = edit_columns = SCHOOL_FIELDS
    show_columns = [c if c not in ("education_types", "levels") else c + "_label" for c in SCHOOL_FIELDS]
    search_columns = ["code", "moe_code", "name_th", "authority", "district"]
    label_columns = {
        **COMMON_LABELS,
        "code": _l("DLA school code"),
        "moe_code": _l("Ministry school code (10 digits)"),
        "subdistrict": _l("Sub-district"),
        "postcode": _l("Postcode"),
        "director_name": _l("Director's name (as on documents)"),
        "director_title": _l("Director's position (as on documents)"),
        "registrar_name": _l("Registrar's name (as on documents)"),
        "registrar_title": _l("Registrar's position (as on documents)"),
        "education_types": _l("Education types"),
        "education_types_label": _l("Education types"),
        "levels": _l("Levels offered"),
        "levels_label": _l("Levels offered"),
    }
    description_columns = {
        "moe_code": _l("10 digits beginning with 30 (Department of Local Administration)"),
        "code": _l("Only the DLA admin may change the codes and the local authority."),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "education_types": CommaSeparatedMultiSelect(_l("Education types"), choices=education_type_choices),
        "levels": CommaSeparatedMultiSelect(_l("Levels offered"), choices=level_choices),
    }
    base_order = ("code", "asc")

    def pre_update(self, item):
        check_school_admin_fields(item)
        super().pre_update(item)


class AcademicYearView(LsqModelView):
    datamodel = SQLAInterface(AcademicYear)
    class_permission_name = "AcademicYear"
    list_title = _l("Academic years")
    show_title = _l("Academic year")
    add_title = _l("Add academic year")
    edit_title = _l("Edit academic year")
    list_columns = add_columns = edit_columns = show_columns = ["year", "start_date", "end_date"]
    label_columns = {"year": _l("Academic year (B.E.)"), "start_date": _l("Start date"),
                     "end_date": _l("End date")}
    description_columns = {"year": _l("Buddhist Era, e.g. 2569")}
    base_order = ("year", "desc")


class TermView(LsqModelView):
    datamodel = SQLAInterface(Term)
    class_permission_name = "Term"
    list_title = _l("Terms")
    show_title = _l("Term")
    add_title = _l("Add term")
    edit_title = _l("Edit term")
    list_columns = ["academic_year", "name_th", "start_date", "end_date"]
    add_columns = edit_columns = ["academic_year", "number", "start_date", "end_date"]
    show_columns = ["academic_year", "name_th", "start_date", "end_date"]
    label_columns = {"academic_year": _l("Academic year"), "number": _l("Term"), "name_th": _l("Term"),
                     "start_date": _l("Start date"), "end_date": _l("End date")}
    add_form_extra_fields = edit_form_extra_fields = {
        "number": choice_field(_l("Term"), [(k, v) for k, v in TERM_NAMES.items()], coerce=int),
    }
    base_order = ("id", "desc")


APPOINTMENT_LABELS = {
    **COMMON_LABELS,
    "person_name": _l("Appointee (with title)"),
    "position": _l("Position"),
    "role": _l("Appointed as"),
    "role_label": _l("Appointed as"),
    "order_number": _l("Order number"),
    "order_date": _l("Order date"),
    "effective_from": _l("Effective from"),
    "effective_to": _l("Effective to"),
    "status": _l("Status"),
    "status_label": _l("Status"),
    "order_pdf": _l("Appointment order (PDF)"),
    "order_file_link": _l("Appointment order (PDF)"),
    "note": _l("Note"),
    "user": _l("User account"),
}
APPOINTMENT_FIELDS = ["person_name", "position", "role", "authority", "school", "order_number",
                      "order_date", "effective_from", "effective_to", "status", "note"]


class AppointmentView(LsqModelView):
    datamodel = SQLAInterface(Appointment)
    class_permission_name = "Appointment"
    method_permission_name = {**VIEW_PERMISSIONS, "order": "read"}
    list_title = _l("Appointment orders")
    show_title = _l("Appointment order")
    add_title = _l("Add appointment order")
    edit_title = _l("Edit appointment order")
    list_columns = ["person_name", "role_label", "authority", "school", "order_number", "order_date",
                    "effective_from", "effective_to", "status_label"]
    add_columns = APPOINTMENT_FIELDS + ["order_pdf"]
    edit_columns = APPOINTMENT_FIELDS + ["order_pdf"]
    show_columns = ["person_name", "position", "role_label", "authority", "school", "order_number",
                    "order_date", "effective_from", "effective_to", "status_label", "order_file_link",
                    "note"]
    search_columns = ["person_name", "role", "authority", "school", "order_number", "status"]
    label_columns = APPOINTMENT_LABELS
    add_form_extra_fields = {
        "role": choice_field(_l("Appointed as"), APPOINTMENT_ROLES),
        "status": choice_field(_l("Status"), APPOINTMENT_STATUSES, default="active"),
        "order_pdf": pdf_field(_l("Appointment order (PDF)"), required=True),
    }
    edit_form_extra_fields = {
        "role": choice_field(_l("Appointed as"), APPOINTMENT_ROLES),
        "status": choice_field(_l("Status"), APPOINTMENT_STATUSES),
        "order_pdf": pdf_field(_l("Appointment order (PDF)"), required=False,
                               description=_l("Leave empty to keep the file already attached.")),
    }
    base_order = ("order_date", "desc")

    def pre_add(self, item):
        super().pre_add(item)
        store_order_upload(item, self._upload_field())

    def pre_update(self, item):
        super().pre_update(item)
        store_order_upload(item, self._upload_field())

    def _upload_field(self):
        form = getattr(g, "lsq_form", None)
        return form._fields.get("order_pdf") if form is not None else None

    @expose("/order/<int:pk>")
    @has_access
    def order(self, pk):
        """The uploaded order, to those who may see the appointment; 404 to everyone else."""
        item = self.datamodel.get(pk, self._base_filters)
        if item is None or not item.order_file_key:
            abort(404)
        store = FileStore(current_app.config["FILES_DIR"])
        try:
            path = store.path(item.order_file_key)
        except FileNotFoundError:
            abort(404)
        return send_file(path, mimetype="application/pdf", download_name=item.order_file_name,
                         as_attachment=False)


class AuditEventView(LsqReadOnlyView):
    datamodel = SQLAInterface(AuditEvent)
    class_permission_name = "AuditEvent"
    list_title = _l("Audit ledger")
    show_title = _l("Audit event")
    list_columns = ["created_on", "actor_name", "action_label", "record_type_label", "record_label", "reason"]
    show_columns = ["created_on", "actor_name", "action_label", "record_type_label", "record_id",
                    "record_label", "changes_text", "reason"]
    search_columns = ["actor_name", "action", "table_name", "record_label", "created_on"]
    label_columns = {"created_on": _l("When"), "actor_name": _l("Who"), "action_label": _l("Action"),
                     "action": _l("Action"), "table_name": _l("Record type"),
                     "record_type_label": _l("Record type"), "record_id": _l("Record id"),
                     "record_label": _l("Record"), "changes_text": _l("Changes (old → new)"),
                     "reason": _l("Reason")}
    base_order = ("created_on", "desc")

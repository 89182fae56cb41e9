"""Screens of the operating calendar and of result-entry extensions.

* CalendarEventView: everyone signed in opens the calendar of a year (``/calendareventview/year/``);
  the DLA admin keeps it through the usual list / add / edit screens.
* ResultEntryExtensionView: the LAO registration officer reopens a closed term's result entry
  for one of the LAO's schools, until a date, with a reason that goes into the audit ledger.
"""

from __future__ import annotations

from flask import g, request
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired

from lsq_core.audit import current_reason, set_audit_reason
from lsq_core.extensions import db
from lsq_core.forms import CommaSeparatedMultiSelect, choice_field, education_type_choices
from lsq_core.models import AcademicYear, CalendarEvent, ResultEntryExtension
from lsq_core.models.calendar import ALL_EDUCATION_TYPES_LABEL, EVENT_KINDS
from lsq_core.thai import thai_today
from lsq_core.security.roles import ROLE_LABELS
from lsq_core.thai import academic_year_of
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView

CALENDAR_LABELS = {
    "academic_year": _l("Academic year"),
    "kind": _l("Kind of event"),
    "kind_label": _l("Kind of event"),
    "title": _l("Event title"),
    "education_type": _l("Education type"),
    "education_type_label": _l("Education type"),
    "term": _l("Term whose result entry it opens and closes"),
    "start_date": _l("From"),
    "due_date": _l("Due date"),
    "dates_label": _l("Dates"),
    "audience": _l("Concerns"),
    "audience_label": _l("Concerns"),
    "note": _l("Note"),
}


def education_type_or_all():
    return [("", ALL_EDUCATION_TYPES_LABEL), *education_type_choices()]


def role_choices():
    return list(ROLE_LABELS.items())


class CalendarEventView(LsqModelView):
    datamodel = SQLAInterface(CalendarEvent)
    class_permission_name = "CalendarEvent"
    method_permission_name = {**VIEW_PERMISSIONS, "year": "read"}
    default_view = "year"
    list_title = _l("Operating calendar")
    show_title = _l("Operating calendar event")
    add_title = _l("Add calendar event")
    edit_title = _l("Edit calendar event")
    list_columns = ["academic_year", "due_date", "kind_label", "title", "education_type_label", "audience_label"]
    show_columns = ["academic_year", "kind_label", "title", "education_type_label", "dates_label", "term",
                    "audience_label", "note"]
    add_columns = edit_columns = ["academic_year", "kind", "title", "education_type", "term", "start_date",
                                  "due_date", "audience", "note"]
    search_columns = ["academic_year", "kind", "title", "due_date"]
    label_columns = CALENDAR_LABELS
    description_columns = {
        "title": _l("Left empty: the kind's name"),
        "term": _l("Only for term results due: from this event's first day through its due date the term's "
                   "results may be entered; afterwards only under an extension. Empty: a reminder only."),
        "audience": _l("Empty: everyone"),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Kind of event"), EVENT_KINDS),
        "education_type": SelectField(_l("Education type"), choices=education_type_or_all, default=""),
        "audience": CommaSeparatedMultiSelect(_l("Concerns"), choices=role_choices,
                                              description=_l("Empty: everyone")),
    }
    base_order = ("due_date", "asc")
    order_columns = ["due_date", "title"]

    @expose("/year/")
    @expose("/year/<int:year>")
    @has_access
    def year(self, year=None):
        """The calendar of one academic year, as everyone concerned reads it."""
        years = [y for (y,) in db.session.query(AcademicYear.year).order_by(AcademicYear.year)]
        today = thai_today()
        if year is None:
            year = academic_year_of(today)
            if years and year not in years:
                year = years[-1]
        events = (db.session.query(CalendarEvent).join(AcademicYear)
                  .filter(AcademicYear.year == year)
                  .order_by(CalendarEvent.due_date, CalendarEvent.id).all())
        education_type = request.args.get("type") or None
        if education_type:
            events = [e for e in events if not e.education_type or e.education_type == education_type]
        next_due = next((e for e in events if e.due_date >= today), None)
        return self.render_template(
            "lsq/calendar.html", title=f"ปฏิทินการดำเนินงาน ปีการศึกษา {year}", year=year, years=years,
            events=events, today=today, next_due=next_due, types=education_type_choices(),
            education_type=education_type,
            can_edit=self.appbuilder.sm.has_access("can_write", self.class_permission_name))


EXTENSION_LABELS = {
    "school": _l("School"),
    "term": _l("Term"),
    "until": _l("Entry allowed until"),
    "reason": _l("Reason"),
    "granted_by": _l("Granted by"),
    "granted_by_name": _l("Granted by"),
    "granted_on": _l("Granted on"),
}


class GrantedExtensions:
    """What the screen and the REST resource of extensions both do before a write: the grant
    is the session user's, and the extension's reason is the audit ledger's reason."""

    def pre_add(self, item):
        grant(item)
        super().pre_add(item)

    def pre_update(self, item):
        set_audit_reason(current_reason() or item.reason)
        super().pre_update(item)


class ResultEntryExtensionView(GrantedExtensions, LsqModelView):
    datamodel = SQLAInterface(ResultEntryExtension)
    class_permission_name = "ResultEntryExtension"
    list_title = _l("Result entry extensions")
    show_title = _l("Result entry extension")
    add_title = _l("Extend result entry for a school")
    edit_title = _l("Edit result entry extension")
    list_columns = ["school", "term", "until", "reason", "granted_by_name", "granted_on"]
    show_columns = ["school", "term", "until", "reason", "granted_by_name", "granted_on"]
    add_columns = ["school", "term", "until", "reason"]
    edit_columns = ["until", "reason"]
    search_columns = ["school", "term", "until"]
    label_columns = EXTENSION_LABELS
    description_columns = {"reason": _l("Why the extension is granted; recorded in the audit ledger")}
    add_form_extra_fields = edit_form_extra_fields = {
        "reason": TextAreaField(_l("Reason"), validators=[DataRequired()],
                                description=_l("Why the extension is granted; recorded in the audit ledger")),
    }
    base_order = ("id", "desc")


def grant(item: ResultEntryExtension) -> None:
    """Who granted it and when come from the session, never from the form; the reason is the ledger's."""
    user = getattr(g, "user", None)
    item.granted_by = user if user is not None and getattr(user, "is_authenticated", False) else None
    item.granted_on = thai_today()
    set_audit_reason(current_reason() or item.reason)

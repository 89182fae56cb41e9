"""REST resources ``calendar_event`` (the DLA's operating calendar) and ``result_entry_extension``.

Related records are named by relationship ("academic_year": 3, "term": 5, "school": 2).
``granted_by`` and ``granted_on`` of an extension are set from the caller, never read.
"""

from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from lsq_core.api.base import LsqModelRestApi
from lsq_core.models import CalendarEvent, ResultEntryExtension
from lsq_core.views.calendar import GrantedExtensions


class CalendarEventApi(LsqModelRestApi):
    resource_name = "calendar_event"
    class_permission_name = "CalendarEvent"
    datamodel = SQLAInterface(CalendarEvent)
    list_columns = show_columns = [
        "id", "academic_year.id", "academic_year.year", "education_type", "education_type_label", "kind",
        "kind_label", "title", "start_date", "due_date", "term.id", "audience", "audience_label", "note",
    ]
    add_columns = edit_columns = ["academic_year", "education_type", "kind", "title", "start_date", "due_date",
                                  "term", "audience", "note"]
    order_columns = ["due_date", "title", "kind"]
    base_order = ("due_date", "asc")


class ResultEntryExtensionApi(GrantedExtensions, LsqModelRestApi):
    resource_name = "result_entry_extension"
    class_permission_name = "ResultEntryExtension"
    datamodel = SQLAInterface(ResultEntryExtension)
    list_columns = show_columns = ["id", "school.id", "school.name_th", "term.id", "until", "reason",
                                   "granted_by_name", "granted_on"]
    add_columns = ["school", "term", "until", "reason"]
    edit_columns = ["until", "reason"]
    base_order = ("id", "desc")

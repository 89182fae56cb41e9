"""User scopes: the DLA admin says which province, LAO or school each account works in."""

from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from lsq_core.models import UserProfile
from lsq_core.views.base import LsqModelView


class UserProfileView(LsqModelView):
    datamodel = SQLAInterface(UserProfile)
    class_permission_name = "UserProfile"
    list_title = _l("User scopes")
    show_title = _l("User scope")
    add_title = _l("Add user scope")
    edit_title = _l("Edit user scope")
    list_columns = ["user", "title", "position", "scope_label"]
    add_columns = edit_columns = ["user", "title", "national_id", "position", "phone", "province",
                                  "authority", "school"]
    show_columns = ["user", "title", "position", "phone", "province", "authority", "school", "scope_label"]
    label_columns = {"user": _l("User account"), "title": _l("Title"), "national_id": _l("National ID"),
                     "position": _l("Position"), "phone": _l("Phone"), "province": _l("Province"),
                     "authority": _l("Local authority"), "school": _l("School"), "scope_label": _l("Scope")}
    description_columns = {
        "province": _l("Province officers: their province only."),
        "authority": _l("LAO registration officers: their local authority only."),
        "school": _l("Registrars and teachers: their school only."),
    }

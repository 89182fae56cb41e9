"""The programme tree (ประเภทวิชา → กลุ่มอาชีพ → สาขาวิชา → สาขางาน): everyone signed in reads it,
a DLA admin corrects and extends it (screen and REST resource ``programme_unit``)."""

from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from lsq_core.api.base import LsqModelRestApi
from lsq_core.forms import choice_field
from lsq_core.models import ProgrammeUnit
from lsq_core.models.programmes import UNIT_KINDS
from lsq_core.views.base import LsqModelView


def curriculum_choices():
    from flask import current_app

    return [(c.identifier, c.name_th) for c in current_app.extensions["lsq"].curricula
            if current_app.extensions["lsq"].education_types[c.education_type].identifier != "basic"]


PROGRAMME_LABELS = {
    "curriculum": _l("Curriculum"), "kind": _l("Level of the structure"), "kind_label": _l("Level of the structure"),
    "code": _l("Code"), "name_th": _l("Name (Thai)"), "name_en": _l("Name (English)"), "parent": _l("Part of"),
    "path_label": _l("Place in the structure"),
}


class ProgrammeUnitView(LsqModelView):
    datamodel = SQLAInterface(ProgrammeUnit)
    class_permission_name = "ProgrammeUnit"
    list_title = _l("Programme structure")
    show_title = _l("Programme structure unit")
    add_title = _l("Add programme structure unit")
    edit_title = _l("Edit programme structure unit")
    list_columns = ["curriculum", "code", "kind_label", "name_th", "parent"]
    show_columns = ["curriculum", "kind_label", "code", "name_th", "name_en", "path_label"]
    add_columns = edit_columns = ["curriculum", "kind", "code", "name_th", "name_en", "parent"]
    search_columns = ["curriculum", "kind", "code", "name_th"]
    label_columns = PROGRAMME_LABELS
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Level of the structure"), UNIT_KINDS),
        "curriculum": choice_field(_l("Curriculum"), curriculum_choices),
    }
    base_order = ("code", "asc")


class ProgrammeUnitApi(LsqModelRestApi):
    resource_name = "programme_unit"
    class_permission_name = "ProgrammeUnit"
    datamodel = SQLAInterface(ProgrammeUnit)
    list_columns = show_columns = ["id", "curriculum", "kind", "kind_label", "code", "name_th", "name_en",
                                   "parent.id", "path_label"]
    add_columns = edit_columns = ["curriculum", "kind", "code", "name_th", "name_en", "parent"]
    order_columns = ["code", "name_th"]
    base_order = ("code", "asc")

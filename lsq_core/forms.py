"""Form fields the generated screens need beyond FAB's defaults: Thai choice lists,
comma-joined multi-selects and a checked PDF upload."""

from __future__ import annotations

from flask import current_app
from flask_appbuilder.fieldwidgets import Select2ManyWidget, Select2Widget
from flask_wtf.file import FileField
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import ValidationError

from lsq_core.files import pdf_error


def choice_field(label, choices, **kwargs) -> SelectField:
    return SelectField(label, choices=list(choices.items()) if isinstance(choices, dict) else choices,
                       widget=Select2Widget(), **kwargs)


class CommaSeparatedMultiSelect(SelectMultipleField):
    """A multi-select stored as "a,b,c" in one string column."""

    widget = Select2ManyWidget()

    def process_data(self, value):
        if isinstance(value, str):
            value = [v for v in value.split(",") if v]
        super().process_data(value)

    def populate_obj(self, obj, name):
        setattr(obj, name, ",".join(self.data or []))

    def pre_validate(self, form):
        # choices come from the plugin registries; unknown values are reported by
        # the model's own validation, in Thai, naming the value
        return None


def education_type_choices():
    return [(et.identifier, et.name_th) for et in current_app.extensions["lsq"].education_types]


def level_choices():
    return current_app.extensions["lsq"].education_types.level_choices()


class PdfUpload:
    """Accept only a PDF within the size limit; keep its bytes on the field for the view."""

    def __init__(self, required: bool = True):
        self.required = required

    def __call__(self, form, field):
        storage = field.data
        filename = getattr(storage, "filename", "") or ""
        if not filename:
            if self.required:
                raise ValidationError("กรุณาแนบไฟล์คำสั่งแต่งตั้ง (PDF)")
            field.pdf_bytes = None
            return
        max_bytes = int(current_app.config["MAX_ORDER_FILE_MB"]) * 1024 * 1024
        data = storage.stream.read(max_bytes + 1)
        problem = pdf_error(data, max_bytes)
        if problem:
            raise ValidationError(problem)
        field.pdf_bytes = data
        field.pdf_name = filename


def pdf_field(label, required: bool = True, description: str = "") -> FileField:
    return FileField(label, validators=[PdfUpload(required)], description=description)

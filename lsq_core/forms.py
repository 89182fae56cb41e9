"""Form fields the generated screens need beyond FAB's defaults: Thai choice lists,
comma-joined multi-selects and a checked PDF upload."""

from __future__ import annotations

from flask import current_app
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2ManyWidget, Select2Widget
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, SelectMultipleField
from wtforms.validators import ValidationError

from lsq_core.files import pdf_error
from lsq_core.thai import to_arabic_digits


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


class ThaiDateField(DateField):
    """A date typed and shown the Thai way: วว/ดด/ปปปป in the Buddhist Era (12/05/2569).

    Also accepts Thai digits, a Christian-Era year, and ISO dates (2026-05-12), so
    pasted and API-style values work too; a year above 2400 is read as พ.ศ.
    """

    widget = BS3TextFieldWidget()
    HINT = "วว/ดด/ปปปป (พ.ศ.) เช่น 12/05/2569"

    def __init__(self, label=None, validators=None, **kwargs):
        if not kwargs.get("description"):
            kwargs["description"] = self.HINT
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if self.data:
            return f"{self.data.day:02d}/{self.data.month:02d}/{self.data.year + 543}"
        return ""

    def process_formdata(self, valuelist):
        text = to_arabic_digits(" ".join(valuelist or []).strip())
        if not text:
            self.data = None
            return
        self.data = parse_thai_date(text)
        if self.data is None:
            self.data = None
            raise ValueError("วันที่ไม่ถูกต้อง กรุณากรอกแบบ วว/ดด/ปปปป (พ.ศ.) เช่น 12/05/2569")


def parse_thai_date(text: str):
    """12/05/2569, 12-05-2569, 2569-05-12, 2026-05-12, 12/5/2026 → date; None when not a date."""
    import datetime as dt
    import re

    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    if year > 2400:
        year -= 543
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

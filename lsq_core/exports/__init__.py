"""Exports: the files a user downloads for the schools in their scope.

An exporter is shaped after pretix's output providers: an identifier, a Thai name,
the file kinds it writes and one method, ``export(session, schools, options) ->
(filename, bytes)``. Exporters come from the ``lsq_register_exporters`` hook; the
core's own (GPAX for university admission, the Ministry's GPA text file, student
lists, results) are registered by lsq_core.exports.default through that same hook.

An exporter never checks scope itself: the screen, the REST endpoint and the
command hand it only schools the caller may read (``schools_in_scope``), so the
rule lives in one place. Options arrive as strings (query string, form, command
line); ``Exporter.option`` checks each against the exporter's declared choices and
answers a bad value with ExportError in Thai.
"""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app

__all__ = ["Exporter", "ExportError", "Option", "KINDS", "exporters", "schools_in_scope", "school_in_scope", "run", "table_bytes"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: file kind → (MIME type, file extension)
KINDS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": (XLSX, "xlsx"),
    "txt": ("text/plain", "txt"),
}


class ExportError(ValueError):
    """A request an exporter cannot answer (an option it does not take, nothing to export); Thai."""


@dataclass(frozen=True)
class Option:
    """An option a user may set: its name in the query string, its Thai label, the values allowed
    (empty: any, e.g. an academic year) and the value used when it is not given."""

    name: str
    label_th: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, Thai label)
    default: str = ""


FORMAT_LABELS = {"csv": "CSV (UTF-8, เปิดด้วย Excel ได้)", "xlsx": "Excel (.xlsx)", "txt": "แฟ้มข้อความ (.txt)"}


@dataclass(frozen=True)
class Exporter(ABC):
    """The base of every exporter. Subclasses set the fields and write ``export`` (an exporter
    without it cannot be made, so a plugin finds out at start-up, not at its first download)."""

    identifier: str
    name_th: str
    description_th: str = ""
    #: the file kinds written, the first the default ("csv", "xlsx", "txt")
    kinds: tuple[str, ...] = ("xlsx", "csv")
    #: the education types served (empty: every school)
    education_types: tuple[str, ...] = ()
    #: options besides ``format``
    options: tuple[Option, ...] = ()
    #: the levels a school must offer for this exporter to apply (empty: any), e.g. ("m6",)
    levels: tuple[str, ...] = ()

    def serves(self, school) -> bool:
        """Whether the exporter applies to the school (by its education types and the levels it offers)."""
        return ((not self.education_types or any(t in school.education_type_list for t in self.education_types))
                and (not self.levels or any(level in school.level_list for level in self.levels)))

    def audience_th(self) -> str:
        """Which schools it serves, in Thai (for the message when it does not)."""
        parts = []
        if self.education_types:
            types = current_app.extensions["lsq"].education_types
            parts.append(", ".join(types[t].name_th if t in types else t for t in self.education_types))
        if self.levels:
            names = dict(current_app.extensions["lsq"].education_types.level_choices())
            parts.append("ที่เปิดสอน " + ", ".join(names.get(level, level) for level in self.levels))
        return "สถานศึกษา" + " ".join(parts)

    def all_options(self) -> tuple[Option, ...]:
        """``format`` (one choice per kind) followed by the exporter's own options."""
        formats = Option("format", "รูปแบบแฟ้ม", tuple((k, FORMAT_LABELS.get(k, k)) for k in self.kinds), self.kinds[0])
        return (formats, *self.options)

    def option(self, options: dict, name: str) -> str:
        """The value of an option, checked against its choices (the default when not given)."""
        declared = next((o for o in self.all_options() if o.name == name), None)
        if declared is None:
            raise KeyError(name)
        value = str(options.get(name) or declared.default).strip()
        if declared.choices and value not in {v for v, _ in declared.choices}:
            allowed = ", ".join(v for v, _ in declared.choices)
            raise ExportError(f"{self.name_th}: ค่า {declared.label_th} ({name}) ต้องเป็น {allowed} ไม่ใช่ {value!r}")
        return value

    def kind(self, options: dict) -> str:
        return self.option(options, "format")

    @abstractmethod
    def export(self, session, schools: list, options: dict) -> tuple[str, bytes]:
        """Write the file for ``schools`` (already checked against the caller's scope)."""


def exporters():
    """The app's exporter registry (lsq_core.plugins.registries.ExporterRegistry)."""
    return current_app.extensions["lsq"].exporters


def schools_in_scope(session, scope):
    """The schools a scope may export from, by code (the same rows the Schools screen lists)."""
    from lsq_core.models.org import School

    return session.query(School).filter(School.scope_filter(scope)).order_by(School.code).all()


def school_in_scope(session, scope, *, code: str | None = None, school_id: int | None = None):
    """One school of the scope by code or id, or None (outside the scope or no such school)."""
    from lsq_core.models.org import School

    query = session.query(School).filter(School.scope_filter(scope))
    query = query.filter(School.code == code) if code is not None else query.filter(School.id == school_id)
    return query.one_or_none()


def run(identifier: str, session, schools: list, options: dict) -> tuple[str, bytes]:
    """Run one exporter for schools the caller may read; ExportError (Thai) when it cannot."""
    exporter = exporters().get(identifier)
    if exporter is None:
        raise LookupError(identifier)
    for school in schools:
        if not exporter.serves(school):
            raise ExportError(f"{exporter.name_th} ใช้กับ {school.code} {school.name_th} ไม่ได้ "
                              f"(สำหรับ{exporter.audience_th()})")
    for option in options:
        if option not in {o.name for o in exporter.all_options()}:
            raise ExportError(f"{exporter.name_th} ไม่มีตัวเลือก {option}")
    return exporter.export(session, schools, options)


# --- writing tables ---------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def table_bytes(kind: str, title: str, headers: list[str], rows) -> bytes:
    """A table as CSV (UTF-8 with a BOM, so Excel reads the Thai) or as one Excel sheet.

    In Excel a number stays a number (GPAs shown with two places) and text stays text,
    even text that begins with "=": it is never written as a live formula.
    """
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_cell_text(v) for v in row])
        return out.getvalue().encode("utf-8-sig")
    if kind == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, Decimal):
                    cell = WriteOnlyCell(sheet, value=float(value))
                    cell.number_format = "0.00" if value.as_tuple().exponent <= -2 else "0.0"
                elif isinstance(value, str) and value.startswith("="):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                cells.append(cell)
            sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ExportError(f"ไม่รู้จักรูปแบบแฟ้ม {kind}")

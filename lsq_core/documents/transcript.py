"""The two-sided transcript every programme issues (ปพ.1 in basic education, รบ.1 in
vocational): results by year and term on the front, activities and summaries on the back.

What differs between programmes (titles, what a unit is called, the areas, the
summary rows) is the plugin's; this module turns a record into the blocks of the
form's columns and sizes the type so that both sides fit their page
(lsq_core.documents.layout), whatever the number of subjects.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from lsq_core.documents import layout
from lsq_core.documents.base import DocumentType
from lsq_core.documents.layout import Block, Line

PT_PER_CM = 72 / 2.54
#: A4 less the templates' 1.2 cm margins
PAGE_WIDTH = (21.0 - 2.4) * PT_PER_CM


@dataclass(frozen=True)
class Sheet:
    """The space the results take on one side: columns across and the height they may fill."""

    columns: int
    height_cm: float
    #: the number cells of each column (credits or hours, result), in ems
    number_ems: float = 6.0

    def text_width(self, size: float) -> float:
        """The name cell of a column: the column less its two number cells and the cell padding."""
        column = PAGE_WIDTH / self.columns
        return column - self.number_ems * size - 4


class TranscriptType(DocumentType):
    """A transcript document type: plugins subclass it for the titles and summaries of their forms
    (construct it with ``pages=2``: front and back)."""

    front = Sheet(columns=3, height_cm=17.5)
    back = Sheet(columns=3, height_cm=8.0)
    #: the subjects' blocks: one per academic year with its terms inside (ปพ.1), or one per term
    #: under its own heading (รบ.1, whose records are kept by term); a column breaks between blocks
    by_term: bool = False

    def term_footer(self, term: dict) -> list[Line]:
        """Lines closing a term's subjects (รบ.1: the term's GPA); none by default."""
        return []

    def unit(self, result: dict) -> str:
        """What the number column shows for a subject: credits, or hours where a stage counts hours."""
        return result["credits"] if result.get("credits") is not None else str(result.get("hours") or "")

    def layout(self, record: dict, front_size: float | None = None, back_size: float | None = None) -> dict:
        """The printed rows of each side and its type size (at or below the sizes given).

        ``front_rows``/``back_rows``: one list per table row, holding that line of each of the
        sheet's columns (a ``layout.Line`` or None), so the template draws one ruled table.
        """
        subjects, activities = self.year_blocks(record)
        front_size, front_columns = _fit(subjects, self.front, front_size)
        back_size, back_columns = _fit(activities, self.back, back_size)
        return {"front_size": front_size, "back_size": back_size, "columns": self.front.columns,
                "front_rows": layout.across(front_columns, front_size, self.front.text_width(front_size)),
                "back_rows": layout.across(back_columns, back_size, self.back.text_width(back_size))}

    def area_units(self, student_id: int, levels) -> dict:
        """Credits (or hours, where a stage counts hours) studied per learning area, summed in the database."""
        from lsq_core import gpa
        from lsq_core.extensions import db

        areas: dict = {}
        for (area, _kind), (_num, _weight, studied, _earned) in gpa.area_and_kind_sums(
                db.session, [student_id], levels).get(student_id, {}).items():
            areas[area] = areas.get(area, 0) + studied
        return areas

    def shrink(self, context: dict) -> dict | None:
        """One size smaller on both sides, when a rendered transcript ran past its pages."""
        front, back = layout.smaller(context["front_size"]), layout.smaller(context["back_size"])
        if front is None and back is None:
            return None
        smaller = self.layout(context["record"], front or context["front_size"], back or context["back_size"])
        return {**context, **smaller}

    def year_blocks(self, record: dict) -> tuple[list[Block], list[Block]]:
        """One block per academic year for the subjects, and one for the activities."""
        names = dict(current_app.extensions["lsq"].education_types.level_choices())
        years: dict[tuple, list[dict]] = {}
        for term in record["terms"]:
            years.setdefault((term["academic_year"], term["level"]), []).append(term)
        subjects, activities = [], []
        for (year, level), terms in years.items():
            heading = Line("year", f"ปีการศึกษา {year}  ชั้น {names.get(level, level)}")
            subject_block, activity_block = Block([heading]), Block([heading])
            for term in terms:
                parts = ([r for r in term["results"] if r["kind"] != "activity"],
                         [r for r in term["results"] if r["kind"] == "activity"])
                if self.by_term and parts[0]:
                    subjects.append(Block([
                        Line("year", f"ภาคเรียนที่ {term['term']}/{year}  ชั้น {names.get(level, level)}"),
                        *self.entries(parts[0]), *self.term_footer(term)]))
                for block, results in zip((subject_block, activity_block), parts):
                    if not results or (self.by_term and block is subject_block):
                        continue
                    if len(terms) > 1:
                        block.lines.append(Line("term", f"ภาคเรียนที่ {term['term']}"))
                    block.lines.extend(self.entries(results))
                    if block is subject_block:
                        block.lines.extend(self.term_footer(term))
            if not self.by_term:
                subjects.append(subject_block)
            if len(activity_block.lines) > 1:
                activities.append(activity_block)
        return subjects, activities

    def entries(self, results: list[dict]) -> list[Line]:
        return [Line("entry", f"{r['subject_code']} {r['subject_name']}", (self.unit(r), r["grade"] or "-"))
                for r in results]


def _fit(blocks: list[Block], sheet: Sheet, at_most: float | None):
    return layout.fit(blocks, sheet.columns, sheet.height_cm * PT_PER_CM, sheet.text_width, at_most)

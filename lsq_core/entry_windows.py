"""Data-entry windows: when a term's results may be entered or changed.

The window is not a column of Term: it is the DLA's own calendar. A "term results
due" CalendarEvent that names a term sets that term's window for its education
type: open from the event's start date (if it has one) through its due date, both
Thai calendar days. One calendar entry then both tells everyone the deadline and
enforces it, and basic and vocational schools may have different deadlines.

* When several events name the term, the one for the subject's own education type
  wins over one for every type; among equals, the latest due date.
* **No such event means open.** This is a deliberate product default: a term the
  DLA has set no deadline for (older years, the demo's terms, a new installation)
  never locks a school out; the DLA closes a term by naming it on the calendar.
* After the window, the LAO registration officer of the school's LAO may reopen
  entry for one school with a ResultEntryExtension (until a date, with a reason,
  audited). Remediation (แก้ 0 / ร / มส / มผ, results_service.remedy_result) is
  never limited by the window: it happens after the term by nature.

results_service.enter_result calls ``check_entry_open`` before changing anything,
so the results grid, the REST ``result`` resource and any other path refuse alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from flask import current_app
from sqlalchemy import or_

from lsq_core.extensions import db
from lsq_core.models.calendar import TERM_RESULTS_DUE, CalendarEvent, ResultEntryExtension
from lsq_core.thai import thai_today
from lsq_core.models.org import Term
from lsq_core.thai import format_date_th
from lsq_core.validation import ValidationFailed


class EntryWindowClosed(ValidationFailed):
    """The term's results cannot be entered or changed today (a ValidationFailed on field "term",
    so every screen and API answers it as it answers any invalid field: 422, nothing saved)."""

    def __init__(self, message: str):
        super().__init__({"term": [message]})
        self.message = message


@dataclass(frozen=True)
class EntryWindow:
    """A term's data-entry window for one education type (both ends inclusive; None = unbounded)."""

    term: Term
    opens: Optional[dt.date] = None
    closes: Optional[dt.date] = None
    event: Optional[CalendarEvent] = None

    def is_open(self, on: dt.date) -> bool:
        return (self.opens is None or self.opens <= on) and (self.closes is None or on <= self.closes)


def window_for(term: Term, education_type: str | None) -> EntryWindow:
    """The window the calendar sets for ``term`` and ``education_type`` (unset: always open)."""
    query = db.session.query(CalendarEvent).filter(CalendarEvent.kind == TERM_RESULTS_DUE,
                                                   CalendarEvent.term_id == term.id)
    if education_type:
        query = query.filter(or_(CalendarEvent.education_type.is_(None),
                                 CalendarEvent.education_type == education_type))
    events = query.all()
    if not events:
        return EntryWindow(term)
    own = [e for e in events if e.education_type] or events
    event = max(own, key=lambda e: (e.due_date, e.id))
    return EntryWindow(term, opens=event.start_date, closes=event.due_date, event=event)


def extension_for(school_id: int, term_id: int, on: dt.date) -> ResultEntryExtension | None:
    """The extension in force for the school and term on that day (the one lasting longest)."""
    return (db.session.query(ResultEntryExtension)
            .filter(ResultEntryExtension.school_id == school_id, ResultEntryExtension.term_id == term_id,
                    ResultEntryExtension.until >= on)
            .order_by(ResultEntryExtension.until.desc()).first())


def education_type_of(subject) -> str | None:
    curricula = current_app.extensions["lsq"].curricula
    return curricula[subject.curriculum].education_type if subject.curriculum in curricula else None


def check_entry_open(result, on: dt.date | None = None) -> None:
    """Raise EntryWindowClosed, in Thai, naming the term and the dates, unless the result's
    term is open for entry at the student's school today (or under an extension)."""
    term = result.term if result.term is not None else db.session.get(Term, result.term_id)
    subject = result.subject
    student = result.student
    if term is None or subject is None or student is None:
        return  # the model's own validation names what is missing
    check_term_open(student.school_id, term, education_type_of(subject), on)


def check_term_open(school_id: int, term: Term, education_type: str | None, on: dt.date | None = None) -> None:
    """``check_entry_open`` for every result of one school, term and education type at once:
    the window depends on nothing else, so a bulk import asks once per (school, term, type)
    instead of once per result (lsq_core.results_bulk)."""
    on = on or thai_today()
    with db.session.no_autoflush:
        window = window_for(term, education_type)
        if window.is_open(on):
            return
        if extension_for(school_id, term.id, on) is not None:
            return
    if window.opens is not None and on < window.opens:
        raise EntryWindowClosed(
            f"{term!r} ยังไม่เปิดให้บันทึกผลการเรียน (เปิดวันที่ {format_date_th(window.opens)} "
            f"ตามปฏิทินการดำเนินงาน) ยังไม่ได้บันทึกข้อมูลใด")
    raise EntryWindowClosed(
        f"{term!r} ปิดการบันทึกและแก้ไขผลการเรียนแล้วเมื่อวันที่ {format_date_th(window.closes)} "
        f"ตามปฏิทินการดำเนินงาน ยังไม่ได้บันทึกข้อมูลใด — หากจำเป็นต้องบันทึกหรือแก้ไข "
        f"ขอให้เจ้าพนักงานทะเบียน อปท. ขยายเวลาให้สถานศึกษา หรือใช้การแก้ผลการเรียน (แก้ 0/ร/มส/มผ)")


def closing_soon(school, within_days: int = 14, on: dt.date | None = None) -> list[dict]:
    """The windows of a school's education types that close within ``within_days``, soonest first,
    with the extension in force if any (for the registrar's home page)."""
    on = on or thai_today()
    types = school.education_type_list
    events = (db.session.query(CalendarEvent)
              .filter(CalendarEvent.kind == TERM_RESULTS_DUE, CalendarEvent.term_id.isnot(None),
                      CalendarEvent.due_date >= on, CalendarEvent.due_date <= on + dt.timedelta(days=within_days),
                      or_(CalendarEvent.education_type.is_(None), CalendarEvent.education_type.in_(types)))
              .order_by(CalendarEvent.due_date).all())
    return [{"event": e, "term": e.term, "closes": e.due_date, "days_left": (e.due_date - on).days}
            for e in events]


def closed_terms(school, on: dt.date | None = None, back_days: int = 60) -> list[dict]:
    """Terms whose window for the school closed in the last ``back_days`` days, with any extension."""
    on = on or thai_today()
    types = school.education_type_list
    events = (db.session.query(CalendarEvent)
              .filter(CalendarEvent.kind == TERM_RESULTS_DUE, CalendarEvent.term_id.isnot(None),
                      CalendarEvent.due_date < on, CalendarEvent.due_date >= on - dt.timedelta(days=back_days),
                      or_(CalendarEvent.education_type.is_(None), CalendarEvent.education_type.in_(types)))
              .order_by(CalendarEvent.due_date.desc()).all())
    seen, rows = set(), []
    for event in events:
        if event.term_id in seen:
            continue
        seen.add(event.term_id)
        rows.append({"event": event, "term": event.term, "closed": event.due_date,
                     "extension": extension_for(school.id, event.term_id, on)})
    return rows

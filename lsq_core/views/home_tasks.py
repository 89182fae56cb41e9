"""What the home page shows each person to do now: deadlines from the operating calendar,
graduate reports (ปพ.3) waiting for the LAO officer or returned to the registrar, and the
terms whose result entry closes soon or has closed at the registrar's school.

Everything is read through the user's scope (scoped_query), so a count never includes
another LAO's or school's records.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from lsq_core.entry_windows import closed_terms, closing_soon
from lsq_core.extensions import db
from lsq_core.models import AcademicYear, CalendarEvent, LocalAuthority, School
from lsq_core.thai import thai_today
from lsq_core.models.graduate_reports import GraduateReport
from lsq_core.scoping import scoped_query
from lsq_core.security.scope import ALL, NONE

#: how many upcoming deadlines the home page lists
DEADLINES_SHOWN = 5


def user_education_types(scope) -> set[str] | None:
    """The education types of the schools a user works with (None: every type, for the DLA admin)."""
    if scope.level == ALL:
        return None
    if scope.level == NONE:
        return set()
    types = set()
    for (value,) in db.session.execute(select(School.education_types).where(School.scope_filter(scope))):
        types.update(t for t in (value or "").split(",") if t)
    return types


def deadlines_for(user, scope, on=None, limit=DEADLINES_SHOWN) -> list[CalendarEvent]:
    """The next calendar events that concern the user's roles and education types, soonest first."""
    on = on or thai_today()
    role_names = {role.name for role in user.roles}
    types = user_education_types(scope)
    events = (db.session.query(CalendarEvent).filter(CalendarEvent.due_date >= on)
              .order_by(CalendarEvent.due_date, CalendarEvent.id).limit(200).all())
    admin = scope.level == ALL
    return [e for e in events if admin or e.concerns(role_names, types)][:limit]


def tasks_context(user, sm) -> dict:
    scope = sm.current_scope()
    today = thai_today()
    # "today" replaces the page's server date: deadlines are Thai calendar days
    context = {"deadlines": deadlines_for(user, scope, today), "thai_today": today, "today": today,
               "calendar_url": url_for("CalendarEventView.year") if sm.has_access("can_read", "CalendarEvent")
               else None}
    if sm.has_access("can_verify", "GraduateReport"):
        reports = (scoped_query(db.session, GraduateReport).filter(GraduateReport.status == "submitted")
                   .order_by(GraduateReport.submitted_on).all())
        context["reports_to_verify"] = [_report_row(r) for r in reports]
    if sm.has_access("can_write", "GraduateReport") and scope.level != ALL:
        returned = (scoped_query(db.session, GraduateReport).filter(GraduateReport.status == "returned")
                    .order_by(GraduateReport.checked_on.desc()).all())
        context["reports_returned"] = [_report_row(r) for r in returned]
    if scope.school_id and sm.has_access("can_write", "Result"):
        school = db.session.get(School, scope.school_id)
        context["closing_terms"] = closing_soon(school, on=today)
        context["closed_terms"] = closed_terms(school, on=today)
    if sm.has_access("can_write", "ResultEntryExtension"):
        context["extensions_url"] = url_for("ResultEntryExtensionView.list")
    if scope.level == ALL:
        year = db.session.query(AcademicYear).order_by(AcademicYear.year.desc()).first()
        context["overview"] = {
            "authorities": db.session.query(LocalAuthority).count(),
            "schools": db.session.query(School).count(),
            "events": db.session.query(CalendarEvent).filter(
                CalendarEvent.academic_year_id == year.id).count() if year else 0,
            "year": year.year if year else None,
        }
    return context


def _report_row(report) -> dict:
    return {"school": report.school.name_th, "label": f"{report.level_name} ปีการศึกษา {report.academic_year.year}",
            "submitted_on": report.submitted_on, "reason": report.return_reason,
            "url": url_for("GraduateReportView.page", pk=report.id)}

"""Vocational actions on results that follow from dates: withdrawing from a subject, and the
ม.ส. that becomes ม.ท. when the make-up deadline passes. Both go through lsq_core.results_service,
so the history and the audit ledger see them like any other change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lsq_core.models import Result, Student, Subject, Term
from lsq_core.results_service import enter_result, scale_for, settle_by_rule
from lsq_core.thai import format_date_th
from vocational.rules import withdrawal_letter

INCOMPLETE, EXPIRED = "ม.ส.", "ม.ท."


def withdraw(result: Result, *, requested_on: dt.date, deadline: dt.date, head_accepts: bool = False,
             reason: str = "") -> Result:
    """ถ.น. within the college's withdrawal deadline, or later when the head accepts the reason;
    otherwise ถ.ล. (ข้อ 32). The request date and the decision are kept in the history."""
    letter = withdrawal_letter(requested_on, deadline, head_accepts)
    decision = "ภายในกำหนด" if requested_on <= deadline else (
        "หลังกำหนด หัวหน้าสถานศึกษาอนุญาต" if head_accepts else "หลังกำหนด หัวหน้าสถานศึกษาไม่อนุญาต")
    note = f"ขอถอนรายวิชาเมื่อ {format_date_th(requested_on)} ({decision})" + (f": {reason}" if reason else "")
    return enter_result(result, grade=letter, reason=note, action="withdraw")


def withdrawal_deadline(term: Term, policy: dict) -> dt.date | None:
    """The last day to withdraw without the head's leave: the college's ``withdrawal_weeks``
    after the term starts (the regulations leave the date to the college)."""
    if term.start_date is None:
        return None
    return term.start_date + dt.timedelta(weeks=int(policy.get("withdrawal_weeks", 12)))


def makeup_deadline(term: Term, policy: dict) -> dt.date | None:
    """The last day to resolve a ม.ส. of a term: the term's end plus the college's make-up days."""
    if term.end_date is None:
        return None
    return term.end_date + dt.timedelta(days=int(policy.get("makeup_days", 30)))


def expire_incompletes(session, school, today: dt.date) -> list[Result]:
    """Every ม.ส. of the college's students whose make-up deadline has passed becomes ม.ท.
    (domain §2.2, ข้อ 51); the caller commits. Returns the changed results."""
    results = session.scalars(
        select(Result).join(Student, Student.id == Result.student_id).join(Subject, Subject.id == Result.subject_id)
        .where(Student.school_id == school.id, Student.education_type == "vocational",
               Result.grade == INCOMPLETE)).all()
    changed = []
    for result in results:
        scale = scale_for(result.subject)
        deadline = makeup_deadline(result.term, scale.policy(school))
        if deadline is not None and today > deadline:
            settle_by_rule(result, EXPIRED, f"ไม่ได้แก้ {INCOMPLETE} ภายในวันที่ {format_date_th(deadline)}")
            changed.append(result)
    return changed

"""Entering and remedying results: the one path every screen, API and import takes.

Each change goes through the plugin's grading scale (what the grade is and what
it counts for), is checked against the expected version (a second person
saving the same result gets a conflict, never a silent overwrite), and leaves a
ResultHistory row beside the audit ledger's entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app

from lsq_core.entry_windows import check_entry_open
from lsq_core.extensions import db
from lsq_core.grading import to_decimal
from lsq_core.models.results import Result, ResultHistory
from lsq_core.thai import to_arabic_digits
from lsq_core.validation import ValidationFailed

def remedy_label(kind: str) -> str:
    """แก้ 0, แก้ ร, แก้ ม.ส. …: what a remedy of a result is called."""
    return f"แก้ {kind}"


class VersionConflict(Exception):
    """The result changed since the user loaded it."""

    def __init__(self, result: Result):
        self.result = result
        super().__init__(f"result {result.id} is at version {result.version}")


def scale_for(subject):
    return current_app.extensions["lsq"].grading_scales.for_education_type(
        _curriculum(subject).education_type)


def _curriculum(subject):
    return current_app.extensions["lsq"].curricula[subject.curriculum]


def _actor_name() -> str:
    from flask import g

    user = getattr(g, "user", None)
    return user.username if user is not None and getattr(user, "is_authenticated", False) else "system"


def parse_number(value, field: str, low=Decimal(0), high=Decimal(100)) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = to_decimal(to_arabic_digits(str(value)))
    if number is None:
        raise ValidationFailed({field: [f"ต้องเป็นตัวเลข 0–100 (กรอก '{value}')"]})
    if not (low <= number <= high):
        raise ValidationFailed({field: [f"ต้องอยู่ระหว่าง {low}–{high} (กรอก {value})"]})
    if number.as_tuple().exponent < -2:
        raise ValidationFailed({field: ["ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"]})
    return number


def derive_grade(scale, kind: str, policy: dict, score: Decimal | None, grade: str | None,
                 attendance: Decimal | None, *, attendance_waived: bool = False) -> str | None:
    """The grade a result gets from what was entered: a letter as typed (normalised to the
    scale's spelling, "ขร" → "ข.ร."), else the band of the score, else nothing.

    Below the policy's attendance threshold a scored subject gets the scale's attendance
    letter (มส, ข.ร.) unless the head waived the rule for this student (vocational ข้อ 36).
    Every path that writes results (the screens, the API, imports) calls this one function.
    """
    grade = scale.normalise(grade)
    allowed = scale.allowed_grades(kind)
    if kind == "activity":
        if score is not None:
            raise ValidationFailed({"score": [f"กิจกรรมไม่มีคะแนน ให้บันทึกผลเป็น {' หรือ '.join(allowed)}"]})
        if grade is not None and grade not in allowed:
            raise ValidationFailed({"grade": [f"ผลกิจกรรมต้องเป็น {' หรือ '.join(allowed)} (กรอก '{grade}')"]})
        return grade
    if grade is not None:
        if grade not in allowed:
            raise ValidationFailed({"grade": [f"ผลการเรียนต้องเป็น {', '.join(allowed)} (กรอก '{grade}')"]})
        return grade
    if score is None:
        return None
    grade = scale.grade_for_score(score, policy)
    threshold = Decimal(str(policy.get("attendance_threshold", 80)))
    if (attendance is not None and attendance < threshold and scale.attendance_letter
            and not attendance_waived):
        grade = scale.attendance_letter
    return grade


def apply_evaluation(result: Result, scale, policy) -> None:
    evaluation = scale.evaluate(result.grade, result.subject.weight, result.subject.kind, policy)
    result.points = evaluation.points
    result.gpa_weight = evaluation.gpa_weight
    result.credits_studied = evaluation.credits_studied
    result.credits_earned = evaluation.credits_earned


def settle_repeats(result: Result, scale, policy, removed: Result | None = None) -> None:
    """Count a repeated subject once: of a student's attempts at the same subject, only the one the
    policy picks (``repeat_policy``: "latest" or "best") keeps its weight and credits; the others
    are kept and shown, marked ``superseded``. A later attempt still pending (ม.ส.) waits beside the
    counting one. Scales without a repeat policy (basic education) count every row as entered.

    ``removed``: an attempt being deleted, left out so that an earlier one counts again.
    """
    rule = policy.get("repeat_policy")
    if not rule:
        return
    from lsq_core.models import AcademicYear, Term

    with db.session.no_autoflush:
        attempts = {a.id: a for a in db.session.query(Result).filter(
            Result.student_id == (result.student.id if result.student is not None else result.student_id),
            Result.subject_id == (result.subject.id if result.subject is not None else result.subject_id))}
    attempts = [a for a in attempts.values() if a is not result and a is not removed]
    if result is not removed:
        attempts.append(result)
    if len(attempts) < 2 and not any(a.superseded for a in attempts):
        return
    order = {}
    for attempt in attempts:
        term = attempt.term or db.session.get(Term, attempt.term_id)
        year = term.academic_year or db.session.get(AcademicYear, term.academic_year_id)
        order[id(attempt)] = (year.year, term.number, attempt.id or 0)
    final = [a for a in attempts if a.grade is not None and not scale.is_pending(a.grade)]
    if not final:
        return
    if rule == "best":
        counting = max(final, key=lambda a: (a.points if a.points is not None else Decimal(-1), order[id(a)]))
    else:
        counting = max(final, key=lambda a: order[id(a)])
    for attempt in attempts:
        apply_evaluation(attempt, scale, policy)
        waiting = scale.is_pending(attempt.grade) and order[id(attempt)] > order[id(counting)]
        attempt.superseded = attempt is not counting and not waiting
        if attempt.superseded:
            attempt.gpa_weight = attempt.credits_studied = attempt.credits_earned = Decimal(0)


def settle_repeats_of(session, student_ids) -> int:
    """settle_repeats for every subject some of these students took more than once, under a scale
    with a repeat policy: for writers that add many results at once (the transfer import).
    Returns how many (student, subject) pairs were settled."""
    from sqlalchemy import func, select

    from lsq_core.gpa import among

    pairs = session.execute(
        select(Result.student_id, Result.subject_id).where(among(session, Result.student_id, list(student_ids)))
        .group_by(Result.student_id, Result.subject_id).having(func.count() > 1)).all()
    settled = 0
    for student_id, subject_id in pairs:
        result = session.query(Result).filter_by(student_id=student_id, subject_id=subject_id).first()
        scale = scale_for(result.subject)
        policy = scale.policy(result.student.school)
        if policy.get("repeat_policy"):
            settle_repeats(result, scale, policy)
            settled += 1
    return settled


def enter_result(result: Result, *, score=None, grade=None, attendance=None, expected_version=None,
                 reason: str | None = None, action: str = "entry", attendance_waived: bool = False) -> Result:
    """Set what the teacher entered; the grade follows from the score unless a letter is given.

    Refused with EntryWindowClosed (a ValidationFailed) outside the term's data-entry window
    unless the school has an extension (lsq_core.entry_windows); remedy_result is not limited.
    """
    check_entry_open(result)
    if expected_version is not None and result.id is not None and int(expected_version) != result.version:
        raise VersionConflict(result)
    subject = result.subject
    scale = scale_for(subject)
    policy = scale.policy(result.student.school)
    score_value = parse_number(score, "score")
    attendance_value = parse_number(attendance, "attendance")
    grade = derive_grade(scale, subject.kind, policy, score_value, grade, attendance_value,
                         attendance_waived=attendance_waived)
    old_score, old_grade = result.score, result.grade
    result.score, result.attendance, result.grade = score_value, attendance_value, grade
    result.attendance_waived = bool(attendance_waived)
    apply_evaluation(result, scale, policy)
    if result.id is None:
        db.session.add(result)
    settle_repeats(result, scale, policy)
    if (old_score, old_grade) != (result.score, result.grade) or result.id is None:
        result.history.append(ResultHistory(
            actor_name=_actor_name(), action=action, old_score=old_score, old_grade=old_grade,
            new_score=result.score, new_grade=result.grade, reason=reason))
    return result


def settle_by_rule(result: Result, grade: str, reason: str) -> Result:
    """A grade the rules give when a deadline passes (vocational ม.ส. → ม.ท.), not a person's entry:
    no data-entry window applies; the history names the rule."""
    scale = scale_for(result.subject)
    policy = scale.policy(result.student.school)
    old_score, old_grade = result.score, result.grade
    result.grade = grade
    apply_evaluation(result, scale, policy)
    settle_repeats(result, scale, policy)
    result.history.append(ResultHistory(actor_name=_actor_name(), action="rule", old_score=old_score,
                                        old_grade=old_grade, new_score=result.score, new_grade=grade, reason=reason))
    return result


def remedy_result(result: Result, *, kind: str, score=None, grade=None, attendance=None,
                  reason: str | None = None, on: dt.date | None = None) -> Result:
    """แก้ 0 / แก้ ร / แก้ มส / แก้ มผ with the caps and attempt limits of the school's policy.

    The first result is kept in ``original_grade`` / ``original_score`` and every
    attempt in the history.
    """
    subject = result.subject
    scale = scale_for(subject)
    policy = scale.policy(result.student.school)
    current = result.grade
    kind = scale.normalise(kind) or ""
    if kind not in scale.remedies:
        raise ValidationFailed({"remedy_kind": [
            f"ประเภทการแก้ผลการเรียนต้องเป็น {' หรือ '.join(remedy_label(k) for k in scale.remedies)}"]})
    if current != kind:
        raise ValidationFailed({"remedy_kind": [f"ผลการเรียนปัจจุบันคือ {current or '-'} จึง{remedy_label(kind)}ไม่ได้"]})
    if not (reason or "").strip():
        raise ValidationFailed({"reason": ["กรุณาระบุเหตุผล/หลักฐานการแก้ผลการเรียน"]})
    score_value = parse_number(score, "score")
    attendance_value = parse_number(attendance, "attendance")
    cap = Decimal(str(policy.get("remedy_cap", "1")))
    if kind == "มผ":
        new_grade = "ผ"
    elif kind == "มส":
        floor = Decimal(str(policy.get("ms_remedy_floor", 60)))
        if attendance_value is None:
            raise ValidationFailed({"attendance": ["กรุณากรอกเวลาเรียน (%) เพื่อแก้ มส"]})
        if attendance_value < floor:
            raise ValidationFailed({"attendance": [
                f"เวลาเรียน {attendance_value}% ต่ำกว่า {floor}% แก้ มส ไม่ได้ ต้องเรียนซ้ำ"]})
        new_grade = _capped(scale, score_value, grade, policy, cap)
    elif kind == "0":
        if result.remedy_attempts >= int(policy.get("max_reexams", 2)):
            raise ValidationFailed({"remedy_kind": [
                f"สอบแก้ตัวครบ {policy.get('max_reexams', 2)} ครั้งแล้ว ต้องเรียนซ้ำหรือเปลี่ยนรายวิชา"]})
        new_grade = _capped(scale, score_value, grade, policy, cap)
    else:  # ร, ม.ส.: the learner completed the work or sat the make-up final; the normal scale, no cap
        new_grade = _capped(scale, score_value, grade, policy, None)
    if result.original_grade is None:
        result.original_grade, result.original_score = result.grade, result.score
    old_score, old_grade = result.score, result.grade
    result.grade = new_grade
    result.score = score_value if score_value is not None else result.score
    if attendance_value is not None:
        result.attendance = attendance_value
    result.remedy_kind = kind
    result.remedy_attempts = (result.remedy_attempts or 0) + 1
    result.remedied_on = on or dt.date.today()
    apply_evaluation(result, scale, policy)
    settle_repeats(result, scale, policy)
    result.history.append(ResultHistory(actor_name=_actor_name(), action="remedy", old_score=old_score,
                                        old_grade=old_grade, new_score=result.score, new_grade=new_grade,
                                        reason=f"{remedy_label(kind)}: {reason}"))
    return result


def _capped(scale, score, grade, policy, cap):
    if grade:
        if not scale.is_numeric(grade):
            raise ValidationFailed({"grade": ["ผลการแก้ต้องเป็นระดับผลการเรียน 0–4"]})
        new = grade
    elif score is not None:
        new = scale.grade_for_score(score, policy)
    else:
        raise ValidationFailed({"score": ["กรุณากรอกคะแนนหรือผลการเรียนที่แก้ได้"]})
    if cap is not None and Decimal(new) > cap:
        new = format(cap.normalize(), "f")
    return new

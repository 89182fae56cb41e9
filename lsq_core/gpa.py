"""GPA, GPAX, area GPA and credits, computed in the database for many students at once.

Each Result row already carries its grade points, the weight it puts in the
divisor and the credits it earns (set by the plugin's grading scale when it
was saved), so every figure is one grouped SUM. On PostgreSQL the sums are
exact NUMERIC; on SQLite the operands are multiples of 0.5, which binary
floating point represents exactly, so the sums are exact too. The division and
the truncation to two places happen in Python's Decimal (lsq_core.grading.divide).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Numeric, func, select, type_coerce

from lsq_core.grading import divide

__all__ = ["divide", "term_sums", "term_gpas", "window_gpa", "gpax", "area_and_kind_sums", "area_gpas",
           "credits", "upper_secondary_terms"]
from lsq_core.models import Subject
from lsq_core.models.results import Result

ZERO = Decimal(0)


def _d(value) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


ONE_PLACE = Decimal("0.1")


#: the type the sums come back as: a plain Numeric would take the scale of its
#: operands (one place) and round 13.75 to 13.8 on the way out of SQLite
EXACT = Numeric(24, 6)


def _sums(session, student_ids, *group_columns, where=()):
    numerator = type_coerce(func.sum(Result.points * Result.gpa_weight), EXACT)
    query = (select(Result.student_id, *group_columns, numerator,
                    type_coerce(func.sum(Result.gpa_weight), EXACT))
             .where(Result.student_id.in_(student_ids), Result.gpa_weight > 0,
                    *where)
             .group_by(Result.student_id, *group_columns))
    if any(getattr(c, "table", None) is Subject.__table__ for c in group_columns):
        query = query.join(Subject, Subject.id == Result.subject_id)
    return session.execute(query).all()


def term_sums(session, student_ids) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """(student, term) → (Σ points × weight, Σ weight): exact, so windows of terms add up."""
    return {(row[0], row[1]): (_d(row[2]), _d(row[3])) for row in _sums(session, student_ids, Result.term_id)}


def term_gpas(session, student_ids, rounding="truncate") -> dict[tuple[int, int], Decimal | None]:
    """(student, term) → term GPA."""
    return {key: divide(num, den, rounding) for key, (num, den) in term_sums(session, student_ids).items()}


def window_gpa(sums: dict[tuple[int, int], tuple[Decimal, Decimal]], student_id: int, term_ids,
               rounding="truncate") -> Decimal | None:
    """GPAX over some terms of a student (the 5- and 6-term windows) from their exact term sums."""
    numerator = sum((sums[(student_id, t)][0] for t in term_ids if (student_id, t) in sums), ZERO)
    denominator = sum((sums[(student_id, t)][1] for t in term_ids if (student_id, t) in sums), ZERO)
    return divide(numerator, denominator, rounding)


def gpax(session, student_ids, rounding="truncate", term_ids=None) -> dict[int, Decimal | None]:
    """student → GPAX over all their result rows (or those of ``term_ids``): not a mean of term GPAs."""
    where = (Result.term_id.in_(term_ids),) if term_ids is not None else ()
    return {row[0]: divide(_d(row[1]), _d(row[2]), rounding) for row in _sums(session, student_ids, where=where)}


def area_and_kind_sums(session, student_ids) -> dict[int, dict[tuple[str, str], tuple]]:
    """student → {(learning area, kind): (Σ points × weight, Σ weight, credits studied, earned)}.

    One grouped pass over the results and their subjects serves both the area GPAs and
    the credit totals.
    """
    query = (select(Result.student_id, Subject.group, Subject.kind,
                    type_coerce(func.sum(Result.points * Result.gpa_weight), EXACT),
                    type_coerce(func.sum(Result.gpa_weight), EXACT),
                    type_coerce(func.sum(Result.credits_studied), EXACT),
                    type_coerce(func.sum(Result.credits_earned), EXACT))
             .join(Subject, Subject.id == Result.subject_id)
             .where(Result.student_id.in_(student_ids), Subject.kind != "activity")
             .group_by(Result.student_id, Subject.group, Subject.kind))
    sums: dict[int, dict[tuple[str, str], tuple]] = defaultdict(dict)
    for student_id, area, kind, numerator, weight, studied, earned in session.execute(query):
        sums[student_id][(area, kind)] = (_d(numerator), _d(weight), _d(studied), _d(earned))
    return dict(sums)


def area_gpas(session, student_ids, rounding="truncate", sums=None) -> dict[int, dict[str, Decimal | None]]:
    """student → {learning area: GPA}."""
    sums = area_and_kind_sums(session, student_ids) if sums is None else sums
    result: dict[int, dict[str, Decimal | None]] = {}
    for student_id, groups in sums.items():
        areas: dict[str, list[Decimal]] = {}
        for (area, _kind), (numerator, weight, _studied, _earned) in groups.items():
            total = areas.setdefault(area, [ZERO, ZERO])
            total[0] += numerator
            total[1] += weight
        result[student_id] = {area: divide(num, den, rounding) for area, (num, den) in areas.items() if den}
    return result


def credits(session, student_ids, sums=None) -> dict[int, dict[str, Decimal]]:
    """student → credits studied and earned, split basic / additional."""
    sums = area_and_kind_sums(session, student_ids) if sums is None else sums
    zero = ZERO.quantize(ONE_PLACE)
    totals: dict[int, dict[str, Decimal]] = {}
    for student_id, groups in sums.items():
        values = {"basic_studied": zero, "basic_earned": zero, "additional_studied": zero,
                  "additional_earned": zero}
        for (_area, kind), (_num, _weight, studied, earned) in groups.items():
            values[f"{kind}_studied"] += studied.quantize(ONE_PLACE)  # credits come in 0.5 steps
            values[f"{kind}_earned"] += earned.quantize(ONE_PLACE)
        values["total_studied"] = values["basic_studied"] + values["additional_studied"]
        values["total_earned"] = values["basic_earned"] + values["additional_earned"]
        totals[student_id] = values
    return totals


def upper_secondary_terms(student_id_terms: dict[int, list[tuple[int, str, int, int]]], count: int):
    """The term ids of the 5-term (ม.4/1 … ม.6/1) or 6-term window of each student.

    :param student_id_terms: student → [(term_id, level, academic year, term number)] of their results.
    """
    windows = {}
    for student_id, terms in student_id_terms.items():
        upper = sorted({t for t in terms if t[1] in ("m4", "m5", "m6") and t[3] in (1, 2)},
                       key=lambda t: (t[2], t[3]))
        windows[student_id] = [t[0] for t in upper[:count]]
    return windows



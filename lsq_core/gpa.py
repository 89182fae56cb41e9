"""GPA, GPAX, area GPA and credits, computed in the database for many students at once.

Each Result row already carries its grade points, the weight it puts in the
divisor and the credits it earns (set by the plugin's grading scale when it
was saved), so every figure is one grouped SUM. On PostgreSQL the sums are
exact NUMERIC; on SQLite the operands are multiples of 0.5, which binary
floating point represents exactly, so the sums are exact too. The division and
the truncation to two places happen in Python's Decimal (lsq_core.grading.divide).

Over a school the same sums come back thousands of times, so each distinct sum
is made a Decimal, and each distinct pair divided, only once (``Memo``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import ARRAY, Integer, any_, func, literal, select

from lsq_core.grading import divide

__all__ = ["divide", "term_sums", "term_gpas", "window_sums", "window_gpa", "gpax", "area_and_kind_sums",
           "area_gpas", "credits", "level_credits", "level_group_sums", "upper_secondary_terms", "Memo", "fetch",
           "among"]
from lsq_core.models import Subject
from lsq_core.models.results import Result

ZERO = Decimal(0)
ONE_PLACE = Decimal("0.1")


class Memo(dict):
    """A function's values kept per argument, computed on first use."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, key):
        value = self[key] = self.function(key)
        return value


def _d(value) -> Decimal:
    if value is None:
        return ZERO
    # repr of a SQLite float sum (a multiple of 0.25) is its exact decimal
    return value if isinstance(value, Decimal) else Decimal(str(value))


def among(session, column, ids):
    """``column IN ids``; on PostgreSQL ``= ANY`` of one array, as its driver would parse
    each placeholder of a chunk's long IN list on every query."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(ids), ARRAY(Integer)))
    return column.in_(ids)


def fetch(session, query) -> list[tuple]:
    """The rows of a Core query straight from the DBAPI cursor, numbers raw as the driver gives them.

    Over a school's rows SQLAlchemy's result layer (and its per-value Decimal
    conversion) costs as much as the database itself.
    """
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    cursor = connection.connection.driver_connection.cursor()
    try:
        if connection.dialect.paramstyle == "qmark":
            cursor.execute(str(compiled), [compiled.params[name] for name in compiled.positiontup])
        else:
            cursor.execute(str(compiled), compiled.params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _of_levels(levels) -> tuple:
    """The filter of a stage's figures (a transcript of ม.4–ม.6 has its own GPAX), or none."""
    return () if levels is None else (Result.level.in_(levels),)


def _sums(session, student_ids, *group_columns, where=()):
    query = (select(Result.student_id, *group_columns, func.sum(Result.points * Result.gpa_weight),
                    func.sum(Result.gpa_weight))
             .where(among(session, Result.student_id, student_ids), Result.gpa_weight > 0, *where)
             .group_by(Result.student_id, *group_columns))
    exact = Memo(_d)
    return [(*row[:-2], exact[row[-2]], exact[row[-1]]) for row in fetch(session, query)]


def term_sums(session, student_ids, levels=None) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """(student, term) → (Σ points × weight, Σ weight): exact, so windows of terms add up."""
    return {(row[0], row[1]): (row[2], row[3])
            for row in _sums(session, student_ids, Result.term_id, where=_of_levels(levels))}


def term_gpas(session, student_ids, rounding="truncate") -> dict[tuple[int, int], Decimal | None]:
    """(student, term) → term GPA."""
    quotient = Memo(lambda pair: divide(*pair, rounding))
    return {key: quotient[pair] for key, pair in term_sums(session, student_ids).items()}


def window_sums(sums: dict[tuple[int, int], tuple[Decimal, Decimal]], student_id: int,
                term_ids) -> tuple[Decimal, Decimal]:
    """The exact (numerator, denominator) of some terms of a student, added from their term sums."""
    numerator = denominator = ZERO
    for term_id in term_ids:
        pair = sums.get((student_id, term_id))
        if pair is not None:
            numerator += pair[0]
            denominator += pair[1]
    return numerator, denominator


def window_gpa(sums: dict[tuple[int, int], tuple[Decimal, Decimal]], student_id: int, term_ids,
               rounding="truncate") -> Decimal | None:
    """GPAX over some terms of a student (the 5- and 6-term windows) from their exact term sums."""
    return divide(*window_sums(sums, student_id, term_ids), rounding)


def gpax(session, student_ids, rounding="truncate", term_ids=None) -> dict[int, Decimal | None]:
    """student → GPAX over all their result rows (or those of ``term_ids``): not a mean of term GPAs."""
    where = (Result.term_id.in_(term_ids),) if term_ids is not None else ()
    return {row[0]: divide(row[1], row[2], rounding) for row in _sums(session, student_ids, where=where)}


def _subject_sums(session, student_ids, first, second, where=()) -> dict[int, dict[tuple, tuple]]:
    """student → {(first, second): (Σ points × weight, Σ weight, credits studied, earned)} of the
    student's credit-bearing results (activities left out), grouped by two columns in one pass."""
    query = (select(Result.student_id, first, second, func.sum(Result.points * Result.gpa_weight),
                    func.sum(Result.gpa_weight), func.sum(Result.credits_studied), func.sum(Result.credits_earned))
             .join(Subject, Subject.id == Result.subject_id)
             .where(among(session, Result.student_id, student_ids), Subject.kind != "activity", *where)
             .group_by(Result.student_id, first, second))
    exact = Memo(_d)
    sums: dict[int, dict[tuple, tuple]] = defaultdict(dict)
    for student_id, first, second, numerator, weight, studied, earned in fetch(session, query):
        sums[student_id][(first, second)] = (exact[numerator], exact[weight], exact[studied], exact[earned])
    return dict(sums)


def area_and_kind_sums(session, student_ids, levels=None) -> dict[int, dict[tuple[str, str], tuple]]:
    """student → {(learning area, kind): (Σ points × weight, Σ weight, credits studied, earned)}.

    One grouped pass over the results and their subjects serves both the area GPAs and
    the credit totals.
    """
    return _subject_sums(session, student_ids, Subject.group, Subject.kind, where=_of_levels(levels))


def area_gpas(session, student_ids, rounding="truncate", sums=None) -> dict[int, dict[str, Decimal | None]]:
    """student → {learning area: GPA}."""
    sums = area_and_kind_sums(session, student_ids) if sums is None else sums
    quotient = Memo(lambda pair: divide(*pair, rounding))
    result: dict[int, dict[str, Decimal | None]] = {}
    for student_id, groups in sums.items():
        areas: dict[str, tuple[Decimal, Decimal]] = {}
        for (area, _kind), (numerator, weight, _studied, _earned) in groups.items():
            total = areas.get(area)
            areas[area] = (numerator, weight) if total is None else (total[0] + numerator, total[1] + weight)
        result[student_id] = {area: quotient[pair] for area, pair in areas.items() if pair[1]}
    return result


def credits(session, student_ids, sums=None) -> dict[int, dict[str, Decimal]]:
    """student → credits studied and earned, split basic / additional."""
    sums = area_and_kind_sums(session, student_ids) if sums is None else sums
    zero = ZERO.quantize(ONE_PLACE)
    one_place = Memo(lambda value: value.quantize(ONE_PLACE))  # credits come in 0.5 steps
    totals: dict[int, dict[str, Decimal]] = {}
    for student_id, groups in sums.items():
        values = {"basic_studied": zero, "basic_earned": zero, "additional_studied": zero,
                  "additional_earned": zero}
        for (_area, kind), (_num, _weight, studied, earned) in groups.items():
            values[f"{kind}_studied"] += one_place[studied]
            values[f"{kind}_earned"] += one_place[earned]
        values["total_studied"] = values["basic_studied"] + values["additional_studied"]
        values["total_earned"] = values["basic_earned"] + values["additional_earned"]
        totals[student_id] = values
    return totals


def level_credits(session, student_ids, levels=None) -> dict[int, dict[tuple[str, str], tuple[Decimal, Decimal]]]:
    """student → {(level studied in, kind): (credits studied, credits earned)}, activities left out.

    A graduation rule adds up those of its stage's levels.
    """
    query = (select(Result.student_id, Result.level, Subject.kind, func.sum(Result.credits_studied),
                    func.sum(Result.credits_earned))
             .join(Subject, Subject.id == Result.subject_id)
             .where(among(session, Result.student_id, student_ids), Subject.kind != "activity", *_of_levels(levels))
             .group_by(Result.student_id, Result.level, Subject.kind))
    exact = Memo(_d)
    sums: dict[int, dict[tuple[str, str], tuple[Decimal, Decimal]]] = defaultdict(dict)
    for student_id, level, kind, studied, earned in fetch(session, query):
        sums[student_id][(level, kind)] = (exact[studied], exact[earned])
    return dict(sums)


UPPER_SECONDARY = ("m4", "m5", "m6")


def upper_secondary_terms(student_id_terms: dict[int, list[tuple[int, str, int, int]]], count: int,
                          levels=UPPER_SECONDARY):
    """The term ids of the 5-term (ม.4/1 … ม.6/1) or 6-term window of each student; ``levels``
    names another programme's three years (ปวช.1–ปวช.3 for a ปวช. applicant).

    :param student_id_terms: student → [(term_id, level, academic year, term number)] of their results.
    """
    windows = {}
    for student_id, terms in student_id_terms.items():
        upper = sorted({t for t in terms if t[1] in levels and t[3] in (1, 2)},
                       key=lambda t: (t[2], t[3]))
        windows[student_id] = [t[0] for t in upper[:count]]
    return windows


def level_group_sums(session, student_ids) -> dict[int, dict[tuple[str, str], tuple]]:
    """student → {(level studied in, subject group): (Σ points × weight, Σ weight, studied, earned)}.

    What a programme-wide graduation rule reads (vocational: credits per หมวด/กลุ่ม and the
    stage's GPAX), asked only for the students whose rule needs it.
    """
    return _subject_sums(session, student_ids, Result.level, Subject.group)

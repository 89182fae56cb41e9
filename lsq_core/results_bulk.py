"""Results written set by set: the import's path for 100,000 results and more.

``results_service.enter_result`` takes one Result through the ORM: one calendar query for the
entry window, one flush for the row, its ResultHistory row and the audit ledger's event. For a
transfer workbook that is minutes of work, so this module does the same per row in Python and
the database work per chunk:

* the entry window is checked once per (school, term, education type)
  (``entry_windows.check_term_open``), not once per row;
* the grade is ``results_service.derive_grade`` of ``results_service.parse_number`` of what was
  entered, and points, GPA weight and credits are the scale's ``evaluate``, exactly as
  ``enter_result`` computes them;
* the stored rows of a chunk are fetched in one query by natural key (student, subject, term);
  new rows are inserted, changed rows updated (their version raised, as the ORM does), each
  with one Core executemany;
* a ResultHistory row for each new result and for each result whose score or grade changed;
* the audit ledger gets the very events its flush listener (lsq_core.audit) would have written:
  one per created or updated result, with the changed columns, the actor, the reason and the
  school's scope. A per-batch summary would hide which record changed from the ledger's
  per-record views, so the ledger keeps its one-event-per-record design.

Nothing is committed here: the caller's transaction keeps the import all or nothing.
tests/test_transfer_bulk.py imports the same rows through ``enter_result`` one by one and
through this module and compares the results, the history and the audit events.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple

from sqlalchemy import JSON, Text, and_, bindparam, column, insert, select, table, update
from sqlalchemy.orm.exc import StaleDataError

from lsq_core.audit import _actor, _jsonable, current_reason
from lsq_core.entry_windows import check_term_open, education_type_of
from lsq_core.extensions import db
from lsq_core.models.audit import AuditEvent
from lsq_core.models.org import Term
from lsq_core.models.results import Result, ResultHistory
from lsq_core.results_service import _actor_name, derive_grade, parse_number, scale_for

CHUNK = 5000

RESULTS = Result.__table__
HISTORY = ResultHistory.__table__
#: the columns a result entry decides (everything else keeps its default or stored value)
#: values the ledger stores as they are (lsq_core.audit._jsonable converts the others)
PLAIN = (int, str, bool)
#: the audit ledger's table, its ``changes`` taken as JSON text already written
LEDGER = table(AuditEvent.__tablename__, *(column(c.name, Text() if c.name == "changes" else c.type)
                                           for c in AuditEvent.__table__.c))
ENTERED = ("level", "classroom_id", "score", "attendance", "grade", "points", "gpa_weight", "credits_studied",
           "credits_earned")


class ResultRow(NamedTuple):
    """One result as the dry run checked it (lsq_core.transfer.reader), compact: 100,000 of them
    are kept between the dry run and the write."""

    row: int  # the row in the workbook
    student_number: str
    subject_code: str
    year: int
    term: int
    level: str | None
    room: int | None
    score: object = None  # Decimal | None (activities have none)
    attendance: object = None  # Decimal | None
    grade: str | None = None
    term_id: int | None = None  # set by the dry run once the term is found


@dataclass
class Written:
    """What the write changed, counted as the importer reports it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _created(values: dict) -> str:
    """A new record's columns as the ledger lists them (lsq_core.audit._column_changes): the
    columns that are set, from None to the value, as JSON members ("key": {...}, …). A new
    result's changes are pieced together from parts made once (json.dumps of 100,000 dicts
    of 15 members each was a quarter of the write)."""
    return ", ".join(f"{json.dumps(k)}: {json.dumps({'old': None, 'new': v if v.__class__ in PLAIN else _jsonable(v)})}"
                     for k, v in values.items() if v is not None)


class _Label:
    """Stands in for a Student in ``Result.__repr__`` (the ledger's record label): its name once,
    not once per result."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


class _LabelOf:
    def __init__(self, student, subject, grade):
        self.student, self.subject, self.grade = student, subject, grade


def write_results(rows: Iterable[ResultRow], school, *, students: dict, subjects: dict,
                  rooms: dict[tuple, int], action: str = "import", reason: str | None = None,
                  tick: Callable[[int], None] | None = None) -> Written:
    """Enter every row as ``enter_result(result, score=, attendance=, grade=, action=, reason=)``
    would, chunk by chunk; rows equal to what is stored are left alone.

    ``students`` maps student numbers to Students of ``school``, ``subjects`` codes to its
    Subjects, ``rooms`` (academic year, level, room) to classroom ids.
    """
    writer = _Writer(school, students, subjects, rooms, action, reason)
    chunk: list[ResultRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            writer.write(chunk)
            if tick is not None:
                tick(len(chunk))
            chunk = []
    if chunk:
        writer.write(chunk)
        if tick is not None:
            tick(len(chunk))
    return writer.written


class _Writer:
    def __init__(self, school, students, subjects, rooms, action, reason):
        self.school, self.students, self.subjects, self.rooms = school, students, subjects, rooms
        self.action, self.reason = action, reason
        self.written = Written()
        self.open_terms: set[tuple] = set()
        self.grading: dict[str, tuple] = {}  # curriculum → (scale, policy)
        self.entered: dict[tuple, dict] = {}
        self.labels: dict[int, _Label] = {}
        self.levels: dict[str | None, str] = {}
        self.scopes: dict[int, object] = {}
        self.defaults = {c.key: c.default.arg for c in RESULTS.c
                         if c.default is not None and c.default.is_scalar}
        self.defaults["source"] = "import"
        #: the ledger changes of a new result's columns that no entry sets (remedy_attempts 0, source …)
        self.default_changes = _created({k: v for k, v in self.defaults.items() if k not in ENTERED})
        self.connection = db.session.connection()

    # --- per row, in Python ---------------------------------------------------------------

    def _check_open(self, term_id: int, subject) -> None:
        """The window depends on the term and the subject's education type, i.e. its curriculum."""
        if (term_id, subject.curriculum) not in self.open_terms:
            check_term_open(self.school.id, db.session.get(Term, term_id), education_type_of(subject))
            self.open_terms.add((term_id, subject.curriculum))

    def _grading(self, subject):
        if subject.curriculum not in self.grading:
            scale = scale_for(subject)
            self.grading[subject.curriculum] = (scale, scale.policy(self.school))
        return self.grading[subject.curriculum]

    def _entered(self, row: ResultRow, subject) -> tuple[dict, dict]:
        """What enter_result stores for this row: score, attendance, grade and what they count for,
        and those values as a new record's ledger changes (the same entry in the same subject gives
        the same answer: computed once per import)."""
        key = (subject.id, str(row.score), str(row.attendance), row.grade)
        if key not in self.entered:
            values = self._enter(row, subject)
            self.entered[key] = (values, _created(values))
        return self.entered[key]

    def _enter(self, row: ResultRow, subject) -> dict:
        scale, policy = self._grading(subject)
        score = parse_number(None if row.score is None else str(row.score), "score")
        attendance = parse_number(None if row.attendance is None else str(row.attendance), "attendance")
        grade = derive_grade(scale, subject.kind, policy, score, row.grade, attendance)
        evaluation = scale.evaluate(grade, subject.weight, subject.kind, policy)
        return {"score": score, "attendance": attendance, "grade": grade, "points": evaluation.points,
                "gpa_weight": evaluation.gpa_weight, "credits_studied": evaluation.credits_studied,
                "credits_earned": evaluation.credits_earned}

    def _placed(self, key: tuple, level: str | None, room_id: int | None) -> str:
        """_created() of a new result's own columns (ids and level), without a json.dumps per row."""
        if level not in self.levels:
            self.levels[level] = _created({"level": level})
        parts = [f'"student_id": {{"old": null, "new": {key[0]}}}, "subject_id": {{"old": null, "new": {key[1]}}}, '
                 f'"term_id": {{"old": null, "new": {key[2]}}}']
        if room_id is not None:
            parts.append(f'"classroom_id": {{"old": null, "new": {room_id}}}')
        if self.levels[level]:
            parts.append(self.levels[level])
        return ", ".join(parts)

    def _label(self, student, subject, grade) -> str:
        if student.id not in self.labels:
            self.labels[student.id] = _Label(repr(student))
        return Result.__repr__(_LabelOf(self.labels[student.id], subject, grade))[:255]

    def _scope(self, student):
        if student.id not in self.scopes:
            self.scopes[student.id] = student.scope_key()
        return self.scopes[student.id]

    # --- per chunk, in the database -------------------------------------------------------

    def _stored(self, keys: list[tuple]) -> dict[tuple, dict]:
        student_ids = {k[0] for k in keys}
        subject_ids = {k[1] for k in keys}
        term_ids = {k[2] for k in keys}
        columns = [RESULTS.c.id, RESULTS.c.version, RESULTS.c.student_id, RESULTS.c.subject_id, RESULTS.c.term_id] \
            + [RESULTS.c[name] for name in ENTERED]
        query = select(*columns).where(RESULTS.c.student_id.in_(student_ids), RESULTS.c.subject_id.in_(subject_ids),
                                       RESULTS.c.term_id.in_(term_ids))
        return {(r.student_id, r.subject_id, r.term_id): r._asdict() for r in self.connection.execute(query)}

    def _ids(self, keys: list[tuple]) -> list[int]:
        """The ids of the results just inserted (an executemany with RETURNING goes row by row on SQLite)."""
        query = select(RESULTS.c.id, RESULTS.c.student_id, RESULTS.c.subject_id, RESULTS.c.term_id).where(
            RESULTS.c.student_id.in_({k[0] for k in keys}), RESULTS.c.subject_id.in_({k[1] for k in keys}),
            RESULTS.c.term_id.in_({k[2] for k in keys}))
        ids = {(r.student_id, r.subject_id, r.term_id): r.id for r in self.connection.execute(query)}
        return [ids[key] for key in keys]

    def write(self, chunk: list[ResultRow]) -> None:
        now = dt.datetime.utcnow()
        actor_id, audit_actor = _actor()  # the ledger's actor (may be "lsq import")
        actor_name = _actor_name()  # the history's, as enter_result writes it
        audit_reason = current_reason()
        rows = []
        for row in chunk:
            student, subject = self.students[row.student_number], self.subjects[row.subject_code]
            rows.append((row, student, subject, (student.id, subject.id, row.term_id)))
        stored = self._stored([key for *_, key in rows])

        inserts, insert_meta, updates, history, events = [], [], [], [], []
        for row, student, subject, key in rows:
            room_id = self.rooms[(row.year, row.level, row.room)] if row.room is not None else None
            old = stored.get(key)
            if old is not None:
                moved = (old["level"], old["classroom_id"]) != (row.level, room_id)
                if not moved and row.grade is not None \
                        and (old["score"], old["attendance"], old["grade"]) == (row.score, row.attendance, row.grade):
                    self.written.unchanged += 1  # exactly what is stored (an exported workbook read back)
                    continue
            self._check_open(row.term_id, subject)
            entered, entered_changes = self._entered(row, subject)
            values = {"level": row.level, "classroom_id": room_id, **entered}
            label = self._label(student, subject, values["grade"])
            scope = self._scope(student)
            event = {"created_on": now, "actor_id": actor_id, "actor_name": audit_actor, "table_name": RESULTS.name,
                     "record_label": label, "reason": audit_reason, "province_id": scope.province_id,
                     "authority_id": scope.authority_id, "school_id": scope.school_id}
            entry = {"changed_on": now, "actor_name": actor_name, "action": self.action, "reason": self.reason,
                     "new_score": values["score"], "new_grade": values["grade"]}
            if old is None:
                inserts.append({**self.defaults, "student_id": key[0], "subject_id": key[1], "term_id": key[2],
                                **values})
                own = self._placed(key, row.level, room_id)
                event["action"] = "create"
                event["changes"] = "{" + ", ".join(p for p in (self.default_changes, entered_changes, own) if p) + "}"
                entry["old_score"] = entry["old_grade"] = None
                insert_meta.append((event, entry))
                self.written.created += 1
                continue
            changes = {k: {"old": _jsonable(old[k]), "new": _jsonable(v)} for k, v in values.items() if old[k] != v}
            if changes:  # (the ORM raises the version without listing it among the changes)
                updates.append({"_id": old["id"], "_version": old["version"], "_new_version": old["version"] + 1,
                                **values})
                events.append({**event, "action": "update", "record_id": old["id"], "changes": json.dumps(changes)})
            if (old["score"], old["grade"]) != (values["score"], values["grade"]):
                history.append({**entry, "result_id": old["id"], "old_score": old["score"],
                                "old_grade": old["grade"]})
            if moved or (old["score"], old["attendance"], old["grade"]) != \
                    (values["score"], values["attendance"], values["grade"]):
                self.written.updated += 1
            else:
                self.written.unchanged += 1

        if inserts:
            self._insert(RESULTS, inserts)
            ids = self._ids([(r["student_id"], r["subject_id"], r["term_id"]) for r in inserts])
            for result_id, (event, entry) in zip(ids, insert_meta):
                event["record_id"] = entry["result_id"] = result_id
                events.append(event)
                history.append(entry)
        if updates:
            statement = (update(RESULTS)
                         .where(and_(RESULTS.c.id == bindparam("_id"), RESULTS.c.version == bindparam("_version")))
                         .values(version=bindparam("_new_version"), **{k: bindparam(k) for k in ENTERED}))
            done = self.connection.execute(statement, updates)
            if self.connection.dialect.supports_sane_multi_rowcount and done.rowcount != len(updates):
                raise StaleDataError(f"{len(updates) - done.rowcount} results changed while importing")
        if history:
            self._insert(HISTORY, history)
        if events:
            self._insert(LEDGER, events)

    def _insert(self, table, rows: list[dict]) -> None:
        """One executemany; on PostgreSQL with psycopg a COPY instead, in the same transaction
        (a multi-row INSERT of 100,000 rows costs the server several times as much to parse)."""
        dialect = self.connection.dialect
        if dialect.name != "postgresql" or dialect.driver != "psycopg":
            self.connection.execute(insert(table), rows)
            return
        columns = [c for c in table.c if c.key in rows[0]]
        names = ", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)
        as_json = {c.key for c in columns if isinstance(c.type, JSON)}
        with self.connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([json.dumps(row[c.key]) if c.key in as_json else row[c.key] for c in columns])

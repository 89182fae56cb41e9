"""Screens of students, classrooms, enrolments, subjects, teaching assignments and results."""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from lsq_core.extensions import db
from lsq_core.forms import choice_field, level_choices
from lsq_core.models import (
    Classroom, CoursePlan, Enrollment, Result, Student, Subject, TeachingAssignment, TraitAssessment,
)
from lsq_core.models.results import SUBJECT_KINDS, TRAIT_KINDS, TRAIT_LEVELS, assessment_kinds
from lsq_core.models.study import ENROLLMENT_OUTCOMES, SEXES, STUDENT_STATUSES
from lsq_core.record import build_records
from lsq_core.results_service import remedy_label, remedy_result, scale_for
from lsq_core.security.roles import RESULT_PERMISSIONS
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView, flash_refusal

STUDENT_LABELS = {
    "curriculum": _l("Curriculum"), "programme": _l("Programme (vocational: field of study)"),
    "student_number": _l("Student number"), "national_id": _l("National ID or G-code"),
    "prefix_override": _l("Title (leave empty to derive from the birth date)"), "first_name": _l("First name"),
    "last_name": _l("Last name"), "first_name_en": _l("First name (English)"),
    "last_name_en": _l("Last name (English)"), "sex": _l("Sex"), "birth_date": _l("Birth date"),
    "nationality": _l("Nationality"), "ethnicity": _l("Ethnicity"), "religion": _l("Religion"),
    "father_name": _l("Father"), "mother_name": _l("Mother"), "guardian_name": _l("Guardian"),
    "guardian_relation": _l("Guardian's relation"), "guardian_phone": _l("Guardian's phone"),
    "address": _l("Address"), "entry_date": _l("Entry date"), "entry_level": _l("Entry level"),
    "previous_school": _l("Previous school"), "status": _l("Status"), "status_label": _l("Status"),
    "status_date": _l("Status date"), "status_reason": _l("Status reason"), "school": _l("School"),
    "name": _l("Name"), "transfer_flag": _l("Transfer check"), "education_type": _l("Education type"),
    "record_link": _l("Record"),
}
STUDENT_FIELDS = ["school", "education_type", "curriculum", "programme", "student_number", "national_id",
                  "prefix_override", "first_name", "last_name", "first_name_en", "last_name_en", "sex", "birth_date",
                  "nationality", "ethnicity", "religion", "father_name", "mother_name", "guardian_name",
                  "guardian_relation", "guardian_phone", "address", "entry_date", "entry_level", "previous_school", "status",
                  "status_date", "status_reason"]


def education_type_field():
    from lsq_core.forms import education_type_choices

    return choice_field(_l("Education type"), education_type_choices)


class StudentView(LsqModelView):
    datamodel = SQLAInterface(Student)
    class_permission_name = "Student"
    method_permission_name = {**VIEW_PERMISSIONS, "record": "read"}
    list_title = _l("Students")
    show_title = _l("Student")
    add_title = _l("Add student")
    edit_title = _l("Edit student")
    list_columns = ["student_number", "name", "status_label", "school", "transfer_flag", "record_link"]
    add_columns = edit_columns = STUDENT_FIELDS
    show_columns = ["record_link", *[c for c in STUDENT_FIELDS if c != "status"], "status_label",
                    "transfer_flag"]
    search_columns = ["student_number", "first_name", "last_name", "status", "school"]
    label_columns = STUDENT_LABELS
    add_form_extra_fields = edit_form_extra_fields = {
        "sex": choice_field(_l("Sex"), SEXES),
        "status": choice_field(_l("Status"), STUDENT_STATUSES, default="studying"),
        "entry_level": choice_field(_l("Entry level"), lambda: [("", "-")] + level_choices()),
        "education_type": education_type_field(),
        "curriculum": choice_field(_l("Curriculum"), lambda: [("", "-")] + [
            (c.identifier, c.name_th) for c in current_app.extensions["lsq"].curricula]),
    }
    base_order = ("student_number", "asc")

    @expose("/record/<int:pk>")
    @has_access
    def record(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        record = build_records(db.session, [item.id])[item.id]
        may_issue = self.appbuilder.sm.has_access("can_write", "IssuedDocument")
        types = [t for t in current_app.extensions["lsq"].document_types
                 if t.subject == "student" and t.serves(item, record.get("level"))] if may_issue else []
        from lsq_core.models.programmes import UNIT_KINDS

        state = current_app.extensions["lsq"]
        assessment_names = {kind: name for t in state.education_types for kind, name in t.assessments}
        curriculum = state.curricula.get(item.curriculum) if item.curriculum else None
        group_names = {group.code: group.name_th for group in curriculum.subject_groups} if curriculum else {}
        group_rows = credit_rows(curriculum, record, item.school) if curriculum else []
        return self.render_template("lsq/student_record.html", title=item.full_name(), student=item,
                                    record=record, kinds=SUBJECT_KINDS, document_types=types,
                                    unit_kinds=UNIT_KINDS, assessment_names=assessment_names,
                                    group_names=group_names, group_rows=group_rows)


def credit_rows(curriculum, record, school) -> list[dict]:
    """The record's credits per หมวด/กลุ่ม in the curriculum's order, each หมวด with the total of its
    กลุ่ม, beside the minimum the school's graduation rule asks (its own settings included)."""
    from decimal import Decimal

    from flask import current_app

    scale = current_app.extensions["lsq"].grading_scales.for_education_type(curriculum.education_type)
    overrides = (scale.policy(school).get("credit_minimums") or {}).get(curriculum.identifier)
    minimums = curriculum.minimums(overrides)
    by_group = record.get("credits_by_group") or {}
    earned = {code: Decimal(g["earned"]) for code, g in by_group.items()}
    studied = {code: Decimal(g["studied"]) for code, g in by_group.items()}
    totals, studied_totals = curriculum.group_totals(earned), curriculum.group_totals(studied)
    rows = []
    for group in curriculum.subject_groups:
        if group.code not in totals and group.code not in minimums:
            continue
        rows.append({"name": group.name_th, "parent": bool(not group.parent and any(
            g.parent == group.code for g in curriculum.subject_groups)), "child": bool(group.parent),
            "studied": studied_totals.get(group.code, Decimal(0)), "earned": totals.get(group.code, Decimal(0)),
            "gpa": (record.get("gpa_by_area") or {}).get(group.code), "minimum": minimums.get(group.code)})
    rows.append({"name": curriculum.group_name("total"), "parent": True, "child": False,
                 "studied": studied_totals.get("total", Decimal(0)), "earned": totals.get("total", Decimal(0)),
                 "gpa": record.get("gpax"), "minimum": minimums.get("total")})
    for row in rows:
        row["short"] = row["minimum"] is not None and row["earned"] < row["minimum"]
    return rows


class ClassroomView(LsqModelView):
    datamodel = SQLAInterface(Classroom)
    class_permission_name = "Classroom"
    list_title = _l("Classrooms")
    show_title = _l("Classroom")
    add_title = _l("Add classroom")
    edit_title = _l("Edit classroom")
    list_columns = ["academic_year", "school", "level_name", "room", "homeroom_teacher", "actions"]
    add_columns = edit_columns = ["school", "academic_year", "level", "room", "homeroom_teacher"]
    show_columns = ["school", "academic_year", "level_name", "room", "homeroom_teacher", "actions"]
    search_columns = ["school", "academic_year", "level", "room"]
    label_columns = {"school": _l("School"), "academic_year": _l("Academic year"), "level": _l("Level"),
                     "level_name": _l("Level"), "room": _l("Room"), "homeroom_teacher": _l("Homeroom teacher"),
                     "actions": _l("Graduation")}
    add_form_extra_fields = edit_form_extra_fields = {"level": choice_field(_l("Level"), level_choices)}
    base_order = ("level", "asc")


class EnrollmentView(LsqModelView):
    datamodel = SQLAInterface(Enrollment)
    class_permission_name = "Enrollment"
    list_title = _l("Enrolments")
    show_title = _l("Enrolment")
    add_title = _l("Add enrolment")
    edit_title = _l("Edit enrolment")
    list_columns = ["classroom", "number", "student", "outcome"]
    add_columns = edit_columns = show_columns = ["classroom", "number", "student", "outcome"]
    search_columns = ["classroom", "student"]
    label_columns = {"classroom": _l("Classroom"), "number": _l("Number in class"), "student": _l("Student"),
                     "outcome": _l("Year-end outcome")}
    add_form_extra_fields = edit_form_extra_fields = {
        "outcome": choice_field(_l("Year-end outcome"), ENROLLMENT_OUTCOMES)}


class SubjectView(LsqModelView):
    datamodel = SQLAInterface(Subject)
    class_permission_name = "Subject"
    list_title = _l("Subjects")
    show_title = _l("Subject")
    add_title = _l("Add subject")
    edit_title = _l("Edit subject")
    list_columns = ["code", "name_th", "group_label", "kind_label", "credits", "hours", "school"]
    add_columns = edit_columns = ["school", "curriculum", "code", "name_th", "name_en", "group", "kind",
                                  "credits", "hours", "theory_hours", "practice_hours", "activity_type"]
    show_columns = ["school", "curriculum", "code", "name_th", "name_en", "group_label", "kind_label", "credits",
                    "hours", "theory_hours", "practice_hours", "activity_type"]
    search_columns = ["code", "name_th", "group", "kind", "school"]
    label_columns = {"school": _l("School"), "curriculum": _l("Curriculum"), "code": _l("Subject code"),
                     "name_th": _l("Name (Thai)"), "name_en": _l("Name (English)"),
                     "group": _l("Learning area / subject group"),
                     "group_label": _l("Learning area / subject group"), "kind": _l("Kind"), "kind_label": _l("Kind"),
                     "credits": _l("Credits"), "hours": _l("Hours"), "theory_hours": _l("Theory hours a week"),
                     "practice_hours": _l("Practice hours a week"), "activity_type": _l("Activity type")}
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Kind"), SUBJECT_KINDS),
        "curriculum": choice_field(_l("Curriculum"), lambda: [
            (c.identifier, c.name_th) for c in __import__("flask").current_app.extensions["lsq"].curricula]),
    }
    base_order = ("code", "asc")


class TeachingAssignmentView(LsqModelView):
    datamodel = SQLAInterface(TeachingAssignment)
    class_permission_name = "TeachingAssignment"
    list_title = _l("Teaching assignments")
    show_title = _l("Teaching assignment")
    add_title = _l("Add teaching assignment")
    edit_title = _l("Edit teaching assignment")
    list_columns = ["term", "classroom", "subject", "teacher", "grid_link"]
    add_columns = edit_columns = ["classroom", "subject", "term", "teacher"]
    show_columns = ["term", "classroom", "subject", "teacher", "grid_link"]
    search_columns = ["classroom", "subject", "term", "teacher"]
    label_columns = {"term": _l("Term"), "classroom": _l("Classroom"), "subject": _l("Subject"),
                     "teacher": _l("Teacher"), "grid_link": _l("Results")}
    base_order = ("id", "desc")


class ResultView(LsqModelView):
    """Results, one by one: the history of each, and remediation (แก้ 0 / ร / มส / มผ) as its own action."""

    datamodel = SQLAInterface(Result)
    class_permission_name = "Result"
    method_permission_name = {**VIEW_PERMISSIONS, "remedy": "remedy"}
    base_permissions = RESULT_PERMISSIONS
    # results change only through the grid, the API and the remedy action, never a bare form
    include_route_methods = {"list", "show", "remedy"}
    show_template = "lsq/result_show.html"
    list_title = _l("Results")
    show_title = _l("Result")
    list_columns = ["term", "student", "subject", "score", "attendance", "grade", "original_grade"]
    show_columns = ["term", "student", "subject", "classroom", "score", "attendance", "grade", "original_grade",
                    "remedy_kind", "remedy_attempts", "source", "history_text"]
    search_columns = ["term", "student", "subject", "grade"]
    label_columns = {"term": _l("Term"), "student": _l("Student"), "subject": _l("Subject"),
                     "classroom": _l("Classroom"), "score": _l("Score"), "attendance": _l("Attendance (%)"),
                     "grade": _l("Grade"), "original_grade": _l("Original grade"),
                     "remedy_kind": _l("Remedy"), "remedy_attempts": _l("Remedy attempts"),
                     "source": _l("Source"), "history_text": _l("History")}
    base_order = ("id", "desc")


    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        widgets = self._get_show_widget(pk, item)
        self.update_redirect()
        return self.render_template(self.show_template, pk=pk, title=self.show_title, widgets=widgets,
                                    related_views=self._related_views, item=item,
                                    remediable=item.grade in scale_for(item.subject).remedies,
                                    remedy_label=remedy_label(item.grade or ""))

    @expose("/remedy/<int:pk>", methods=["POST"])
    @has_access
    def remedy(self, pk):
        from flask import flash, redirect, request, url_for

        from lsq_core.audit import set_audit_reason
        from lsq_core.scoping import check_writable
        from lsq_core.security.scope import OutOfScope
        from lsq_core.validation import ValidationFailed

        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        form = request.form
        set_audit_reason(form.get("reason"))
        try:
            check_writable(item)
            remedy_result(item, kind=item.grade or "", score=form.get("score") or None,
                          grade=form.get("grade") or None, attendance=form.get("attendance") or None,
                          reason=form.get("reason"))
            db.session.commit()
        except OutOfScope:
            db.session.rollback()
            abort(404)
        except ValidationFailed as exc:
            flash_refusal(exc)
        else:
            flash(f"บันทึกการแก้ผลการเรียนแล้ว: ผลการเรียนใหม่ {item.grade}", "success")
        return redirect(url_for("ResultView.show", pk=pk))


class TraitAssessmentView(LsqModelView):
    datamodel = SQLAInterface(TraitAssessment)
    class_permission_name = "TraitAssessment"
    list_title = _l("Reading-thinking-writing and characteristics")
    show_title = _l("Assessment")
    add_title = _l("Add assessment")
    edit_title = _l("Edit assessment")
    list_columns = ["academic_year", "student", "kind", "item", "level_label"]
    add_columns = edit_columns = ["student", "academic_year", "kind", "item", "level"]
    show_columns = ["academic_year", "student", "kind", "item", "level_label"]
    label_columns = {"academic_year": _l("Academic year"), "student": _l("Student"), "kind": _l("Assessment"),
                     "item": _l("Item (0 = overall)"), "level": _l("Result"), "level_label": _l("Result")}
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Assessment"), lambda: [*TRAIT_KINDS.items(), *assessment_kinds().items()]),
        "level": choice_field(_l("Result"), TRAIT_LEVELS),
    }


class CoursePlanView(LsqModelView):
    datamodel = SQLAInterface(CoursePlan)
    class_permission_name = "Subject"
    list_title = _l("Course structure")
    show_title = _l("Course structure")
    add_title = _l("Add to the course structure")
    edit_title = _l("Edit the course structure")
    list_columns = ["academic_year", "school", "level", "term_number", "subject"]
    add_columns = edit_columns = show_columns = ["school", "academic_year", "level", "term_number", "subject"]
    search_columns = ["school", "academic_year", "level", "term_number", "subject"]
    label_columns = {"school": _l("School"), "academic_year": _l("Academic year"), "level": _l("Level"),
                     "term_number": _l("Term"), "subject": _l("Subject")}
    add_form_extra_fields = edit_form_extra_fields = {
        "level": choice_field(_l("Level"), level_choices),
        "term_number": choice_field(_l("Term"), [(1, "1"), (2, "2"), (3, "ฤดูร้อน")], coerce=int),
    }
    list_template = "lsq/course_plan_list.html"
    base_order = ("level", "asc")

"""The worked examples of ../shared/domain/vocational.md §7, one test each (#1–#28), on the
vocational plugin's own scale, curricula and graduation rule. The examples that need stored
results (#19 ม.ส. → ม.ท., #21 repeats) run on a real database in tests/test_vocational.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lsq_core.grading import divide
from lsq_core.graduation import StudentSummary
from lsq_core.results_service import derive_grade
from lsq_core.validation import ValidationFailed
from vocational.plugin import CURRICULA
from vocational.rules import (
    DEFAULT_POLICY, GRADUATION_RULES, VOCATIONAL_SCALE, attendance_percent, parse_subject_code, tpn,
    withdrawal_letter,
)

SCALE = VOCATIONAL_SCALE
POLICY = dict(DEFAULT_POLICY)
CURRICULUM = {c.identifier: c for c in CURRICULA}
PVC_RULE, PVS_RULE = GRADUATION_RULES


class Subject:
    def __init__(self, code="20901-2002", theory=1, practice=2, credits="2", kind="basic"):
        self.code, self.theory_hours, self.practice_hours = code, theory, practice
        self.credits, self.kind = Decimal(credits), kind


def term_gpa(items, policy=POLICY):
    """(credits, grade) pairs → the GPA, through the scale's evaluation like stored results."""
    numerator = weight = Decimal(0)
    for credits, grade in items:
        evaluation = SCALE.evaluate(grade, Decimal(credits), "basic", policy)
        if evaluation.gpa_weight:
            numerator += evaluation.points * evaluation.gpa_weight
            weight += evaluation.gpa_weight
    return divide(numerator, weight, policy["gpa_rounding"])


# --- #1–#6 score bands --------------------------------------------------------------------------

@pytest.mark.parametrize("score, grade", [(80, "4"), (79, "3.5"), (75, "3.5"), (70, "3"), (65, "2.5"), (60, "2"),
                                          (55, "1.5"), (50, "1"), (49, "0"), (100, "4"), (0, "0")])
def test_examples_1_to_5_score_bands(score, grade):
    assert SCALE.grade_for_score(score, POLICY) == grade


def test_example_4_and_5_credit_and_divisor():
    one, zero = SCALE.evaluate("1", Decimal(3), "basic", POLICY), SCALE.evaluate("0", Decimal(3), "basic", POLICY)
    assert one.credits_earned == 3 and one.gpa_weight == 3
    assert zero.credits_earned == 0 and zero.gpa_weight == 3 and zero.points == 0


def test_example_6_fractional_score_follows_the_setting():
    assert SCALE.grade_for_score("79.5", {**POLICY, "fractional_score": "round_half_up"}) == "4"
    assert SCALE.grade_for_score("79.5", {**POLICY, "fractional_score": "raw"}) == "3.5"
    assert POLICY["fractional_score"] == "round_half_up"  # the product decision


# --- #7–#9 attendance -----------------------------------------------------------------------------

def test_example_7_attended_44_of_54_hours_may_sit_the_final():
    subject = Subject(theory=1, practice=2, credits="2")
    percent = attendance_percent(subject, 44)
    assert percent == Decimal("81.48")
    assert derive_grade(SCALE, "basic", POLICY, Decimal(72), None, percent) == "3"


def test_example_8_attended_43_hours_is_kr():
    percent = attendance_percent(Subject(theory=1, practice=2), 43)
    assert percent == Decimal("79.62")
    assert derive_grade(SCALE, "basic", POLICY, Decimal(72), None, percent) == "ข.ร."


def test_example_9_the_heads_exception_lifts_kr():
    percent = attendance_percent(Subject(theory=1, practice=2), 43)
    assert derive_grade(SCALE, "basic", POLICY, Decimal(72), None, percent, attendance_waived=True) == "3"


def test_attendance_never_rounds_up_to_the_threshold():
    # 143.995 of 180 hours (a 10-hour-a-week subject) is 79.997…%: rounded it would be 80.00
    assert attendance_percent(Subject(theory=4, practice=6), Decimal("143.995")) == Decimal("79.99")


# --- #10–#12 subject codes ------------------------------------------------------------------------

def test_example_10_code_level_and_tpn():
    assert parse_subject_code("20901-2002")["level"] == "pvc"
    assert parse_subject_code("20901-2002")["field"] == "09"
    assert CURRICULUM["pvc_2562"].subject_code_is_valid("20901-2002")
    assert tpn(Subject(theory=2, practice=2, credits="3")) == "2-2-3"


def test_example_11_pvs_code():
    assert parse_subject_code("30000-1101")["level"] == "pvs"
    assert CURRICULUM["pvs_2563"].subject_code_is_valid("30000-1101")
    assert not CURRICULUM["pvs_2563"].subject_code_is_valid("20000-1101")


def test_example_12_legacy_code():
    parsed = parse_subject_code("2000-1101")
    assert parsed == {"level": "pvc", "field": "0", "legacy": True, "group_digit": "1"}
    assert CURRICULUM["pvc_2545"].subject_code_is_valid("2000-1101")
    assert not CURRICULUM["pvc_2545"].subject_code_is_valid("20000-1101")


def test_subject_of_the_wrong_level_is_named():
    from vocational.rules import check_subject

    problems = list(check_subject(CURRICULUM["pvs_2563"], Subject(code="20000-1101")))
    assert problems and problems[0][0] == "code" and "ปวช." in problems[0][1]


# --- #13–#18 GPA ---------------------------------------------------------------------------------

def test_example_13_truncated_not_rounded():
    assert term_gpa([(2, "4"), (1, "3.5"), (3, "2.5")]) == Decimal("3.16")


def test_example_14_exact_decimal():
    assert term_gpa([(3, "3"), (3, "2"), (2, "2.5"), (2, "1.5")]) == Decimal("2.30")


def test_example_15_truncation_against_half_up():
    assert term_gpa([(3, "4"), (2, "2.5"), (3, "0")]) == Decimal("2.12")
    assert term_gpa([(3, "4"), (2, "2.5"), (3, "0")], {**POLICY, "gpa_rounding": "round_half_up"}) == Decimal("2.13")


def test_example_16_withdrawal_within_deadline_is_left_out():
    assert term_gpa([(3, "4"), (2, "2.5"), (3, "ถ.น.")]) == Decimal("3.40")
    assert SCALE.evaluate("ถ.น.", Decimal(3), "basic", POLICY).credits_studied == 0


@pytest.mark.parametrize("variant, expected", [("zero", "2.12"), ("excluded", "3.40")])
def test_example_17_kr_in_the_divisor_follows_the_setting(variant, expected):
    policy = {**POLICY, "letter_divisor": variant}
    assert term_gpa([(3, "4"), (2, "2.5"), (3, "ข.ร.")], policy) == Decimal(expected)


def test_example_17_default_is_the_product_decision():
    assert term_gpa([(3, "4"), (2, "2.5"), (3, "ข.ร.")]) == Decimal("2.12")


@pytest.mark.parametrize("letter", ["ข.ส.", "ถ.ล.", "ท.", "ม.ท."])
def test_other_disputed_letters_follow_the_same_setting(letter):
    assert term_gpa([(3, "4"), (2, "2.5"), (3, letter)]) == Decimal("2.12")
    assert term_gpa([(3, "4"), (2, "2.5"), (3, letter)], {**POLICY, "letter_divisor": "excluded"}) == Decimal("3.40")


def test_example_18_audit_and_activity_count_nowhere():
    assert term_gpa([(3, "3"), (2, "ม.ก.")]) == Decimal("3.00")
    audit = SCALE.evaluate("ม.ก.", Decimal(2), "basic", POLICY)
    assert audit.credits_earned == 0 and audit.credits_studied == 0 and audit.gpa_weight == 0
    activity = SCALE.evaluate("ผ.", Decimal(0), "activity", POLICY)
    assert activity.passing and activity.gpa_weight == 0


def test_pending_ms_waits_outside_the_divisor():
    assert term_gpa([(3, "3"), (2, "ม.ส.")]) == Decimal("3.00")


# --- #19–#20 dates ---------------------------------------------------------------------------------

def test_example_20_withdrawal_after_the_deadline():
    deadline = dt.date(2026, 7, 31)
    assert withdrawal_letter(dt.date(2026, 7, 30), deadline) == "ถ.น."
    assert withdrawal_letter(dt.date(2026, 8, 5), deadline, head_accepts=False) == "ถ.ล."
    assert withdrawal_letter(dt.date(2026, 8, 5), deadline, head_accepts=True) == "ถ.น."


# --- letters as typed ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed, printed", [("ขร", "ข.ร."), ("ข. ร.", "ข.ร."), ("มส", "ม.ส."), ("ถน", "ถ.น."),
                                            ("ม.ก.", "ม.ก."), ("๓.๕", "3.5")])
def test_letters_are_normalised_to_the_printed_form(typed, printed):
    assert derive_grade(SCALE, "basic", POLICY, None, typed, None) == printed


def test_activity_letters_only_on_activities():
    assert derive_grade(SCALE, "activity", POLICY, None, "ผ", None) == "ผ."
    with pytest.raises(ValidationFailed) as refused:
        derive_grade(SCALE, "basic", POLICY, None, "ผ.", None)
    assert "ผลการเรียนต้องเป็น" in refused.value.messages["grade"][0]


# --- #22–#28 graduation ------------------------------------------------------------------------------

PVC_CREDITS = {"core_th": Decimal(6), "core_foreign": Decimal(6), "core_sci": Decimal(4), "core_math": Decimal(4),
               "core_social": Decimal(2), "voc_basic": Decimal(21), "voc_specific": Decimal(24),
               "voc_elective": Decimal(18), "internship": Decimal(4), "project": Decimal(4), "free": Decimal(10)}
SIX_TERMS = {f"{t}/{y}": ["ผ."] for y in (2567, 2568, 2569) for t in (1, 2)}


def pvc_candidate(**changes) -> StudentSummary:
    summary = StudentSummary(student_id=1, level="pvc3", curriculum=CURRICULUM["pvc_2562"],
                             group_credits=dict(PVC_CREDITS), gpax=Decimal("2.00"),
                             activities_by_term={k: list(v) for k, v in SIX_TERMS.items()},
                             assessments={"vstd": "pass"}, activity_pass="ผ.", activity_name="กิจกรรมเสริมหลักสูตร",
                             policy=dict(POLICY))
    for key, value in changes.items():
        setattr(summary, key, value)
    return summary


def test_example_22_eligible():
    assert sum(PVC_CREDITS.values()) == 103
    assert PVC_RULE.check(pvc_candidate()) == []


def test_example_23_gpax_truncated_below_two():
    gpax = divide(Decimal("205.5"), Decimal(103))
    assert gpax == Decimal("1.99")
    assert PVC_RULE.check(pvc_candidate(gpax=gpax)) == ["ค่าระดับคะแนนเฉลี่ยสะสม 1.99 ต่ำกว่า 2.00"]


def test_example_24_activity_failed_in_one_term():
    activities = {k: list(v) for k, v in SIX_TERMS.items()}
    activities["2/2568"] = ["ม.ผ."]
    assert PVC_RULE.check(pvc_candidate(activities_by_term=activities)) == [
        "ภาคเรียนที่ 2/2568 กิจกรรมเสริมหลักสูตรไม่ผ่าน (ม.ผ.)"]


def test_a_term_without_activity_is_named():
    activities = {k: list(v) for k, v in SIX_TERMS.items()}
    activities["1/2569"] = []
    assert PVC_RULE.check(pvc_candidate(activities_by_term=activities)) == [
        "ภาคเรียนที่ 1/2569 ไม่มีผลกิจกรรมเสริมหลักสูตร"]


def test_example_25_standard_assessment_not_passed():
    assert PVC_RULE.check(pvc_candidate(assessments={"vstd": "fail"})) == ["การประเมินมาตรฐานวิชาชีพ: ไม่ผ่าน"]
    assert PVC_RULE.check(pvc_candidate(assessments={})) == ["การประเมินมาตรฐานวิชาชีพ: ยังไม่มีผล"]


def test_example_26_one_free_elective_credit_short():
    credits = {**PVC_CREDITS, "free": Decimal(9)}
    assert PVC_RULE.check(pvc_candidate(group_credits=credits)) == [
        "หน่วยกิตหมวดวิชาเลือกเสรีที่ได้ 9 ไม่ถึงเกณฑ์ 10",
        "หน่วยกิตรวมทั้งหลักสูตรที่ได้ 102 ไม่ถึงเกณฑ์ 103"]


def test_every_unmet_criterion_is_listed_at_once():
    reasons = PVC_RULE.check(pvc_candidate(gpax=Decimal("1.50"), assessments={}, pending=[("20000-1101", "ม.ส.")]))
    assert len(reasons) == 3
    assert reasons[0] == "รายวิชา 20000-1101 ยังมีผลการเรียน ม.ส. ที่ยังไม่ได้แก้ไข"


def test_a_college_may_set_its_own_minimum():
    policy = {**POLICY, "credit_minimums": {"pvc_2562": {"free": 12, "total": 105}}}
    reasons = PVC_RULE.check(pvc_candidate(policy=policy))
    assert reasons == ["หน่วยกิตหมวดวิชาเลือกเสรีที่ได้ 10 ไม่ถึงเกณฑ์ 12", "หน่วยกิตรวมทั้งหลักสูตรที่ได้ 103 ไม่ถึงเกณฑ์ 105"]


PVS_CREDITS = {"core_th": Decimal(3), "core_foreign": Decimal(6), "core_sci": Decimal(3), "core_math": Decimal(3),
               "core_social": Decimal(3), "core_hum": Decimal(3), "voc_basic": Decimal(15),
               "voc_specific": Decimal(21), "voc_elective": Decimal(12), "internship": Decimal(4),
               "project": Decimal(4), "free": Decimal(6)}


def pvs_candidate(credits) -> StudentSummary:
    return StudentSummary(student_id=2, level="pvs2", curriculum=CURRICULUM["pvs_2563"], group_credits=credits,
                          gpax=divide(Decimal("166.5"), Decimal(83)),
                          activities_by_term={"1/2568": ["ผ."], "2/2568": ["ผ."], "1/2569": ["ผ."], "2/2569": ["ผ."]},
                          assessments={"vstd": "pass"}, activity_pass="ผ.", policy=dict(POLICY))


def test_example_27_pvs_eligible():
    summary = pvs_candidate(dict(PVS_CREDITS))
    assert summary.gpax == Decimal("2.00") and sum(PVS_CREDITS.values()) == 83
    assert PVS_RULE.check(summary) == []


def test_example_28_foreign_language_sub_minimum():
    credits = {**PVS_CREDITS, "core_foreign": Decimal(3), "core_hum": Decimal(6)}
    assert PVS_RULE.check(pvs_candidate(credits)) == ["หน่วยกิตกลุ่มวิชาภาษาต่างประเทศที่ได้ 3 ไม่ถึงเกณฑ์ 6"]


def test_no_curriculum_recorded_is_a_reason():
    assert "ยังไม่ได้ระบุหลักสูตรของนักศึกษา" in PVC_RULE.check(pvc_candidate(curriculum=None))[0]

"""The worked examples of domain/basic_ed.md §12 through the plugin's own functions.

The same examples through the database and /api/v1/student/<id>/record are in
tests/test_student_record.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from basic_ed.rules import BASIC_SCALE, DEFAULT_POLICY, GRADUATION_RULES, credits_from_hours, parse_subject_code
from lsq_core.grading import divide
from lsq_core.graduation import StudentSummary
from lsq_core.models.study import G_CODE, prefix_for
from lsq_core.thai import academic_year_of, format_date_th, is_valid_national_id

POLICY = dict(DEFAULT_POLICY)


def gpa(rows, policy=POLICY, kind="basic"):
    """rows: (weight, grade) → GPA through the scale's own evaluation, as the database sums it."""
    numerator = denominator = D(0)
    for weight, grade in rows:
        evaluation = BASIC_SCALE.evaluate(grade, D(str(weight)), kind, policy)
        if evaluation.gpa_weight:
            numerator += evaluation.points * evaluation.gpa_weight
            denominator += evaluation.gpa_weight
    return divide(numerator, denominator, policy["gpa_rounding"])


@pytest.mark.parametrize("score, grade", [
    (100, "4"), (80, "4"), (79, "3.5"), (75, "3.5"), (74, "3"), (70, "3"), (69, "2.5"), (65, "2.5"),
    (64, "2"), (60, "2"), (59, "1.5"), (55, "1.5"), (54, "1"), (50, "1"), (49, "0"), (0, "0")])
def test_we1_score_to_grade(score, grade):
    assert BASIC_SCALE.grade_for_score(score, POLICY) == grade


@pytest.mark.parametrize("score, rounded, raw", [("79.5", "4", "3.5"), ("49.5", "1", "0")])
def test_we2_we3_fractional_totals_under_both_policies(score, rounded, raw):
    assert BASIC_SCALE.grade_for_score(score, {**POLICY, "fractional_score": "round_half_up"}) == rounded
    assert BASIC_SCALE.grade_for_score(score, {**POLICY, "fractional_score": "raw"}) == raw


def test_we5_truncation_not_rounding():
    assert gpa([(1.5, "4"), (1.5, "3.5"), (1.0, "2.5")]) == D("3.43")
    assert gpa([(1.5, "4"), (1.5, "3.5"), (1.0, "2.5")], {**POLICY, "gpa_rounding": "round_half_up"}) == D("3.44")


def test_we6_source_example():
    assert gpa([(4, "3"), (3, "2"), (4, "1"), (2, "3.5")]) == D("2.23")


def test_we7_grade_zero_counts_but_earns_nothing():
    assert gpa([(1.5, "4"), (1.5, "0")]) == D("2.00")
    earned = sum(BASIC_SCALE.evaluate(g, D(w), "basic", POLICY).credits_earned for w, g in [("1.5", "4"), ("1.5", "0")])
    studied = sum(BASIC_SCALE.evaluate(g, D(w), "basic", POLICY).credits_studied for w, g in [("1.5", "4"), ("1.5", "0")])
    assert (earned, studied) == (D("1.5"), D("3.0"))


@pytest.mark.parametrize("letter", ["ร", "มส"])
def test_we8_pending_under_both_policies(letter):
    rows = [(1.5, "3"), (1.0, letter), (1.0, "2")]
    assert gpa(rows, {**POLICY, "pending_results": "excluded"}) == D("2.60")
    assert gpa(rows, {**POLICY, "pending_results": "zero"}) == D("1.85")
    for policy in ("excluded", "zero"):
        earned = sum(BASIC_SCALE.evaluate(g, D(str(w)), "basic", {**POLICY, "pending_results": policy}).credits_earned
                     for w, g in rows)
        assert earned == D("2.5")


def test_we9_gpax_is_not_the_mean_of_term_gpas():
    term1 = [(2.5, "3")] * 4  # 10 credits, 30 points
    term2 = [(3, "2.5")] * 4  # 12 credits, 30 points
    assert gpa(term1) == D("3.00") and gpa(term2) == D("2.50")
    assert gpa(term1 + term2) == D("2.72")


def test_we10_learning_area_gpa():
    credits = [1.0, 1.5, 1.0, 1.5, 1.0, 1.5, 1.0, 1.5]
    grades = ["4", "3", "3.5", "4", "4", "3", "4", "2.5"]
    assert gpa(list(zip(credits, grades))) == D("3.42")


def test_we11_primary_weighted_by_hours():
    hours = [200, 200, 80, 120, 80, 80, 40, 40]
    grades = ["3", "4", "2.5", "3.5", "4", "3", "2", "4"]
    assert gpa(list(zip(hours, grades))) == D("3.35")


def test_we16_decimal_pitfall():
    assert gpa([(1.5, "2.5"), (1.5, "2.5"), (1.0, "2"), (1.0, "2")]) == D("2.30")  # 11.5 / 5.0
    assert str(gpa([(1.5, "2.5"), (1.5, "2.5"), (1.0, "2"), (1.0, "2")])) == "2.30"


def test_activities_never_enter_the_gpa():
    assert BASIC_SCALE.evaluate("ผ", D(40), "activity", POLICY).gpa_weight == 0
    assert BASIC_SCALE.allowed_grades("activity") == ["ผ", "มผ"]
    assert "ผ" not in BASIC_SCALE.allowed_grades("basic")


def summary(level, basic, additional, **extra):
    return StudentSummary(student_id=1, level=level,
                          credits={"basic_earned": D(str(basic)), "additional_earned": D(str(additional))},
                          rtw=extra.pop("rtw", "pass"), characteristics=extra.pop("characteristics", "good"),
                          **extra)


RULES = {rule.levels[0]: rule for rule in GRADUATION_RULES}


def test_we13_m3_graduation():
    m3 = RULES["m3"]
    assert m3.check(summary("m3", 66, 11)) == []
    assert m3.check(summary("m3", 66, 10.5)) == ["หน่วยกิตรายวิชาเพิ่มเติมที่ได้ 10.5 ไม่ถึงเกณฑ์ 11"]
    failing = m3.check(summary("m3", 64.5, 11, failed_basic=[("ค23101", "0")]))
    assert failing == ["หน่วยกิตรายวิชาพื้นฐานที่ได้ 64.5 ไม่ถึงเกณฑ์ 66",
                       "รายวิชาพื้นฐาน ค23101 ผลการเรียน 0 ยังไม่ผ่าน"]
    assert m3.check(summary("m3", 66, 11, characteristics="fail")) == [
        "ผลการประเมินคุณลักษณะอันพึงประสงค์ ไม่ผ่าน"]
    assert m3.check(summary("m3", 66, 15)) == []


def test_we14_m6_graduation():
    m6 = RULES["m6"]
    assert m6.check(summary("m6", 41, 36)) == []
    assert m6.check(summary("m6", 41, 35.5)) == ["หน่วยกิตรายวิชาเพิ่มเติมที่ได้ 35.5 ไม่ถึงเกณฑ์ 36"]
    assert m6.check(summary("m6", 41, 48, activities_not_passed=[("กิจกรรมชุมนุม", "มผ")])) == [
        "กิจกรรม กิจกรรมชุมนุม ผลการประเมิน มผ (ต้องได้ ผ)"]


def test_we15_p6_graduation():
    p6 = RULES["p6"]
    assert p6.check(summary("p6", 0, 0)) == []
    assert p6.check(summary("p6", 0, 0, pending=[("ท16101", "ร")])) == [
        "รายวิชา ท16101 ยังมีผลการเรียน ร ที่ยังไม่ได้แก้ไข"]
    assert p6.check(summary("p6", 0, 0, failed_basic=[("ค16101", "0")])) == [
        "รายวิชาพื้นฐาน ค16101 ผลการเรียน 0 ยังไม่ผ่าน"]
    assert p6.check(summary("p6", 0, 0, rtw=None)) == ["ยังไม่มีผลการประเมินการอ่าน คิดวิเคราะห์ และเขียน"]


@pytest.mark.parametrize("value, valid", [
    ("1103702071838", True), ("1103702071837", False), ("1234567890121", True), ("3100600123450", True),
    ("1-1037-02071-83-8", True), ("110370207183", False), ("11037020718x8", False)])
def test_we17_national_id(value, valid):
    assert is_valid_national_id(value) is valid


def test_we18_g_code_format():
    assert G_CODE.match("G644200000001")
    assert not G_CODE.match("G64420000001")
    # lower case is normalised to upper case when a student is saved (tests/test_student_record.py)
    assert G_CODE.match("g644200000001".upper())


def test_we19_prefix_from_birth_date():
    born = dt.date(2010, 5, 10)  # 10 พ.ค. 2553
    assert prefix_for("M", born, dt.date(2025, 5, 9)) == "เด็กชาย"  # 9 พ.ค. 2568: age 14
    assert prefix_for("M", born, dt.date(2025, 5, 10)) == "นาย"  # 10 พ.ค. 2568: age 15
    assert prefix_for("F", born, dt.date(2025, 5, 9)) == "เด็กหญิง"
    assert prefix_for("F", born, dt.date(2025, 5, 10)) == "นางสาว"


@pytest.mark.parametrize("code, expected", [
    ("ท21101", {"area": "ท", "stage": "lower_secondary", "year": 1, "kind": "basic", "sequence": "01"}),
    ("ว30221", {"area": "ว", "stage": "upper_secondary", "year": None, "kind": "additional", "sequence": "21"}),
    ("ส11102", {"area": "ส", "stage": "primary", "year": 1, "kind": "basic", "sequence": "02"}),
])
def test_we21_subject_code_parse(code, expected):
    assert parse_subject_code(code) == expected


def test_we21_bad_codes():
    for code in ("X21101", "ท2110", "ท41101", "ท21301", "ท211011"):
        assert parse_subject_code(code) is None


def test_we22_credits_from_hours():
    assert [credits_from_hours(h) for h in (20, 40, 60, 80)] == [D("0.5"), D("1"), D("1.5"), D("2")]
    assert credits_from_hours(30) is None


def test_we23_academic_year_labelling():
    day = dt.date(2025, 2, 10)
    assert academic_year_of(day) == 2567
    assert format_date_th(day, style="short") == "10 ก.พ. 2568"
    assert academic_year_of(dt.date(2025, 5, 16)) == 2568

"""Grading scales: how a score becomes a grade, what each grade counts for, and the
per-school policies where the sources leave a rule open.

The core knows scales only through this interface; the education plugins
register concrete scales (``lsq_register_grading_scales``). Every number is a
Decimal: binary floats break the truncation rule (2.30 would print as 2.29).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")


#: the open rules every scale has, with the product decisions of domain/README.md as defaults
COMMON_POLICY = {
    # 79.5: round half up to a whole score, then band ("raw": compare the raw total)
    "fractional_score": "round_half_up",
    # GPA, GPAX and group GPA: "truncate" to 2 places (ไม่ปัดเศษ) or "round_half_up"
    "gpa_rounding": "truncate",
    # a pending result (ร, มส, ม.ส.) in a GPA: "excluded" from the divisor until resolved, or "zero"
    "pending_results": "excluded",
    # attendance below this per cent of the subject's time bars the final (the scale's attendance letter)
    "attendance_threshold": 80,
}


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def divide(numerator, denominator, rounding: str = "truncate") -> Decimal | None:
    """numerator / denominator to 2 places: truncated (ไม่ปัดเศษ, the default) or rounded half up."""
    numerator, denominator = Decimal(str(numerator or 0)), Decimal(str(denominator or 0))
    if denominator == 0:
        return None
    mode = ROUND_DOWN if rounding == "truncate" else ROUND_HALF_UP
    return (numerator / denominator).quantize(TWO_PLACES, rounding=mode)


def fmt(value: Decimal | None) -> str | None:
    """An exact number as the JSON string the API promises ("3.43", "1.5")."""
    return None if value is None else format(value, "f")


@dataclass(frozen=True)
class Band:
    minimum: Decimal  # lowest score of the band
    grade: str  # "4", "3.5", …
    label_th: str


@dataclass(frozen=True)
class Letter:
    """A letter result (ร, มส, ผ, มผ, ข.ร. …) and what it counts for."""

    code: str
    name_th: str
    passing: bool = False
    pending: bool = False  # waits to be resolved (ร, มส): policy decides the divisor
    for_activities: bool = False
    in_divisor: bool = False  # counts 0 points in the GPA divisor
    earns_credit: bool = False
    studied: bool = True  # counts in credits studied (attempted)
    #: a disputed letter (vocational ข.ร., ข.ส. …): this policy key says whether it counts 0 in
    #: the divisor ("zero") or is left out ("excluded"); it counts as attempted exactly when it does
    divisor_policy: str | None = None


@dataclass(frozen=True)
class Evaluation:
    points: Decimal | None
    gpa_weight: Decimal
    credits_studied: Decimal
    credits_earned: Decimal
    passing: bool


@dataclass(frozen=True)
class GradingScale:
    identifier: str
    education_type: str
    name_th: str
    bands: tuple[Band, ...]
    letters: tuple[Letter, ...]
    passing_grade: Decimal = Decimal("1")
    default_policy: dict = field(default_factory=dict)
    #: the letter a scored subject gets below the attendance threshold (มส, ข.ร.), if any
    attendance_letter: str | None = None
    #: the results a registrar may remedy (แก้ 0, แก้ ร …): basic education's four, vocational ม.ส.
    remedies: tuple[str, ...] = ()

    # --- policy ---------------------------------------------------------------

    def policy(self, school) -> dict:
        """The scale's defaults, overridden by the school's settings for this scale."""
        overrides = ((getattr(school, "settings", None) or {}).get(self.identifier) or {})
        return {**self.default_policy, **overrides}

    # --- grades ---------------------------------------------------------------

    def letter(self, code: str) -> Letter | None:
        return next((letter for letter in self.letters if letter.code == code), None)

    def normalise(self, text: str | None) -> str | None:
        """A grade as typed, in the scale's own spelling: letters compared without dots and
        spaces ("ขร", "ข. ร." → "ข.ร."), Thai digits as Arabic ("๓.๕" → "3.5"); None when empty."""
        from lsq_core.thai import to_arabic_digits

        text = to_arabic_digits((text or "").strip())
        if not text:
            return None
        bare = text.replace(".", "").replace(" ", "")
        for letter in self.letters:
            if letter.code.replace(".", "") == bare:
                return letter.code
        return text

    def numeric_grades(self) -> list[str]:
        return [band.grade for band in self.bands]

    def is_numeric(self, grade: str | None) -> bool:
        return grade in self.numeric_grades()

    def allowed_grades(self, kind: str) -> list[str]:
        if kind == "activity":
            return [l.code for l in self.letters if l.for_activities]
        return self.numeric_grades() + [l.code for l in self.letters if not l.for_activities]

    def grade_for_score(self, score, policy: dict) -> str:
        value = to_decimal(score)
        if value is None:
            raise ValueError("score is not a number")
        if policy.get("fractional_score", "round_half_up") == "round_half_up":
            value = value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        for band in sorted(self.bands, key=lambda b: b.minimum, reverse=True):
            if value >= band.minimum:
                return band.grade
        return self.bands[-1].grade

    def evaluate(self, grade: str | None, weight: Decimal, kind: str, policy: dict) -> Evaluation:
        """What a result counts for in the GPA and in credits."""
        weight = Decimal(weight or 0)
        if grade is None:
            return Evaluation(None, Decimal(0), Decimal(0), Decimal(0), False)
        if kind == "activity":  # activities carry no grade points and no credits
            letter = self.letter(grade)
            return Evaluation(None, Decimal(0), Decimal(0), Decimal(0), bool(letter and letter.passing))
        if self.is_numeric(grade):
            points = Decimal(grade)
            passing = points >= self.passing_grade
            return Evaluation(points, weight, weight, weight if passing else Decimal(0), passing)
        letter = self.letter(grade)
        if letter is None:
            raise ValueError(f"unknown grade {grade!r}")
        studied = letter.studied
        if letter.pending:
            in_divisor = policy.get("pending_results", "excluded") == "zero"
        elif letter.divisor_policy:
            in_divisor = studied = policy.get(letter.divisor_policy, "zero") == "zero"
        else:
            in_divisor = letter.in_divisor
        return Evaluation(Decimal(0) if in_divisor else None, weight if in_divisor else Decimal(0),
                          weight if studied else Decimal(0),
                          weight if letter.earns_credit else Decimal(0), letter.passing)

    def is_pending(self, grade: str | None) -> bool:
        letter = self.letter(grade) if grade else None
        return bool(letter and letter.pending)

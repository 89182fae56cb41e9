"""Thai text utilities: digits, Buddhist-Era dates, national ID and Ministry school code checks.

Messages are Thai because they are shown to registrars as they are.
"""

from __future__ import annotations

import datetime as dt
import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

#: Affiliation code of the Department of Local Administration in the Ministry's
#: 10-digit school id (domain/basic_ed.md §10.2).
DLA_AFFILIATION = "30"


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text) -> str:
    return str(text).translate(_TO_THAI)


def digits_only(text: str) -> str:
    """Thai or Arabic digits with spaces and dashes removed (1-1037-02071-83-8 → 1103702071838)."""
    return re.sub(r"[\s\-]", "", to_arabic_digits(text or ""))


def format_national_id(value: str | None) -> str:
    """1-2345-67890-12-3, as official forms print a national ID; a G-code as it is."""
    if value and len(value) == 13 and value.isdigit():
        return f"{value[0]}-{value[1:5]}-{value[5:10]}-{value[10:12]}-{value[12]}"
    return value or "-"


def national_id_error(value: str | None) -> str | None:
    """Why a 13-digit national ID is invalid, in Thai, or None when it is valid."""
    digits = digits_only(value or "")
    if not digits:
        return "กรุณากรอกเลขประจำตัวประชาชน"
    if not re.fullmatch(r"[0-9]{13}", digits):
        return "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก"
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    check = (11 - total % 11) % 10
    if check != int(digits[12]):
        return "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)"
    return None


def is_valid_national_id(value: str | None) -> bool:
    return national_id_error(value) is None


def moe_code_error(value: str | None) -> str | None:
    """Why a Ministry school code is invalid: 10 digits beginning with 30 (DLA)."""
    digits = digits_only(value or "")
    if not re.fullmatch(r"[0-9]{10}", digits):
        return "รหัสสถานศึกษาของกระทรวงศึกษาธิการต้องเป็นตัวเลข 10 หลัก"
    if not digits.startswith(DLA_AFFILIATION):
        return "รหัสสถานศึกษาของกระทรวงศึกษาธิการต้องขึ้นต้นด้วย 30 (สังกัดกรมส่งเสริมการปกครองท้องถิ่น)"
    return None


def local_time(value: dt.datetime, tz: str = "Asia/Bangkok") -> dt.datetime:
    """A naive UTC timestamp (as LSQ stores them) in Thai local time."""
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def thai_today() -> dt.date:
    """Today in Thailand: deadlines and document dates are Thai calendar days, whatever the
    server's clock zone (a document issued at 06:30 in Krabi is dated that day, not the UTC day before)."""
    return local_time(dt.datetime.utcnow()).date()


def academic_year_of(day: dt.date, first_month: int = 5) -> int:
    """The Buddhist-Era academic year a date belongs to: it starts in May, so
    10 Feb 2025 (10 ก.พ. 2568) is still ปีการศึกษา 2567 (domain/basic_ed.md §1, WE23)."""
    return day.year + BE_OFFSET - (1 if day.month < first_month else 0)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def format_date_th(value: dt.date | dt.datetime | None, style: str = "long", thai_digits: bool = False) -> str:
    """A date in the Buddhist Era: "12 พฤษภาคม 2569" (long), "12 พ.ค. 2569" (short), "12/05/2569" (numeric)."""
    if value is None:
        return ""
    if style == "long":
        text = f"{value.day} {MONTHS_TH[value.month - 1]} {be_year(value.year)}"
    elif style == "short":
        text = f"{value.day} {MONTHS_TH_ABBR[value.month - 1]} {be_year(value.year)}"
    elif style == "numeric":
        text = f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"
    else:
        raise ValueError(f"unknown date style {style!r}")
    if isinstance(value, dt.datetime) and style != "numeric":
        text += f" {value.hour:02d}:{value.minute:02d} น."
    return to_thai_digits(text) if thai_digits else text

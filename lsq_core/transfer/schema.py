"""The transfer workbook's schema, in one place: sheets, columns, Thai headers, types,
allowed values and natural keys. The exporter, the explanation sheet, the validating
reader and the importer all read it from here.

Column kinds (``Column.kind``) and what the reader accepts:

* ``text``      any text (trimmed); ``max_length`` characters at most
* ``national_id`` 13 digits with a valid check digit (Thai or Arabic digits, dashes and
  spaces allowed) or a G-code (G + 12 digits)
* ``date``      a date cell, or text d/m/yyyy in พ.ศ. (year > 2400) or ค.ศ., Thai or Arabic digits
* ``year``      an academic year in พ.ศ. (2400–2700); ค.ศ. years are converted (+543)
* ``int``       a whole number (Thai or Arabic digits) within ``low``–``high``
* ``decimal``   a number with at most 2 decimals within ``low``–``high``
* ``choice``    one of ``choices`` (the stored code or its Thai label)
* ``level``     a level the school teaches (ป.1 … ม.6, ปวช.1 …, or the code p1 … m6)
* ``grade``     a result the plugin's grading scale allows for the subject's kind
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lsq_core.models.results import CHARACTERISTICS, SUBJECT_KINDS, TRAIT_LEVELS
from lsq_core.models.study import ENROLLMENT_OUTCOMES, SEXES, STUDENT_STATUSES


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"
    required: bool = False
    help: str = ""
    choices: dict[str, str] = field(default_factory=dict)  # stored code → Thai label
    low: float | None = None
    high: float | None = None
    max_length: int | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # other accepted words → stored code


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str  # the sheet's name in the workbook (≤ 31 characters)
    description: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


STUDENT_NUMBER = Column("student_number", "เลขประจำตัวนักเรียน", required=True, max_length=20,
                        help="เลขประจำตัวนักเรียนของสถานศึกษา ต้องมีอยู่ในแผ่นงาน นักเรียน หรือในระบบแล้ว")
YEAR = Column("year", "ปีการศึกษา", "year", required=True,
              help="ปีการศึกษา พ.ศ. เช่น 2568 (ปีนั้นต้องมีในระบบแล้ว)")
TERM = Column("term", "ภาคเรียน", "int", required=True, low=1, high=3,
              help="1 หรือ 2 (3 = ภาคฤดูร้อน) ภาคเรียนนั้นต้องมีในระบบแล้ว")
LEVEL = Column("level", "ระดับชั้น", "level", required=True, help="เช่น ป.1 ม.1 ปวช.1 (ต้องเป็นระดับที่สถานศึกษาเปิดสอน)")
ROOM = Column("room", "ห้อง", "int", required=True, low=1, high=99, help="เลขห้อง 1–99")
TRAIT_LEVEL_CHOICES = dict(TRAIT_LEVELS)

STUDENTS = Sheet(
    "students", "นักเรียน", "ข้อมูลนักเรียนหนึ่งคนต่อหนึ่งแถว",
    (
        STUDENT_NUMBER,
        Column("national_id", "เลขประจำตัวประชาชน", "national_id", required=True,
               help="13 หลักและหลักตรวจสอบถูกต้อง หรือรหัส G (G ตามด้วยตัวเลข 12 หลัก)"),
        Column("prefix_override", "คำนำหน้าชื่อ", max_length=50,
               help="เว้นว่างได้: ระบบกำหนดจากวันเกิด (เด็กชาย/เด็กหญิง/นาย/นางสาว)"),
        Column("first_name", "ชื่อ", required=True, max_length=100),
        Column("last_name", "นามสกุล", required=True, max_length=100),
        Column("first_name_en", "ชื่อ (ภาษาอังกฤษ)", max_length=100),
        Column("last_name_en", "นามสกุล (ภาษาอังกฤษ)", max_length=100),
        Column("sex", "เพศ", "choice", required=True, choices=SEXES, aliases={"ช": "M", "ญ": "F"}),
        Column("birth_date", "วันเกิด", "date", required=True, help="วัน/เดือน/ปี พ.ศ. หรือ ค.ศ. เช่น 15/06/2555"),
        Column("nationality", "สัญชาติ", max_length=50),
        Column("ethnicity", "เชื้อชาติ", max_length=50),
        Column("religion", "ศาสนา", max_length=50),
        Column("father_name", "ชื่อบิดา", max_length=200),
        Column("mother_name", "ชื่อมารดา", max_length=200),
        Column("guardian_name", "ชื่อผู้ปกครอง", max_length=200),
        Column("guardian_relation", "ความเกี่ยวข้องกับผู้ปกครอง", max_length=50),
        Column("guardian_phone", "โทรศัพท์ผู้ปกครอง", max_length=50),
        Column("address", "ที่อยู่", max_length=2000),
        Column("entry_date", "วันที่เข้าเรียน", "date"),
        Column("entry_level", "ชั้นที่เข้าเรียน", "level"),
        Column("previous_school", "สถานศึกษาเดิม", max_length=200),
        Column("status", "สถานภาพ", "choice", choices=STUDENT_STATUSES, help="เว้นว่าง = กำลังศึกษา"),
        Column("status_date", "วันที่เปลี่ยนสถานภาพ", "date", help="ต้องกรอกเมื่อสถานภาพไม่ใช่ กำลังศึกษา"),
    ),
    ("student_number",),
)

CLASSROOMS = Sheet(
    "classrooms", "ห้องเรียน", "ห้องเรียนของแต่ละปีการศึกษา",
    (YEAR, LEVEL, ROOM, Column("homeroom_teacher", "ครูประจำชั้น", max_length=200)),
    ("year", "level", "room"),
)

ENROLMENTS = Sheet(
    "enrolments", "นักเรียนในห้องเรียน", "นักเรียนแต่ละคนอยู่ห้องใดในแต่ละปีการศึกษา (ห้องต้องมีในแผ่นงาน ห้องเรียน)",
    (YEAR, LEVEL, ROOM, STUDENT_NUMBER,
     Column("number", "เลขที่", "int", low=1, high=999),
     Column("outcome", "ผลสิ้นปีการศึกษา", "choice", choices={k: v for k, v in ENROLLMENT_OUTCOMES.items() if k})),
    ("year", "student_number", "level", "room"),
)

SUBJECTS = Sheet(
    "subjects", "รายวิชา", "รายวิชาและกิจกรรมพัฒนาผู้เรียนที่สถานศึกษาสอน",
    (
        Column("code", "รหัสวิชา", required=True, max_length=20,
               help="ตามหลักสูตร เช่น ท21101 (กิจกรรมใช้รหัสของสถานศึกษา เช่น ก21901)"),
        Column("name_th", "ชื่อรายวิชา", required=True, max_length=200),
        Column("name_en", "ชื่อรายวิชา (ภาษาอังกฤษ)", max_length=200),
        Column("curriculum", "หลักสูตร", "curriculum", required=True,
               help="รหัสหลักสูตร เช่น basic_2551 (ดูรายการในคำอธิบาย)"),
        Column("group", "กลุ่มสาระการเรียนรู้", required=True, max_length=20,
               help="อักษรกลุ่มสาระ ท ค ว ส พ ศ ง อ จ ญ หรือ กิจกรรม"),
        Column("kind", "ประเภทรายวิชา", "choice", required=True, choices=SUBJECT_KINDS,
               aliases={"พื้นฐาน": "basic", "เพิ่มเติม": "additional", "กิจกรรม": "activity"}),
        Column("credits", "หน่วยกิต", "decimal", low=0, high=99),
        Column("hours", "จำนวนชั่วโมง", "int", low=0, high=9999),
        Column("activity_type", "ประเภทกิจกรรม", max_length=30),
    ),
    ("code",),
)

RESULTS = Sheet(
    "results", "ผลการเรียน", "ผลการเรียนรายวิชาของนักเรียนแต่ละภาคเรียน",
    (STUDENT_NUMBER,
     Column("subject_code", "รหัสวิชา", required=True, max_length=20,
            help="ต้องมีในแผ่นงาน รายวิชา หรือในระบบ และไม่ใช่กิจกรรม"),
     YEAR, TERM,
     Column("level", "ระดับชั้น", "level", help="ชั้นที่เรียนรายวิชานี้"),
     Column("room", "ห้อง", "int", low=1, high=99),
     Column("score", "คะแนน", "decimal", low=0, high=100, help="0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง"),
     Column("attendance", "เวลาเรียน (ร้อยละ)", "decimal", low=0, high=100),
     Column("grade", "ผลการเรียน", "grade", help="ตามเกณฑ์ของหลักสูตร เช่น 4 3.5 … 0 ร มส; เว้นว่างให้คิดจากคะแนน")),
    ("student_number", "subject_code", "year", "term"),
)

ACTIVITIES = Sheet(
    "activities", "กิจกรรมพัฒนาผู้เรียน", "ผลการประเมินกิจกรรมพัฒนาผู้เรียนแต่ละภาคเรียน",
    (STUDENT_NUMBER,
     Column("subject_code", "รหัสกิจกรรม", required=True, max_length=20,
            help="ต้องมีในแผ่นงาน รายวิชา (ประเภท กิจกรรมพัฒนาผู้เรียน) หรือในระบบ"),
     YEAR, TERM,
     Column("level", "ระดับชั้น", "level"),
     Column("room", "ห้อง", "int", low=1, high=99),
     Column("grade", "ผลการประเมิน", "grade", required=True, help="ผ (ผ่าน) หรือ มผ (ไม่ผ่าน)")),
    ("student_number", "subject_code", "year", "term"),
)

READING = Sheet(
    "reading", "การอ่าน คิดวิเคราะห์ และเขียน", "ผลการประเมินการอ่าน คิดวิเคราะห์ และเขียน ปีละหนึ่งแถว",
    (STUDENT_NUMBER, YEAR,
     Column("level_result", "ผลการประเมิน", "choice", required=True, choices=TRAIT_LEVEL_CHOICES)),
    ("student_number", "year"),
)

CHARACTERISTIC_ITEMS = {str(i): name for i, name in enumerate(("ผลรวม",) + CHARACTERISTICS)}

CHARACTERISTICS_SHEET = Sheet(
    "characteristics", "คุณลักษณะอันพึงประสงค์", "ผลการประเมินคุณลักษณะอันพึงประสงค์ ปีละหนึ่งแถวต่อข้อ",
    (STUDENT_NUMBER, YEAR,
     Column("item", "ข้อ", "choice", required=True, choices=CHARACTERISTIC_ITEMS,
            help="0 = ผลรวม, 1–8 = คุณลักษณะแต่ละข้อ (หรือชื่อข้อ)"),
     Column("level_result", "ผลการประเมิน", "choice", required=True, choices=TRAIT_LEVEL_CHOICES)),
    ("student_number", "year", "item"),
)

SHEETS: tuple[Sheet, ...] = (STUDENTS, CLASSROOMS, ENROLMENTS, SUBJECTS, RESULTS, ACTIVITIES, READING,
                             CHARACTERISTICS_SHEET)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}
EXPLANATION_TITLE = "คำอธิบาย"
EXPLANATION_HEADERS = ("แผ่นงาน", "คอลัมน์", "จำเป็น", "ชนิดข้อมูล", "ค่าที่ใช้ได้ / คำอธิบาย")
KIND_LABELS = {
    "text": "ข้อความ", "national_id": "เลขประจำตัวประชาชน/รหัส G", "date": "วันที่ (พ.ศ. หรือ ค.ศ.)",
    "year": "ปี พ.ศ.", "int": "จำนวนเต็ม", "decimal": "ตัวเลข", "choice": "ค่าจากรายการ", "level": "ระดับชั้น",
    "grade": "ผลการเรียนตามเกณฑ์", "curriculum": "รหัสหลักสูตร",
}

#: at most this many characters in one cell, this many rows in one sheet
MAX_CELL_CHARS = 2000
MAX_ROWS = 1_000_000

"""Demo data, realistic and in Thai: Krabi province, its LAOs and their schools.

The names of places, LAOs and schools follow DLA's public school report for
Krabi (domain/README.md); the people and their appointment orders are invented.
Every demo account's password is ``lsqdemo``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app, g

from lsq_core.extensions import db
from lsq_core.models import (
    AcademicYear, Appointment, District, LocalAuthority, Province, School, SignupRequest, Term, UserProfile,
)
from lsq_core.org_rules import file_store
from lsq_core.security import roles as R

DEMO_PASSWORD = "lsqdemo"

KRABI_DISTRICTS = [
    ("8101", "เมืองกระบี่", "Mueang Krabi"), ("8102", "เขาพนม", "Khao Phanom"),
    ("8103", "เกาะลันตา", "Ko Lanta"), ("8104", "คลองท่อม", "Khlong Thom"),
    ("8105", "อ่าวลึก", "Ao Luek"), ("8106", "ปลายพระยา", "Plai Phraya"),
    ("8107", "ลำทับ", "Lam Thap"), ("8108", "เหนือคลอง", "Nuea Khlong"),
]

PRIMARY = ["p1", "p2", "p3", "p4", "p5", "p6"]
LOWER = ["m1", "m2", "m3"]
UPPER = ["m4", "m5", "m6"]
KINDER = ["k1", "k2", "k3"]


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF standing in for a scanned appointment order."""
    text = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _user(sm, username, first, last, email, role_name, active=True):
    user = sm.user_model()
    user.username, user.first_name, user.last_name, user.email = username, first, last, email
    from werkzeug.security import generate_password_hash

    user.password = generate_password_hash(DEMO_PASSWORD, method=current_app.config.get(
        "FAB_PASSWORD_HASH_METHOD", "scrypt"))
    user.active = active
    user.roles = [sm.find_role(role_name)] if role_name else []
    db.session.add(user)
    return user


def _order(title):
    return file_store().save_pdf(demo_pdf(title), f"{title}.pdf")


def _appointment(person, position, role, authority, school, number, date, user=None):
    stored = _order(f"order-{number.replace('/', '-')}")
    return Appointment(
        person_name=person, position=position, role=role, authority=authority, school=school, user=user,
        order_number=number, order_date=date, effective_from=date, status="active",
        order_file_key=stored.key, order_file_name=stored.name, order_file_size=stored.size,
        order_file_sha256=stored.sha256,
    )


@dataclass
class DemoContext:
    """What the plugins' ``lsq_load_demo`` hooks build on."""

    session: object
    schools: dict = field(default_factory=dict)  # code → School
    years: dict = field(default_factory=dict)  # พ.ศ. → AcademicYear
    users: dict = field(default_factory=dict)  # username → User
    with_students: bool = True

    def schools_running(self, education_type: str) -> list:
        return [s for s in self.schools.values() if education_type in s.education_type_list]


def invented_national_id(rng) -> str:
    """A 13-digit national ID with a valid check digit, for invented demo people."""
    digits = "1" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(digits)) % 11) % 10
    return digits + str(check)


def calendar_2569(year) -> list:
    """The DLA's operating calendar of academic year 2569 (the letter's dates first).

    The "term results due" events name no term, so they are reminders only and the demo's
    terms stay open for entry (no window set = open): the demo and its tests can enter
    results on any day. A DLA admin closes a term by naming it on its event.
    """
    from lsq_core.models import CalendarEvent

    registrar, officer = R.SCHOOL_REGISTRAR, R.LAO_OFFICER
    rows = [
        ("system_open", None, "เปิดระบบ LSQ ให้สถานศึกษาบันทึกข้อมูล ปีการศึกษา 2569", None, (2026, 5, 12), "",
         "ตามหนังสือกรมส่งเสริมการปกครองท้องถิ่น เรื่องระบบงานทะเบียนวัดผลของสถานศึกษาสังกัด อปท."),
        ("migration_requests_due", None, "ส่งคำขอโอนย้ายข้อมูลจากระบบ LocalSchool", (2026, 5, 12), (2026, 6, 5),
         f"{registrar},{officer}", "กรอกแบบฟอร์มการโอนย้ายข้อมูลตามที่กรมฯ กำหนด แทนการบันทึกใหม่"),
        ("appointment_orders_due", None, "ส่งสำเนาคำสั่งแต่งตั้งเจ้าพนักงานทะเบียน อปท. และนายทะเบียนสถานศึกษา",
         None, (2026, 6, 12), f"{registrar},{officer}", "แนบไฟล์คำสั่ง (PDF) ในเมนูคำสั่งแต่งตั้ง"),
        ("term_results_due", "basic", "บันทึกผลการเรียนภาคเรียนที่ 1/2569 ให้ครบ", (2026, 5, 16), (2026, 10, 30),
         f"{registrar},{R.TEACHER}", None),
        ("term_results_due", "vocational", "บันทึกผลการเรียนภาคเรียนที่ 1/2569 ให้ครบ (อาชีวศึกษา)",
         (2026, 5, 16), (2026, 10, 23), f"{registrar},{R.TEACHER}", None),
        ("gpax_export_due", "basic", "ส่งข้อมูล GPAX 5 ภาคเรียนของนักเรียน ม.6 เพื่อ TCAS70", (2026, 12, 1),
         (2026, 12, 15), f"{registrar},{officer}", "ตรวจผลการเรียนที่ยังค้าง (0 ร มส) ให้เรียบร้อยก่อนส่ง"),
        ("gpax_export_due", "vocational", "ส่งข้อมูล GPAX 5 ภาคเรียนของผู้เรียน ปวช.3 เพื่อ TCAS70",
         (2026, 12, 1), (2026, 12, 15), f"{registrar},{officer}", None),
        ("term_results_due", "basic", "บันทึกผลการเรียนภาคเรียนที่ 2/2569 ให้ครบ", (2026, 11, 1), (2027, 4, 9),
         f"{registrar},{R.TEACHER}", None),
        ("term_results_due", "vocational", "บันทึกผลการเรียนภาคเรียนที่ 2/2569 ให้ครบ (อาชีวศึกษา)",
         (2026, 11, 1), (2027, 4, 2), f"{registrar},{R.TEACHER}", None),
        ("graduate_report_due", "basic", "ส่งรายงานผู้สำเร็จการศึกษา (ปพ.3) ให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบ",
         None, (2027, 4, 30), f"{registrar},{officer}", "ผู้อำนวยการอนุมัติการจบก่อนส่ง"),
        ("graduate_report_due", "vocational", "ส่งแบบรายงานผู้สำเร็จการศึกษา (รบ.2) ให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบ",
         None, (2027, 4, 30), f"{registrar},{officer}", None),
    ]
    return [CalendarEvent(academic_year=year, kind=kind, education_type=education_type, title=title,
                          start_date=dt.date(*start) if start else None, due_date=dt.date(*due),
                          audience=audience, note=note)
            for kind, education_type, title, start, due, audience, note in rows]


def load_demo(with_students: bool = True) -> bool:
    """Load the demo into an empty database; return False (and do nothing) otherwise.

    ``with_students=False`` leaves out the plugins' students and results (tests
    that only need the organisation tree build faster).
    """
    if db.session.query(Province).count():
        return False
    sm = current_app.appbuilder.sm
    g.lsq_actor_name = "demo"

    krabi = Province(code="81", name_th="กระบี่", name_en="Krabi")
    phangnga = Province(code="82", name_th="พังงา", name_en="Phang Nga")
    districts = {code: District(code=code, name_th=th, name_en=en, province=krabi)
                 for code, th, en in KRABI_DISTRICTS}
    mueang_phangnga = District(code="8201", name_th="เมืองพังงา", name_en="Mueang Phang Nga", province=phangnga)
    db.session.add_all([krabi, phangnga, *districts.values(), mueang_phangnga])

    pao = LocalAuthority(code="81001", name_th="องค์การบริหารส่วนจังหวัดกระบี่", name_en="Krabi PAO",
                         authority_type="pao", province=krabi, address="ถนนอุตรกิจ ตำบลปากน้ำ อำเภอเมืองกระบี่",
                         phone="075 611 360")
    town = LocalAuthority(code="81002", name_th="เทศบาลเมืองกระบี่", name_en="Krabi Town Municipality",
                          authority_type="town", province=krabi, district=districts["8101"],
                          address="ถนนอุตรกิจ ตำบลปากน้ำ อำเภอเมืองกระบี่", phone="075 611 192")
    aonang = LocalAuthority(code="81003", name_th="องค์การบริหารส่วนตำบลอ่าวนาง", name_en="Ao Nang SAO",
                            authority_type="sao", province=krabi, district=districts["8101"],
                            address="ตำบลอ่าวนาง อำเภอเมืองกระบี่", phone="075 637 156")
    phangnga_town = LocalAuthority(code="82001", name_th="เทศบาลเมืองพังงา", name_en="Phang Nga Town",
                                   authority_type="town", province=phangnga, district=mueang_phangnga)
    db.session.add_all([pao, town, aonang, phangnga_town])

    def school(code, moe, th, en, authority, district, types, levels, director, registrar, address):
        return School(code=code, moe_code=moe, name_th=th, name_en=en, authority=authority, district=district,
                      education_types=types, levels=",".join(levels), director_name=director[0],
                      director_title=director[1], registrar_name=registrar[0], registrar_title=registrar[1],
                      address=address, subdistrict="ปากน้ำ", postcode="81000", phone="075 6xx xxx")

    school_a = school("8100201", "3081020101", "โรงเรียนเทศบาล 1 ตลาดเก่า", "Tessaban 1 Talat Kao School",
                      town, districts["8101"], "basic", PRIMARY + LOWER,
                      ("นายประเสริฐ ศรีสุข", "ผู้อำนวยการสถานศึกษา"), ("นางวันเพ็ญ ทองคำ", "นายทะเบียน"),
                      "ถนนมหาราช ตำบลปากน้ำ อำเภอเมืองกระบี่ จังหวัดกระบี่")
    school_b = school("8100202", "3081020102", "โรงเรียนเทศบาล 2 คลองจิหลาด", "Tessaban 2 Khlong Chilat School",
                      town, districts["8101"], "basic", LOWER + UPPER,
                      ("นางสาวจินตนา แก้วมณี", "ผู้อำนวยการสถานศึกษา"), ("นายสมศักดิ์ บุญมา", "นายทะเบียน"),
                      "ตำบลปากน้ำ อำเภอเมืองกระบี่ จังหวัดกระบี่")
    school_c = school("8100301", "3081030101", "โรงเรียนบ้านช่องพลี", "Ban Chong Phli School",
                      aonang, districts["8101"], "basic", KINDER + PRIMARY,
                      ("นายอนุชา ทะเลงาม", "ผู้อำนวยการสถานศึกษา"), ("นางสุนีย์ หาดทราย", "นายทะเบียน"),
                      "หมู่ 2 ตำบลอ่าวนาง อำเภอเมืองกระบี่ จังหวัดกระบี่")
    college = school("8100101", "3081010101", "วิทยาลัยการอาชีพองค์การบริหารส่วนจังหวัดกระบี่",
                     "Krabi PAO Vocational College", pao, districts["8101"], "vocational",
                     ["pvc1", "pvc2", "pvc3", "pvs1", "pvs2"],
                     ("นายวิรัช อันดามัน", "ผู้อำนวยการวิทยาลัย"), ("นางพรทิพย์ ใจงาม", "นายทะเบียน"),
                     "ถนนกระบี่-เขาทอง ตำบลทับปริก อำเภอเมืองกระบี่ จังหวัดกระบี่")
    pao_school = school("8100102", "3081010102", "โรงเรียนองค์การบริหารส่วนจังหวัดกระบี่", "Krabi PAO School",
                        pao, districts["8101"], "basic", LOWER + UPPER,
                        ("นายชาตรี ร่มไทร", "ผู้อำนวยการสถานศึกษา"), ("นางรัตนา ศรีอ่าวนาง", "นายทะเบียน"),
                        "ตำบลไสไทย อำเภอเมืองกระบี่ จังหวัดกระบี่")
    phangnga_school = school("8200101", "3082010101", "โรงเรียนเทศบาลบ้านท้ายช้าง", "Ban Thai Chang School",
                             phangnga_town, mueang_phangnga, "basic", PRIMARY,
                             ("นายสุริยา ภูเขา", "ผู้อำนวยการสถานศึกษา"), ("นางมาลี ริมน้ำ", "นายทะเบียน"),
                             "ตำบลท้ายช้าง อำเภอเมืองพังงา จังหวัดพังงา")
    db.session.add_all([school_a, school_b, school_c, college, pao_school, phangnga_school])

    years = {}
    for year, start, end in ((2567, dt.date(2024, 5, 16), dt.date(2025, 3, 31)),
                             (2568, dt.date(2025, 5, 16), dt.date(2026, 3, 31)),
                             (2569, dt.date(2026, 5, 16), dt.date(2027, 3, 31))):
        ay = years[year] = AcademicYear(year=year, start_date=start, end_date=end)
        ce = year - 543
        db.session.add_all([
            ay,
            Term(academic_year=ay, number=1, start_date=dt.date(ce, 5, 16), end_date=dt.date(ce, 10, 10)),
            Term(academic_year=ay, number=2, start_date=dt.date(ce, 11, 1), end_date=dt.date(ce + 1, 3, 31)),
        ])

    db.session.add_all(calendar_2569(years[2569]))

    admin = _user(sm, "dla_admin", "สมพร", "ปกครองดี", "dla_admin@lsq.example", R.DLA_ADMIN)
    province_user = _user(sm, "krabi_province", "ธนพล", "ท้องถิ่นกระบี่", "krabi_province@lsq.example",
                          R.PROVINCE_OFFICER)
    lao_officer = _user(sm, "lao_officer", "กัญญา", "ทะเบียนดี", "lao_officer@lsq.example", R.LAO_OFFICER)
    lao_officer_pao = _user(sm, "lao_officer_pao", "ศักดิ์ชัย", "อันดามัน", "lao_officer_pao@lsq.example",
                            R.LAO_OFFICER)
    registrar_a = _user(sm, "registrar_a", "วันเพ็ญ", "ทองคำ", "registrar_a@lsq.example", R.SCHOOL_REGISTRAR)
    registrar_b = _user(sm, "registrar_b", "สมศักดิ์", "บุญมา", "registrar_b@lsq.example", R.SCHOOL_REGISTRAR)
    registrar_c = _user(sm, "registrar_c", "สุนีย์", "หาดทราย", "registrar_c@lsq.example", R.SCHOOL_REGISTRAR)
    registrar_voc = _user(sm, "registrar_voc", "พรทิพย์", "ใจงาม", "registrar_voc@lsq.example",
                          R.SCHOOL_REGISTRAR)
    teacher_a = _user(sm, "teacher_a", "มานะ", "ตั้งใจสอน", "teacher_a@lsq.example", R.TEACHER)
    applicant = _user(sm, "applicant_b", "สุภาพร", "ทองดี", "applicant_b@lsq.example", None, active=False)
    db.session.flush()

    db.session.add_all([
        UserProfile(user=admin, title="นาย", position="นักวิชาการศึกษาชำนาญการพิเศษ กรมส่งเสริมการปกครองท้องถิ่น"),
        UserProfile(user=province_user, title="นาย", position="ท้องถิ่นจังหวัดกระบี่", province=krabi),
        UserProfile(user=lao_officer, title="นาง", position="นักวิชาการศึกษาชำนาญการ", authority=town),
        UserProfile(user=lao_officer_pao, title="นาย", position="นักวิชาการศึกษาชำนาญการ", authority=pao),
        UserProfile(user=registrar_a, title="นาง", position="ครู วิทยฐานะครูชำนาญการ", school=school_a),
        UserProfile(user=registrar_b, title="นาย", position="ครู วิทยฐานะครูชำนาญการ", school=school_b),
        UserProfile(user=registrar_c, title="นาง", position="ครู", school=school_c),
        UserProfile(user=registrar_voc, title="นาง", position="ครู วิทยฐานะครูชำนาญการพิเศษ", school=college),
        UserProfile(user=teacher_a, title="นาย", position="ครู", school=school_a),
    ])

    d = dt.date(2026, 5, 20)
    db.session.add_all([
        _appointment("นางกัญญา ทะเบียนดี", "นักวิชาการศึกษาชำนาญการ", "lao_registration_officer", town, None,
                     "145/2569", d, lao_officer),
        _appointment("นายศักดิ์ชัย อันดามัน", "นักวิชาการศึกษาชำนาญการ", "lao_registration_officer", pao, None,
                     "312/2569", d, lao_officer_pao),
        _appointment("นางวันเพ็ญ ทองคำ", "ครู วิทยฐานะครูชำนาญการ", "school_registrar", town, school_a,
                     "21/2569", d, registrar_a),
        _appointment("นายสมศักดิ์ บุญมา", "ครู วิทยฐานะครูชำนาญการ", "school_registrar", town, school_b,
                     "19/2569", d, registrar_b),
        _appointment("นางสุนีย์ หาดทราย", "ครู", "school_registrar", aonang, school_c, "8/2569", d, registrar_c),
        _appointment("นางพรทิพย์ ใจงาม", "ครู วิทยฐานะครูชำนาญการพิเศษ", "school_registrar", pao, college,
                     "33/2569", d, registrar_voc),
        _appointment("นายมานะ ตั้งใจสอน", "ครู", "committee_member", town, school_a, "22/2569", d),
    ])

    stored = _order("order-applicant-b")
    db.session.add(SignupRequest(
        user=applicant, requested_role="school_registrar", title="นางสาว", national_id="1103702071838",
        position="ครูผู้ช่วย", phone="081 234 5678", authority=town, school=school_b,
        order_number="27/2569", order_date=dt.date(2026, 6, 1), order_file_key=stored.key,
        order_file_name=stored.name, order_file_size=stored.size, order_file_sha256=stored.sha256,
        status="pending", submitted_on=dt.datetime(2026, 6, 2, 2, 30),  # 09:30 in Thailand
    ))
    db.session.flush()
    context = DemoContext(
        session=db.session, years=years, with_students=with_students,
        schools={s.code: s for s in (school_a, school_b, school_c, college, pao_school, phangnga_school)},
        users={u.username: u for u in (admin, province_user, lao_officer, lao_officer_pao, registrar_a,
                                       registrar_b, registrar_c, registrar_voc, teacher_a)})
    current_app.extensions["lsq"].plugins.load_demo(context)
    db.session.commit()
    return True

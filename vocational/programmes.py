"""The national programme tree the plugin starts a database with: ประเภทวิชา → สาขาวิชา → สาขางาน
of the 2562/2563 curricula and the 2567 shape with its กลุ่มอาชีพ (domain/vocational.md §1.1).

Only a part of OVEC's more than 350 สาขาวิชา: a DLA admin adds the rest on the programme screen.
Codes follow the subject codes' digits: level, two of ประเภทวิชา (01 อุตสาหกรรม, 02 พาณิชยกรรม …), two of
สาขาวิชา (20101 ช่างยนต์ ปวช., 30201 การบัญชี ปวส.), two more of สาขางาน.
"""

from __future__ import annotations

from lsq_core.models.programmes import ProgrammeUnit

# (curriculum, [(field code, field name, [(programme code, name, [(specialisation code, name)])])])
TREE_2562 = [
    ("1", "อุตสาหกรรม", [
        ("01", "ช่างยนต์", [("01", "ยานยนต์"), ("02", "เครื่องกลเรือ")]),
        ("04", "ช่างไฟฟ้ากำลัง", [("01", "ไฟฟ้ากำลัง")]),
        ("05", "อิเล็กทรอนิกส์", [("01", "อิเล็กทรอนิกส์")]),
    ]),
    ("2", "พาณิชยกรรม/บริหารธุรกิจ", [
        ("01", "การบัญชี", [("01", "การบัญชี")]),
        ("02", "การตลาด", [("01", "การตลาด")]),
        ("04", "คอมพิวเตอร์ธุรกิจ", [("01", "คอมพิวเตอร์ธุรกิจ")]),
    ]),
    ("7", "อุตสาหกรรมท่องเที่ยว", [
        ("01", "การโรงแรม", [("01", "การโรงแรม")]),
        ("02", "การท่องเที่ยว", [("01", "การท่องเที่ยว")]),
    ]),
]
# the 2567 curricula add a กลุ่มอาชีพ between ประเภทวิชา and สาขาวิชา
TREE_2567 = [
    ("9", "อุตสาหกรรมดิจิทัลและเทคโนโลยีสารสนเทศ", [
        ("1", "ฮาร์ดแวร์", [("01", "ช่างเทคนิคคอมพิวเตอร์")]),
        ("2", "ซอฟต์แวร์และการประยุกต์", [("01", "เทคโนโลยีธุรกิจดิจิทัล")]),
    ]),
]


def seed_programmes(session) -> int:
    """Add the units not yet present (matched on curriculum, kind and code); returns how many."""
    existing = {(u.curriculum, u.kind, u.code): u for u in session.query(ProgrammeUnit)}
    added = 0

    def unit(curriculum, kind, code, name, parent=None):
        nonlocal added
        key = (curriculum, kind, code)
        if key not in existing:
            existing[key] = ProgrammeUnit(curriculum=curriculum, kind=kind, code=code, name_th=name, parent=parent)
            session.add(existing[key])
            added += 1
        return existing[key]

    for curriculum, level_digit in (("pvc_2562", "2"), ("pvs_2563", "3")):
        for field_code, field_name, programmes in TREE_2562:
            field = unit(curriculum, "field", field_code, field_name)
            for programme_code, programme_name, specialisations in programmes:
                code = f"{level_digit}0{field_code}{programme_code}"  # 20201 การบัญชี, 30101 ช่างยนต์
                programme = unit(curriculum, "programme", code, programme_name, field)
                for spec_code, spec_name in specialisations:
                    unit(curriculum, "specialisation", f"{code}{spec_code}", spec_name, programme)
    for field_code, field_name, groups in TREE_2567:
        field = unit("pvc_2567", "field", field_code, field_name)
        for group_code, group_name, programmes in groups:
            group = unit("pvc_2567", "occupation_group", f"{field_code}{group_code}", group_name, field)
            for programme_code, programme_name in programmes:
                unit("pvc_2567", "programme", f"2{field_code}{group_code}{programme_code}", programme_name, group)
    session.flush()
    return added


def specialisation(session, curriculum: str, code: str) -> ProgrammeUnit:
    return session.query(ProgrammeUnit).filter_by(curriculum=curriculum, kind="specialisation", code=code).one()

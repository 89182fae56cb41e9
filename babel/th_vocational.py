"""Thai for the vocational screens (the programme tree, a student's curriculum and programme)."""

TH = {
    "Curriculum": "หลักสูตร",
    "Programme (vocational: field of study)": "สาขา (อาชีวศึกษา: ประเภทวิชา/สาขาวิชา/สาขางาน)",
    "Programme structure": "โครงสร้างประเภทวิชา/สาขาวิชา/สาขางาน",
    "Programme structure unit": "หน่วยในโครงสร้างประเภทวิชา/สาขาวิชา/สาขางาน",
    "Add programme structure unit": "เพิ่มประเภทวิชา/สาขาวิชา/สาขางาน",
    "Edit programme structure unit": "แก้ไขประเภทวิชา/สาขาวิชา/สาขางาน",
    "Level of the structure": "ระดับในโครงสร้าง",
    "Code": "รหัส",
    "Name (Thai)": "ชื่อภาษาไทย",
    "Name (English)": "ชื่อภาษาอังกฤษ",
    "Part of": "อยู่ภายใต้",
    "Place in the structure": "ตำแหน่งในโครงสร้าง",
    "T-P-C": "ท-ป-น",
    "Subject group": "หมวดวิชา/กลุ่มวิชา",
    "Credits studied": "หน่วยกิตที่เรียน",
    "Credits earned": "หน่วยกิตที่ได้",
    "passed": "ผ่าน",
    "not passed": "ไม่ผ่าน",
    "no result yet": "ยังไม่มีผล",
    "repeated later: not counted": "เรียนซ้ำภายหลัง ไม่นำมาคำนวณ",
}
TH["Minimum to graduate"] = "เกณฑ์ขั้นต่ำเพื่อจบ"

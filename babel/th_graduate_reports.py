"""Thai for the ปพ.3 workflow screens (python babel/translate.py babel/th_graduate_reports.py)."""

TH = {
    "Checked by the LAO": "อปท. ตรวจสอบ",
    "Date the director approved the graduation": "วันที่ผู้อำนวยการอนุมัติการจบ",
    "Graduate reports (ปพ.3)": "รายงานผู้สำเร็จการศึกษา (ปพ.3)",
    "Graduates": "ผู้สำเร็จการศึกษา",
    "Issue the graduate report with its serial": "ออกแบบรายงานผู้สำเร็จการศึกษาพร้อมเลขที่เอกสาร",
    "Prepare a graduate report": "จัดทำแบบรายงานผู้สำเร็จการศึกษา (ปพ.3)",
    "Prepare again from the current results": "จัดทำใหม่จากผลการเรียนปัจจุบัน",
    "Prepare from the students who pass the graduation check": "จัดทำจากนักเรียนที่ผ่านเกณฑ์การจบ",
    "Preview the form (draft)": "ดูตัวอย่างแบบรายงาน (ร่าง)",
    "Return for correction": "ส่งคืนให้แก้ไข",
    "Returned for correction": "ส่งคืนให้แก้ไข",
    "Submit to the LAO registration officer": "ส่งให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบ",
    "Verified: lock the report": "ตรวจสอบแล้ว: ล็อกรายงาน",
    "What the school must correct": "สิ่งที่สถานศึกษาต้องแก้ไข",
}

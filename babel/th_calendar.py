"""Thai for the operating calendar, result-entry extensions and the home page's tasks.

python babel/translate.py babel/th_calendar.py && pybabel compile -d translations -l th
"""

TH = {
    "Add calendar event": "เพิ่มกิจกรรมในปฏิทิน",
    "After a term closes, ask your LAO registration officer for an extension, or remedy a result (0, ร, มส, มผ).":
        "เมื่อปิดการบันทึกผลของภาคเรียนแล้ว ขอให้เจ้าพนักงานทะเบียน อปท. ขยายเวลา "
        "หรือใช้การแก้ผลการเรียน (0 ร มส มผ)",
    "Check": "ตรวจสอบ",
    "Concerns": "ผู้เกี่ยวข้อง",
    "Dates": "วันที่",
    "Due date": "วันครบกำหนด",
    "Due next": "ครบกำหนดถัดไป",
    "Due today": "ครบกำหนดวันนี้",
    "Edit calendar event": "แก้ไขกิจกรรมในปฏิทิน",
    "Edit result entry extension": "แก้ไขการขยายเวลาบันทึกผลการเรียน",
    "Empty: everyone": "เว้นว่าง = ทุกคน",
    "Entry allowed until": "บันทึกผลได้ถึงวันที่",
    "Events on the operating calendar of": "กิจกรรมในปฏิทินการดำเนินงาน ปีการศึกษา",
    "Event title": "เรื่อง",
    "Every education type": "ทุกประเภทการศึกษา",
    "Every term is open for result entry.": "ทุกภาคเรียนยังเปิดให้บันทึกผลการเรียน",
    "Extend result entry for a school": "ขยายเวลาบันทึกผลการเรียนให้สถานศึกษา",
    "From": "ตั้งแต่วันที่",
    "Graduate reports (ปพ.3) waiting for your verification": "รายงานผู้สำเร็จการศึกษา (ปพ.3) ที่รอท่านตรวจสอบ",
    "Graduate reports returned to you for correction": "รายงานผู้สำเร็จการศึกษาที่ถูกส่งคืนให้แก้ไข",
    "Granted by": "ผู้อนุมัติ",
    "Granted on": "วันที่อนุมัติ",
    "Kind of event": "ประเภทกิจกรรม",
    "Left empty: the kind's name": "เว้นว่าง = ใช้ชื่อประเภทกิจกรรม",
    "Manage the calendar": "จัดการปฏิทิน",
    "No events on the calendar of this year yet.": "ยังไม่มีกิจกรรมในปฏิทินของปีการศึกษานี้",
    "No graduate report is waiting.": "ไม่มีรายงานที่รอตรวจสอบ",
    "Nothing due on the operating calendar.": "ไม่มีกำหนดการที่ใกล้ครบกำหนดในปฏิทินการดำเนินงาน",
    "Only for term results due: from this event's first day through its due date the term's results may be "
    "entered; afterwards only under an extension. Empty: a reminder only.":
        "เฉพาะกิจกรรมกำหนดบันทึกผลการเรียน: บันทึกหรือแก้ไขผลการเรียนของภาคเรียนนี้ได้ตั้งแต่วันเริ่มถึงวันครบกำหนด "
        "หลังจากนั้นต้องได้รับการขยายเวลา เว้นว่าง = เป็นเพียงการแจ้งเตือน",
    "Open the operating calendar": "เปิดปฏิทินการดำเนินงาน",
    "Operating calendar": "ปฏิทินการดำเนินงาน",
    "Operating calendar event": "กิจกรรมในปฏิทินการดำเนินงาน",
    "Overview": "ภาพรวม",
    "Past": "ผ่านไปแล้ว",
    "Reopen a closed term's result entry for one of your schools, until a date and with a reason.":
        "เปิดให้สถานศึกษาในสังกัดบันทึกผลการเรียนของภาคเรียนที่ปิดแล้ว ถึงวันที่กำหนด พร้อมระบุเหตุผล",
    "Result entry extension": "การขยายเวลาบันทึกผลการเรียน",
    "Result entry extensions": "ขยายเวลาบันทึกผลการเรียน",
    "Result entry of": "การบันทึกผลของ",
    "Result entry of your school's terms": "การบันทึกผลการเรียนของสถานศึกษา",
    "Soon": "ใกล้ครบกำหนด",
    "Term whose result entry it opens and closes": "ภาคเรียนที่เปิด–ปิดการบันทึกผลตามกิจกรรมนี้",
    "Upcoming": "กำลังจะมาถึง",
    "What is due next": "สิ่งที่ครบกำหนดถัดไป",
    "Why the extension is granted; recorded in the audit ledger":
        "เหตุผลที่ขยายเวลา (บันทึกไว้ในบันทึกการเปลี่ยนแปลงข้อมูล)",
    "closed": "ปิดแล้ว",
    "closed on": "ปิดเมื่อ",
    "closes after": "ปิดหลังวันที่",
    "closes after this date": "ปิดรับหลังวันครบกำหนดนี้",
    "days": "วัน",
    "extended until": "ขยายเวลาถึง",
    "in": "อีก",
}

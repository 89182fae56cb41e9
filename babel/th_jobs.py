"""Thai for the background-jobs screens (python babel/translate.py babel/th_jobs.py)."""

TH = {
    "Background job": "งานเบื้องหลัง",
    "Background jobs": "งานเบื้องหลัง",
    "Each student gets the document with its own serial number and QR code, as when it is issued one by one. "
    "When all are issued you can download them as one PDF to print and as a zip with one file per student.":
        "นักเรียนแต่ละคนจะได้รับเอกสารพร้อมเลขที่และคิวอาร์โค้ดของตนเอง เช่นเดียวกับการออกทีละฉบับ "
        "เมื่อออกครบทุกคนแล้ว ดาวน์โหลดได้ทั้งเป็นไฟล์ PDF รวมเล่มสำหรับพิมพ์ และเป็นไฟล์ zip ที่แยกไฟล์รายคน",
    "Every student is checked first: if any of them may not receive the document, nothing is issued and you "
    "are told who and why.":
        "ระบบจะตรวจสอบนักเรียนทุกคนก่อน หากมีผู้ที่ไม่มีสิทธิ์ได้รับเอกสาร จะยังไม่ออกเอกสารฉบับใดเลย "
        "และแจ้งว่าเป็นใครและเพราะเหตุใด",
    "Finished on": "เสร็จเมื่อ",
    "Issue documents for a whole class": "ออกเอกสารทั้งห้องเรียน",
    "Merged PDF": "PDF รวมเล่ม",
    "Message": "ข้อความ",
    "Only the students approved as graduates (a graduating cohort)":
        "เฉพาะนักเรียนที่ได้รับอนุมัติให้สำเร็จการศึกษาแล้ว (รุ่นที่จบการศึกษา)",
    "Progress": "ความคืบหน้า",
    "Start issuing": "เริ่มออกเอกสาร",
    "Started on": "เริ่มเมื่อ",
    "Submitted by": "ผู้สั่งงาน",
    "Submitted on": "สั่งงานเมื่อ",
    "Work": "งาน",
    "Zip of single files": "ไฟล์ zip แยกรายคน",
}

"""Thai for the Help menu and the manual pages (lsq_core.views.help, templates lsq/help*.html).

python babel/translate.py babel/th_manuals.py && pybabel compile -d translations -l th
"""

TH = {
    "User manuals": "คู่มือการใช้งาน",
    "All manuals and PDFs": "คู่มือทั้งหมดและไฟล์ PDF",
    "Manual: central level": "คู่มือส่วนกลาง (กสถ. จังหวัด อปท.)",
    "Manual: basic-education schools": "คู่มือสถานศึกษาขั้นพื้นฐาน",
    "Manual: vocational colleges": "คู่มือสถานศึกษาอาชีวศึกษา",
    "Developer guide (English)": "คู่มือนักพัฒนา (ภาษาอังกฤษ)",
    "Each manual explains the work task by task, with a picture of every screen. The PDF is typeset by the "
    "same engine as the school documents.":
        "คู่มือแต่ละเล่มอธิบายงานทีละขั้นตอน พร้อมภาพหน้าจอทุกขั้น ไฟล์ PDF จัดหน้าด้วยระบบเดียวกับที่ออกเอกสารของสถานศึกษา",
    "Manual": "คู่มือ",
    "For": "สำหรับ",
    "Yours": "ของท่าน",
    "Download as PDF": "ดาวน์โหลดเป็น PDF",
    "Help": "คู่มือ",
}

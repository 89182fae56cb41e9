"""Thai for the exports screen (ส่งออกข้อมูล, lsq_core.views.exports).

python babel/translate.py babel/th_exports.py && pybabel compile -d translations -l th
"""

TH = {
    "Exports": "ส่งออกข้อมูล",
    "Files for the schools in your scope: GPAX for university admission, the Ministry's GPA file, student lists "
    "and results.": "แฟ้มข้อมูลของสถานศึกษาในความรับผิดชอบของท่าน: GPAX สำหรับการคัดเลือกเข้ามหาวิทยาลัย "
                    "แฟ้ม GPA ส่งกระทรวงศึกษาธิการ รายชื่อนักเรียน และผลการเรียน",
    "You may not export from any school.": "ท่านไม่มีสถานศึกษาที่ส่งออกข้อมูลได้",
    "No export applies to this school.": "ไม่มีแฟ้มส่งออกที่ใช้กับสถานศึกษานี้",
    "Download": "ดาวน์โหลด",
    "School": "สถานศึกษา",
    "Choose": "เลือก",
}

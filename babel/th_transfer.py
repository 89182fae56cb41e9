"""Thai for the transfer workbook screen (แฟ้มโอนข้อมูล, lsq_core.views.transfer).

python babel/translate.py babel/th_transfer.py && pybabel compile -d translations -l th
"""

TH = {
    "Check of": "ผลการตรวจสอบไฟล์",
    "Choose": "เลือก",
    "Choose the workbook (.xlsx) to upload.": "กรุณาเลือกไฟล์ Excel (.xlsx) ที่จะส่ง",
    "Download the rows with errors to correct": "ดาวน์โหลดแถวที่ผิดพลาดไปแก้ไข",
    "Empty workbook": "แม่แบบเปล่า",
    "Errors found: nothing will be imported until they are corrected.":
        "พบข้อผิดพลาด: ยังไม่นำเข้าข้อมูลใดจนกว่าจะแก้ไขให้ถูกต้อง",
    "Filled workbook (.xlsx)": "ไฟล์ที่กรอกข้อมูลแล้ว (.xlsx)",
    "Import": "นำเข้าข้อมูล",
    "Imported.": "นำเข้าข้อมูลแล้ว",
    "No errors. Press Import to write every row at once.":
        "ไม่พบข้อผิดพลาด กดปุ่ม นำเข้าข้อมูล เพื่อบันทึกทุกแถวพร้อมกัน",
    "One sheet per kind of record, Thai headers, and a sheet that explains every column and the values it "
    "allows. Fill it in, upload it, read the check, then import: all of it or nothing. Importing the same "
    "workbook again changes nothing.":
        "แฟ้มโอนข้อมูลมีแผ่นงานละหนึ่งประเภทข้อมูล หัวคอลัมน์ภาษาไทย และแผ่นงานคำอธิบายทุกคอลัมน์กับค่าที่ใช้ได้ "
        "กรอกข้อมูล ส่งไฟล์ อ่านผลการตรวจสอบ แล้วจึงนำเข้า: นำเข้าทั้งหมดหรือไม่นำเข้าเลย "
        "การนำเข้าไฟล์เดิมซ้ำจะไม่เปลี่ยนแปลงข้อมูล",
    "Only the first rows of the report are shown; the workbook of rows with errors has them all.":
        "แสดงเฉพาะรายการแรก ๆ ของรายงาน ไฟล์แถวที่ผิดพลาดมีครบทุกรายการ",
    "The workbook has errors: nothing was imported. Check it again.":
        "ไฟล์มีข้อผิดพลาด ยังไม่ได้นำเข้าข้อมูลใด กรุณาตรวจสอบอีกครั้ง",
    "Transfer workbook": "แฟ้มโอนข้อมูล (Excel)",
    "Upload and check (nothing is imported yet)": "ส่งไฟล์และตรวจสอบ (ยังไม่นำเข้า)",
    "Workbook with the school's current data": "แฟ้มพร้อมข้อมูลปัจจุบันของสถานศึกษา",
    "You may not import into any school.": "ท่านไม่มีสิทธิ์นำเข้าข้อมูลของสถานศึกษาใด",
}

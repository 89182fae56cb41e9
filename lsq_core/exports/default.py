"""The core's exporters, registered through ``lsq_register_exporters`` like any plugin's
(lsq_core.plugins.manager.CORE_PLUGINS), so a site may disable them or add its own beside them."""

from __future__ import annotations

from lsq_core.exports.gpax import TERMS, YEAR, GpaxExporter, MoeGpaExporter
from lsq_core.exports.lists import RESULT_YEAR, ResultsExporter, StudentListExporter
from lsq_core.exports.lists import YEAR as LIST_YEAR
from lsq_core.plugins import hookimpl

GPAX = GpaxExporter(
    identifier="lsq.gpax", name_th="GPAX และ GPA รายกลุ่มสาระ สำหรับการคัดเลือกเข้ามหาวิทยาลัย (TCAS)",
    description_th="ผู้เรียนชั้น ม.6 และ ปวช.3 หนึ่งแถวต่อคน: GPAX 5 ภาคเรียน (ม.4/1 – ม.6/1, ปวช.1/1 – ปวช.3/1) "
                   "หรือ 6 ภาคเรียน และ GPA ของแต่ละกลุ่มสาระ (ม.6) ตัดทศนิยมสองตำแหน่งโดยไม่ปัดเศษ",
    kinds=("csv", "xlsx"), education_types=("basic", "vocational"), levels=("m6", "pvc3"), options=(TERMS, YEAR))
MOE_GPA = MoeGpaExporter(
    identifier="lsq.moe_gpa", name_th="แฟ้มข้อความ GPA ส่งกระทรวงศึกษาธิการ (รหัสสังกัด 30)",
    description_th="แฟ้ม .txt หนึ่งบรรทัดต่อนักเรียน ม.6 คั่นด้วย | ตามที่ทราบรูปแบบ (ดู docs/exports.md)",
    kinds=("txt",), education_types=("basic",), levels=("m6",), options=(TERMS, YEAR))
STUDENTS = StudentListExporter(
    identifier="lsq.students", name_th="รายชื่อนักเรียนพร้อมห้องเรียน",
    description_th="นักเรียนของสถานศึกษาในปีการศึกษา ชั้น ห้อง เลขที่", options=(LIST_YEAR,))
RESULTS = ResultsExporter(
    identifier="lsq.results", name_th="ผลการเรียนรายวิชา",
    description_th="ผลการเรียนหนึ่งแถวต่อนักเรียน รายวิชา และภาคเรียน", options=(RESULT_YEAR,))


@hookimpl
def lsq_register_exporters(registry):
    for exporter in (GPAX, MOE_GPA, STUDENTS, RESULTS):
        registry.add(exporter)

"""Thai test corpus and rendering helpers for tests/test_thai_pdf.py (from docs/thai-pdf-spike.md)."""
import os
from pathlib import Path

from fontpkg_sarabun import ROOT as _FONT_ROOT

FONT_DIR = str(_FONT_ROOT / "files")


def resource_policy():
    """xhtml2pdf 0.2.28 confines local reads to the working directory: the font
    package in site-packages must be named as an extra root, or @font-face is
    blocked ("Blocked by the resource policy") and Helvetica draws boxes."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    return ResourceAccessPolicy.server(base_dir=None, extra_roots=(Path(FONT_DIR),), allow_remote=False)

TRICKY = ("ที่ เยี่ยม ปี่ ญี่ปุ่น ปั้น ผู้ที่ ขั้นพื้นฐาน อำเภอ น้ำ ค่ำ ตำบล ฐาน ญาติ ฎีกา "
          "ปฏิบัติ ศึกษา สั่ง กิ่ง ฝั่ง ฟิ้ว ฬ้ำ ป่ำ ต่ำ ซ้ำ ผู้อำนวยการ กรุงเทพมหานคร "
          "ฤๅษี ฦๅ ๑๒๓๔๕๖๗๘๙๐ พ.ศ. ๒๕๖๘").split()

LONG_PARA = ("โรงเรียนบ้านหนองน้ำขุ่นวิทยาคมเป็นสถานศึกษาขั้นพื้นฐานสังกัดสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา"
             "ซึ่งจัดการเรียนการสอนตามหลักสูตรแกนกลางการศึกษาขั้นพื้นฐานพุทธศักราชสองพันห้าร้อยห้าสิบเอ็ด"
             "นักเรียนผู้นี้มีผลการเรียนดีเยี่ยมและมีคุณลักษณะอันพึงประสงค์ครบถ้วนทุกประการ "
             "ผู้อำนวยการโรงเรียนลงนามรับรองว่าข้อมูลในระเบียนแสดงผลการเรียนฉบับนี้ถูกต้องตรงตามหลักฐานที่ปรากฏ")

LONG_NAME = "เด็กหญิงปิยะนุชจันทร์เพ็ญศรีสุวรรณภูมิพิทักษ์"

def font_face_css():
    return """
@font-face { font-family: Sarabun; src: url("sarabun:Sarabun-Regular.ttf"); }
@font-face { font-family: Sarabun; src: url("sarabun:Sarabun-Bold.ttf"); font-weight: bold; }
"""

def link_callback(uri, rel):
    if uri.startswith("sarabun:"):
        return os.path.join(FONT_DIR, uri.split(":", 1)[1])
    return uri

def sample_html(extra_body=""):
    corpus_rows = "\n".join(f"<p class='w'>{w}</p>" for w in TRICKY)
    return f"""<html><head><meta charset="utf-8"><style>
{font_face_css()}
@page {{ size: a4; margin: 1.5cm; }}
body {{ font-family: Sarabun; font-size: 16pt; }}
p.w {{ margin: 0; }}
table {{ border-collapse: collapse; }}
td {{ border: 1px solid black; padding: 2pt; vertical-align: top; }}
</style></head><body>
{corpus_rows}
<p>{LONG_PARA}</p>
<table style="width: 12cm">
<tr><td style="width: 3cm">{LONG_NAME}</td><td style="width: 9cm">ภาษาไทย ๑ ผลการเรียน ดีเยี่ยม</td></tr>
</table>
{extra_body}
</body></html>"""

"""Thai first: every string a user sees has a Thai translation, Flask-AppBuilder's own included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "th" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def catalog():
    with open(PO, "rb") as handle:
        return read_po(handle, locale="th")


def test_every_msgid_has_a_thai_translation():
    missing = []
    for message in catalog():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings) or "fuzzy" in message.flags:
            missing.append(message.id)
    assert missing == []


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Re-extract LSQ's, FAB's and WTForms' strings now; each must be in translations/th."""
    pot = tmp_path / "messages.pot"
    script = ROOT / "babel" / "update.sh"
    text = script.read_text()
    assert "pybabel extract" in text
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).parent / "pybabel")

    def pkg(name):
        module = __import__(name)
        return str(Path(module.__file__).parent)

    subprocess.run([pybabel, "extract", "-F", str(ROOT / "babel" / "babel.cfg"), "-k", "_l", "-k",
                    "lazy_gettext", "-k", "_", "-k", "__", "-k", "gettext", "-k", "ngettext:1,2",
                    "--no-location", "-o", str(pot), "lsq_core", "basic_ed", "vocational",
                    pkg("flask_appbuilder"), pkg("wtforms"), pkg("flask_wtf")],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog() if m.id}
    assert sorted(extracted - known) == [], "run babel/update.sh and translate the new strings"


def test_compiled_catalogue_matches_the_po():
    def flat(messages):
        return {(tuple(m.id) if not isinstance(m.id, str) else m.id):
                (tuple(m.string) if not isinstance(m.string, str) else m.string) for m in messages if m.id}

    with open(MO, "rb") as handle:
        compiled = flat(read_mo(handle))
    source = flat(catalog())
    assert compiled == source, "run: pybabel compile -d translations -l th"


def test_screens_are_thai_by_default_and_english_on_request(demo_app):
    client = demo_app.test_client()
    thai = client.get("/login/").get_data(as_text=True)
    assert "เข้าสู่ระบบ" in thai and "ยื่นคำขอใช้งานระบบ" in thai
    english = client.get("/login/?_l_=en").get_data(as_text=True)
    assert "Sign In" in english and "Apply for an account" in english
    client.get("/login/?_l_=th")
    client.post("/login/", data={"username": "dla_admin", "password": "lsqdemo"})
    page = client.get("/users/list/").get_data(as_text=True)  # a Flask-AppBuilder screen
    assert "รายชื่อผู้ใช้" in page and "List Users" not in page


def test_dates_are_shown_in_the_buddhist_era(demo_app, web):
    page = web("registrar_a").get("/academicyearview/list/").get_data(as_text=True)
    assert "16 พ.ค. 2569" in page and "2026" not in page

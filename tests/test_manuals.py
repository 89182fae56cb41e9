"""The user manuals (docs/manuals/): every screen, menu, screenshot and help link they name exists,
the Help menu and the manual pages are served to every signed-in user, each screen links to its
section of the reader's own manual, and the PDFs come out of the document engine with Thai text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from lsq_core import manuals
from lsq_core.manuals import MANUALS
from tests.conftest import web_login

THAI_MANUALS = ("central", "basic", "vocational")
USERS = ("dla_admin", "krabi_province", "lao_officer", "registrar_a", "registrar_voc", "teacher_a")


@pytest.mark.parametrize("key", list(MANUALS))
def test_every_menu_screen_and_screenshot_a_manual_names_exists(demo_app, key):
    assert manuals.stale_references(demo_app, manuals.source(key)) == []


def test_a_removed_menu_or_screen_is_reported(demo_app):
    text = ("เลือก [[menu:Students]] แล้ว [[menu:Old students]] เปิด [[screen:ResultGridView.grid|ตาราง]] "
            "[[screen:GoneView.list|หน้าเก่า]] ![ภาพ](screenshots/no-such-shot.png)")
    assert manuals.stale_references(demo_app, text) == [
        "[[menu:Old students]]", "[[screen:GoneView.list]]", "screenshots/no-such-shot.png"]


def test_help_links_name_existing_screens_and_sections(demo_app):
    assert manuals.stale_help_links(demo_app) == []


def test_every_menu_entry_has_a_help_link(demo_app):
    """A new screen in the menu needs a line in HELP_LINKS (and a section to point to);
    Flask-AppBuilder's own Security menu is left out."""
    adapter = demo_app.url_map.bind("localhost")
    missing = []
    with demo_app.test_request_context():
        categories = [(c.name, [(i.name, i.get_url()) for i in c.childs or []])
                      for c in demo_app.appbuilder.menu.get_list()]
    for name, items in categories:
        if name == "Security":
            continue
        for item, url in items:
            endpoint, _ = adapter.match(url.split("?")[0])
            if manuals.help_target(endpoint, "basic") is None:
                missing.append(f"{item} ({endpoint})")
    assert missing == []


def test_section_ids_are_unique_and_every_thai_manual_covers_the_tasks():
    tasks = {"central": {"signup", "approve-signup", "verify-pp3", "dashboards", "calendar", "extensions"},
             "basic": {"signup", "school-year", "students", "results", "remedy", "documents", "pp3", "transfer",
                       "gpax", "dashboard"},
             "vocational": {"programme", "students", "results", "letters", "documents", "transfer"}}
    for key in MANUALS:
        ids = manuals.section_ids(manuals.source(key))
        assert len(ids) == len(set(ids)), key
        assert tasks.get(key, set()) <= set(ids), key


def test_the_screenshot_script_takes_every_picture_the_manuals_use():
    script = _screenshot_script()
    assert script.main(["--check"]) == 0
    taken = {shot[0] for shot in script.SHOTS}
    used = script.used_by_manuals()
    assert used and used <= taken


@pytest.mark.parametrize("username", USERS)
def test_help_menu_and_manual_pages_for_every_signed_in_user(demo_app, username):
    client = demo_app.test_client()
    web_login(client, username)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/help/basic"' in home and 'href="/help/developer"' in home  # the Help menu
    index = client.get("/help/")
    assert index.status_code == 200
    for key in MANUALS:
        page = client.get(f"/help/{key}")
        assert page.status_code == 200, key
        text = page.get_data(as_text=True)
        first = re.search(r"^## (.+?) \{#", manuals.source(key), flags=re.M).group(1)
        assert first in text
    assert 'src="/help/screenshots/basic-14-result-grid.png"' in client.get("/help/basic").get_data(as_text=True)
    shot = client.get("/help/screenshots/basic-14-result-grid.png")
    assert shot.status_code == 200 and shot.mimetype == "image/png"


def test_manuals_need_a_signed_in_user(demo_app):
    client = demo_app.test_client()
    for url in ("/help/", "/help/basic", "/help/basic/pdf", "/help/screenshots/basic-14-result-grid.png"):
        response = client.get(url)
        assert response.status_code in (302, 401, 403), url
        assert response.mimetype != "application/pdf"


def test_unknown_manual_and_files_outside_the_screenshots_are_404(web):
    client = web("registrar_a")
    assert client.get("/help/nosuch").status_code == 404
    assert client.get("/help/nosuch/pdf").status_code == 404
    assert client.get("/help/screenshots/..%2Fpdf.html").status_code == 404
    assert client.get("/help/doc/nosuch").status_code == 404
    assert client.get("/help/doc/architecture").status_code == 200


@pytest.mark.parametrize("username, url, target", [
    ("registrar_a", "/studentview/list/", "/help/basic#students"),
    ("registrar_voc", "/studentview/list/", "/help/vocational#students"),
    ("registrar_voc", "/programmeunitview/list/", "/help/vocational#programme"),
    ("lao_officer", "/graduatereportview/list/", "/help/central#verify-pp3"),
    ("registrar_b", "/graduatereportview/list/", "/help/basic#pp3"),
    ("teacher_a", "/teachingassignmentview/list/", "/help/basic#results"),
    ("dla_admin", "/dashboard/", "/help/central#dashboards"),
])
def test_each_screen_links_to_its_section_of_the_readers_manual(web, username, url, target):
    page = web(username).get(url).get_data(as_text=True)
    link = re.search(r'id="lsq-help-link"[^>]*|href="([^"]+)" id="lsq-help-link"', page)
    assert link, "no help link on " + url
    assert f'href="{target}" id="lsq-help-link"' in page


pdf_tools = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pdf_tools
@pytest.mark.parametrize("key", list(MANUALS))
def test_each_manual_as_pdf_has_its_thai_headings_and_pictures(web, key):
    response = web("registrar_a").get(f"/help/{key}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True,
                          check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    headings = re.findall(r"^## (.+?) \{#", manuals.source(key), flags=re.M)
    assert headings
    for heading in headings:
        assert re.sub(r"\s+", "", heading) in flat, heading
    if key in THAI_MANUALS:
        assert "เลือก" in text and "คู่มือการใช้งาน" in text
        # [[menu:Students]] as the Thai menu path, in the words of the manual's readers
        learners = "นักศึกษา" if key == "vocational" else "นักเรียน"
        assert f"งานทะเบียนและวัดผล › {learners}" in text
    pictures = set(manuals.screenshot_names(manuals.source(key)))
    assert response.data.count(b"/Subtype /Image") >= len(pictures)


CHROMIUM = os.environ.get("LSQ_CHROMIUM", "/usr/bin/chromium")


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium not installed (apt-get install chromium)")
def test_the_screenshot_script_runs(tmp_path):
    """Two shots from a fresh demo: the login page and a registrar's students, 1280×800 PNGs."""
    from PIL import Image

    script = _screenshot_script()
    assert script.main(["--only", "central-01-login,basic-06-students", "--out", str(tmp_path)]) == 0
    for name in ("central-01-login", "basic-06-students"):
        image = Image.open(tmp_path / f"{name}.png")
        assert image.size == (1280, 800)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["basic-06-students.png", "central-01-login.png"]


def _screenshot_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "manual_screenshots.py"
    spec = importlib.util.spec_from_file_location("manual_screenshots", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("key, shown, hidden", [
    ("central", {"การศึกษาขั้นพื้นฐาน", "อาชีวศึกษา", "ทุกประเภทการศึกษา"}, set()),
    ("basic", {"การศึกษาขั้นพื้นฐาน", "ทุกประเภทการศึกษา"}, {"อาชีวศึกษา"}),
    ("vocational", {"อาชีวศึกษา", "ทุกประเภทการศึกษา"}, {"การศึกษาขั้นพื้นฐาน"}),
])
def test_each_manual_shows_the_operating_calendar_of_its_readers_from_the_database(web, key, shown, hidden):
    page = web("registrar_a").get(f"/help/{key}").get_data(as_text=True)
    table = re.search(r'<table class="calendar">(.*?)</table>', page, flags=re.S).group(1)
    types = set(re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>", table))
    assert types == shown and not types & hidden
    assert "ปีการศึกษา 2569" in page and "เปิดระบบ LSQ" in table

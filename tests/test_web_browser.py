"""One officer's path through the desk in a real browser (Debian's chromium driven by selenium):
open the overview, download the template, upload it with one mistake, see the mistake at its
cell, fix it, grade, store, open an organization and its print view (one A4 page).

Screenshots of every step go to ``$DINGJI_SCREENSHOTS`` (or the test's temporary folder) to
be looked at.  Skipped when chromium, chromedriver or selenium is absent (CI installs them).

MINI's grades by hand (tests/test_web_grading.py): sq-01 0.4×96 + 0.6×91 = 93.0 → 好.
"""

from __future__ import annotations

import base64
import os
import shutil
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from test_web_grading import fill
from web_support import TODAY

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.external,
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver"),
]


@pytest.fixture
def served(copy_workspace, tmp_path):
    """The desk over a copy of MINI, served by uvicorn on a free loopback port in a thread."""
    import socket

    import uvicorn

    from dingji.services.workspace import open_workspace
    from dingji.web.app import create_app

    root = copy_workspace(tmp_path / "ws")
    app = create_app(open_workspace(root), today=TODAY)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        "--lang=zh-CN",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("DINGJI_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _wait_for_file(folder: Path, suffix: str) -> Path:
    deadline = time.monotonic() + 20
    while True:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        assert time.monotonic() < deadline, f"no {suffix} downloaded: {list(folder.iterdir())}"
        time.sleep(0.1)


def _submit(b, button, key=None):
    """Click ``button`` (or press ``key`` on it) and wait until the next page has replaced this one."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.wait import WebDriverWait

    page = b.find_element("tag name", "html")
    button.send_keys(key) if key else button.click()
    WebDriverWait(b, 20).until(ec.staleness_of(page))
    WebDriverWait(b, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_an_officer_grades_a_domain_in_the_browser(served, browser, shots, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, root = served
    b = browser
    b.get(url + "/")
    assert "测试乡" in b.title
    b.save_screenshot(str(shots / "01-overview.png"))

    _submit(b, b.find_element(By.LINK_TEXT, "定级"))
    _submit(b, b.find_element(By.CSS_SELECTOR, 'a[href="/grade/mini"]'))
    assert b.current_url.endswith("/grade/mini")
    b.find_element(By.CSS_SELECTOR, 'a[href="/grade/mini/template.xlsx"]').click()
    template = _wait_for_file(b.downloads, ".xlsx")
    b.save_screenshot(str(shots / "02-grade.png"))

    # the officer fills the workbook in a spreadsheet, typing words where the score goes
    wrong = tmp_path / "社区评分.xlsx"
    fill(openpyxl.load_workbook(template), {("自查自评", "C3"): "三十八"}).save(wrong)
    b.find_element(By.ID, "files").send_keys(str(wrong))
    _submit(b, b.find_element(By.CSS_SELECTOR, 'form[action="/grade/mini/check"] button[type="submit"]'))
    assert b.title.startswith("错误")
    summary = b.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "工作表 自查自评，第 3 行，列 C" in summary.text
    bad = b.find_element(By.CSS_SELECTOR, "td.bad")
    assert bad.text == "三十八"  # the mistake, at its cell
    assert b.switch_to.active_element.get_attribute("id") == "problems"  # focus on the summary
    b.save_screenshot(str(shots / "03-mistake.png"))

    fixed = tmp_path / "社区评分-改正.xlsx"
    fill(openpyxl.load_workbook(template)).save(fixed)
    b.find_element(By.ID, "files").send_keys(str(fixed))
    _submit(b, b.find_element(By.CSS_SELECTOR, 'form[action="/grade/mini/check"] button[type="submit"]'))
    assert "预览" in b.title, b.find_element(By.TAG_NAME, "main").text[:600]
    b.save_screenshot(str(shots / "04-preview.png"))
    store = b.find_element(By.CSS_SELECTOR, 'form[action="/grade/mini/store"] button[type="submit"]')
    _submit(b, store, Keys.ENTER)  # by the keyboard
    assert "已保存" in b.find_element(By.TAG_NAME, "main").text
    b.save_screenshot(str(shots / "05-stored.png"))

    b.get(url + "/org/sq-01")
    text = b.find_element(By.TAG_NAME, "main").text
    assert "93.0" in text and "好" in text
    b.save_screenshot(str(shots / "06-org.png"))

    b.get(url + "/org/sq-01/print")
    b.save_screenshot(str(shots / "07-print.png"))
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(b.print_page(options))
    (shots / "07-print.pdf").write_bytes(pdf)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1  # one A4 page

"""The site in a real browser (Debian's Chromium, driven by Playwright) opened from file://."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import DEMO_ITEMS, TESTS, copy_demo

ARTIFACTS = TESTS / "artifacts"
CHROMIUM = os.environ.get("JIANGUAN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The demo district rendered once for all browser tests."""
    import subprocess
    import sys

    repo = copy_demo(tmp_path_factory.mktemp("base") / "demo")
    env = {**os.environ, "JIANGUAN_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    subprocess.run([sys.executable, "-m", "jianguan_cli", "render"], cwd=repo, env=env, check=True,
                   capture_output=True)
    return repo / "build" / "html"


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield launched
        launched.close()


def visible_codes(page) -> list[str]:
    return page.eval_on_selector_all("#items tbody tr:not([hidden]) td:first-child", "cells => cells.map(c => c.textContent)")


def test_filter_by_text_department_and_status(site, browser):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((site / "index.html").as_uri())
    assert page.is_visible("#filter")
    assert len(visible_codes(page)) == DEMO_ITEMS and page.text_content("#count") == f"显示 {DEMO_ITEMS} / {DEMO_ITEMS} 项"
    page.fill("input[name=q]", "养老")
    assert visible_codes(page) == ["QLH-MZ-001"]
    page.fill("input[name=q]", "")
    page.select_option("select[name=dept]", "wj")
    assert sorted(visible_codes(page)) == [f"QLH-WJ-00{n}" for n in range(1, 7)]
    page.select_option("select[name=category]", "前置改后置")
    assert visible_codes(page) == ["QLH-WJ-006"]
    assert page.text_content("#count") == f"显示 1 / {DEMO_ITEMS} 项"
    assert "dept=wj" in page.url, "the filtered view can be shared as a link"
    page.select_option("select[name=status]", "起草")
    assert visible_codes(page) == []
    assert errors == [], "no console errors (a blocked inline script would show here)"


def test_a_shared_link_opens_filtered(site, browser):
    page = browser.new_page()
    page.goto((site / "index.html").as_uri() + "#q=%E6%B0%B4%E5%88%A9")
    assert visible_codes(page) == ["QLH-SW-006", "QLH-SW-007"]


def test_without_javascript_the_table_is_complete(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    assert not page.is_visible("#filter")
    assert len(visible_codes(page)) == DEMO_ITEMS
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["index.html", "measures/QLH-MZ-004.html"])
def test_readable_at_phone_and_desktop_width_with_screenshots(site, browser, width, name):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((site / name).as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "no sideways scrolling of the whole page"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 15
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name.replace('/', '_')}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_print_hides_navigation(site, browser):
    page = browser.new_page()
    page.goto((site / "measures" / "QLH-MZ-004.html").as_uri())
    page.emulate_media(media="print")
    assert not page.is_visible("header.site nav")
    assert page.is_visible("h1")


@pytest.mark.parametrize("fragment", ["#q=%E6%B0", "#dept=%", "#q=%E5%85%BB%E8%80%81&status=%ZZ"])
def test_a_malformed_shared_link_still_shows_the_filter(site, browser, fragment):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "index.html").as_uri() + fragment)
    assert page.is_visible("#filter") and not errors, errors
    assert len(visible_codes(page)) >= 1


@pytest.mark.parametrize("name", ["index.html", "departments/sw.html"])
def test_item_tables_are_cards_on_a_phone(site, browser, name):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto((site / name).as_uri())
    wrap = page.eval_on_selector("#items", "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1], "the item table does not scroll sideways"
    for cell in ("td:nth-child(1)", "td:nth-child(2)", "td:nth-child(5)"):  # code, name, status
        box = page.locator(f"#items tbody tr:first-child {cell}").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, cell


def test_printed_measure_has_page_numbers_and_a_serif_body(site, browser, tmp_path):
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    page = browser.new_page()
    page.goto((site / "measures" / "QLH-MZ-004.html").as_uri())
    page.emulate_media(media="print")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.rstrip().endswith("serif") and "sans-serif" not in family
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text), "page numbers in the footer"

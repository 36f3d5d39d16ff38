"""The demo's documents as LibreOffice prints them (with the government fonts mapped to Noto CJK), measured
with `pdftotext -bbox-layout` and pikepdf: the acceptance check of GB/T 9704-2012's 部门文件."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DEMO_ITEMS, SHARED, copy_demo, needs_shared
from jianguan_cli.loading import load_file
from jianguan_cli.rendering.title_lines import words

FONTS = SHARED / "fonts" / "gov-fonts.conf"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice or poppler-utils missing (.ci/run installs them)"),
    needs_shared("fonts", "gov-fonts.conf"),  # the government fonts mapped to Noto CJK
]
PT_PER_MM = 72 / 25.4
TYPE_TOP, TYPE_BOTTOM = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM
TYPE_LEFT, TYPE_RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
LINE = 28.95


@dataclass
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def layout(pdf: Path) -> list[list[Line]]:
    """Every page's text lines with their boxes (points from the top left), as pdftotext sees them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for number, page in enumerate(xml.split("<page ")[1:], start=1):
        lines = []
        for match in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                                 page, re.S):
            text = "".join(re.findall(r">([^<]*)</word>", match.group(5)))
            lines.append(Line(number, *map(float, match.groups()[:4]), text))
        pages.append(lines)
    return pages


def body_lines(page: list[Line]) -> list[Line]:
    """The page's lines of 3号 text (not the title, the 4号 page number or the 版记)."""
    return [line for line in page if 19 < line.height < 23 and not line.text.startswith("—")]


def strokes(pdf: Path, page: int) -> list[tuple[tuple[float, ...], float, float, float, float]]:
    """(stroke colour, line width, x0, x1, y from the top) of each horizontal line drawn on `page` (1-based)."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        page_obj = document.pages[page - 1]
        height = float(page_obj.mediabox[3])
        colour, width, start, found = (0.0,), 1.0, None, []
        for operands, operator in pikepdf.parse_content_stream(page_obj):
            name = str(operator)
            if name == "RG":
                colour = tuple(float(v) for v in operands)
            elif name == "w":
                width = float(operands[0])
            elif name == "m":
                start = tuple(float(v) for v in operands)
            elif name == "l" and start and abs(float(operands[1]) - start[1]) < 0.01:
                x0, x1 = sorted((start[0], float(operands[0])))
                found.append((colour, width, x0, x1, height - start[1]))
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The whole demo district converted to PDF once, in one LibreOffice process."""
    repo = copy_demo(tmp_path_factory.mktemp("pdf") / "demo")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS), "JIANGUAN_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    done = subprocess.run([sys.executable, "-m", "jianguan_cli", "render", "--format", "pdf", "--no-cache"], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return repo


def measures(repo: Path) -> list[tuple[Path, dict]]:
    return [(repo / "build" / "pdf" / "measures" / f"{path.stem}.pdf", load_file(path, "x", frozenset()).data)
            for path in sorted((repo / "measures").glob("*/*.yaml"))]


def test_one_pdf_per_measure_and_department(demo):
    assert len(list((demo / "build" / "pdf").rglob("*.pdf"))) == DEMO_ITEMS + 11


def test_page_one_of_every_measure_has_the_masthead_number_and_red_rule(demo):
    for pdf, data in measures(demo):
        page = layout(pdf)[0]
        mark, number = page[0], page[1]
        assert mark.text.endswith("文件") and TYPE_LEFT - 1 < mark.x0 and mark.x1 < TYPE_RIGHT + 1, pdf.name
        assert abs(mark.y0 - (TYPE_TOP + 35 * PT_PER_MM)) < 3, f"{pdf.name}: the mark's top 35 mm into the type area"
        assert number.text == data["review"]["doc_number"]
        assert abs((number.x0 + number.x1) / 2 - (TYPE_LEFT + TYPE_RIGHT) / 2) < 2, "the 发文字号 is centred"
        assert 2 * LINE - 6 < number.y0 - mark.y1 < 2 * LINE + 6, "two blank lines under the mark"
        red = [s for s in strokes(pdf, 1) if s[0][0] > 0.8 and max(s[0][1:]) < 0.1]
        assert len(red) >= 1, f"{pdf.name}: no red rule"
        _, _, x0, x1, y = red[0]
        assert abs(x0 - TYPE_LEFT) < 1 and abs(x1 - TYPE_RIGHT) < 1, "the rule is as wide as the type area"
        assert 2 * PT_PER_MM < y - number.y1 < 6 * PT_PER_MM, "about 4 mm under the 发文字号"


def test_the_last_page_carries_the_record_between_rules_on_the_type_areas_foot(demo):
    for pdf, _ in measures(demo):
        pages = layout(pdf)
        text = "".join(line.text for line in pages[-1])
        assert "印发" in text and "抄送：区政府办公室，区编办，区法制办。" in text, pdf.name
        rules = sorted((s for s in strokes(pdf, len(pages)) if max(s[0]) < 0.1 and s[3] - s[2] > 440),
                       key=lambda s: s[4])
        assert [round(s[1], 2) for s in rules] == [1.0, 0.75, 1.0], f"{pdf.name}: 0.35 / 0.25 / 0.35 mm rules"
        assert abs(rules[-1][4] - TYPE_BOTTOM) < 1.5, "the last rule lies on the foot of the type area"


def test_no_blank_page_and_no_page_with_only_the_signature(demo):
    for pdf in (demo / "build" / "pdf").rglob("*.pdf"):
        for page in layout(pdf)[1:] if "departments" in pdf.parts else layout(pdf):
            text = [line.text for line in page if not line.text.startswith("—")]
            assert text, f"{pdf.name}: a blank page"
            dated = [t for t in text if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t)]
            if dated:
                others = [t for t in text if t not in dated and not t.endswith(("局", "分局"))]
                assert others, f"{pdf.name}: a page with only the 署名 and date"


def test_full_pages_have_22_lines_on_the_grid(demo):
    full = 0
    for pdf in [p for p, _ in measures(demo)] + [demo / "build" / "pdf" / "departments" / "sw.pdf"]:
        for page in layout(pdf):
            lines = body_lines(page)
            assert len(lines) <= 22, pdf.name
            titled = any(27 < line.height < 31 for line in page)
            if lines and not titled and lines[-1].y1 > TYPE_BOTTOM - LINE / 2 and lines[0].y0 < TYPE_TOP + LINE / 2:
                assert len(lines) == 22, f"{pdf.name} page {lines[0].page}: {len(lines)} lines on a full page"
                full += 1
    assert full > 50


def test_heading_numbers_restart_in_every_measure_of_the_water_bureau(demo):
    text = [line.text for page in layout(demo / "build" / "pdf" / "departments" / "sw.pdf") for line in page]
    assert sum(t.startswith("一、") for t in text) == 9, "each of the 9 measures starts at 一、"
    assert not any(re.match(r"^(十[五六七八九]|[二三四五六七八九]十)、", t) for t in text), "no 十五、 or later"


def test_no_italic_anywhere(demo):
    import pikepdf

    for pdf in [demo / "build" / "pdf" / "measures" / "QLH-MZ-004.pdf", demo / "build" / "pdf" / "departments" / "sw.pdf"]:
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert not re.search(r"Italic|Oblique", fonts)
        with pikepdf.open(pdf) as document:
            for page in document.pages:
                for operands, operator in pikepdf.parse_content_stream(page):
                    if str(operator) == "Tm":
                        assert float(operands[1]) == float(operands[2]) == 0, "no slanted (synthetic italic) text"


def test_titles_break_between_words(demo):
    checked = 0
    for pdf in (demo / "build" / "pdf").rglob("*.pdf"):
        for page in layout(pdf):
            title = [line for line in page if 27 < line.height < 31]  # 2号 小标宋
            if len(title) < 2:
                continue
            lines = [line.text for line in title]
            pieces = words("".join(lines))
            ends = {len("".join(pieces[:n])) for n in range(len(pieces) + 1)}
            for n in range(1, len(lines)):
                assert len("".join(lines[:n])) in ends, f"{pdf.name}: {lines[n - 1]}|{lines[n]}"
                joined = lines[n - 1][-2:] + "|" + lines[n][:2]
                assert not re.search(r"认\|定|事中\|事后|事\|中|（模\|版）", joined), joined
            checked += 1
    assert checked > 20


def test_the_review_state_is_not_printed(demo):
    for pdf in (demo / "build" / "pdf").rglob("*.pdf"):
        text = "".join(line.text for page in layout(pdf) for line in page)
        for internal in ("审核与公布", "编办审核通过", "法制审查通过", "当前状态", "http", "修订记录"):
            assert internal not in text, f"{pdf.name}: {internal}"


def test_a_single_attachment_is_unnumbered(demo):
    for pdf, data in measures(demo):
        text = [line.text for page in layout(pdf) for line in page]
        listing = next(t for t in text if t.startswith("附件："))
        assert not re.match(r"附件：\d", listing) and listing[3:] in f"{data['item']['name']}事中事后监管办法"
        assert "附件" in text and not any(re.fullmatch(r"附件\d+", t) for t in text), pdf.name


def test_pdfs_are_byte_identical_across_renders_and_dated_from_the_data(demo, tmp_path):
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS), "JIANGUAN_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "jianguan_cli", "render", "--format", "pdf", "--out", str(tmp_path / "again"),
                    "QLH-MZ-004", "QLH-SW-001", "--no-cache"], cwd=demo, env=env, check=True, capture_output=True)
    for name in ("measures/QLH-MZ-004.pdf", "measures/QLH-SW-001.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (demo / "build" / "pdf" / name).read_bytes(), name
    info = subprocess.run(["pdfinfo", str(demo / "build" / "pdf" / "measures" / "QLH-MZ-004.pdf")],
                          capture_output=True, text=True).stdout
    assert re.search(r"CreationDate:\s+\w+ Jun 28 00:00:00 2017", info) and "七民发〔2017〕35号" in info


def test_blank_template_as_pdf(tmp_path, run_cli):
    (tmp_path / "jianguan.toml").write_text("", encoding="utf-8")
    result = run_cli("render", "--blank", "--format", "pdf", cwd=tmp_path, env={"FONTCONFIG_FILE": str(FONTS)})
    assert result.code == 0, result.err
    pdf = tmp_path / "build" / "blank" / "blank-template.pdf"
    text = "".join(line.text for page in layout(pdf) for line in page)
    assert "××××（事项）事中事后监管办法（模版）" in text and "一、监管依据" in text and "十四、投诉举报" in text

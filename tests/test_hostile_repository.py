"""The repository, a spreadsheet or a cache as the attacker (jianguan runs in CI on merge requests).

Every case runs `python -m jianguan_cli` in its own process under the memory and time limits of
tests/test_hostile.py: no secret leaves the machine, nothing outside the repository changes,
no formula is written, every odd file-system entry is a finding, and every command answers
within the time limit with a clear Chinese message.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURE_REPO, copy_demo, tree_digest
from test_hostile import TIME_LIMIT, assert_clear_failure, jianguan, limited

pytestmark = pytest.mark.slow
SECRET = "JIANGUAN_TEST_SECRET_b8f1"


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the fixture repository, its measures published so that render shows them."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, target)
    for path in (target / "measures").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(
            "status: 起草", "status: 已公布\n  submitted: 2017-05-02\n  bianban_approved: 2017-05-03\n"
            "  legal_approved: 2017-05-04\n  published: 2017-05-05\n  doc_number: 测民发〔2017〕1号\n"
            "  urls:\n    - http://www.example.gov.cn/1.html"), encoding="utf-8")
    return target


@pytest.fixture
def victim(tmp_path) -> Path:
    """Files outside the repository that no command may read into its output or change."""
    folder = tmp_path / "victim"
    (folder / "mz").mkdir(parents=True)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    shutil.copy(FIXTURE_REPO / "measures" / "mz" / "T-BL-001.yaml", folder / "mz" / "T-BL-001.yaml")
    (folder / "mz" / "T-BL-001.yaml").write_text("objects:    [甲]\n", encoding="utf-8")  # fmt would rewrite it
    return folder


def published(repo: Path) -> str:
    """Everything render, export and the reports wrote, as one text."""
    texts = []
    for path in repo.rglob("*"):
        if path.is_file() and ("build" in path.parts or path.suffix in (".json", ".xml", ".sarif")):
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """jianguan under the limits of test_hostile, with `env` added (a cache folder of the test's own)."""
    if not env:
        return jianguan(*args, cwd=cwd)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "jianguan_cli", *args], cwd=cwd, capture_output=True, text=True,
                            timeout=TIME_LIMIT, preexec_fn=limited, env={
                                **os.environ, "JIANGUAN_CACHE_DIR": str(cwd.parent / "cache"), **env})
    result.seconds = time.monotonic() - started
    return result


# --- confidentiality: templates ------------------------------------------------------------

def test_a_symlinked_stylesheet_does_not_publish_the_environment(repo):
    (repo / "templates" / "html").mkdir(parents=True)
    (repo / "templates" / "html" / "style.css").symlink_to("/proc/self/environ")
    result = run("render", cwd=repo, JIANGUAN_TEST_SECRET=SECRET)
    assert result.returncode == 0, result.stderr
    assert SECRET not in published(repo), "the CI's environment is not on the site"
    assert "--ink" in (repo / "build" / "html" / "index.html").read_text(encoding="utf-8"), "jianguan's own style"


def test_a_symlinked_template_folder_is_not_included(repo, victim):
    (repo / "templates" / "html").mkdir(parents=True)
    (repo / "templates" / "html" / "etc").symlink_to(victim)
    (repo / "templates" / "html" / "department.html").write_text(
        "{% extends 'base.html' %}{% block main %}{% include 'etc/secret.txt' %}{% endblock %}", encoding="utf-8")
    result = run("render", cwd=repo)
    assert_clear_failure(result, (3,), "模板错误")
    assert SECRET not in result.stdout + result.stderr + published(repo)


def test_a_symlinked_html_folder_is_not_read(repo, victim):
    (repo / "templates").mkdir()
    (repo / "templates" / "html").symlink_to(victim)
    (victim / "style.css").write_text(f"/* {SECRET} */", encoding="utf-8")
    assert run("render", cwd=repo).returncode == 0
    assert SECRET not in published(repo)


# --- integrity: configured paths ------------------------------------------------------------

@pytest.mark.parametrize("setting", ['measures = "../victim"', 'output = "/"', 'catalog = "/etc/passwd"',
                                     'templates = "../victim"', 'output = "templates"', 'output = "measures/build"',
                                     'measures = "a\\u0000b"'])
@pytest.mark.parametrize("command", [("lint",), ("check",), ("render",), ("fmt",), ("export", "-f", "xlsx")],
                         ids=" ".join)
def test_paths_in_settings_stay_inside_the_repository(repo, victim, setting, command):
    text = (repo / "jianguan.toml").read_text(encoding="utf-8")
    (repo / "jianguan.toml").write_text(f"{setting}\n{text}", encoding="utf-8")
    before = tree_digest(victim)
    result = run(*command, cwd=repo)
    assert_clear_failure(result, (3,), "jianguan.toml")
    assert tree_digest(victim) == before


def test_new_does_not_write_through_a_folder_linked_out_of_the_repository(repo, victim):
    (repo / "measures" / "mz" / "T-BL-001.yaml").unlink()
    shutil.rmtree(repo / "measures" / "mz")
    (repo / "measures" / "mz").symlink_to(victim / "mz")
    (victim / "mz" / "T-BL-001.yaml").unlink()
    before = tree_digest(victim)
    result = run("new", "T-BL-001", cwd=repo)
    assert_clear_failure(result, (2,), "数据仓库以外")
    assert tree_digest(victim) == before


@pytest.mark.parametrize("out", ["templates/html", "measures/site", "schemas/x"])
def test_output_never_lands_where_jianguan_reads(repo, out):
    (repo / "templates" / "html").mkdir(parents=True, exist_ok=True)
    (repo / "schemas").mkdir(exist_ok=True)
    result = run("render", "--out", out, cwd=repo)
    assert_clear_failure(result, (2,), "输出文件夹")
    assert not (repo / out).exists() or not any((repo / out).iterdir())


# --- spreadsheet formulas ---------------------------------------------------------------------

def test_no_formula_is_exported_and_lint_warns(repo, tmp_path):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    text = path.read_text(encoding="utf-8").replace("responsible_unit: ", 'responsible_unit: "=HYPERLINK(\\"x\\")"  # ')
    path.write_text(text, encoding="utf-8")
    lint = json.loads(run("lint", "-f", "json", cwd=repo).stdout)
    assert [f["rule"] for f in lint["findings"]] == ["T603"] and lint["findings"][0]["severity"] == "warning"
    csv_text = run("export", "-f", "csv", cwd=repo).stdout
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    target = tmp_path / "x.xlsx"
    assert run("export", "-f", "xlsx", "--output", str(target), cwd=repo).returncode == 0
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets), "string cells only"
    assert openpyxl.load_workbook(target)["区民政局"]["B2"].value is not None


def test_formula_like_catalogue_text_is_kept_as_text_and_warned(repo, tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_text("事项编码,事项名称,实施主体\nT-BL-009,=cmd|' /C calc'!A0,测试区民政局\n", encoding="utf-8")
    assert run("catalog", "import", str(sheet), cwd=repo).returncode == 0
    assert "=cmd|' /C calc'!A0" in (repo / "catalog.yaml").read_text(encoding="utf-8"), "kept as text"
    report = json.loads(run("check", "-f", "json", cwd=repo).stdout)
    assert "K807" in {f["rule"] for f in report["findings"]}
    status = run("status", "-f", "csv", cwd=repo).stdout
    assert ",=" not in status


# --- collisions ---------------------------------------------------------------------------------

def test_codes_that_give_one_file_name_are_a_catalogue_error_and_never_one_page(repo):
    catalog = (repo / "catalog.yaml").read_text(encoding="utf-8")
    first = next(line for line in catalog.splitlines() if line.startswith("  - code: "))
    (repo / "catalog.yaml").write_text(catalog + f"  - code: {first.split(': ')[1]}.\n    name: 影子事项\n"
                                       "    category: 保留\n    department: mz\n", encoding="utf-8")
    shutil.copy(next((repo / "measures").rglob("*.yaml")), repo / "measures" / "shadow.yaml")
    report = json.loads(run("check", "-f", "json", cwd=repo).stdout)
    assert "K806" in {f["rule"] for f in report["findings"]}


# --- a gate that cannot be fooled ----------------------------------------------------------------

ENTRIES = {
    "dangling": lambda path: path.symlink_to(path.parent / "nowhere.yaml"),
    "loop": lambda path: path.symlink_to(path),
    "fifo": lambda path: os.mkfifo(path),
    "device": lambda path: path.symlink_to("/dev/zero"),
    "urandom": lambda path: path.symlink_to("/dev/urandom"),
}


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("command", [("lint",), ("check",), ("fmt",), ("export",)], ids=" ".join)
def test_odd_entries_are_findings(repo, entry, command):
    ENTRIES[entry](repo / "measures" / "mz" / "odd.yaml")
    result = run(*command, cwd=repo)
    if command[0] == "export":
        assert_clear_failure(result, (1,), "odd.yaml")
        assert "没有导出" in result.stderr
    elif command[0] == "fmt":
        assert_clear_failure(result, (1,), "odd.yaml")
    else:
        assert_clear_failure(result, (1,), "Y110")
        assert "measures/mz/odd.yaml:1:1: error Y110" in result.stdout


@pytest.mark.parametrize("entry", ["device", "fifo"])
def test_odd_entries_as_catalogue_or_spreadsheet(repo, entry):
    catalog = repo / "catalog.yaml"
    kept = catalog.read_bytes()
    catalog.unlink()
    ENTRIES[entry](catalog)
    assert_clear_failure(run("check", cwd=repo), (3,), "catalog.yaml")
    catalog.unlink()
    catalog.write_bytes(kept)
    ENTRIES[entry](repo / f"list-{entry}.xlsx")
    assert_clear_failure(run("catalog", "import", f"list-{entry}.xlsx", cwd=repo), (3,), "不是普通文件")


def test_devices_named_on_the_command_line(repo):
    assert_clear_failure(run("lint", "/dev/zero", "/dev/urandom", cwd=repo), (1,), "Y110")
    assert_clear_failure(run("catalog", "import", "/dev/zero", cwd=repo), (2,), "只能导入")


def test_items_in_a_folder_that_cannot_be_read_are_not_called_missing(repo, run_cli, monkeypatch):
    """In process, because root reads every folder; os.walk reports the refusal through onerror."""
    real_walk = os.walk
    locked = str(repo / "measures" / "mz")

    def walk(top, onerror=None, **kwargs):
        for current, folders, names in real_walk(top, onerror=onerror, **kwargs):
            if current == locked:
                onerror(PermissionError(13, "Permission denied", locked))
                folders[:] = []
                continue
            yield current, folders, names

    real_listdir = os.listdir

    def listdir(path):
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_listdir(path)

    monkeypatch.setattr(os, "walk", walk)
    monkeypatch.setattr(os, "listdir", listdir)
    report = json.loads(run_cli("check", "-f", "json", "--today", "2017-05-01", cwd=repo).out)
    rules = [(f["rule"], f["path"]) for f in report["findings"]]
    assert ("Y110", "measures/mz") in rules
    assert not [rule for rule, _ in rules if rule == "V901"], "its items are not reported missing"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv")
def test_unreadable_folder_as_another_user(repo):
    nobody = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", sys.executable]
    if subprocess.run([*nobody, "-c", "import jianguan_cli"], capture_output=True).returncode != 0:
        pytest.skip("user nobody cannot run this Python (it lives under a private folder such as /root); "
                    "test_items_in_a_folder_that_cannot_be_read_are_not_called_missing covers it in process")
    shared = Path(tempfile.mkdtemp(prefix="jianguan-nobody-", dir="/tmp"))
    try:
        shared.chmod(0o755)
        target = shared / "repo"
        shutil.copytree(repo, target)
        (target / "measures" / "mz").chmod(0)
        done = subprocess.run([*nobody, "-m", "jianguan_cli", "lint"], cwd=target, capture_output=True, text=True,
                              timeout=TIME_LIMIT, env={**os.environ, "JIANGUAN_CACHE_DIR": str(shared / "cache")})
        assert done.returncode == 1, done.stdout + done.stderr
        assert "measures/mz:1:1: error Y110" in done.stdout and "没有读取权限" in done.stdout
    finally:
        (shared / "repo" / "measures" / "mz").chmod(0o755)
        shutil.rmtree(shared, ignore_errors=True)


# --- the cache is only an optimisation -----------------------------------------------------------

def test_a_cache_that_cannot_be_written_changes_nothing(repo, tmp_path):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("", encoding="utf-8")
    normal = run("check", "-f", "json", "--today", "2017-05-01", cwd=repo)
    result = run("check", "-f", "json", "--today", "2017-05-01", cwd=repo, JIANGUAN_CACHE_DIR=str(blocked))
    assert result.returncode == normal.returncode == 0
    assert json.loads(result.stdout) == json.loads(normal.stdout)
    assert result.stderr.count("无法写入缓存") == 1 and "原文件" not in result.stderr


def test_a_planted_cache_of_the_wrong_shape_is_ignored(repo, tmp_path):
    cache = tmp_path / "planted"
    first = run("lint", "-f", "json", cwd=repo, JIANGUAN_CACHE_DIR=str(cache))
    for path in cache.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["files"] = {name: [entry[0], [["x", "1", None]], {"code": 3}] for name, entry in data["files"].items()}
        data["catalog"] = {"district": 1}
        path.write_text(json.dumps(data), encoding="utf-8")
    again = run("lint", "-f", "json", cwd=repo, JIANGUAN_CACHE_DIR=str(cache))
    assert again.returncode == first.returncode and json.loads(again.stdout) == json.loads(first.stdout)


# --- bounded cost --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "text"), [
    ("20000-keys", "schema_version: 1\n" + "".join(f"k{n}: v\n" for n in range(20_000))),
    ("300000-keys", "schema_version: 1\n" + "".join(f"k{n}: v\n" for n in range(300_000))),
    ("300000-duplicates", "schema_version: 1\n" + "objects: x\n" * 300_000),
])
def test_many_keys_answer_within_the_limit(repo, name, text):
    (repo / "measures" / "mz" / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = run("lint", "--no-cache", f"measures/mz/{name}.yaml", cwd=repo)
    assert_clear_failure(result, (1,), name)
    assert result.seconds < TIME_LIMIT


def test_a_huge_flow_list_is_refused_by_fmt_in_time(repo):
    (repo / "measures" / "mz" / "big.yaml").write_text("objects: [" + ", ".join(["x"] * 1_000_000) + "]\n",
                                                        encoding="utf-8")
    result = run("fmt", "--check", "measures/mz/big.yaml", cwd=repo)
    assert_clear_failure(result, (1,), "100,000")
    assert result.seconds < TIME_LIMIT


def _xlsx_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    """A minimal .xlsx whose worksheet is `sheet_xml`, written without a library that fills the grid."""
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
    return path


SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         b'<dimension ref="A1:XFD1048576"/><sheetData>'
         b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe4\xba\x8b\xe9\xa1\xb9\xe7\xbc\x96\xe7\xa0\x81</t></is></c>'
         b'<c r="B1" t="inlineStr"><is><t>\xe4\xba\x8b\xe9\xa1\xb9\xe5\x90\x8d\xe7\xa7\xb0</t></is></c>'
         b'<c r="C1" t="inlineStr"><is><t>\xe5\xae\x9e\xe6\x96\xbd\xe4\xb8\xbb\xe4\xbd\x93</t></is></c></row>'
         b'<row r="2"><c r="A2" t="inlineStr"><is><t>X-1</t></is></c><c r="B2" t="inlineStr"><is><t>x</t></is></c>'
         b'<c r="C2" t="inlineStr"><is><t>mz</t></is></c></row>'
         b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
         b'</sheetData>%s</worksheet>')


@pytest.mark.parametrize(("name", "sheet", "code", "says"), [
    ("far-cell", SHEET % b"", 0, "X-1"),
    ("huge-merge", SHEET % b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>', 0, "X-1"),
    ("xxe", b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + SHEET % b"", 3, "XXE"),
    ("laughs", b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
               + SHEET % b"", 3, "XXE"),
    ("malformed", SHEET[:200], 3, "不是有效的 XML"),
])
def test_hostile_xlsx(repo, tmp_path, name, sheet, code, says):
    path = _xlsx_with_sheet(tmp_path / f"{name}.xlsx", sheet)
    result = run("catalog", "import", str(path), "--dry-run", cwd=repo)
    assert result.returncode == code, result.stdout + result.stderr
    assert says in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert "root:" not in result.stdout + result.stderr, "no file of this machine is read into the import"
    assert result.seconds < TIME_LIMIT


def test_a_million_row_csv_is_refused_by_the_row_limit(repo, tmp_path):
    sheet = tmp_path / "rows.csv"
    with sheet.open("w", encoding="utf-8") as stream:
        stream.write("事项编码,事项名称,实施主体\n")
        for number in range(1_000_000):
            stream.write(f"X-{number},x,mz\n")
    assert sheet.stat().st_size < 50 * 1024 * 1024
    result = run("catalog", "import", str(sheet), "--dry-run", cwd=repo)
    assert_clear_failure(result, (3,), "20,000")
    assert result.seconds < TIME_LIMIT


@pytest.mark.parametrize(("limit", "says"), [("nesting_depth = 10000000", "最大为 10,000"),
                                              ("alias_nodes = 2147483648", "最大为"), ("file_size_mb = 99999", "最大为")])
def test_limits_cannot_be_raised_past_what_the_parser_survives(repo, limit, says):
    (repo / "jianguan.toml").write_text(f"[limits]\n{limit}\n", encoding="utf-8")
    (repo / "measures" / "mz" / "deep.yaml").write_text("- " * 100_000 + "x\n", encoding="utf-8")
    assert_clear_failure(run("lint", cwd=repo), (3,), says)


# --- clear messages instead of an internal error -------------------------------------------------

def test_output_that_is_a_file_or_under_one(repo):
    (repo / "afile").write_text("", encoding="utf-8")
    assert_clear_failure(run("render", "--out", "afile", cwd=repo), (2,), "是一个文件")
    assert_clear_failure(run("render", "--out", "afile/site", cwd=repo), (2,), "文件")
    assert_clear_failure(run("render", "--out", "x" * 300, cwd=repo), (3,), "名称太长")


def test_old_staging_folders_of_killed_runs_are_cleaned_up(repo):
    stray = repo / "build" / ".html.new-999999"
    stray.mkdir(parents=True)
    (stray / ".jianguan-output").write_text("jianguan\n", encoding="utf-8")
    assert run("render", cwd=repo).returncode == 0
    assert not stray.exists()
    assert [p.name for p in (repo / "build").iterdir()] == ["html"]


def test_control_characters_and_deep_values_render_and_export(repo, tmp_path):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    deep = "[" * 100 + "x" + "]" * 100
    path.write_text(path.read_text(encoding="utf-8") + f'remark: "响\\x07铃"\nextra: {deep}\n', encoding="utf-8")
    assert run("export", "-f", "xlsx", "--output", str(tmp_path / "x.xlsx"), cwd=repo).returncode == 0
    result = run("render", "--drafts", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "x" in (repo / "build" / "drafts" / "html" / "measures" / "T-BL-001.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("template", "says"), [
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "递归"),
    ("{% include 'department.html' %}", "递归"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "秒"),
])
def test_a_template_that_loops_or_recurses(repo, template, says):
    (repo / "templates" / "html").mkdir(parents=True)
    (repo / "templates" / "html" / "department.html").write_text(template, encoding="utf-8")
    result = run("render", cwd=repo)
    assert_clear_failure(result, (3,), says)
    assert not (repo / "build").exists() or not list((repo / "build").glob(".html.new-*"))


def test_settings_and_catalogue_nested_too_deep(repo):
    (repo / "jianguan.toml").write_text("a = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    assert_clear_failure(run("lint", cwd=repo), (3,), "jianguan.toml")
    (repo / "jianguan.toml").write_text("", encoding="utf-8")
    (repo / "catalog.yaml").write_text("district: " + "[" * 10_000 + "\n", encoding="utf-8")
    (repo / "list.csv").write_text("事项编码,事项名称,实施主体\nX-1,x,mz\n", encoding="utf-8")
    assert_clear_failure(run("catalog", "import", "list.csv", cwd=repo), (3,), "catalog.yaml")


def test_a_utf16_csv_with_a_broken_surrogate(repo, tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_bytes(b"\xff\xfe" + "事项编码,事项名称\n".encode("utf-16-le") + b"\x00\xd8A\x00")
    assert_clear_failure(run("catalog", "import", str(sheet), cwd=repo), (3,), "UTF-16")


def test_fmt_on_a_symlink_loop_and_lint_into_a_full_device(repo):
    (repo / "measures" / "mz" / "loop.yaml").symlink_to(repo / "measures" / "mz" / "loop.yaml")
    assert_clear_failure(run("fmt", "measures/mz/loop.yaml", cwd=repo), (1,), "loop.yaml")
    (repo / "measures" / "mz" / "loop.yaml").unlink()
    with open("/dev/full", "w") as full:
        env = {**os.environ, "JIANGUAN_CACHE_DIR": str(repo.parent / "cache")}
        done = subprocess.run([sys.executable, "-m", "jianguan_cli", "lint", "-f", "json"], cwd=repo, stdout=full,
                              stderr=subprocess.PIPE, text=True, env=env, timeout=TIME_LIMIT)
    assert done.returncode == 3 and "磁盘空间不足" in done.stderr and "Traceback" not in done.stderr


def test_sigterm_ends_like_ctrl_c(tmp_path):
    repo = copy_demo(tmp_path / "demo")
    lines = ["district: 测试区", "departments:", "  - {id: mz, name: 测试区民政局, short: 区民政局}", "items:"]
    lines += [f"  - {{code: Z-{n}, name: 事项{n}, category: 保留, department: mz}}" for n in range(50_000)]
    (repo / "catalog.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "JIANGUAN_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "jianguan_cli", "check", "--no-cache"], cwd=repo, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(8)  # well into the check of 50,000 items (which takes about half a minute), past start-up
    assert process.poll() is None, "still checking"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=TIME_LIMIT)
    assert process.returncode == 143 and "已中断" in err and "Traceback" not in err


def test_an_interrupted_fmt_lists_what_it_already_wrote(repo, run_cli, monkeypatch):
    from jianguan_cli import fileio

    for path in (repo / "measures").rglob("*.yaml"):  # trailing spaces: every file needs formatting
        path.write_text(path.read_text(encoding="utf-8").replace("schema_version: 1\n", "schema_version: 1   \n"),
                        encoding="utf-8")
    real = fileio.write_atomic
    calls = []

    def write(path, text):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(path, text)

    monkeypatch.setattr("jianguan_cli.commands.writing.write_atomic", write)
    result = run_cli("fmt", cwd=repo)
    assert result.code == 130 and "已整理并写入 2 个文件" in result.err and "其余文件没有改动" in result.err


def test_line_breaks_yaml_1_1_knows_are_read_alike_by_lint_fmt_and_import(repo):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    text = path.read_text(encoding="utf-8").replace("responsible_unit: ", "responsible_unit: 社会\u2028")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "\u2028" in row)
    lint = run("lint", cwd=repo)
    assert f"measures/mz/T-BL-001.yaml:{line}:" in lint.stdout and "Y111" in lint.stdout
    assert_clear_failure(run("fmt", "measures/mz/T-BL-001.yaml", cwd=repo), (1,), f"T-BL-001.yaml:{line}:")
    catalog = repo / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("district: 测试区", "district: 测试\x85区"),
                       encoding="utf-8")
    (repo / "list.csv").write_text("事项编码,事项名称,实施主体\nX-1,x,mz\n", encoding="utf-8")
    imported = run("catalog", "import", "list.csv", cwd=repo)
    assert_clear_failure(imported, (3,), "NEL")


def test_a_lone_surrogate_escape_is_named_in_chinese(repo):
    (repo / "measures" / "mz" / "s.yaml").write_text('responsible_unit: "\\ud800"\n', encoding="utf-8")
    result = run("lint", "measures/mz/s.yaml", cwd=repo)
    assert_clear_failure(result, (1,), "代理字符")
    assert "invalid" not in result.stdout


def test_no_file_outside_the_repository_changes_across_every_command(repo, victim):
    before = tree_digest(victim)
    (repo / "measures" / "mz" / "out.yaml").symlink_to(victim / "mz" / "T-BL-001.yaml")
    for command in (("lint",), ("check",), ("fmt",), ("fmt", "--fix"), ("render",), ("export", "-f", "xlsx"),
                    ("status",), ("new", "--all-missing")):
        result = run(*command, cwd=repo)
        assert "Traceback" not in result.stderr, command
    assert tree_digest(victim) == before

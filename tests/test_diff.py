"""`jianguan diff`: a git repository made here, the changes of the issue, every output read back."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import html5lib
import pytest
from jsonschema import Draft202012Validator

from conftest import PROJECT, SHARED, copy_demo, tree_digest
from docx_revisions import body_of, libreoffice_misnumbered, paragraphs, resolved, tracked
from jianguan_cli.loading import load_file
from jianguan_cli.rendering.docx import DocxWriter
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.resources import load_schema, template_dir
from jianguan_cli.schema import SchemaIndex

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUBMITTED = ("区民政局 张三", "2017-05-20T09:00:00+08:00")
REVISED = ("区民政局 李四", "2017-06-10T15:30:00+08:00")
REWORDED = ("对报告内容不全或者存在疑点的企业进行约谈。", "对报告内容不全或者存在疑点的企业，约谈其法定代表人并责令说明情况。")
REMOVED_OBJECT = "  - 未取得资格认定擅自从事假肢和矫形器(辅助器具)生产装配活动的单位和个人\n"
ADDED_CASE = ("  - situation: 拒绝、阻碍监督检查\n"
              "    action: 责令改正，并依法予以处理；构成违反治安管理行为的，移送公安机关。\n")
RENAMED = ("measures/mz/QLH-MZ-001.yaml", "measures/mz/养老机构设立许可.yaml")


def git(repo: Path, *args: str, who: tuple[str, str] = SUBMITTED) -> str:
    """Run git in `repo` as `who` (name, date), with no configuration from this machine."""
    name, date = who
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": "mz@qilihe.gov.cn", "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": "mz@qilihe.gov.cn", "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_history(repo: Path) -> Path:
    """The demo district committed and tagged v1 (报送), then the revision committed on top."""
    copy_demo(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "报送区编办审核")
    git(repo, "tag", "v1")
    measure = repo / "measures" / "mz" / "QLH-MZ-004.yaml"
    edit(measure, *REWORDED)
    edit(measure, REMOVED_OBJECT, "")
    edit(measure, "    action: 按照行政执法与刑事司法衔接的规定，及时移送公安机关。\n",
         "    action: 按照行政执法与刑事司法衔接的规定，及时移送公安机关。\n" + ADDED_CASE)
    edit(measure, "random_check_ratio: 20", "random_check_ratio: 30")
    git(repo, "mv", *RENAMED)
    git(repo, "rm", "-q", "measures/sw/QLH-SW-009.yaml")
    added = repo / "measures" / "sw" / "QLH-SW-010.yaml"
    shutil.copy(repo / "measures" / "sw" / "QLH-SW-008.yaml", added)
    edit(added, "code: QLH-SW-008", "code: QLH-SW-010")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "按编办意见修改", who=REVISED)
    return repo


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    return make_history(tmp_path_factory.mktemp("diff") / "district")


@pytest.fixture
def own_history(tmp_path) -> Path:
    """A history this test may change."""
    return make_history(tmp_path / "district")


# text --------------------------------------------------------------------------------------
def test_text_names_each_changed_measure_and_field_with_the_words_marked(history, run_cli):
    result = run_cli("diff", "v1", cwd=history)
    assert result.code == 1, result.err
    out = result.out
    assert out.startswith("比较：修订版本 v1（")
    assert "修改 QLH-MZ-004 假肢和矫形器(辅助器具)生产装配企业资格认定（measures/mz/QLH-MZ-004.yaml）" in out
    assert "  监管措施 › 日常监管：修改\n" in out
    assert "对报告内容不全或者存在疑点的企业[-进行约谈-]。" in out
    assert "对报告内容不全或者存在疑点的企业{+，约谈其法定代表人并责令说明情况+}。" in out
    assert "  监管对象 第2项：删除\n    原：未取得资格认定擅自从事假肢和矫形器(辅助器具)生产装配活动的单位和个人\n" in out
    assert "  违法违规行为处理 第5项：新增\n    新：情形：拒绝、阻碍监督检查；处理措施：责令改正" in out
    assert "  监管计划 › 随机抽查比例：修改\n    原：[-20%-]\n    新：{+30%+}\n" in out
    assert f"改名 QLH-MZ-001 养老机构设立许可：{RENAMED[0]} → {RENAMED[1]}\n" in out
    assert "删除 QLH-SW-009 生产建设项目水土保持设施验收审批（measures/sw/QLH-SW-009.yaml）" in out
    assert "新增 QLH-SW-010 " in out
    assert out.rstrip().endswith("共 4 份监管办法有改动：新增 1 份，删除 1 份，修改 1 份，改名 1 份；修改的内容共 4 处。")
    codes = set(re.findall(r"QLH-[A-Z]{2}-\d{3}", out))
    assert codes == {"QLH-MZ-004", "QLH-MZ-001", "QLH-SW-009", "QLH-SW-010"}, "unchanged measures are not listed"


def test_nothing_changed_is_exit_code_0(history, run_cli):
    result = run_cli("diff", cwd=history)
    assert (result.code, result.err) == (0, "")
    assert "修订版本 HEAD（" in result.out and "以来，监管办法没有改动。" in result.out


def test_the_default_revision_is_head_and_sees_uncommitted_work(own_history, run_cli):
    git(own_history, "config", "user.name", "区民政局 王五")
    edit(own_history / "measures" / "mz" / "QLH-MZ-002.yaml", "schema_version: 1\n", "schema_version: 1\n# 注释不算改动\n")
    assert run_cli("diff", cwd=own_history).code == 0, "a comment is not a change of content"
    edit(own_history / "measures" / "mz" / "QLH-MZ-002.yaml", "random_check_ratio: ", "random_check_ratio: 1")
    result = run_cli("diff", "--format", "json", cwd=own_history)
    assert result.code == 1
    (change,) = json.loads(result.out)["measures"]
    assert (change["code"], change["author"], change["date"]) == ("QLH-MZ-002", "区民政局 王五", None)


# json --------------------------------------------------------------------------------------
def test_json_follows_its_schema_and_tells_the_same(history, run_cli):
    result = run_cli("diff", "v1", "--format", "json", cwd=history)
    assert result.code == 1
    report = json.loads(result.out)
    Draft202012Validator(load_schema("diff")).validate(report)
    assert report["version"] == 1 and report["revision"]["name"] == "v1"
    assert report["revision"]["commit"] == git(history, "rev-parse", "v1").strip()
    assert report["summary"] == {"measures": 4, "added": 1, "removed": 1, "modified": 1, "renamed": 1, "fields": 4}
    by_code = {m["code"]: m for m in report["measures"]}
    changed = by_code["QLH-MZ-004"]
    assert (changed["change"], changed["author"], changed["date"]) == ("modified", "区民政局 李四", "2017-06-10T15:30:00")
    daily = next(f for f in changed["fields"] if f["path"] == ["actions", "daily"])
    assert daily["label"] == "监管措施 › 日常监管" and daily["change"] == "changed"
    assert [w for w in daily["words"] if w["op"] != "equal"] == [
        {"op": "delete", "text": "进行约谈"}, {"op": "insert", "text": "，约谈其法定代表人并责令说明情况"}]
    assert [(f["label"], f["change"]) for f in changed["fields"]] == [
        ("监管对象 第2项", "removed"), ("监管措施 › 日常监管", "changed"), ("违法违规行为处理 第5项", "added"),
        ("监管计划 › 随机抽查比例", "changed")]
    renamed = by_code["QLH-MZ-001"]
    assert (renamed["change"], renamed["old_path"], renamed["new_path"], renamed["fields"]) == ("renamed", *RENAMED, [])
    assert by_code["QLH-SW-009"]["new_path"] is None and by_code["QLH-SW-010"]["old_path"] is None
    assert "审核与公布" in {f["label"] for f in by_code["QLH-SW-010"]["fields"]}, "an added measure lists all its content"


def test_the_diff_schema_is_shipped_and_printed(tmp_path, run_cli):
    printed = run_cli("schema", "diff", cwd=tmp_path)
    assert json.loads(printed.out) == json.loads((PROJECT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))


# html --------------------------------------------------------------------------------------
def parse(path: Path):
    """Parse strictly: any HTML5 parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(path.read_bytes())


def test_html_redline_marks_changes_with_ins_and_del_under_the_site_policy(history, run_cli, tmp_path):
    result = run_cli("diff", "v1", "--format", "html", "--out", str(tmp_path / "html"), cwd=history)
    assert result.code == 1, result.err
    assert f"已生成 5 个页面：{tmp_path / 'html' / 'index.html'}" in result.out
    pages = sorted(p.relative_to(tmp_path / "html").as_posix() for p in (tmp_path / "html").rglob("*.html"))
    assert pages == ["index.html", "measures/QLH-MZ-001.html", "measures/QLH-MZ-004.html",
                     "measures/QLH-SW-009.html", "measures/QLH-SW-010.html"]
    index = parse(tmp_path / "html" / "index.html")
    assert [row.find("td").text for row in index.findall(".//table[@id='changes']/tbody/tr")] == [
        "修改", "改名", "删除", "新增"]
    page = parse(tmp_path / "html" / "measures" / "QLH-MZ-004.html")
    assert [e.text for e in page.iter("del")][1:] == [
        "未取得资格认定擅自从事假肢和矫形器(辅助器具)生产装配活动的单位和个人", "进行约谈", "20%"]
    assert [e.text for e in page.iter("ins")][1:] == [
        "，约谈其法定代表人并责令说明情况", "情形", "拒绝、阻碍监督检查", "处理措施",
        "责令改正，并依法予以处理；构成违反治安管理行为的，移送公安机关。", "30%"]
    changes = [a.get("href") for a in page.findall(".//section[@class='changes']//a")]
    assert len(changes) == 4 and all(page.find(f".//*[@id='{href[1:]}']") is not None for href in changes)
    for file in (tmp_path / "html").rglob("*.html"):
        tree = parse(file)
        assert tree.find(".//script") is None and not tree.findall(".//*[@src]")
        csp = tree.find("head/meta[@http-equiv='Content-Security-Policy']").get("content")
        style = tree.find("head/style").text
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert csp.startswith(f"default-src 'none'; style-src 'sha256-{digest}'; script-src 'none';")


def test_removed_and_added_measures_are_entirely_deleted_and_inserted_in_html(history, run_cli, tmp_path):
    run_cli("diff", "v1", "-f", "html", "-o", str(tmp_path / "html"), cwd=history)
    removed = parse(tmp_path / "html" / "measures" / "QLH-SW-009.html")
    article = removed.find(".//article")
    assert "生产建设项目水土保持设施验收审批" in "".join(e.text or "" for e in article.iter("del"))
    assert len(list(article.iter("ins"))) == 1, "only the legend's"


def test_measure_data_is_text_in_the_redline(own_history, run_cli, tmp_path):
    edit(own_history / "measures" / "mz" / "QLH-MZ-002.yaml", "random_check_frequency: ",
         "random_check_frequency: <script>alert(1)</script>{{ 7*7 }}")
    run_cli("diff", "-f", "html", "-o", str(tmp_path / "html"), cwd=own_history)
    page = parse(tmp_path / "html" / "measures" / "QLH-MZ-002.html")
    assert page.find(".//script") is None
    assert "<script>alert(1)</script>{{ 7*7 }}" in "".join(e.text or "" for e in page.iter("ins"))


# docx --------------------------------------------------------------------------------------
def redlines(history: Path, run_cli, out: Path) -> dict[str, bytes]:
    result = run_cli("diff", "v1", "--format", "docx", "--out", str(out), cwd=history)
    assert result.code == 1, result.err
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.docx"))}


@pytest.fixture(scope="module")
def documents(history, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("docx")
    subprocess.run([sys.executable, "-m", "jianguan_cli", "diff", "v1", "-f", "docx", "-o", str(out)], cwd=history,
                   capture_output=True)
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.docx"))}


def test_one_document_per_changed_measure_but_not_for_a_plain_rename(documents):
    assert sorted(documents) == ["QLH-MZ-004.docx", "QLH-SW-009.docx", "QLH-SW-010.docx"]


def test_tracked_changes_are_exactly_the_changed_words(documents):
    body = body_of(documents["QLH-MZ-004.docx"])
    # a handling case prints as a run-in heading ("情形。处理"), so its full stop is part of the new case
    assert tracked(body, "ins") == ["，约谈其法定代表人并责令说明情况", "拒绝、阻碍监督检查。",
                                    "责令改正，并依法予以处理；构成违反治安管理行为的，移送公安机关。", "30%"]
    # list entries are numbered by the paragraph style, so removing one changes no other entry's text
    assert tracked(body, "del") == ["未取得资格认定擅自从事假肢和矫形器(辅助器具)生产装配活动的单位和个人",
                                    "进行约谈", "20%"]


def test_every_change_is_signed_with_the_commit_and_numbered_in_order(documents):
    body = body_of(documents["QLH-MZ-004.docx"])
    changes = [e for e in body.iter() if e.tag in (f"{W}ins", f"{W}del", f"{W}pPrChange", f"{W}rPrChange")]
    assert changes and {(e.get(f"{W}author"), e.get(f"{W}date")) for e in changes} == {
        ("区民政局 李四", "2017-06-10T15:30:00Z")}
    ids = [int(e.get(f"{W}id")) for e in changes]
    assert len(set(ids)) == len(ids) and sorted(ids) == list(range(min(ids), min(ids) + len(ids)))
    assert all(text.tag == f"{W}delText" for e in body.iter(f"{W}del") for text in e.iter(f"{W}t", f"{W}delText"))


def test_word_opens_it_with_track_changes_on(documents):
    import io
    import zipfile

    settings = zipfile.ZipFile(io.BytesIO(documents["QLH-MZ-004.docx"])).read("word/settings.xml").decode()
    assert "<w:trackRevisions/>" in settings
    assert settings.index("<w:trackRevisions/>") < settings.index("<w:defaultTabStop")


def writer_paragraphs(history: Path, rev: str | None, path: str) -> list[tuple[str, str]]:
    """The paragraphs jianguan's writer makes of a measure (at a revision, or in the working tree)."""
    if rev is None:
        raw = (history / path).read_bytes()
    else:
        raw = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=history, capture_output=True, check=True).stdout
    scratch = history.parent / "scratch.yaml"
    scratch.write_bytes(raw)
    data = load_file(scratch, path, frozenset()).data
    writer = DocxWriter(template_dir() / "docx" / "reference.docx", MeasureView(SchemaIndex(load_schema("measure"))))
    organ = {"mz": "七里河区民政局", "sw": "七里河区水务局"}[path.split("/")[1]]
    return paragraphs(body_of(writer.measure_document(f"{data['item']['name']}事中事后监管办法", organ, data)))


@pytest.mark.parametrize(("name", "old", "new"), [
    ("QLH-MZ-004.docx", "measures/mz/QLH-MZ-004.yaml", "measures/mz/QLH-MZ-004.yaml"),
    ("QLH-SW-009.docx", "measures/sw/QLH-SW-009.yaml", None),
    ("QLH-SW-010.docx", None, "measures/sw/QLH-SW-010.yaml"),
])
def test_accept_all_gives_the_new_document_and_reject_all_the_old(history, documents, name, old, new):
    body = body_of(documents[name])
    empty = [("", "")]
    assert paragraphs(resolved(body, accept=True)) == (writer_paragraphs(history, None, new) if new else empty)
    assert paragraphs(resolved(body, accept=False)) == (writer_paragraphs(history, "v1", old) if old else empty)


def test_libreoffice_numbers_the_unchanged_paragraphs_as_the_new_and_the_old_document(documents):
    # a removed entry that kept its own deleted mark made LibreOffice take the next heading for the deleted one
    assert {name: libreoffice_misnumbered(content) for name, content in documents.items()} == {
        name: [] for name in documents}


@pytest.mark.slow
def test_reruns_are_byte_identical(history, run_cli, tmp_path, documents):
    assert redlines(history, run_cli, tmp_path / "again") == documents
    first = run_cli("diff", "v1", cwd=history).out
    assert run_cli("diff", "v1", cwd=history).out == first
    assert run_cli("diff", "v1", "-f", "json", cwd=history).out == run_cli("diff", "v1", "-f", "json", cwd=history).out
    run_cli("diff", "v1", "-f", "html", "-o", str(tmp_path / "h1"), cwd=history)
    run_cli("diff", "v1", "-f", "html", "-o", str(tmp_path / "h2"), cwd=history)
    assert tree_digest(tmp_path / "h1") == tree_digest(tmp_path / "h2")


@pytest.mark.slow
def test_the_repository_index_and_working_tree_are_never_touched(own_history, run_cli, tmp_path):
    edit(own_history / "measures" / "mz" / "QLH-MZ-002.yaml", "random_check_ratio: ", "random_check_ratio: 1")
    (own_history / "measures" / "mz" / "QLH-MZ-003.yaml").unlink()
    before = tree_digest(own_history)
    for output_format in ("text", "json", "html", "docx"):
        assert run_cli("diff", "v1", "-f", output_format, "-o", str(tmp_path / output_format), cwd=own_history).code == 1
    assert tree_digest(own_history) == before
    assert (tmp_path / "text" / "diff.txt").read_text(encoding="utf-8").startswith("比较：修订版本 v1")
    assert json.loads((tmp_path / "json" / "diff.json").read_text(encoding="utf-8"))["summary"]["removed"] == 2


# errors ------------------------------------------------------------------------------------
def test_an_unknown_revision_is_exit_code_2_with_a_suggestion(history, run_cli):
    result = run_cli("diff", "v2", cwd=history)
    assert result.code == 2 and "Traceback" not in result.err
    assert "修订版本“v2”不存在，是否想写 v1？" in result.err and "git tag" in result.err
    assert run_cli("diff", "-f", "text", "--", "--output=x", cwd=history).code == 2


def test_an_output_folder_that_is_a_file_is_a_clear_error(history, run_cli, tmp_path):
    (tmp_path / "报告").write_text("不是文件夹", encoding="utf-8")
    result = run_cli("diff", "v1", "--out", str(tmp_path / "报告"), cwd=history)
    assert result.code == 2 and "无法建立输出文件夹" in result.err and "Traceback" not in result.err
    assert (tmp_path / "报告").read_text(encoding="utf-8") == "不是文件夹"


@pytest.mark.slow
def test_the_default_output_folders_are_under_build(own_history, run_cli):
    assert run_cli("diff", "v1", "-f", "html", cwd=own_history).code == 1
    assert run_cli("diff", "v1", "-f", "docx", cwd=own_history).code == 1
    assert (own_history / "build" / "diff" / "html" / "index.html").is_file()
    assert sorted(p.name for p in (own_history / "build" / "diff" / "docx").glob("*.docx")) == [
        "QLH-MZ-004.docx", "QLH-SW-009.docx", "QLH-SW-010.docx"]


def test_outside_a_git_repository_is_exit_code_2(tmp_path, run_cli):
    copy_demo(tmp_path)
    result = run_cli("diff", cwd=tmp_path)
    assert result.code == 2 and "不在 git 仓库中" in result.err and "git init" in result.err


def test_a_repository_without_commits(tmp_path, run_cli):
    copy_demo(tmp_path)
    git(tmp_path, "init", "-q")
    result = run_cli("diff", cwd=tmp_path)
    assert result.code == 2 and "还没有任何提交" in result.err


def test_a_shallow_clone_without_the_revision_says_how_to_fetch_it(history, tmp_path, run_cli):
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history}", "clone")
    result = run_cli("diff", "HEAD~1", cwd=tmp_path / "clone")
    assert result.code == 2 and "浅克隆" in result.err and "git fetch --unshallow" in result.err
    assert run_cli("diff", "HEAD", cwd=tmp_path / "clone").code == 0, "what the clone has can be compared"


@pytest.mark.parametrize(("content", "says"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "不是文本文件"),
    (b"item: \xfa\xff not any encoding \xff\n", "无法识别"),
    (b"item: [unclosed\n", "YAML"),
])
def test_an_unreadable_file_in_either_version_is_a_clear_error(own_history, run_cli, content, says):
    path = own_history / "measures" / "mz" / "QLH-MZ-002.yaml"
    original = path.read_bytes()
    path.write_bytes(content)
    now = run_cli("diff", cwd=own_history)
    assert now.code == 2 and "Traceback" not in now.err
    assert "工作区中的 measures/mz/QLH-MZ-002.yaml 无法读取" in now.err and says in now.err
    git(own_history, "commit", "-qam", "坏文件")
    path.write_bytes(original)
    then = run_cli("diff", "HEAD", cwd=own_history)
    assert then.code == 2 and "修订版本 HEAD（" in then.err and "中的 measures/mz/QLH-MZ-002.yaml 无法读取" in then.err


def test_a_data_repository_inside_a_larger_git_repository(tmp_path, run_cli):
    make_history(tmp_path / "all" / "district")
    shutil.move(str(tmp_path / "all" / "district" / ".git"), str(tmp_path / "all" / ".git"))
    git(tmp_path / "all", "add", "-A")  # the same files, now one folder down
    git(tmp_path / "all", "commit", "-q", "-m", "移入子文件夹")
    edit(tmp_path / "all" / "district" / "measures" / "mz" / "QLH-MZ-004.yaml", "random_check_ratio: 30",
         "random_check_ratio: 40")
    result = run_cli("diff", cwd=tmp_path / "all" / "district")
    assert result.code == 1, result.err
    assert "修改 QLH-MZ-004 " in result.out and "（measures/mz/QLH-MZ-004.yaml）" in result.out
    assert "共 1 份监管办法有改动" in result.out


# LibreOffice ---------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_libreoffice_opens_every_redline_and_shows_both_versions(documents, tmp_path):
    for name, content in documents.items():
        (tmp_path / name).write_bytes(content)
    env = {**os.environ, "FONTCONFIG_FILE": str(SHARED / "fonts" / "gov-fonts.conf")}
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                           "pdf", "--outdir", str(tmp_path), *[str(tmp_path / n) for n in documents]],
                          capture_output=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "QLH-MZ-004.pdf"), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "进行约谈，约谈其法定代表人并责令说明情况" in flat, "LibreOffice shows deletions and insertions"
    assert "拒绝、阻碍监督检查" in flat and "20%30%" in flat
    assert "三、监管内容" in flat, "the numbering of the sections is unchanged"
    assert all((tmp_path / n).with_suffix(".pdf").stat().st_size > 1000 for n in documents)
    assert Counter(p.suffix for p in tmp_path.iterdir())[".pdf"] == 3


# LibreOffice's numbering in 修订 view ----------------------------------------------------------
NEW_FIRST_STEP = "检查前核对上一年度工作报告和上次检查的整改情况。"
CHANGE_TAGS = {f"{W}ins", f"{W}del", f"{W}pPrChange", f"{W}rPrChange"}


def procedure_steps(path: Path) -> list[str]:
    """The `procedure:` lines of a measure file, as written."""
    found = re.search(r"^procedure:\n((?:  - .*\n)+)", path.read_text(encoding="utf-8"), re.M)
    return found.group(1).splitlines(keepends=True)


def chinese_number(number: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (the 一、 of a Heading 1)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    return ("" if tens < 2 else digits[tens]) + ("十" if tens else "") + (digits[ones] if ones else "")


def sections(docx_bytes: bytes) -> list[tuple[str, bool]]:
    """(title, holds a tracked change) of each section (Heading 1) of a redline that is not wholly deleted."""
    found = []
    for paragraph in body_of(docx_bytes).iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        changed = any(element.tag in CHANGE_TAGS for element in paragraph.iter())
        if style is not None and style.get(f"{W}val") == "Heading1":
            runs = list(paragraph.iter(f"{W}r"))
            deleted = runs and all(run.getparent().tag == f"{W}del" for run in runs)
            found.append(["".join(t.text or "" for t in paragraph.iter(f"{W}t")), changed, deleted])
        elif found:
            found[-1][1] = found[-1][1] or changed
    return [(title, changed) for title, changed, deleted in found if not deleted]


def pdf_texts(folder: Path, names: list[str]) -> dict[str, str]:
    """LibreOffice's PDF of each .docx in `folder` (one process), as text without white space."""
    env = {**os.environ, "FONTCONFIG_FILE": str(SHARED / "fonts" / "gov-fonts.conf")}
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                           "pdf", "--outdir", str(folder), *[str(folder / n) for n in names]],
                          capture_output=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return {name: re.sub(r"\s+", "", subprocess.run(["pdftotext", str((folder / name).with_suffix(".pdf")), "-"],
                                                   capture_output=True, text=True, check=True).stdout)
            for name in names}


@pytest.fixture(scope="module")
def revised(tmp_path_factory, documents) -> dict[str, tuple[bytes, str]]:
    """Redlines of a one-word edit in a list entry (QLH-MZ-004), a procedure's last step removed (MZ-002) and a
    new first step (MZ-003), and the history's redlines (H-…): each with the text of LibreOffice's PDF."""
    repo = copy_demo(tmp_path_factory.mktemp("revised") / "district")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "报送区编办审核")
    edit(repo / "measures" / "mz" / "QLH-MZ-004.yaml", "不少于2名", "不少于3名")
    edit(repo / "measures" / "mz" / "QLH-MZ-002.yaml", procedure_steps(repo / "measures" / "mz" / "QLH-MZ-002.yaml")[-1],
         "")
    first = procedure_steps(repo / "measures" / "mz" / "QLH-MZ-003.yaml")[0]
    edit(repo / "measures" / "mz" / "QLH-MZ-003.yaml", first, f"  - {NEW_FIRST_STEP}\n{first}")
    out = repo.parent / "docx"
    subprocess.run([sys.executable, "-m", "jianguan_cli", "diff", "-f", "docx", "-o", str(out)], cwd=repo,
                   capture_output=True)
    for name, content in documents.items():
        (out / f"H-{name}").write_bytes(content)
    names = sorted(p.name for p in out.glob("*.docx"))
    texts = pdf_texts(out, names)
    return {name: ((out / name).read_bytes(), texts[name]) for name in names}


def libreoffice_version() -> tuple[int, ...]:
    found = re.search(r"(\d+)\.(\d+)", subprocess.run([SOFFICE, "--version"], capture_output=True, text=True).stdout)
    return tuple(int(part) for part in found.groups()) if found else (0, 0)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_libreoffice_shows_the_sections_and_unchanged_lists_with_their_new_numbers(revised):
    assert sorted(revised) == ["H-QLH-MZ-004.docx", "H-QLH-SW-009.docx", "H-QLH-SW-010.docx", "QLH-MZ-002.docx",
                               "QLH-MZ-003.docx", "QLH-MZ-004.docx"]
    for name, (content, text) in revised.items():
        if name == "H-QLH-SW-009.docx":
            continue  # wholly deleted: LibreOffice shows every number of it as an original one, [一、] …
        titles = sections(content)
        labels = [f"{chinese_number(n)}、{title}" for n, (title, _) in enumerate(titles, start=1)]
        assert [label for label in labels if label not in text] == [], name
        assert re.findall(r"\[[一二三四五六七八九十]+、\]", text) == [], f"{name}: a section renumbered"
        ends = [text.index(label) for label in labels] + [len(text)]
        unchanged = [text[start:end] for start, end, (_, changed) in zip(ends, ends[1:], titles) if not changed]
        assert [part[:12] for part in unchanged if "[" in part] == [], f"{name}: an unchanged list renumbered"
    # the old first step is the second now: its original number in brackets, the new step's without
    assert f"（二）[（一）]{procedure_steps(PROJECT / 'measures' / 'mz' / 'QLH-MZ-003.yaml')[0][4:14]}" in revised[
        "QLH-MZ-003.docx"][1]
    assert f"（一）{NEW_FIRST_STEP[:10]}" in revised["QLH-MZ-003.docx"][1]


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_libreoffice_numbers_a_list_entry_with_a_changed_word_in_place(revised, request):
    if libreoffice_version() <= (7, 4):
        # its own files show the same: a tracked deletion in a numbered paragraph drops that paragraph from the
        # accepted numbering on loading, so the entries after it show （一）[（二）] …
        request.node.add_marker(pytest.mark.xfail(strict=True, reason="LibreOffice 7.4 numbers a list entry with "
                                                                      "deleted words as a deleted one"))
    content, text = revised["QLH-MZ-004.docx"]
    assert tracked(body_of(content), "del") == ["2"] and tracked(body_of(content), "ins") == ["3"]
    assert "[" not in text

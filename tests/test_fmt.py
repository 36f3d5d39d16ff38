"""jianguan fmt: canonical layout, nothing lost, --check for CI, --fix for keyboard traps."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURE_REPO, FIXTURES, PROJECT, copy_demo, tree_digest
from jianguan_cli.authoring.formatting import Formatter, comment_texts
from jianguan_cli.loading import load_bytes
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex

FMT = FIXTURES / "fmt"
INDEX = SchemaIndex(load_schema("measure"))
MEASURE_FILES = sorted((PROJECT / "measures").rglob("*.yaml")) + sorted((FIXTURE_REPO / "measures").rglob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/measure.schema.json"


def data_of(raw: bytes):
    document = load_bytes(raw, "x.yaml", INDEX.keys)
    assert document.parsed
    return document.data


@pytest.fixture
def measure_repo(tmp_path) -> Path:
    return copy_demo(tmp_path / "demo")


@pytest.mark.parametrize("path", MEASURE_FILES, ids=lambda p: p.name)
def test_every_committed_measure_is_already_formatted(path):
    raw = path.read_bytes()
    assert Formatter(INDEX).format(raw, SCHEMA_LINE).text.encode("utf-8") == raw


def test_messy_file_gets_the_canonical_layout(measure_repo, run_cli):
    target = measure_repo / "measures" / "sw" / "QLH-SW-001.yaml"
    target.write_bytes((FMT / "messy.yaml").read_bytes())
    run = run_cli("fmt", str(target), cwd=measure_repo)
    assert run.code == 0, run.err
    assert "已整理：measures/sw/QLH-SW-001.yaml" in run.out
    assert target.read_bytes() == (FMT / "messy.expected.yaml").read_bytes()


def test_messy_file_keeps_data_and_every_comment():
    raw = (FMT / "messy.yaml").read_bytes()
    text = Formatter(INDEX).format(raw, SCHEMA_LINE).text
    assert data_of(text.encode("utf-8")) == data_of(raw)
    source = raw.decode("utf-8")
    assert comment_texts(text) == comment_texts(source) and len(comment_texts(source)) == 5
    assert "\r" not in text and not re.search(r"[ \t]$", text, re.M)
    assert text.startswith(SCHEMA_LINE + "\n")
    # a comment written above a key moves with that key
    assert "  # 编码见事项目录\n  code:" in text and "# 信息公开\ndisclosure:" in text


def test_keys_follow_the_schema_order():
    text = Formatter(INDEX).format((FMT / "messy.yaml").read_bytes(), SCHEMA_LINE).text
    top = [line.split(":")[0] for line in text.split("\n") if re.match(r"^[a-z_]+:", line)]
    schema_order = list(INDEX.properties(()))
    assert top == sorted(top, key=schema_order.index)
    assert text.index("  code:") < text.index("  name:")
    assert text.index("  - content:") < text.index("    channel:"), "list items keep their dash on the first key"


def test_formatting_is_idempotent():
    formatter = Formatter(INDEX)
    once = formatter.format((FMT / "messy.yaml").read_bytes(), SCHEMA_LINE).text
    assert formatter.format(once.encode("utf-8"), SCHEMA_LINE).text == once


def test_check_exits_1_and_changes_nothing(measure_repo, run_cli):
    assert run_cli("fmt", "--check", cwd=measure_repo).code == 0
    (measure_repo / "measures" / "sw" / "QLH-SW-001.yaml").write_bytes((FMT / "messy.yaml").read_bytes())
    before = tree_digest(measure_repo)
    run = run_cli("fmt", "--check", cwd=measure_repo)
    assert run.code == 1 and "需要整理：measures/sw/QLH-SW-001.yaml" in run.out
    run = run_cli("fmt", "--diff", cwd=measure_repo)
    assert run.code == 1 and "+schema_version: 1" in run.out
    assert tree_digest(measure_repo) == before
    assert run_cli("fmt", cwd=measure_repo).code == 0
    assert run_cli("fmt", "--check", cwd=measure_repo).code == 0


def test_catalog_is_formatted_with_its_own_schema(measure_repo, run_cli):
    catalog = measure_repo / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    shuffled = text.replace("  - code: QLH-SW-007\n    name: 水利工程开工审批\n",
                            "  - name: 水利工程开工审批\n    code: QLH-SW-007\n")
    assert shuffled != text
    catalog.write_text(shuffled, encoding="utf-8")
    assert run_cli("fmt", "--check", cwd=measure_repo).code == 1
    assert run_cli("fmt", cwd=measure_repo).code == 0
    assert catalog.read_text(encoding="utf-8") == text


def test_scaffolded_files_are_already_formatted(tmp_path, run_cli):
    repo = tmp_path / "county"
    run_cli("init", str(repo), "--district", "测试县", "--ci", "none", cwd=tmp_path)
    run_cli("catalog", "import", str(FIXTURES / "import" / "rights-list-gbk.csv"), cwd=repo)
    assert run_cli("new", "--all-missing", cwd=repo).code == 0
    run = run_cli("fmt", "--check", cwd=repo)
    assert run.code == 0, run.out


TRAPS = """\
schema_version： 1
item:
  code:QLH-SW-001
  name:\u3000取水许可
objects:
\u3000- 取得取水许可证的单位
  -\u3000未经批准擅自取水的单位
content:
  - topic: 履行法定义务
    text: |
      \u3000\u3000是否按许可的水量取水：按月抄表。
"""


def test_fix_repairs_keyboard_traps_and_nothing_else(measure_repo, run_cli):
    target = measure_repo / "measures" / "sw" / "QLH-SW-001.yaml"
    target.write_text(TRAPS, encoding="utf-8")
    run = run_cli("fmt", str(target), cwd=measure_repo)
    assert run.code == 1 and "--fix" in run.err, "without --fix the file is reported, not changed"
    assert target.read_text(encoding="utf-8") == TRAPS
    run = run_cli("fmt", "--fix", str(target), cwd=measure_repo)
    assert run.code == 0, run.err
    assert "键 schema_version 后的全角冒号改为英文冒号" in run.out
    data = data_of(target.read_bytes())
    assert data["schema_version"] == 1 and data["item"] == {"code": "QLH-SW-001", "name": "取水许可"}
    assert data["objects"] == ["取得取水许可证的单位", "未经批准擅自取水的单位"]
    assert data["content"][0]["text"] == "\u3000\u3000是否按许可的水量取水：按月抄表。\n", "text is content"
    lint = run_cli("lint", "--format", "json", str(target), cwd=measure_repo)
    assert not re.search(r'"rule": "Y10[345]"', lint.out)


def test_fix_converts_gbk_to_utf8(measure_repo, run_cli):
    target = measure_repo / "measures" / "mz" / "QLH-MZ-001.yaml"
    original = target.read_text(encoding="utf-8")
    target.write_bytes(original.encode("gb18030"))
    run = run_cli("fmt", str(target), cwd=measure_repo)
    assert run.code == 1 and "GBK" in run.err and "--fix" in run.err
    assert run_cli("fmt", "--fix", str(target), cwd=measure_repo).code == 0
    assert target.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("content, where", [
    ("item:\n  code: [QLH\nname: x\n", ":2:9"),  # where the bracket opens and never closes
    ("item:\n  code: a\n  code: b\n", ":3:"),
    ("", ":1:1"),
    ("- 只是一个列表\n", ":1:1"),
])
def test_unparsable_files_are_reported_and_left_alone(measure_repo, run_cli, content, where):
    target = measure_repo / "measures" / "mz" / "broken.yaml"
    target.write_text(content, encoding="utf-8")
    run = run_cli("fmt", cwd=measure_repo)
    assert run.code == 1
    assert f"measures/mz/broken.yaml{where}" in run.err and "无法整理" in run.err
    assert target.read_text(encoding="utf-8") == content
    assert "Traceback" not in run.err


def test_symlinks_are_not_followed(measure_repo, run_cli, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((FMT / "messy.yaml").read_bytes())
    (measure_repo / "measures" / "sw" / "link.yaml").symlink_to(outside)
    run = run_cli("fmt", cwd=measure_repo)
    assert run.code == 1 and "符号链接" in run.err
    assert outside.read_bytes() == (FMT / "messy.yaml").read_bytes()


def test_a_full_disk_leaves_the_file_intact(measure_repo, run_cli, monkeypatch):
    target = measure_repo / "measures" / "sw" / "QLH-SW-001.yaml"
    target.write_bytes((FMT / "messy.yaml").read_bytes())
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, content):
            self.stream.write(content[: len(content) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    run = run_cli("fmt", cwd=measure_repo)
    assert run.code == 3 and "磁盘空间不足" in run.err and "Traceback" not in run.err
    assert target.read_bytes() == (FMT / "messy.yaml").read_bytes()
    assert not list(target.parent.glob(".*.tmp")), "no temporary file left behind"


def test_file_modes_are_kept(measure_repo, run_cli):
    target = measure_repo / "measures" / "sw" / "QLH-SW-001.yaml"
    target.write_bytes((FMT / "messy.yaml").read_bytes())
    target.chmod(0o640)
    run_cli("fmt", cwd=measure_repo)
    assert target.stat().st_mode & 0o777 == 0o640


def _reversed_top_level(text: str) -> str:
    """The file with its top-level keys in reverse order and every nested line indented 2 more."""
    lines = text.split("\n")
    header = [line for line in lines[:2] if line.startswith("#")]
    blocks: list[list[str]] = []
    for line in lines[len(header):]:
        if line and not line.startswith((" ", "#")):
            blocks.append([])
        if line:
            blocks[-1].append(("  " if line.startswith(" ") else "") + line)
    return "\n".join(header + [line for block in reversed(blocks) for line in block]) + "\n"


@pytest.mark.parametrize("path", sorted((PROJECT / "measures").rglob("*.yaml")), ids=lambda p: p.name)
def test_a_shuffled_and_reindented_measure_formats_back_to_the_original(path):
    original = path.read_text(encoding="utf-8")
    shuffled = _reversed_top_level(original)
    assert shuffled != original and data_of(shuffled.encode("utf-8")) == data_of(original.encode("utf-8"))
    assert Formatter(INDEX).format(shuffled.encode("utf-8"), SCHEMA_LINE).text == original


def test_a_hash_inside_quoted_text_next_to_a_comment():
    """Found by bench/fuzz.py: `- '0 #'  # 尾注` re-spaced by the round trip was taken for a changed comment."""
    source = "schema_version: 1\nobjects:\n    - '0 #'   # 尾注\n    - 乙\n"
    text = Formatter(INDEX).format(source.encode("utf-8"), SCHEMA_LINE).text
    assert data_of(text.encode("utf-8"))["objects"] == ["0 #", "乙"] and "# 尾注" in text

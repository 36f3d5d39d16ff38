"""`jianguan new` and `jianguan schema`: scaffolds that lint only for their placeholders."""

from __future__ import annotations

import copy
import json
from collections import Counter

import pytest
from ruamel.yaml import YAML

from conftest import PROJECT
from jianguan_cli.authoring.scaffold import Scaffold, law_titles, scalar
from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.resources import SCHEMA_NAMES, load_schema
from jianguan_cli.schema import SchemaIndex


def findings_by_file(run_cli, repo) -> dict[str, Counter]:
    report = json.loads(run_cli("lint", "-f", "json", cwd=repo).out)
    found: dict[str, Counter] = {}
    for finding in report["findings"]:
        found.setdefault(finding["path"], Counter())[finding["rule"]] += 1
    return found


def test_scaffolds_for_every_category_show_exactly_their_placeholders(repo, run_cli):
    for path in (repo / "measures").rglob("*.yaml"):
        path.unlink()
    result = run_cli("new", "--all-missing", cwd=repo)
    assert result.code == 0
    created = sorted(p.relative_to(repo).as_posix() for p in (repo / "measures").rglob("*.yaml"))
    assert len(created) == 7 and "measures/wj/T-QZ-001.yaml" in created
    found = findings_by_file(run_cli, repo)
    assert sorted(found) == created
    assert all(set(rules) == {"T601"} for rules in found.values()), found


def test_scaffold_lists_the_categorys_topics_and_the_partners(repo, run_cli):
    (repo / "measures" / "wj" / "T-QZ-001.yaml").unlink()
    run_cli("new", "T-QZ-001", cwd=repo)
    data = YAML(typ="safe").load((repo / "measures" / "wj" / "T-QZ-001.yaml").read_text(encoding="utf-8"))
    assert [c["topic"] for c in data["content"]] == ["证照衔接", "经营前取得许可", "未经许可擅自经营"]
    assert data["collaboration"]["lead"] == "区卫计局"
    assert [p["department"] for p in data["collaboration"]["partners"]] == ["区市场监管局", "区公安分局"]
    assert data["item"] == {"code": "T-QZ-001", "name": "公共场所卫生许可"}


def test_a_scaffold_is_byte_for_byte_what_new_has_always_written(repo, run_cli):
    (repo / "measures" / "wj" / "T-QZ-001.yaml").unlink()
    run_cli("new", "T-QZ-001", cwd=repo)
    written = (repo / "measures" / "wj" / "T-QZ-001.yaml").read_bytes()
    assert written == (PROJECT / "tests" / "fixtures" / "scaffold" / "T-QZ-001.yaml").read_bytes()


def test_the_scaffold_writes_what_the_schema_annotates_in_schema_order():
    schema = copy.deepcopy(load_schema("measure"))  # the loaded schema is shared
    sections = schema["properties"]
    schema["x-scaffold"]["credit"] = ["失信惩戒，如：列入{name}黑名单"]
    del schema["x-scaffold"]["requirements"]
    sections["complaints"]["x-scaffold"] = {"email": ""}
    item = CatalogItem(code="X-1", name="某许可", category="", department="")
    text = Scaffold(SchemaIndex(schema), Catalog("", {}, {})).text(item, "")
    credit = f"# {sections['credit']['title']}：{sections['credit']['description']}\ncredit:\n  - 待填写（失信惩戒，如：列入某许可黑名单）\n"
    assert credit in text
    assert text.index("\ndisclosure:") < text.index("\ncredit:") < text.index("\ncomplaints:")
    assert "complaints:\n  email: 待填写\n" in text and "phone" not in text and "requirements" not in text


def test_every_key_the_schema_annotates_for_the_scaffold_is_a_key_of_that_mapping():
    index = SchemaIndex(load_schema("measure"))
    annotated = [((), index.at(()))]
    while annotated:
        path, node = annotated.pop()
        for key, spec in node.get("x-scaffold", {}).items():
            assert key in index.properties(path), (path, key)
            child = index.at((*path, key))
            if spec is True:
                inner = (*path, key, 0) if child.get("type") == "array" else (*path, key)
                assert index.at(inner).get("x-scaffold"), f"{inner} is to be built from its keys but annotates none"
                annotated.append((inner, index.at(inner)))


def test_an_intermediary_item_gets_the_intermediary_topic(repo, run_cli):
    (repo / "measures" / "fg" / "T-BL-002.yaml").unlink()
    run_cli("new", "T-BL-002", cwd=repo)
    text = (repo / "measures" / "fg" / "T-BL-002.yaml").read_text(encoding="utf-8")
    assert "- topic: 中介服务" in text


def test_new_never_overwrites(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    before = path.read_bytes()
    result = run_cli("new", "T-BL-001", cwd=repo)
    assert result.code == 2 and "不会覆盖" in result.err and path.read_bytes() == before
    nothing = run_cli("new", "--all-missing", cwd=repo)
    assert nothing.code == 0 and "没有需要生成的" in nothing.out, "nothing missing is nothing to do, not a usage error"


def test_unknown_code_is_a_usage_error_with_a_suggestion(repo, run_cli):
    result = run_cli("new", "T-BL-01", cwd=repo)
    assert result.code == 2 and "T-BL-001" in result.err


def test_legal_basis_titles_come_from_the_catalogue(tmp_path, run_cli):
    for name in ("catalog.yaml", "jianguan.toml"):
        (tmp_path / name).write_bytes((PROJECT / name).read_bytes())
    run_cli("new", "QLH-SW-007", cwd=tmp_path)
    data = YAML(typ="safe").load((tmp_path / "measures" / "sw" / "QLH-SW-007.yaml").read_text(encoding="utf-8"))
    assert [b["title"] for b in data["basis"]] == ["《水利工程建设程序管理暂行规定》"]


@pytest.mark.parametrize(("basis", "titles"), [
    ("《中华人民共和国水法》；《取水许可管理办法》(水利部令第34号)", ["《中华人民共和国水法》", "《取水许可管理办法》"]),
    ("国办发〔2004〕62号", []),
])
def test_law_titles(basis, titles):
    assert law_titles(basis) == titles


@pytest.mark.parametrize("text", ["普通文字", "a: b", "- 开头", "#号", "事项: 名称", "[方括号]", "结尾冒号:", "'引号'"])
def test_scalars_read_back_unchanged(text):
    assert YAML(typ="safe").load(f"v: {scalar(text)}\n") == {"v": text}


def test_schema_prints_and_saves(tmp_path, run_cli):
    printed = run_cli("schema", cwd=tmp_path)
    assert json.loads(printed.out) == json.loads((PROJECT / "schemas" / "measure.schema.json").read_text())
    assert json.loads(run_cli("schema", "catalog", cwd=tmp_path).out)["title"] == "行政审批事项目录"
    run_cli("schema", "--out", "schemas", cwd=tmp_path)
    for name in SCHEMA_NAMES:
        assert (tmp_path / "schemas" / f"{name}.schema.json").read_bytes() == \
            (PROJECT / "schemas" / f"{name}.schema.json").read_bytes()
    assert run_cli("schema", "nosuch", cwd=tmp_path).code == 2


CATALOG_ENTRIES = """
departments:
  - {id: mz, name: 测试县民政局, short: 县民政局}
  - {id: scjg, name: 测试县市场监督管理局, short: 县市场监管局}
items:
  - {code: CS-MZ-001, name: 养老机构设立许可, category: 保留, department: mz, basis: 《养老机构设立许可办法》}
  - {code: CS-MZ-002, name: 假肢和矫形器(辅助器具)生产装配企业资格认定, category: 承接下放, department: mz,
     co_departments: [scjg]}
"""


def test_init_then_new_then_lint_shows_exactly_the_placeholders(tmp_path, run_cli):
    repo = tmp_path / "county"
    assert run_cli("init", str(repo), "--district", "测试县", cwd=tmp_path).code == 0
    empty = run_cli("check", cwd=repo)
    assert empty.code == 1 and "K805" in empty.out and "（100%）" not in empty.out, "no items is not 0/0 (100%)"
    catalog = (repo / "catalog.yaml").read_text(encoding="utf-8")
    catalog = catalog.replace("departments: []", "").replace("items: []", "") + CATALOG_ENTRIES
    (repo / "catalog.yaml").write_text(catalog, encoding="utf-8")
    assert run_cli("new", "--all-missing", cwd=repo).code == 0
    found = findings_by_file(run_cli, repo)
    assert sorted(found) == ["measures/mz/CS-MZ-001.yaml", "measures/mz/CS-MZ-002.yaml"]
    assert all(set(rules) == {"T601"} for rules in found.values()), found


def test_init_writes_editor_ci_and_hook_files(tmp_path, run_cli):
    repo = tmp_path / "county"
    run_cli("init", str(repo), "--district", '测试"县": 一区', "--ci", "gitlab", "--jianguan-source", "jianguan==0.1.0",
            cwd=tmp_path)
    yaml = YAML(typ="safe")
    assert yaml.load((repo / "catalog.yaml").read_text(encoding="utf-8"))["district"] == '测试"县": 一区'
    report = json.loads(run_cli("check", "--format", "json", cwd=repo).out)
    assert [f["rule"] for f in report["findings"]] == ["K805"], "settings and catalogue are valid, only empty"
    gitlab = yaml.load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert any(line.startswith("jianguan check") for line in gitlab["jianguan"]["script"])
    assert not (repo / ".github").exists()
    hooks = yaml.load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert [h["entry"] for h in hooks] == ["jianguan lint", "jianguan check"]
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/measure.schema.json"] == "measures/**/*.yaml"
    assert (repo / "schemas" / "measure.schema.json").read_bytes() == (PROJECT / "schemas" / "measure.schema.json").read_bytes()


def test_init_never_overwrites_and_needs_a_district(tmp_path, run_cli):
    repo = tmp_path / "county"
    repo.mkdir()
    (repo / "README.md").write_text("我们自己的说明", encoding="utf-8")
    result = run_cli("init", str(repo), "--district", "测试县", cwd=tmp_path)
    assert result.code == 2 and "README.md" in result.err
    assert (repo / "README.md").read_text(encoding="utf-8") == "我们自己的说明"
    assert not (repo / "jianguan.toml").exists(), "nothing is written when anything would be overwritten"
    assert run_cli("init", str(tmp_path / "other"), cwd=tmp_path).code == 2

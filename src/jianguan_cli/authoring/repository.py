"""A new data repository for a district: settings, catalogue, schemas, CI and editor files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from jianguan_cli.authoring.scaffold import scalar
from jianguan_cli.findings import UsageError
from jianguan_cli.resources import SCHEMA_NAMES, schema_dir

CI_FILES = {
    "github": (".github/workflows/jianguan.yml", """\
# 每次推送和合并请求时检查全部监管办法，问题以注释显示在合并请求中。
name: jianguan check
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install jianguan
      - run: jianguan check
"""),
    "gitlab": (".gitlab-ci.yml", """\
# 每次推送时检查全部监管办法；合并请求中显示代码质量报告和测试报告。
jianguan:
  image: python:3.11
  script:
    - pip install jianguan
    - jianguan check --format gitlab --output gl-code-quality-report.json || true
    - jianguan check --format junit --output jianguan-junit.xml
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
      junit: jianguan-junit.xml
"""),
}


def schema_line(root: Path, path: Path, name: str = "measure") -> str:
    """The first line of a file at `path`: its schema in the repository's schemas/ folder, relative to it."""
    schema = root / "schemas" / f"{name}.schema.json"
    relative = Path(os.path.relpath(schema.resolve(), path.resolve().parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def empty_catalog(district: str) -> str:
    """An annotated catalog.yaml without departments or items."""
    return f"""\
# yaml-language-server: $schema=schemas/catalog.schema.json
# {district}行政审批事项目录：每个事项都要在 measures/<部门编号>/<事项编码>.yaml 有一份事中事后监管办法。
district: {scalar(district)}

# 部门：id 用英文小写字母（也是 measures/ 下的文件夹名），name 为全称，short 为简称。例如：
#   - id: mz
#     name: 七里河区民政局
#     short: 区民政局
departments: []

# 事项：category 为 保留、取消、转移、承接下放、承接委托 或 前置改后置。例如：
#   - code: QLH-MZ-001
#     name: 养老机构设立许可
#     category: 保留
#     department: mz
#     co_departments: []      # 协办部门编号
#     intermediary: false     # 是否涉审中介服务
#     basis: 《养老机构设立许可办法》(民政部令第48号)
items: []
"""


def repository_files(district: str, ci: str) -> dict[str, str]:
    """Relative path → content of every file of a new data repository."""
    district_toml = json.dumps(district, ensure_ascii=False)  # a TOML basic string
    files = {
        "jianguan.toml": f"""\
# jianguan 设置。所有键都可以省略，省略时使用默认值。
district = {district_toml}
# catalog = "catalog.yaml"
# measures = "measures"
# output = "build"

[deadlines]
# 报区编办审核和公布的期限（实施意见六(三)）；某个部门另设期限写 [deadlines.部门编号]
submit = 2017-05-30
publish = 2017-06-30

[rules]
# 按规则编号调整级别：error、warning 或 off，例如 M409 = "off"
""",
        "catalog.yaml": empty_catalog(district),
        "measures/.gitkeep": "",
        ".gitignore": "build/\n",
        ".pre-commit-config.yaml": """\
# 提交前检查（https://pre-commit.com）：pip install pre-commit，然后运行 pre-commit install
repos:
  - repo: local
    hooks:
      - id: jianguan-lint
        name: jianguan lint（检查修改过的监管办法）
        entry: jianguan lint
        language: system
        files: ^measures/.*\\.ya?ml$
      - id: jianguan-check
        name: jianguan check（事项目录、覆盖情况和期限）
        entry: jianguan check
        language: system
        pass_filenames: false
        always_run: true
""",
        ".vscode/settings.json": """\
{
  "yaml.schemas": {
    "./schemas/measure.schema.json": "measures/**/*.yaml",
    "./schemas/catalog.schema.json": "catalog.yaml"
  },
  "files.encoding": "utf8",
  "editor.insertSpaces": true,
  "[yaml]": { "editor.tabSize": 2 }
}
""",
        "README.md": f"""\
# {district}行政审批事中事后监管办法

本仓库保存{district}各部门的行政审批事项事中事后监管办法，用 jianguan 检查和发布。

1. 运行 `jianguan catalog import 权责清单.xlsx` 从本区的事项清单导入部门和事项（也可以直接编辑 `catalog.yaml`）；
2. 运行 `jianguan new --all-missing`，为每个事项生成监管办法文件；
3. 把文件中的“待填写”换成实际内容，运行 `jianguan lint` 检查，`jianguan fmt` 整理格式；
4. 运行 `jianguan check` 检查覆盖情况和期限，`jianguan status` 查看各部门进度；
5. 运行 `jianguan render --format html,docx` 生成网站和公文格式的 Word 文件。

编辑器：VS Code 安装 “YAML”（Red Hat）扩展后，会按 `schemas/` 中的模板显示中文提示。
""",
    }
    for name in SCHEMA_NAMES:
        files[f"schemas/{name}.schema.json"] = (schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    if ci != "none":
        path, content = CI_FILES[ci]
        files[path] = content
    return files


def create_repository(target: Path, district: str, ci: str) -> list[str]:
    """Write a new data repository into `target`; refuses if any of its files already exists."""
    files = repository_files(district, ci)
    existing = [name for name in files if (target / name).exists()]
    if existing:
        raise UsageError(f"{target} 中已有这些文件，jianguan init 不会覆盖：{'、'.join(existing)}")
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return list(files)

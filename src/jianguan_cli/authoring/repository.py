"""A new data repository for a district: settings, catalogue, schemas, CI and editor files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
from pathlib import Path

from jianguan_cli.authoring.install_source import InstallSource
from jianguan_cli.authoring.scaffold import scalar
from jianguan_cli.deadlines import Deadlines
from jianguan_cli.fileio import write_atomic, write_error
from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.resources import SCHEMA_NAMES, schema_dir

SOURCE_UNKNOWN = "待填写：jianguan 的安装来源"
_SOURCE_HELP = ("改为本区 git 服务器或软件包镜像上的 jianguan，例如 "
                "pip install \"jianguan @ git+https://git.example.gov.cn/tools/jianguan.git@v0.1.0\""
                "（见 jianguan 的 README“本区如何托管 jianguan”）。")

# (id, name, command, what the hook runs on) of the hooks in jianguan's .pre-commit-hooks.yaml
HOOKS = (
    ("jianguan-lint", "jianguan lint（检查修改过的监管办法）", "jianguan lint", "files: ^measures/.*\\.ya?ml$"),
    ("jianguan-check", "jianguan check（事项目录、覆盖情况和期限）", "jianguan check",
     "pass_filenames: false\n        always_run: true"),
)


def _install_step(source: InstallSource | None, ci_path: str, indent: str, prefix: str) -> str:
    """The CI step that installs jianguan, or a marked placeholder that fails with a clear word."""
    if source is not None:
        return f"{indent}- {prefix}{scalar('pip install ' + shlex.quote(source.pip))}\n"
    return (f"{indent}# {SOURCE_UNKNOWN}（运行 jianguan init 的机器上无法确定）。{_SOURCE_HELP}\n"
            f"{indent}- {prefix}{scalar(f'echo {SOURCE_UNKNOWN}，见 {ci_path} && exit 1')}\n")


def ci_file(ci: str, source: InstallSource | None) -> tuple[str, str]:
    """(path, content) of the CI file for GitHub Actions or GitLab CI."""
    if ci == "github":
        path = ".github/workflows/jianguan.yml"
        return path, f"""\
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
{_install_step(source, path, "      ", "run: ")}      - run: jianguan check
"""
    path = ".gitlab-ci.yml"
    return path, f"""\
# 每次推送时检查全部监管办法；合并请求中显示代码质量报告和测试报告。
jianguan:
  image: python:3.11
  script:
{_install_step(source, path, "    ", "")}    - jianguan check --format gitlab --output gl-code-quality-report.json || true
    - jianguan check --format junit --output jianguan-junit.xml
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
      junit: jianguan-junit.xml
"""


def pre_commit_config(source: InstallSource | None) -> str:
    """.pre-commit-config.yaml: jianguan's own hooks from its git repository, or local hooks."""
    head = "# 提交前检查（https://pre-commit.com）：pip install pre-commit，然后运行 pre-commit install\n"
    if source is not None and source.repo:
        hooks = "".join(f"      - id: {hook_id}\n" for hook_id, *_ in HOOKS)
        return f"{head}repos:\n  - repo: {scalar(source.repo)}\n    rev: {scalar(source.rev)}\n    hooks:\n{hooks}"
    if source is None:
        head += (f"# {SOURCE_UNKNOWN}。下面的钩子使用本机已安装的 jianguan；知道本区 jianguan 的 git 地址后，"
                 "改为 repo: 地址 和 rev: 提交号（见 jianguan 的 README“本区如何托管 jianguan”）。\n")
        language = "system"
    else:
        language = f"python\n        additional_dependencies: [{scalar(source.pip)}]"
    hooks = "".join(f"""\
      - id: {hook_id}
        name: {name}
        entry: {entry}
        language: {language}
        {where}
""" for hook_id, name, entry, where in HOOKS)
    return f"{head}repos:\n  - repo: local\n    hooks:\n{hooks}"


def new_deadlines(submit: str | None, publish: str | None, today: dt.date) -> Deadlines:
    """Deadlines for a new repository from `--submit-by`/`--publish-by`: real dates, not yet past, in order."""
    days = {}
    for option, text in (("--submit-by", submit), ("--publish-by", publish)):
        if not text:
            continue
        try:
            days[option] = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise UsageError(f"{option} 应为日期，写作 年-月-日，如 {today.year + 1}-01-31（现在是“{text}”）。") from None
        if days[option] < today:
            raise UsageError(f"{option} {days[option]} 已经过去：新数据仓库的期限应在今天（{today}）之后。")
    deadlines = Deadlines(days.get("--submit-by"), days.get("--publish-by"))
    if deadlines.submit and deadlines.publish and deadlines.publish < deadlines.submit:
        raise UsageError(f"公布期限 {deadlines.publish} 早于报送期限 {deadlines.submit}：先报编办审核，再公布。")
    return deadlines


def _deadline_lines(deadlines: Deadlines) -> str:
    lines = [("submit", deadlines.submit), ("publish", deadlines.publish)]
    if not deadlines.dates:
        return ("# [deadlines]\n# 报编办审核和公布的期限（实施意见六(三)）。设定后 jianguan check 报告逾期（D701、D702），"
                "未设定时不检查。\n" + "".join(f"# {key} = 年-月-日\n" for key, _ in lines))
    return ("[deadlines]\n# 报编办审核和公布的期限（实施意见六(三)）；某个部门另设期限写 [deadlines.部门编号]\n"
            + "".join(f"{key} = {day.isoformat()}\n" if day else f"# {key} = 年-月-日（未设定，不检查）\n"
                      for key, day in lines))


def settings_file(district: str, deadlines: Deadlines) -> str:
    """jianguan.toml; deadlines stay commented out until the district sets them."""
    table = _deadline_lines(deadlines)
    return f"""\
# jianguan 设置。所有键都可以省略，省略时使用默认值。
district = {json.dumps(district, ensure_ascii=False)}
# catalog = "catalog.yaml"
# measures = "measures"
# output = "build"

{table}
# [publication]
# 要求制定监管办法的文件（不加书名号）和印发它的机关，网站和公文中引用：
# governing_document = "某某区人民政府办公室关于加强行政审批事中事后监管的实施意见"
# issuing_office = "某某区人民政府办公室"

[rules]
# 按规则编号调整级别：error、warning 或 off，例如 M409 = "off"
"""


def schema_line(root: Path, path: Path, name: str = "measure") -> str:
    """The first line of a file at `path`: its schema in the repository's schemas/ folder, relative to it."""
    schema = root / "schemas" / f"{name}.schema.json"
    relative = Path(os.path.relpath(schema.resolve(), path.resolve().parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def empty_catalog(district: str) -> str:
    """An annotated catalog.yaml without departments or items."""
    local = district.rsplit("市", 1)[-1] or district  # 兰州市红古区 → 红古区
    return f"""\
# yaml-language-server: $schema=schemas/catalog.schema.json
# {district}行政审批事项目录：每个事项都要在 measures/<部门编号>/<事项编码>.yaml 有一份事中事后监管办法。
district: {scalar(district)}

# 部门：id 用英文小写字母（也是 measures/ 下的文件夹名），name 为全称，short 为简称。例如：
#   - id: mz
#     name: {local}民政局
#     short: {local[-1:]}民政局
departments: []

# 事项：category 为 保留、取消、转移、承接下放、承接委托 或 前置改后置。例如：
#   - code: MZ-001
#     name: 养老机构设立许可
#     category: 保留
#     department: mz
#     co_departments: []      # 协办部门编号
#     intermediary: false     # 是否涉审中介服务
#     basis: 《养老机构设立许可办法》(民政部令第48号)
items: []
"""


def repository_files(district: str, ci: str, deadlines: Deadlines = Deadlines(),
                     source: InstallSource | None = None) -> dict[str, str]:
    """Relative path → content of every file of a new data repository."""
    files = {
        "jianguan.toml": settings_file(district, deadlines),
        "catalog.yaml": empty_catalog(district),
        "measures/.gitkeep": "",
        ".gitignore": "build/\n",
        ".pre-commit-config.yaml": pre_commit_config(source),
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
        path, content = ci_file(ci, source)
        files[path] = content
    return files


def create_repository(target: Path, district: str, ci: str, deadlines: Deadlines = Deadlines(),
                      source: InstallSource | None = None) -> list[str]:
    """Write a new data repository into `target`; refuses if any of its files already exists."""
    files = repository_files(district, ci, deadlines, source)
    existing = [name for name in files if (target / name).exists()]
    if existing:
        raise UsageError(f"{target} 中已有这些文件，jianguan init 不会覆盖：{'、'.join(existing)}")
    written: list[Path] = []
    stop = target if target.exists() else target.parent  # a folder the user made stays
    try:
        for name, content in files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content)
            written.append(path)
    except (JianguanError, OSError) as error:
        _remove(written, stop)  # a half-made repository would block the next init
        if isinstance(error, OSError):
            raise write_error(target, error) from None
        raise
    return list(files)


def _remove(written: list[Path], stop: Path) -> None:
    """Take back what an interrupted init wrote: its files, then the folders it left empty (up to `stop`)."""
    for path in written:
        path.unlink(missing_ok=True)
    for folder in sorted({p.parent for p in written}, key=lambda p: len(p.parts), reverse=True):
        while folder != stop and stop in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

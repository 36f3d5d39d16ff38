"""`init`, `schema` and `catalog import`: a district's repository and its catalogue."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianguan_cli.commands.base import app, current_settings, err
from jianguan_cli.fileio import write_atomic
from jianguan_cli.findings import UsageError


class CiSystem(str, enum.Enum):
    github = "github"
    gitlab = "gitlab"
    none = "none"


@app.command(short_help="新建一个区的数据仓库（设置、事项目录、模板、CI 和编辑器文件）。",
             help="在文件夹中新建数据仓库：jianguan.toml、带说明的空事项目录 catalog.yaml、measures/、schemas/、"
                  ".gitignore、.pre-commit-config.yaml、CI 文件、.vscode/settings.json 和中文说明。不会覆盖已有文件。")
def init(
    folder: Path = typer.Argument(..., help="新数据仓库的文件夹（不存在时创建）。"),
    district: Optional[str] = typer.Option(None, "--district", help="行政区全称，如 兰州市七里河区；不给出时询问。",
                                           show_default=False),
    ci: CiSystem = typer.Option(CiSystem.github, "--ci", help="生成哪种 CI 文件：github、gitlab 或 none。"),
    submit_by: Optional[str] = typer.Option(None, "--submit-by", show_default=False,
                                            help="报编办审核的期限（年-月-日，不能早于今天）；不给出时在终端上询问，"
                                                 "否则不设期限，check 不报告逾期。"),
    publish_by: Optional[str] = typer.Option(None, "--publish-by", show_default=False,
                                             help="公布的期限（年-月-日，不能早于报送期限）；不给出时同上。"),
    jianguan_source: Optional[str] = typer.Option(
        None, "--jianguan-source", show_default=False,
        help="CI 和提交前检查从哪里安装 jianguan：git+仓库地址@提交号（本区 git 服务器）、jianguan==版本号"
             "（本区软件包镜像）或安装包的 https 地址；默认用本机 jianguan 的来源，无法确定时写入待填写的占位。"),
) -> None:
    from jianguan_cli.authoring.install_source import parse_source, running_source
    from jianguan_cli.authoring.repository import create_repository, new_deadlines

    interactive = sys.stdin.isatty()
    if district is None:
        if not interactive:
            raise UsageError("请用 --district 给出行政区全称，如 --district 兰州市七里河区。")
        district = typer.prompt("行政区全称（如 兰州市七里河区）")
    if interactive and submit_by is None and publish_by is None:
        submit_by = typer.prompt("报编办审核的期限（年-月-日，直接回车表示暂不设定）", default="", show_default=False)
        publish_by = typer.prompt("公布的期限（年-月-日，直接回车表示暂不设定）", default="", show_default=False)
    deadlines = new_deadlines(submit_by, publish_by, dt.date.today())
    source = parse_source(jianguan_source) if jianguan_source else running_source()
    written = create_repository(folder, district.strip(), ci.value, deadlines, source)
    console = Console(highlight=False, soft_wrap=True, markup=False)
    console.print(f"已在 {folder} 新建数据仓库（{len(written)} 个文件）。")
    if not deadlines.dates:
        console.print("没有设定报送和公布期限：jianguan check 不报告逾期，设定后在 jianguan.toml 的 [deadlines] 中填写。")
    if source is None:
        err.print("注意：无法确定本机 jianguan 的安装来源，CI 文件和 .pre-commit-config.yaml 中写了“待填写”的占位，"
                  "请改为本区 git 服务器或软件包镜像上的 jianguan（或用 --jianguan-source 重新生成）。", markup=False)
    else:
        console.print(f"CI 和提交前检查从这里安装 jianguan：{source.pip}（{source.origin}）")
    console.print("下一步：")
    console.print("  1. 运行 jianguan catalog import 权责清单.xlsx 导入部门和事项（或直接编辑 catalog.yaml）；")
    console.print("  2. 运行 jianguan new --all-missing 为每个事项生成监管办法文件。")


@app.command(short_help="输出或保存 JSON Schema（供编辑器显示中文提示）。",
             help="输出 JSON Schema（measure、catalog、report 或 diff，默认 measure）；"
                  "加 --out 文件夹 时把全部 Schema 都保存到该文件夹，供编辑器使用。")
def schema(
    name: str = typer.Argument("measure", help="measure（监管办法）、catalog（事项目录）、report（检查报告）"
                                               "或 diff（修订对照报告）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="把全部 Schema 保存到这个文件夹。",
                                       show_default=False),
) -> None:
    from jianguan_cli.resources import SCHEMA_NAMES, schema_dir

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for schema_name in SCHEMA_NAMES:
            target = out / f"{schema_name}.schema.json"
            write_atomic(target, (schema_dir() / target.name).read_text(encoding="utf-8"))
            Console(highlight=False, soft_wrap=True).print(f"已保存 {target}")
        return
    if name not in SCHEMA_NAMES:
        raise UsageError(f"没有 Schema “{name}”，可选：{'、'.join(SCHEMA_NAMES)}。")
    sys.stdout.write((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))


catalog_app = typer.Typer(help="事项目录（catalog.yaml）相关命令。", no_args_is_help=True,
                          rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})


app.add_typer(catalog_app, name="catalog", short_help="事项目录：从权责清单表格导入。")


@catalog_app.command("import", short_help="从权责清单或行政许可事项清单（.xlsx、.csv）导入事项目录。",
                     help="从权责清单或行政许可事项清单（.xlsx，或 UTF-8、GBK 编码的 .csv）导入事项和部门到 "
                          "catalog.yaml：按常见的中文表头（事项编码、事项名称、事项类别、实施主体、设定依据、"
                          "共同审批部门……）认列，认不出的列用 --map 指定。已有的 catalog.yaml 只增改表格中的事项，"
                          "注释和其他事项保持不变。不能导入的行会列出行号，此时退出码为 1。")
def catalog_import(
    file: Path = typer.Argument(..., help="表格文件（.xlsx 或 .csv）。"),
    mapping: Optional[list[str]] = typer.Option(None, "--map", "-m", show_default=False,
                                                help="指定列：列名=字段，可写多次，如 --map 行政许可事项代码=code；"
                                                     "字段为 code、name、category、department、department_id、"
                                                     "department_short、co_departments、intermediary、basis 或其中文名。"),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="工作表名称，默认为第一个工作表。",
                                        show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="只预览对 catalog.yaml 的改动，不写入。"),
) -> None:
    from jianguan_cli.interchange.catalog_import import parse_mapping
    from jianguan_cli.interchange.catalog_merge import plan_import
    from jianguan_cli.interchange.spreadsheet import read_rows

    settings = current_settings()
    mapped = parse_mapping(list(mapping or []))
    display = settings.catalog
    try:
        before, imported, report = plan_import(settings, read_rows(file, sheet), mapped)
    except UsageError as error:
        raise UsageError(f"{file}：{error}") from None
    console = Console(highlight=False, soft_wrap=True, markup=False)  # cells may hold [brackets]
    console.print(f"{file} 第 {imported.header_row} 行为表头，读取的列：{_column_names(imported.columns)}")
    for note in imported.notes:
        err.print(f"提示：{note}", markup=False)
    for skipped in imported.skipped:
        console.print(f"跳过第 {skipped.row} 行“{skipped.message}”：不是事项（标题、说明或备注）。")
    for written, full in imported.derived:
        console.print(f"部门全称由简称推断：{written} → {full}（请在 catalog.yaml 中核对）")
    for problem in imported.problems:
        err.print(f"{file} 第 {problem.row} 行：{problem.message}", markup=False)
    _print_merge(console, report)
    if imported.problems:
        console.print(f"有 {len(imported.problems)} 行未导入，原因见各行的说明；改正表格后可再次导入。")
    if dry_run:
        sys.stdout.write("".join(difflib.unified_diff(before.splitlines(True), report.text.splitlines(True),
                                                      f"{display}（原）", f"{display}（导入后）")))
        console.print(f"（预览，未写入 {display}）")
    elif report.text != before:
        write_atomic(settings.catalog_path, report.text)
        console.print(f"已写入 {display}。下一步：jianguan new --all-missing 为每个事项生成监管办法文件。")
    raise typer.Exit(1 if imported.problems else 0)


def _column_names(columns: dict[str, str]) -> str:
    from jianguan_cli.interchange.catalog_import import FIELDS

    return "、".join(header if header == FIELDS[key][0] else f"{header}（{FIELDS[key][0]}）"
                    for key, header in columns.items())


def _print_merge(console: Console, report) -> None:
    console.print(f"新增事项 {len(report.added)} 个，更新 {len(report.changed)} 个，未变 {report.unchanged} 个。")
    if report.departments:
        console.print(f"新增部门：{'、'.join(report.departments)}（编号可在 catalog.yaml 中修改）")
    for code, changes in report.changed:
        console.print(f"  {code}：{'；'.join(changes)}")
    if report.untouched:
        console.print(f"目录中另有 {len(report.untouched)} 个事项不在表格中，未作改动。")

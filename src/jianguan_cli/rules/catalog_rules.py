"""The catalogue itself (catalog.yaml): codes unique, departments known (checked by `jianguan check`)."""

from __future__ import annotations

from collections.abc import Iterator

from jianguan_cli.findings import Problem, Severity
from jianguan_cli.rules.base import CATALOG, RepositoryContext, rule
from jianguan_cli.safe_text import looks_like_formula, safe_name


def _at(path: tuple, message: str, hint: str) -> Problem:
    """A problem of the catalogue entry at `path`."""
    return Problem(message, hint, path)


def _entries(ctx: RepositoryContext, key: str) -> Iterator[tuple[int, dict]]:
    data = ctx.catalog.document.data
    for index, entry in enumerate(data.get(key, [])):
        yield index, entry


@rule("K805", "empty-catalog", "事项目录中没有事项", stage=CATALOG)
def check_not_empty(ctx: RepositoryContext):
    """事项目录中至少要有一个事项：没有事项时，“每个事项都有监管办法”无从检查，覆盖率也没有意义。

    好的写法::

        items:
          - {code: QLH-MZ-001, name: 养老机构设立许可, category: 保留, department: mz}

    有问题的写法（jianguan init 之后还没有导入事项）::

        items: []
    """
    if not ctx.catalog.document.data.get("items"):
        yield _at(("items",), "事项目录中还没有事项",
                  "运行 jianguan catalog import 权责清单.xlsx 导入本区的事项，或在 catalog.yaml 的 items 下逐项填写。")


@rule("K801", "duplicate-code", "事项编码重复", stage=CATALOG)
def check_duplicate_codes(ctx: RepositoryContext):
    """事项目录中每个事项编码只能出现一次。

    好的写法::

        items:
          - code: QLH-MZ-001
          - code: QLH-MZ-002

    有问题的写法::

        items:
          - code: QLH-MZ-001
          - code: QLH-MZ-001
    """
    first: dict[str, int] = {}
    for index, item in _entries(ctx, "items"):
        if item["code"] in first:
            line, _ = ctx.catalog.document.locate(("items", first[item["code"]], "code"))
            yield _at(("items", index, "code"), f"事项编码 {item['code']} 重复（第 {line} 行已有）",
                      "每个事项只登记一次；确属两个事项的，给其中一个换一个编码。")
        else:
            first[item["code"]] = index


@rule("K802", "unregistered-department", "实施部门不在部门列表中", stage=CATALOG)
def check_departments(ctx: RepositoryContext):
    """事项的实施部门（department）必须是 departments 中登记的部门编号。

    好的写法::

        departments:
          - {id: mz, name: 七里河区民政局, short: 区民政局}
        items:
          - {code: QLH-MZ-001, name: 养老机构设立许可, category: 保留, department: mz}

    有问题的写法（没有登记 mzj）::

        items:
          - {code: QLH-MZ-001, name: 养老机构设立许可, category: 保留, department: mzj}
    """
    known = ctx.catalog.departments
    for index, item in _entries(ctx, "items"):
        if item["department"] not in known:
            yield _at(("items", index, "department"), f"实施部门 {item['department']} 不在 departments 中",
                      f"在 departments 中登记该部门，或改为已登记的编号：{'、'.join(known)}")


@rule("K803", "unknown-co-department", "协办部门不对", stage=CATALOG)
def check_co_departments(ctx: RepositoryContext):
    """事项的协办部门（co_departments）必须是 departments 中登记的部门编号，且不能是实施部门本身。

    好的写法::

        - {code: QLH-JY-004, name: 校车使用许可, category: 保留, department: jy, co_departments: [ga, jt]}

    有问题的写法::

        - {code: QLH-JY-004, name: 校车使用许可, category: 保留, department: jy, co_departments: [jy, gaj]}
    """
    known = ctx.catalog.departments
    for index, item in _entries(ctx, "items"):
        for position, dept in enumerate(item.get("co_departments", [])):
            path = ("items", index, "co_departments", position)
            if dept == item["department"]:
                yield _at(path, f"协办部门 {dept} 就是该事项的实施部门",
                          "从 co_departments 中删除实施部门。")
            elif dept not in known:
                yield _at(path, f"协办部门 {dept} 不在 departments 中",
                          "在 departments 中登记该部门（协办部门也要登记），或改为已登记的编号。")


@rule("K804", "duplicate-department", "部门重复", stage=CATALOG)
def check_duplicate_departments(ctx: RepositoryContext):
    """departments 中每个部门的编号、全称和简称都不能与其他部门相同，否则监管办法中写的部门名称会有歧义。
    同一个部门的全称和简称可以相同（如“某某公安分局”）。

    好的写法::

        departments:
          - {id: mz, name: 七里河区民政局, short: 区民政局}
          - {id: wj, name: 七里河区卫生和计划生育局, short: 区卫计局}

    有问题的写法::

        departments:
          - {id: mz, name: 七里河区民政局, short: 区民政局}
          - {id: mz2, name: 七里河区民政局, short: 民政局}
    """
    kinds = {"id": "编号", "name": "全称", "short": "简称"}
    seen: dict[str, tuple[int, str]] = {}  # a name → the department that has it, and as what
    for index, dept in _entries(ctx, "departments"):
        for key in ("id", "name", "short"):
            owner = seen.setdefault(dept[key], (index, kinds[key]))
            if owner[0] != index:  # one department may have the same full and short name
                yield _at(("departments", index, key), f"部门{owner[1]}“{dept[key]}”重复",
                          "每个部门只登记一次，编号、全称、简称各不相同。")


@rule("K806", "file-name-collision", "事项编码生成的文件名相同", stage=CATALOG)
def check_file_names(ctx: RepositoryContext):
    """网页、Word 文件的文件名由事项编码生成（只保留字母、数字、-、_、.，不分大小写，最长 100 个字符）。
    两个事项编码生成同一个文件名时，一个事项的页面会覆盖另一个，所以 jianguan render 拒绝生成。

    好的写法::

        items:
          - code: QLH-MZ-001
          - code: QLH-MZ-002

    有问题的写法（“X-1.” 去掉末尾的点后就是 “X-1”）::

        items:
          - code: X-1
          - code: X-1.
    """
    first: dict[str, str] = {}
    for index, item in _entries(ctx, "items"):
        name = safe_name(str(item["code"])).casefold()
        if name in first and first[name] != item["code"]:
            yield _at(("items", index, "code"),
                      f"事项编码 {item['code']} 与 {first[name]} 生成的文件名相同（{name}.html）",
                      "换一个只用字母、数字和短横线、且与其他事项不同的编码。")
        first.setdefault(name, item["code"])


@rule("K807", "catalog-formula-like-text", "以公式符号开头的文字", Severity.WARNING, stage=CATALOG)
def check_formula_like(ctx: RepositoryContext):
    """事项目录中以 =、+、-、@ 开头（或以 Tab、回车开头）的文字，在 Excel 等电子表格中会被当作公式执行
    （“公式注入”）。jianguan export 会把它们作为文字导出，但其他系统导出时可能不会：请核对是否写错。

    好的写法::

        - {code: QLH-MZ-001, name: 养老机构设立许可, category: 保留, department: mz}

    有问题的写法::

        - {code: QLH-MZ-001, name: '=HYPERLINK("http://x")', category: 保留, department: mz}
    """
    for key in ("departments", "items"):
        for index, entry in _entries(ctx, key):
            for field, value in entry.items():
                if isinstance(value, str) and looks_like_formula(value):
                    yield _at((key, index, field), f"“{value[:20]}”以“{value[:1]}”开头，电子表格会把它当作公式",
                              "去掉开头的符号；确实需要时可以保留，jianguan export 会把它作为文字导出。")

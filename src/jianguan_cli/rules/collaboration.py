"""Items run by several departments need a lead and partners with duties (实施意见四(二)2)."""

from __future__ import annotations

from jianguan_cli.catalog import Department
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import RuleContext, rule


def _named(dept: Department) -> str:
    return f"{dept.short}（{dept.id}）"


@rule("M405", "collaboration-required", "缺少协同监管", needs_catalog=True, quick_fix="collaboration")
def check_required(ctx: RuleContext):
    """事项目录中有协办部门（co_departments）的事项，必须写协同监管（collaboration），
    明确主办部门和协办部门及其职责。

    好的写法（目录中 QLH-MZ-004 的协办部门是 scjg）::

        collaboration:
          lead: 区民政局
          partners:
            - department: 区市场监管局
              duties: 负责企业登记信息共享，依法查处无照经营行为。

    有问题的写法（目录中有协办部门，文件中却没有 collaboration）::

        item:
          code: QLH-MZ-004
    """
    item = ctx.item
    if item is not None and item.co_departments and "collaboration" not in ctx.data:
        partners = "、".join(_named(ctx.catalog.departments[d]) if d in ctx.catalog.departments else d
                            for d in item.co_departments)
        yield Problem(f"该事项有协办部门（{partners}），但没有写协同监管 collaboration",
                      "添加 collaboration:，写明 lead（主办部门）和 partners（每个协办部门的 department 和 duties）。")


@rule("M406", "collaboration-lead", "主办部门不对", needs_catalog=True)
def check_lead(ctx: RuleContext):
    """协同监管的主办部门（collaboration.lead）必须是事项目录中该事项的实施部门。
    部门可以写编号、全称或简称。

    好的写法::

        collaboration:
          lead: 区民政局

    有问题的写法（目录中该事项由民政局实施）::

        collaboration:
          lead: 区市场监管局
    """
    item, lead = ctx.item, ctx.get("collaboration", "lead")
    if item is None or not isinstance(lead, str):
        return
    dept = ctx.catalog.department(lead)
    if dept is not None and dept.id != item.department:
        owner = ctx.catalog.departments.get(item.department)
        expected = owner.short if owner else item.department
        yield Problem(f"主办部门应为事项目录中的实施部门 {expected}，现在是 {lead}",
                      f"改为：lead: {expected}；若目录有误，请联系区编办更正事项目录。",
                      ("collaboration", "lead"))


@rule("M407", "collaboration-partners", "协办部门不全", needs_catalog=True)
def check_partners(ctx: RuleContext):
    """事项目录中的每个协办部门都必须出现在 collaboration.partners 中，并写明职责。

    好的写法（目录中的协办部门为 ga、jt）::

        collaboration:
          lead: 区教育局
          partners:
            - department: 七里河公安分局
              duties: 负责校车通行安全管理，查处校车交通违法行为。
            - department: 区交通运输局
              duties: 负责审查校车线路和站点设置。

    有问题的写法（缺少 jt）::

        collaboration:
          lead: 区教育局
          partners:
            - department: 七里河公安分局
              duties: 负责校车通行安全管理。
    """
    item = ctx.item
    if item is None or not isinstance(ctx.get("collaboration", "partners"), list):
        return
    listed = set()
    for _, entry in ctx.items_of("collaboration", "partners"):
        dept = ctx.catalog.department(str(entry.get("department", "")))
        if dept is not None:
            listed.add(dept.id)
    for dept_id in item.co_departments:
        if dept_id not in listed:
            dept = ctx.catalog.departments.get(dept_id)
            name = _named(dept) if dept else dept_id
            yield Problem(f"事项目录中的协办部门 {name} 没有列在协办部门中",
                          f"在 partners 下添加：- department: {dept.short if dept else dept_id}，并写明 duties。",
                          ("collaboration", "partners"), at_key=True)


@rule("M408", "unknown-department", "部门名称不在目录中", needs_catalog=True)
def check_department_names(ctx: RuleContext):
    """协同监管中写的部门必须能在事项目录的部门中找到（编号、全称或简称均可）。

    好的写法::

        collaboration:
          lead: 区民政局
          partners:
            - department: 七里河区市场监督管理局

    有问题的写法（目录中没有“区工商局”）::

        collaboration:
          lead: 区民政局
          partners:
            - department: 区工商局
    """
    if ctx.catalog is None:
        return
    named = [(("collaboration", "lead"), ctx.get("collaboration", "lead"))]
    named += [(("collaboration", "partners", i, "department"), entry.get("department"))
              for i, entry in ctx.items_of("collaboration", "partners")]
    for path, name in named:
        if isinstance(name, str) and name.strip() and ctx.catalog.department(name) is None:
            guess = ctx.catalog.suggest_department(name)
            hint = f"是否想写 {guess}？" if guess else "写事项目录 departments 中的编号、全称或简称。"
            yield Problem(f"部门“{name}”不在事项目录的部门中", hint, path)

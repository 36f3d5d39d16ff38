"""Rules tying a measure to its catalogue item: code, name and file location."""

from __future__ import annotations

from pathlib import PurePosixPath

from jianguan_cli.catalog import expected_path
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import RuleContext, rule


@rule("C301", "unknown-item", "事项编码不在目录中", needs_catalog=True)
def check_item_code(ctx: RuleContext):
    """事项编码（item.code）必须是事项目录 catalog.yaml 中的编码。

    好的写法::

        item:
          code: QLH-MZ-004

    有问题的写法（目录中没有这个编码）::

        item:
          code: QLH-MZ-04
    """
    code = ctx.get("item", "code")
    if isinstance(code, str) and ctx.item is None:
        guess = ctx.catalog.suggest_code(code)
        hint = f"是否想写 {guess}？" if guess else "核对事项目录 catalog.yaml 中的事项编码。"
        yield Problem(f"事项编码 {code} 不在事项目录中", hint, ("item", "code"))


@rule("C302", "item-name", "事项名称与目录不一致", needs_catalog=True)
def check_item_name(ctx: RuleContext):
    """事项名称（item.name）必须与事项目录中的名称一字不差。

    好的写法::

        item:
          code: QLH-MZ-001
          name: 养老机构设立许可

    有问题的写法::

        item:
          code: QLH-MZ-001
          name: 养老机构许可
    """
    name = ctx.get("item", "name")
    item = ctx.item
    named = ctx.catalog.items.get(PurePosixPath(ctx.path).stem) if item is not None else None
    if named is not None and named.code != item.code and isinstance(name, str) and name.strip() == named.name:
        return  # the name is the file's item, the code was copied wrong: C303 says so
    if item is not None and isinstance(name, str) and name.strip() != item.name:
        yield Problem(f"事项名称与事项目录不一致：目录中为“{item.name}”",
                      f"改为：name: {item.name}", ("item", "name"))


@rule("C303", "file-location", "文件位置不对", needs_catalog=True)
def check_file_location(ctx: RuleContext):
    """文件必须放在 measures/<部门编号>/<事项编码>.yaml，部门是目录中该事项的实施部门。

    好的做法::

        measures/mz/QLH-MZ-004.yaml

    有问题的做法（放错了部门文件夹，或文件名不是事项编码）::

        measures/wj/QLH-MZ-004.yaml
        measures/mz/假肢企业监管办法.yaml
    """
    item = ctx.item
    if item is None:
        return
    expected = expected_path(ctx.measures_dir, item.department, item.code)
    if ctx.path == expected:
        return
    named = ctx.catalog.items.get(PurePosixPath(ctx.path).stem)
    if named is not None and named.code != item.code:  # QLH-MZ-001.yaml copied to QLH-MZ-002.yaml
        yield Problem(f"文件名是事项 {named.code}（{named.name}）的编码，但 item.code 写的是 {item.code}："
                              "可能是复制文件后没有修改 item.code",
                      f"如果这是 {named.code} 的监管办法，把 item.code 改为 {named.code}、item.name 改为"
                      f"“{named.name}”；如果确是 {item.code} 的，文件应放在 {expected}。", ("item", "code"))
        return
    yield Problem(f"文件位置不对，应为 {expected}",
                  "文件夹用实施部门的编号，文件名用事项编码：请移动或重命名文件。",
                  ("item", "code"))

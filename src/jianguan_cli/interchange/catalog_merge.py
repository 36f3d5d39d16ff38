"""Imported items merged into catalog.yaml text, keeping its comments and layout."""

from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken

from jianguan_cli.authoring.roundtrip import dumped, round_trip_yaml
from jianguan_cli.fileio import TooLarge, Unreadable, read_regular
from jianguan_cli.findings import JianguanError
from jianguan_cli.interchange.catalog_import import FIELDS, CatalogImporter, ImportedItem, ImportResult
from jianguan_cli.interchange.spreadsheet import Row
from jianguan_cli.loading import load_bytes
from jianguan_cli.settings import Settings

ITEM_KEYS = ("name", "category", "department", "co_departments", "intermediary", "basis")


@dataclass
class MergeReport:
    """What the import changes in catalog.yaml, and the new text."""

    text: str
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # code, “字段：旧 → 新”
    unchanged: int = 0
    untouched: list[str] = field(default_factory=list)  # in the catalogue, not in the spreadsheet
    departments: list[str] = field(default_factory=list)


def plan_import(settings: Settings, rows: list[Row], mapping: dict[str, str]):
    """(catalog.yaml before, what the rows give, the merge) — checked, nothing written."""
    before = _catalog_text(settings)
    data = catalog_data(before, settings.catalog)
    importer = CatalogImporter(str(data.get("district") or settings.district), list(data.get("departments") or []),
                               mapping)
    imported = importer.read(rows)
    report = merge(data, imported)
    _verify(report.text, settings.catalog)
    return before, imported, report


def _catalog_text(settings: Settings) -> str:
    from jianguan_cli.authoring.repository import empty_catalog

    path = settings.catalog_path
    if not path.exists() and not path.is_symlink():
        return empty_catalog(settings.district)
    try:
        raw = read_regular(path, settings.limits.file_size_bytes, settings.root)
    except (Unreadable, TooLarge) as error:
        reason = error.message if isinstance(error, Unreadable) else "文件过大"
        raise JianguanError(f"无法读取事项目录 {settings.catalog}（{reason}），请先运行 jianguan check。") from None
    # the comment-keeping reader is pure Python and recursive: only text jianguan's own loader
    # accepts (nesting, aliases, encoding within the limits) goes to it
    document = load_bytes(raw, settings.catalog, frozenset(), settings.limits)
    if not document.parsed or document.problems:
        problem = document.problems[0] if document.problems else None
        where = f"第 {problem.line} 行：{problem.message}" if problem else "无法读取"
        raise JianguanError(f"事项目录 {settings.catalog} {where}。请先运行 jianguan check 查看并修正。")
    return document.text


def _verify(text: str, display: str) -> None:
    """Refuse to write a catalogue that jianguan itself would reject."""
    from jianguan_cli.catalog import CatalogError, parse_catalog

    try:
        parse_catalog(text.encode("utf-8"), display)
    except CatalogError as error:
        details = "；".join(problem.message for problem in error.problems[:3])
        raise JianguanError(f"导入后的 {display} 不符合格式，未写入：{details or error}") from None


def catalog_data(text: str, display_path: str):
    """catalog.yaml as a comment-keeping mapping."""
    try:
        data = round_trip_yaml().load(text)
    except RecursionError:
        raise JianguanError(f"事项目录 {display_path} 嵌套层数过多，无法读取，请先运行 jianguan check 查看并修正。") from None
    except YAMLError as error:
        raise JianguanError(f"事项目录 {display_path} 无法读取：{error}，请先运行 jianguan check 查看并修正。") from None
    if not isinstance(data, CommentedMap):
        raise JianguanError(f"事项目录 {display_path} 的最外层应是“district、departments、items”等键。")
    return data


def merge(data: CommentedMap, imported: ImportResult) -> MergeReport:
    """Add new departments and items to `data`, update changed items, and report what changed."""
    report = MergeReport(text="")
    departments = _block_list(data, "departments")
    for dept in imported.new_departments:
        departments.append(CommentedMap(dept))
        report.departments.append(f"{dept['id']}（{dept['name']}）")
    items = _block_list(data, "items")
    existing = {str(entry.get("code")): entry for entry in items if isinstance(entry, dict)}
    for position, item in enumerate(imported.items):
        if item.code not in existing:
            existing[item.code] = _new_entry(item)
            _insert(items, _place(items, imported.items, position), existing[item.code])
            report.added.append(item.code)
            continue
        changes = _update(existing[item.code], item)
        if changes:
            report.changed.append((item.code, changes))
        else:
            report.unchanged += 1
    seen = {item.code for item in imported.items}
    if seen:  # a sheet of departments only leaves every item alone without saying so
        report.untouched = [code for code in existing if code not in seen]
    report.text = dumped(round_trip_yaml(), data)
    return report


def _place(items: CommentedSeq, sheet: list[ImportedItem], position: int) -> int:
    """Where a new item goes: after its neighbour in the sheet of the same department, else after
    the department's last item in the catalogue, else at the end."""
    department = sheet[position].department
    index_of = {str(entry.get("code")): index for index, entry in enumerate(items) if isinstance(entry, dict)}
    for earlier in reversed(sheet[:position]):
        if earlier.department == department and earlier.code in index_of:
            return index_of[earlier.code] + 1
    for later in sheet[position + 1:]:
        if later.department == department and later.code in index_of:
            return index_of[later.code]
    same = [index for index, entry in enumerate(items) if isinstance(entry, dict)
            and entry.get("department") == department]
    return same[-1] + 1 if same else len(items)


def _insert(items: CommentedSeq, index: int, entry: CommentedMap) -> None:
    """Insert `entry`; a comment that stood after the previous entry (a group heading) moves below it."""
    items.insert(index, entry)
    previous = items[index - 1] if index > 0 else None
    if index == len(items) - 1 or not isinstance(previous, CommentedMap) or not previous:
        return
    last = list(previous)[-1]
    slot = previous.ca.items.get(last)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or "\n" not in token.value:
        return
    cut = token.value.index("\n") + 1
    head, rest = token.value[:cut], token.value[cut:]
    if not rest:
        return
    if head == "\n":
        slot[2] = None
    else:
        token.value = head
    entry.ca.items[list(entry)[-1]] = [None, None, CommentToken("\n" + rest, token.start_mark, None), None]


def _block_list(data: CommentedMap, key: str) -> CommentedSeq:
    value = data.get(key)
    if not isinstance(value, CommentedSeq):
        value = CommentedSeq()
        data[key] = value
    if not value:
        value.fa.set_block_style()  # `items: []` from init becomes a block list
    return value


def _new_entry(item: ImportedItem) -> CommentedMap:
    entry = CommentedMap(code=item.code)
    for key in ITEM_KEYS:
        value = _value(item, key)
        if value:  # leave out what is empty or false, as staff write it
            entry[key] = value
    return entry


def _update(entry: CommentedMap, item: ImportedItem) -> list[str]:
    changes = []
    for key in ITEM_KEYS:
        new = _value(item, key)
        if new is None or (key == "basis" and not new):  # no column, or an empty basis: keep ours
            continue
        old = entry.get(key, _absent(key))
        if _plain(old) == _plain(new):
            continue
        changes.append(f"{FIELDS[key][0]}：{_shown(old)} → {_shown(new)}")
        entry[key] = new
    return changes


def _value(item: ImportedItem, key: str):
    value = getattr(item, key)
    if key == "co_departments" and value is not None:
        listed = CommentedSeq(value)
        listed.fa.set_flow_style()
        return listed
    return value


def _absent(key: str):
    return {"co_departments": [], "intermediary": False}.get(key, "")


def _plain(value):
    return list(value) if isinstance(value, (list, tuple)) else value


def _shown(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value)) or "（无）"
    return str(value) if value != "" else "（空）"

"""A 权责清单 / 行政许可事项清单 spreadsheet → items and departments of catalog.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianguan_cli.domain import CATEGORY_TOPICS
from jianguan_cli.findings import UsageError
from jianguan_cli.interchange.spreadsheet import Row

# catalogue field → (the label staff know, the headers spreadsheets use for it)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("事项编码", ("事项编码", "项目编码", "事项代码", "基本编码", "实施编码", "编码", "code")),
    "name": ("事项名称", ("事项名称", "项目名称", "审批事项名称", "许可事项名称", "审批项目名称", "名称", "name")),
    "category": ("事项类别", ("事项类别", "审批类别", "改革类别", "处理类别", "类别", "category")),
    "department": ("实施主体", ("实施主体", "实施机关", "实施部门", "主办部门", "审批部门", "责任部门",
                              "责任单位", "部门名称", "部门", "department")),
    "department_id": ("部门编号", ("部门编号", "部门id", "department_id")),
    "department_short": ("部门简称", ("部门简称", "department_short")),
    "co_departments": ("共同审批部门", ("共同审批部门", "协办部门", "配合部门", "会同部门", "co_departments")),
    "intermediary": ("涉审中介服务", ("涉审中介服务", "是否涉及中介服务", "涉及中介服务", "中介服务",
                                  "intermediary")),
    "basis": ("设定依据", ("设定依据", "实施依据", "法律依据", "依据", "basis")),
}
REQUIRED = ("code", "name", "department")
DEPARTMENT_FIELDS = ("department", "department_id", "department_short")  # a sheet of departments only
HEADER_SEARCH_ROWS = 20

CATEGORY_ALIASES = {"下放": "承接下放", "承接": "承接下放", "委托": "承接委托", "改后置": "前置改后置",
                    "前置审批改后置审批": "前置改后置", "取消审批": "取消", "转移职能": "转移"}
TRUE_WORDS = {"是", "有", "涉及", "true", "yes", "y", "1", "√", "✓"}
FALSE_WORDS = {"", "否", "无", "不涉及", "false", "no", "n", "0", "×", "/", "-", "—"}
LIST_SEPARATORS = re.compile(r"[;；,，、/\s]+")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

# Usual department names → the short ids (pinyin initials) districts give their folders.
DEPARTMENT_IDS = (
    ("发展和改革", "fg"), ("发展改革", "fg"), ("发改", "fg"), ("民族宗教", "mzzj"), ("民政", "mz"),
    ("教育", "jy"), ("卫生", "wj"), ("文化", "wg"), ("住房", "zj"), ("住建", "zj"), ("交通", "jt"),
    ("水务", "sw"), ("水利", "sl"), ("农林", "nl"), ("农业", "ny"), ("林业", "ly"), ("安全生产", "aj"),
    ("安监", "aj"), ("应急管理", "yj"), ("人力资源", "rs"), ("人社", "rs"), ("市场监督", "scjg"),
    ("市场监管", "scjg"), ("公安", "ga"), ("财政", "cz"), ("自然资源", "zr"), ("国土", "gt"),
    ("生态环境", "sthj"), ("环境保护", "hb"), ("环保", "hb"), ("商务", "sm"), ("司法", "sf"),
    ("审计", "sj"), ("统计", "tj"), ("科技", "kj"), ("工业和信息化", "gx"), ("工信", "gx"),
    ("城市管理", "cg"), ("城管", "cg"), ("退役军人", "tyjr"), ("医疗保障", "yb"), ("体育", "ty"),
    ("旅游", "lv"), ("档案", "da"), ("气象", "qx"), ("消防", "xf"), ("税务", "swj"), ("规划", "gh"),
)


@dataclass(frozen=True, slots=True)
class ImportedItem:
    """An item read from one row; None means the spreadsheet has no column for that field."""

    row: int
    code: str
    name: str
    category: str
    department: str
    co_departments: tuple[str, ...] | None = None
    intermediary: bool | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    message: str


@dataclass
class ImportResult:
    """What a spreadsheet gives: usable items, unusable rows, departments to add, notes."""

    header_row: int
    columns: dict[str, str]  # field → the header it was read from
    items: list[ImportedItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    new_departments: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_mapping(entries: list[str]) -> dict[str, str]:
    """`--map 列名=字段` options → header → field; fields may be given as key or Chinese label."""
    by_label = {label: key for key, (label, _) in FIELDS.items()}
    mapping = {}
    for entry in entries:
        header, sep, target = entry.partition("=")
        target = by_label.get(target.strip(), target.strip())
        if not sep or not header.strip() or target not in FIELDS:
            choices = "、".join(f"{key}（{label}）" for key, (label, _) in FIELDS.items())
            raise UsageError(f"--map {entry} 的写法应为 列名=字段，字段可选：{choices}")
        mapping[_normal(header)] = target
    return mapping


class CatalogImporter:
    """Reads items from spreadsheet rows against the departments the catalogue already has."""

    def __init__(self, district: str, departments: list[dict], mapping: dict[str, str] | None = None) -> None:
        self.district = district
        self.mapping = mapping or {}
        self.known: dict[str, str] = {}  # id, full or short name → id
        self.taken: set[str] = set()
        for dept in departments:
            self._remember(dept)
        self.result: ImportResult | None = None

    def read(self, rows: list[Row]) -> ImportResult:
        header_row, columns = self._header(rows)
        labels = {key: rows[header_row - 1].cells[index] for key, index in columns.items()}
        self.result = result = ImportResult(header_row, labels)
        departments_only = "code" not in columns
        if "category" not in columns and not departments_only:
            result.notes.append("表格中没有“事项类别”列：全部事项按“保留”导入，请在 catalog.yaml 中核对。")
        header_cells = rows[header_row - 1].cells
        first_row_of: dict[str, int] = {}
        for row in rows[header_row:]:
            if row.blank or _is_title(row) or row.cells == header_cells:
                continue
            try:
                if departments_only:
                    self._department(*(_cell(row, columns, key) for key in DEPARTMENT_FIELDS))
                    continue
                item = self._item(row, columns)
            except _RowError as problem:
                result.problems.append(RowProblem(row.number, str(problem)))
                continue
            if item.code in first_row_of:
                result.problems.append(RowProblem(row.number, f"事项编码 {item.code} 与第 {first_row_of[item.code]} 行重复，"
                                                              "本行未导入。"))
                continue
            first_row_of[item.code] = row.number
            result.items.append(item)
        result.notes += [f"协办部门编号 {dept} 不在事项目录中：请在 catalog.yaml 的 departments 中登记它的名称。"
                         for dept in dict.fromkeys(d for item in result.items for d in item.co_departments or ())
                         if dept not in self.known]
        return result

    def _header(self, rows: list[Row]) -> tuple[int, dict[str, int]]:
        best: tuple[int, dict[str, int]] = (0, {})
        for row in rows[:HEADER_SEARCH_ROWS]:
            columns = self._columns(row.cells)
            if len(columns) > len(best[1]):
                best = (row.number, columns)
        number, columns = best
        wanted = REQUIRED if "code" in columns or "name" in columns or "department" not in columns else ()
        missing = [FIELDS[key][0] for key in wanted if key not in columns]
        if missing:
            seen = "、".join(cell for cell in rows[number - 1].cells if cell) if number else "（空表）"
            raise UsageError(f"表格中找不到“{'”“'.join(missing)}”列（在第 {number or 1} 行看到：{seen}）。"
                             "请用 --map 列名=字段 指定，例如 --map 行政许可事项代码=code。")
        return number, columns

    def _columns(self, cells: tuple[str, ...]) -> dict[str, int]:
        columns: dict[str, int] = {}
        normal = [_normal(cell) for cell in cells]
        for index, header in enumerate(normal):  # --map and exact header names first
            key = self.mapping.get(header) or _exact_field(header)
            if key and key not in columns and header:
                columns[key] = index
        for index, header in enumerate(normal):  # then headers that contain a usual name
            if index in columns.values() or not header:
                continue
            key = _containing_field(header)
            if key and key not in columns:
                columns[key] = index
        return columns

    def _item(self, row: Row, columns: dict[str, int]) -> ImportedItem:
        def cell(key: str) -> str | None:
            return _cell(row, columns, key)

        code, name = cell("code"), cell("name")
        if not code:
            raise _RowError("缺少事项编码，本行未导入。")
        if not CODE_PATTERN.match(code):
            raise _RowError(f"事项编码“{code}”只能由字母、数字、点、短横线和下划线组成，本行未导入。")
        if not name:
            raise _RowError(f"事项 {code} 缺少事项名称，本行未导入。")
        department = self._department(cell("department"), cell("department_id"), cell("department_short"))
        co = cell("co_departments")
        partners = None if co is None else tuple(dict.fromkeys(  # each once, never the lead itself
            self._partner(part) for part in LIST_SEPARATORS.split(co) if part))
        return ImportedItem(
            row=row.number, code=code, name=name, category=_category(cell("category")),
            department=department,
            co_departments=None if partners is None else tuple(p for p in partners if p != department),
            intermediary=_flag(cell("intermediary")), basis=cell("basis"),
        )

    def _department(self, name: str | None, wanted_id: str | None = None, short: str | None = None) -> str:
        if not name and not wanted_id:
            raise _RowError("缺少实施主体（部门），本行未导入。")
        for written in (wanted_id, name):
            if written and written in self.known:
                return self.known[written]
        if not name:  # an id nobody has registered and no name to register it with
            raise _RowError(f"部门编号“{wanted_id}”不在事项目录中，表格中也没有部门名称，本行未导入。")
        if wanted_id and not ID_PATTERN.match(wanted_id):
            raise _RowError(f"部门编号“{wanted_id}”只能用英文小写字母、数字、短横线和下划线，本行未导入。")
        dept = {"id": wanted_id or self._new_id(name), "name": name, "short": short or self._short(name)}
        self._remember(dept)
        self.result.new_departments.append(dept)
        return dept["id"]

    def _partner(self, written: str) -> str:
        if written not in self.known and ID_PATTERN.match(written):
            return written  # an id registered further down or later; read() says if it never is
        return self._department(written)

    def _remember(self, dept: dict) -> None:
        for key in ("id", "name", "short"):
            if dept.get(key):
                self.known.setdefault(str(dept[key]), str(dept["id"]))
        self.taken.add(str(dept["id"]))

    def _new_id(self, name: str) -> str:
        stem = next((initials for keyword, initials in DEPARTMENT_IDS if keyword in name), "bm")
        candidate, number = stem, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{stem}{number}"
        return candidate

    def _short(self, name: str) -> str:
        """七里河区民政局 → 区民政局, as the district's documents write it."""
        local = self.district.rsplit("市", 1)[-1] or self.district
        if local and name.startswith(local) and len(name) > len(local):
            return local[-1] + name[len(local):]
        return name


class _RowError(Exception):
    pass


def _cell(row: Row, columns: dict[str, int], key: str) -> str | None:
    """The row's text in the field's column; None when the spreadsheet has no such column."""
    if key not in columns:
        return None
    index = columns[key]
    return row.cells[index] if index < len(row.cells) else ""


def _normal(header: str) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", "", header)
    return re.sub(r"[\s*＊※:：]", "", text).lower()


def _exact_field(header: str) -> str | None:
    return next((key for key, (_, names) in FIELDS.items() if header in names), None)


def _containing_field(header: str) -> str | None:
    for key, (_, names) in FIELDS.items():
        if any(len(name) >= 4 and name in header for name in names):
            return key
    return None


def _is_title(row: Row) -> bool:
    """A section heading such as “一、区民政局” merged across the whole row."""
    filled = {cell for cell in row.cells if cell}
    return len(filled) == 1 and sum(1 for cell in row.cells if cell) > 1


def _category(value: str | None) -> str:
    if value is None:
        return "保留"
    text = value.removesuffix("事项").removesuffix("类")
    text = CATEGORY_ALIASES.get(text, text)
    if text not in CATEGORY_TOPICS:
        raise _RowError(f"事项类别“{value}”不是 {'、'.join(CATEGORY_TOPICS)} 之一，本行未导入。")
    return text


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise _RowError(f"涉审中介服务应填“是”或“否”，表格中是“{value}”，本行未导入。")

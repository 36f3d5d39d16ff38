"""A 权责清单 / 行政许可事项清单 spreadsheet → items and departments of catalog.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianguan_cli.domain import CATEGORY_TOPICS
from jianguan_cli.findings import UsageError
from jianguan_cli.interchange.spreadsheet import Row
from jianguan_cli.suggest import NAME, closest

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

# Category spellings seen in real lists (after 事项/类 and brackets are dropped).
CATEGORY_ALIASES = {
    **{word: "保留" for word in ("保留审批", "继续保留", "确需保留")},
    **{word: "取消" for word in ("取消审批", "已取消", "拟取消")},
    **{word: "转移" for word in ("转移职能", "职能转移", "转移给社会组织", "转移社会组织")},
    **{word: "承接下放" for word in ("下放", "承接", "市级下放", "省级下放", "上级下放", "承接上级下放",
                                  "承接市级下放", "承接省级下放", "下放管理")},
    **{word: "承接委托" for word in ("委托", "委托实施", "上级委托", "市级委托", "省级委托", "受委托",
                                  "承接上级委托", "委托下放")},
    **{word: "前置改后置" for word in ("改后置", "改革后置", "后置审批", "前置审批改后置审批", "前置改后置审批",
                                   "工商登记前置改后置", "工商前置改后置", "先照后证", "工商登记后置")},
}
# What a category cell means when no spelling matches, for a “是否想写” suggestion only.
CATEGORY_HINTS = (("委托", "承接委托"), ("下放", "承接下放"), ("后置", "前置改后置"), ("取消", "取消"),
                  ("转移", "转移"), ("保留", "保留"))
TRUE_WORDS = {"是", "有", "涉及", "true", "yes", "y", "1", "√", "✓"}
FALSE_WORDS = {"", "否", "无", "不涉及", "false", "no", "n", "0", "×", "/", "-", "—"}
LIST_SEPARATORS = re.compile(r"[;；,，、/\s]+")
# A row with one text only: “二、区水务局（5项）”, “一、保留事项”, “注：本清单共30项”.
_ENUMERATION = re.compile(r"^(第?[一二三四五六七八九十百]+(部分|[、.．])|[（(][一二三四五六七八九十]+[)）]|\d+[、.．])\s*")
_COUNT = re.compile(r"[（(]\s*(共\s*)?\d+\s*(项|个)?\s*[)）]$")
DEPARTMENT_ENDINGS = ("局", "委", "委员会", "办", "办公室", "中心", "院", "所", "站", "队", "馆", "政府", "办事处",
                      "管委会", "公司")
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
    skipped: list[RowProblem] = field(default_factory=list)  # titles and notes below the header
    derived: list[tuple[str, str]] = field(default_factory=list)  # (name as written, full name derived)


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
        position, columns = self._header(rows)
        header = rows[position]
        labels = {key: header.cells[index] for key, index in columns.items()}
        self.result = result = ImportResult(header.number, labels)
        departments_only = "code" not in columns
        if "category" not in columns and not departments_only:
            result.notes.append("表格中没有“事项类别”列：全部事项按“保留”导入，请在 catalog.yaml 中核对。")
        header_cells = header.cells
        section = _Section()
        first_row_of: dict[str, int] = {}
        for row in rows[position + 1:]:
            if row.blank or row.cells == header_cells or self._read_heading(row, section, departments_only):
                continue
            try:
                if departments_only:
                    self._department(*(_cell(row, columns, key) for key in DEPARTMENT_FIELDS))
                    continue
                item = self._item(row, columns, section)
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

    def _read_heading(self, row: Row, section: _Section, departments_only: bool) -> bool:
        """Whether a row is a title, section or note (one text only); a section sets what follows."""
        text = _single_text(row)
        if text is None:
            return False
        kind, value = _heading(text)
        if kind == "category" and not departments_only:
            section.category = value
        elif kind == "department" and not departments_only:
            section.department = value
        elif not re.fullmatch(r"\d+", text):
            self.result.skipped.append(RowProblem(row.number, text))
        return True

    def _header(self, rows: list[Row]) -> tuple[int, dict[str, int]]:
        """The header's place in `rows` (rows that hold something, in order) and its columns."""
        best: tuple[int, dict[str, int]] = (-1, {})
        for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            columns = self._columns(row.cells)
            if len(columns) > len(best[1]):
                best = (position, columns)
        position, columns = best
        wanted = REQUIRED if "code" in columns or "name" in columns or "department" not in columns else ()
        if any(_heading(text)[0] == "department" for text in map(_single_text, rows[position + 1:]) if text):
            wanted = tuple(key for key in wanted if key != "department")  # 实施主体 from “二、区水务局” rows
        missing = [FIELDS[key][0] for key in wanted if key not in columns]
        if missing:
            raise UsageError(_missing_columns_message(missing, rows[position] if position >= 0 else None))
        return position, columns

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

    def _item(self, row: Row, columns: dict[str, int], section: _Section) -> ImportedItem:
        def cell(key: str) -> str | None:
            return _cell(row, columns, key)

        code, name = cell("code"), cell("name")
        if not code:
            raise _RowError("缺少事项编码，本行未导入。")
        if not CODE_PATTERN.match(code):
            raise _RowError(f"事项编码“{code}”只能由字母、数字、点、短横线和下划线组成，本行未导入。")
        if not name:
            raise _RowError(f"事项 {code} 缺少事项名称，本行未导入。")
        department = self._department(cell("department") or section.department, cell("department_id"),
                                      cell("department_short"))
        co = cell("co_departments")
        partners = None if co is None else tuple(dict.fromkeys(  # each once, never the lead itself
            self._partner(part) for part in LIST_SEPARATORS.split(co) if part))
        return ImportedItem(
            row=row.number, code=code, name=name, category=_category(cell("category"), section.category),
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
        full = self._full(name)
        if full != name:
            self.result.derived.append((name, full))
        dept = {"id": wanted_id or self._new_id(name), "name": full, "short": short or self._short(full)}
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

    @property
    def _local(self) -> str:
        """兰州市七里河区 → 七里河区: the part of the district's name its departments begin with."""
        return self.district.rsplit("市", 1)[-1] or self.district

    def _short(self, name: str) -> str:
        """七里河区民政局 → 区民政局, as the district's documents write it."""
        local = self._local
        if local and name.startswith(local) and len(name) > len(local):
            return local[-1] + name[len(local):]
        return name

    def _full(self, name: str) -> str:
        """区市场监管局 → 七里河区市场监管局: a short name as staff write it, made a full one."""
        local = self._local
        if len(local) >= 2 and name.startswith(local[-1]) and not name.startswith(local) and len(name) > 2:
            return local + name[1:]
        return name


class _RowError(Exception):
    pass


@dataclass
class _Section:
    """What the section rows read so far say about the rows below them."""

    department: str | None = None
    category: str | None = None


def _heading(text: str) -> tuple[str, str]:
    """What a row of one text is: ("department", name), ("category", category) or ("note", text)."""
    heading = _COUNT.sub("", _ENUMERATION.sub("", text)).strip()
    category = _known_category(heading)
    if category is not None:
        return "category", category
    if heading.endswith(DEPARTMENT_ENDINGS) and len(heading) <= 30 and not heading.startswith(("注", "备注", "说明")):
        return "department", heading
    return "note", text


def _single_text(row: Row) -> str | None:
    """The text of a row that has one text only (merged across the row or in one cell)."""
    filled = {cell for cell in row.cells if cell}
    return next(iter(filled)) if len(filled) == 1 else None


def _missing_columns_message(missing: list[str], header: Row | None) -> str:
    seen = "、".join(cell for cell in header.cells if cell) if header else "（空表）"
    return (f"表格中找不到“{'”“'.join(missing)}”列（在第 {header.number if header else 1} 行看到：{seen}）。"
            "请用 --map 列名=字段 指定，例如 --map 行政许可事项代码=code。")


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


def _known_category(text: str) -> str | None:
    """The category a cell or section heading names (保留事项, 市级下放, 改革后置 …), or None."""
    plain = re.sub(r"[（(][^）)]*[）)]|\s", "", text).removesuffix("事项").removesuffix("类").removesuffix("审批事项")
    if plain in CATEGORY_TOPICS:
        return plain
    return CATEGORY_ALIASES.get(plain) or CATEGORY_ALIASES.get(plain.removesuffix("审批"))


def _category(value: str | None, section: str | None = None) -> str:
    if not value:
        return section or "保留"
    known = _known_category(value)
    if known is not None:
        return known
    guess = next((category for word, category in CATEGORY_HINTS if word in value), None)
    close = closest(value, [*CATEGORY_TOPICS, *CATEGORY_ALIASES], NAME)
    guess = guess or (_known_category(close) if close else None)
    suggestion = f"是否想写“{guess}”？" if guess else ""
    raise _RowError(f"事项类别“{value}”不是 {'、'.join(CATEGORY_TOPICS)} 之一，本行未导入。{suggestion}")


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise _RowError(f"涉审中介服务应填“是”或“否”，表格中是“{value}”，本行未导入。")

"""Settings from `jianguan.toml`, found by walking up from the working directory."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from jianguan_cli.deadlines import Deadlines
from jianguan_cli.findings import JianguanError, Severity
from jianguan_cli.loading.limits import DEFAULT_LIMITS, MAXIMA, Limits
from jianguan_cli.suggest import closest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

SETTINGS_FILE = "jianguan.toml"
MAX_SETTINGS_BYTES = 256 * 1024
_TOP_KEYS = {"district", "catalog", "measures", "output", "templates", "deadlines", "rules", "limits",
             "publication"}
_DEADLINE_KEYS = {"submit", "publish"}


class SettingsError(JianguanError):
    """jianguan.toml cannot be used; knows where, so a report can point at the line (rule J001)."""

    def __init__(self, path: Path, message: str, key: str | None = None, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{path}：{message}")
        self.path, self.message, self.key = path, message, key
        self.line, self.column = line, column

    def locate(self, text: str) -> SettingsError:
        """The line of the key this error is about, found in the settings text."""
        if self.key is not None:
            pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(self.key)}[\"']?\s*[=\].]")
            for number, line in enumerate(text.splitlines(), start=1):
                if pattern.match(line):
                    self.line, self.column = number, len(line) - len(line.lstrip()) + 1
                    break
        return self


@dataclass(frozen=True)
class Publication:
    """How the district publishes its measures (`[publication]`); empty strings leave a line out."""

    # the document that ordered the measures, without 《》 (the seed: 兰州市七里河区人民政府办公室关于……的实施意见)
    governing_document: str = ""
    # the office that issued it (兰州市七里河区人民政府办公室)
    issuing_office: str = ""
    # 主送机关 of each department's notice (各乡镇人民政府、街道办事处，区政府各部门、各有关单位)
    recipients: str = ""
    # 抄送机关 in the 版记 (区编办，区法制办)
    copy_to: str = ""
    # 印发机关 in the 版记; {部门} stands for the department's full name; empty: the department itself
    printing_office: str = ""
    # 发文字号 of a department's notice publishing several measures, by department id ([publication.notice_numbers])
    notice_numbers: dict[str, str] = field(default_factory=dict)

    def printer(self, department: str) -> str:
        """The 印发机关 of a department's documents."""
        return self.printing_office.replace("{部门}", department) if self.printing_office else department


@dataclass(frozen=True)
class Settings:
    """A data repository's settings; every key is optional (SPEC §2)."""

    root: Path
    district: str = ""  # empty: the catalogue's district
    catalog: str = "catalog.yaml"
    measures: str = "measures"
    output: str = "build"
    templates: str = "templates"
    deadlines: Deadlines = Deadlines()
    department_deadlines: dict[str, Deadlines] = field(default_factory=dict)
    rule_severity: dict[str, Severity] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    publication: Publication = Publication()
    source: Path | None = None

    @property
    def catalog_path(self) -> Path:
        return self.root / self.catalog

    @property
    def measures_path(self) -> Path:
        return self.root / self.measures

    def deadlines_for(self, department: str | None) -> Deadlines:
        """The deadlines of one department: its own `[deadlines.<id>]` or the district's."""
        return self.department_deadlines.get(department or "", self.deadlines)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `jianguan.toml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        try:
            if (folder / SETTINGS_FILE).is_file():
                return folder
        except OSError:  # a folder above that this user may not look into
            continue
    return None


def load_settings(start: Path, rule_ids: Collection[str] = ()) -> Settings:
    """Settings for the repository around `start`; defaults when there is no `jianguan.toml`.

    `[rules]` may name only `rule_ids` (the registry's, passed in: settings sit below the rules).
    """
    root = find_root(start)
    if root is None:
        return Settings(root=start.resolve())
    path = root / SETTINGS_FILE
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise SettingsError(path, f"设置文件超过 {MAX_SETTINGS_BYTES // 1024} KB，不像 jianguan 的设置。")
        text = path.read_bytes().decode("utf-8-sig")
        raw = tomllib.loads(text)
    except RecursionError:
        raise SettingsError(path, "设置文件嵌套层数过多，无法读取。") from None
    except UnicodeDecodeError:
        raise SettingsError(path, "设置文件不是 UTF-8 编码，请另存为 UTF-8。") from None
    except OSError as exc:
        raise SettingsError(path, f"无法读取设置文件（{exc.strerror}）。") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        raise SettingsError(path, f"设置文件格式错误（{exc}）。", line=line, column=column) from None
    try:
        return _settings_from_toml(root, path, raw, frozenset(rule_ids))
    except SettingsError as error:
        raise error.locate(text) from None


def _settings_from_toml(root: Path, path: Path, raw: dict, rule_ids: frozenset[str]) -> Settings:
    _reject_unknown(path, raw, _TOP_KEYS, "")
    strings = {}
    for key in ("district", "catalog", "measures", "output", "templates"):
        if key in raw:
            if not isinstance(raw[key], str) or not raw[key].strip():
                raise SettingsError(path, f"{key} 应为不为空的文字。", key)
            strings[key] = raw[key]
    paths = {key: strings.get(key, Settings.__dataclass_fields__[key].default)
             for key in ("catalog", "measures", "output", "templates")}
    for key, value in paths.items():  # the defaults too: templates/ may be a link out of the repository
        _inside_repository(root, path, key, value)
    _output_apart(root, path, paths)
    table = _table(path, raw, "deadlines")
    district = _deadlines(path, {k: v for k, v in table.items() if not isinstance(v, dict)}, Deadlines(), "")
    per_department = {
        dept: _deadlines(path, value, district, f"{dept}.") for dept, value in table.items() if isinstance(value, dict)
    }
    return Settings(
        root=root,
        source=path,
        deadlines=district,
        department_deadlines=per_department,
        rule_severity=_rule_severities(path, _table(path, raw, "rules"), rule_ids),
        limits=_limits(path, _table(path, raw, "limits")),
        publication=_publication(path, _table(path, raw, "publication")),
        **strings,
    )


def _inside_repository(root: Path, path: Path, key: str, value: str) -> None:
    """A configured path must stay inside the repository: a repository is untrusted input in CI."""
    if "\x00" in value:
        raise SettingsError(path, f"{key} 中含有空字节（NUL）。", key)
    try:
        (root / value).resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        raise SettingsError(path, f"{key} = \"{value}\" 指向数据仓库以外；{key} 只能是数据仓库中的文件或文件夹，"
                                  "如 measures、build。", key) from None


def _output_apart(root: Path, path: Path, paths: dict[str, str]) -> None:
    """Rendered files must not land where jianguan reads (they would be the next run's input)."""
    output = (root / paths["output"]).resolve()
    catalog_folder = (root / paths["catalog"]).resolve().parent
    sources = {"templates": root / paths["templates"], "measures": root / paths["measures"], "schemas": root / "schemas"}
    if catalog_folder != root.resolve():
        sources["catalog"] = catalog_folder
    for key, folder in sources.items():
        folder = folder.resolve()
        if output == folder or folder in output.parents or output in folder.parents or output == root.resolve():
            raise SettingsError(path, f"output = \"{paths['output']}\" 与 {key} 重叠：生成的文件会覆盖或混入"
                                      "数据仓库的文件，下次运行时还会被当作输入。请用单独的文件夹，如 build。", "output")


def _deadlines(path: Path, table: dict, fallback: Deadlines, prefix: str) -> Deadlines:
    """Deadlines from a `[deadlines]` or `[deadlines.<department>]` table."""
    _reject_unknown(path, table, _DEADLINE_KEYS, f"deadlines.{prefix}")
    return Deadlines(
        submit=_date(path, table, "submit", fallback.submit, prefix),
        publish=_date(path, table, "publish", fallback.publish, prefix),
    )


def _table(path: Path, raw: dict, key: str) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise SettingsError(path, f"[{key}] 应为一个表（table）。", key)
    return value


def _reject_unknown(path: Path, table: dict, known: set[str], prefix: str) -> None:
    for key in table:
        if key not in known:
            close = closest(key, sorted(known))
            guess = f"，是否想写 {prefix}{close}？" if close else f"。可用的键：{'、'.join(sorted(known))}"
            raise SettingsError(path, f"未知的设置项 {prefix}{key}{guess}", key)


def _date(path: Path, table: dict, key: str, default: dt.date | None, prefix: str) -> dt.date | None:
    if key not in table:
        return default
    value = table[key]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingsError(path, f"deadlines.{prefix}{key} 应为日期，如 2017-05-30。", key) from None


def _limits(path: Path, table: dict) -> Limits:
    """`[limits]`: positive whole numbers replacing the defaults of Limits."""
    known = set(Limits.__dataclass_fields__)
    _reject_unknown(path, table, known, "limits.")
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(path, f"limits.{key} 应为正整数，如 {key} = {getattr(DEFAULT_LIMITS, key)}。", key)
        highest, why = MAXIMA[key]
        if value > highest:
            raise SettingsError(path, f"limits.{key} 最大为 {highest:,}（{why}），现在是 {value:,}。", key)
    return Limits(**table)


def _publication(path: Path, table: dict) -> Publication:
    """`[publication]`: texts that name the district's own documents and offices."""
    known = set(Publication.__dataclass_fields__)
    _reject_unknown(path, table, known, "publication.")
    numbers = table.get("notice_numbers", {})
    if not isinstance(numbers, dict):
        raise SettingsError(path, "[publication.notice_numbers] 应为一个表，每行写 部门编号 = \"发文字号\"，"
                                  "如 sw = \"七水发〔2017〕44号\"。", "notice_numbers")
    for key, value in [*((k, v) for k, v in table.items() if k != "notice_numbers"),
                       *((f"notice_numbers.{k}", v) for k, v in numbers.items())]:
        if not isinstance(value, str):
            raise SettingsError(path, f"publication.{key} 应为文字（用英文双引号括起来）。", key.split(".")[-1])
    texts = {key: value.strip() for key, value in table.items() if key != "notice_numbers"}
    return Publication(**texts, notice_numbers={k: v.strip() for k, v in numbers.items() if v.strip()})


def _rule_severities(path: Path, rules: dict, rule_ids: frozenset[str]) -> dict[str, Severity]:
    result = {}
    for rule_id, value in rules.items():
        if rule_ids and rule_id not in rule_ids:
            close = closest(rule_id, sorted(rule_ids))
            guess = f"，是否想写 {close}？" if close else "。运行 jianguan rules 查看全部规则。"
            raise SettingsError(path, f"[rules] 中的规则 {rule_id} 不存在{guess}", rule_id)
        try:
            result[rule_id] = Severity(str(value).lower())
        except ValueError:
            raise SettingsError(path, f"[rules] {rule_id} 只能是 error、warning 或 off。", rule_id) from None
    return result

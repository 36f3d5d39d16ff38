"""JSON Schema validation whose errors become Chinese problems at exact data paths."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import fastjsonschema

from jianguan_cli.findings import Problem
from jianguan_cli.schema.index import SchemaIndex
from jianguan_cli.schema.suggestions import (
    as_yaml_line,
    inside_curly_quotes,
    meant_date,
    meant_number,
)
from jianguan_cli.suggest import CHOICE, closest

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ASCII_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_calendar_date(text: str) -> bool:
    """The `date` format exactly as jsonschema checks it: YYYY-MM-DD and a real calendar day."""
    try:
        return bool(_ASCII_DATE.fullmatch(text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False
_TYPE_NAMES = {
    "string": "文字", "array": "列表（每项以 “- ” 开头）", "object": "映射（“键: 值”）",
    "integer": "整数", "number": "数字", "boolean": "true 或 false", "null": "空值",
}


def type_name(value) -> str:
    """Chinese name of the YAML type of a loaded value."""
    if value is None:
        return "空值（没有填写）"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    return "映射"


class SchemaChecker:
    """Validates loaded data against one schema and explains every error in Chinese."""

    def __init__(self, schema: dict) -> None:
        self.index = SchemaIndex(schema)
        # Inlined once: resolving `$ref` on every validation costs more than the checks themselves.
        inlined = self.index.inlined()
        self._inlined = inlined
        self._reference = None
        # A compiled validator decides validity about 15 times faster; jsonschema, which
        # explains errors, runs only for invalid data. After inlining, the schemas use only
        # keywords whose meaning is the same in draft 7 (which fastjsonschema implements);
        # tests prove both accept exactly the same data on every fixture.
        draft7 = {k: v for k, v in inlined.items() if k not in ("$schema", "$id")}
        self._is_valid = _compiled(draft7)

    @property
    def reference(self):
        """The jsonschema Draft 2020-12 validator: the reference semantics the fast path must match.

        Built on first use: a run where every file is valid never imports jsonschema.
        """
        if self._reference is None:
            from jsonschema import Draft202012Validator, FormatChecker

            self._reference = Draft202012Validator(self._inlined, format_checker=FormatChecker(formats=["date"]))
        return self._reference

    def is_valid(self, data) -> bool:
        """Whether `data` satisfies the schema (the fast path)."""
        try:
            self._is_valid(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def check(self, data, written: Callable[[tuple], str | None] | None = None) -> list[Problem]:
        """Every schema problem of `data`, each once, at the path it concerns.

        `written` gives a scalar's text as the file has it, so that hints repeat the user's own
        characters (09312331234) rather than the value YAML read (9312331234).
        """
        if self.is_valid(data):
            return []
        self._written = written or _unknown
        problems: list[Problem] = []
        seen: set[tuple] = set()
        for error in self.reference.iter_errors(data):
            for problem in self._explain(error):
                key = (problem.rule, problem.path, problem.message)
                if key not in seen:
                    seen.add(key)
                    problems.append(problem)
        return problems

    def _explain(self, error) -> Iterator[Problem]:
        path = tuple(error.absolute_path)
        handler = getattr(self, f"_on_{error.validator}", None)
        if handler is not None:
            yield from handler(error, path)
        else:
            yield Problem(f"{self.index.label(path)}不符合要求（{error.message}）",
                          self._describe(path), path, rule="S206")

    def _source(self, path, value) -> str:
        """`value` as the file writes it."""
        written = self._written(path)
        return written if written is not None else _as_written(value)

    def _is_date(self, path) -> bool:
        return (self.index.at(path) or {}).get("format") == "date"

    def _date_hint(self, path, value) -> str | None:
        meant = meant_date(self._source(path, value))
        return f"日期写作 年-月-日，改为：{as_yaml_line(path, meant)}。" if meant else None

    def _describe(self, path) -> str:
        """The schema's description and example for `path`, or for its nearest described parent."""
        for depth in range(len(path), -1, -1):
            node = self.index.at(path[:depth]) or {}
            if node.get("description"):
                example = self.index.example(path[:depth])
                return node["description"] + (f" 示例：{example}" if example else "")
        return ""

    # one handler per JSON Schema keyword -------------------------------------------------
    def _on_type(self, error, path):
        yield Problem(self._type_message(error, path), self._type_hint(error, path), path, rule="S201")

    def _type_message(self, error, path) -> str:
        expected, value, label = error.validator_value, error.instance, self.index.label(path)
        if value is None:
            return f"{label}没有填写"
        if self._is_date(path):
            return f"{label}应为日期（年-月-日），现在是{type_name(value)}"
        names = "或".join(_TYPE_NAMES[t] for t in ([expected] if isinstance(expected, str) else expected))
        message = f"{label}应为{names}，现在是{type_name(value)}"
        written = self._source(path, value)
        if isinstance(value, (int, float)) and written != _as_written(value):  # 09312331234 reads as 9312331234
            message += f" {_as_written(value)}（与文件中写的 {written} 不同）"
        return message

    def _type_hint(self, error, path) -> str:
        """How to write the value so that it has the right type, from the user's own characters."""
        expected, value = error.validator_value, error.instance
        written, described = self._source(path, value), self._describe(path)
        if self._is_date(path):
            return self._date_hint(path, value) or described
        if expected == "string" and isinstance(value, (int, float, bool)):
            quoted = f'"{written}"'
            return f"用英文引号括起来，按文字读取，如：{as_yaml_line(path, quoted)}。" + described
        if expected in ("number", "integer") and isinstance(value, str) and meant_number(written):
            return f"写半角数字，不加引号和 %，如：{as_yaml_line(path, meant_number(written))}。" + described
        return described

    def _on_required(self, error, path):
        misspelt = self._misspelt_keys(error.instance, path)
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                title = self.index.label((*path, name))
                example = self.index.example(path, name)
                where = f"在 {path[-1]} 下" if path and isinstance(path[-1], str) else "在文件中"
                hint = f"{where}添加 {name}:" + (f"，如：{example}" if example else "")
                # `objcts:` is S203's finding, which names objects: not missing as well, unless S203 is off
                yield Problem(f"缺少必填项{title}（{name}）", hint, path, at_key=True, rule="S202",
                              cause="S203" if name in misspelt else "")

    def _misspelt_keys(self, instance, path) -> set[str]:
        """The allowed keys that the unknown keys of a mapping look like misspellings of."""
        if not isinstance(instance, dict):
            return set()
        allowed = self.index.properties(path)
        unknown = [key for key in instance if key not in allowed][:GUESSED_KEYS]
        return {guess for guess in (_guess_key(key, allowed) for key in unknown) if guess}

    def _on_additionalProperties(self, error, path):
        allowed = self.index.properties(path)
        choices = "、".join(f"{k}（{v.get('title', k)}）" for k, v in allowed.items())
        listed = f"{self.index.label(path)}下可以写的键：{choices}"
        unknown = (key for key in error.instance if key not in allowed)
        for number, key in enumerate(unknown):
            # guessing costs a spelling comparison with every allowed key: enough for a typist's few
            guess = _guess_key(key, allowed) if number < GUESSED_KEYS else None
            if guess:
                hint = f"是否想写 {guess}（{allowed[guess].get('title', guess)}）？键名用英文。"
            else:
                hint = listed if number < GUESSED_KEYS else MANY_UNKNOWN_KEYS
            yield Problem(f"未知的键 {key}", hint, (*path, key), at_key=True, rule="S203")

    def _on_enum(self, error, path):
        allowed = [str(v) for v in error.validator_value]
        inner = inside_curly_quotes(str(error.instance))
        if inner in allowed:  # only the quotes pasted around it from Word are wrong
            yield _curly_quoted("S204", self.index.label(path), path, error.instance, inner)
            return
        close = closest(error.instance, allowed, CHOICE)
        hint = f"可选值：{'、'.join(allowed)}" + (f"。是否想写 {close}？" if close else "")
        yield Problem(f"{self.index.label(path)}的值“{error.instance}”不在允许范围内", hint, path, rule="S204")

    def _on_const(self, error, path):
        yield Problem(f"{self.index.label(path)}应为 {error.validator_value}，现在是“{error.instance}”",
                      self._describe(path), path, rule="S204")

    def _on_minLength(self, error, path):
        yield Problem(f"{self.index.label(path)}不能为空", self._describe(path), path, rule="S205")

    def _on_minItems(self, error, path):
        count = error.validator_value
        message = f"{self.index.label(path)}" + ("不能为空" if count == 1 else f"至少要有 {count} 项")
        yield Problem(message, self._describe(path), path, rule="S205")

    def _on_minProperties(self, error, path):
        keys = "、".join(self.index.properties(path))
        yield Problem(f"{self.index.label(path)}至少要填写一项（{keys}）", self._describe(path), path, rule="S205")

    def _on_pattern(self, error, path):
        if error.validator_value == "\\S":
            what = "不能只有空格" if error.instance else "不能为空"
            yield Problem(f"{self.index.label(path)}{what}", self._describe(path), path, rule="S205")
        elif _quoted_match(error.validator_value, error.instance):
            yield _curly_quoted("S206", self.index.label(path), path, error.instance,
                                inside_curly_quotes(error.instance))
        else:
            if self._is_date(path):
                yield Problem(f"{self.index.label(path)}不是 年-月-日 格式的日期：“{error.instance}”",
                              self._date_hint(path, error.instance) or self._describe(path), path, rule="S206")
            else:
                yield Problem(f"{self.index.label(path)}的格式不正确：“{error.instance}”",
                              self._describe(path), path, rule="S206")

    def _on_format(self, error, path):
        if not _ISO_DATE.fullmatch(str(error.instance)):
            return  # the schema's pattern already reports a date in the wrong shape
        yield Problem(f"{self.index.label(path)}不是有效的日期：“{error.instance}”",
                      "日期写作 年-月-日，如 2017-05-30，且须是日历上存在的日期。", path, rule="S206")

    def _on_uniqueItems(self, error, path):
        yield Problem(f"{self.index.label(path)}中有重复的项", "删除重复的项。", path, rule="S208")

    def _on_range(self, error, path):
        yield Problem(f"{self.index.label(path)}超出允许范围：{self._source(path, error.instance)}",
                      self._describe(path), path, rule="S207")

    _on_minimum = _on_maximum = _on_exclusiveMinimum = _on_exclusiveMaximum = _on_range

    def _on_anyOf(self, error, path):
        # Explain the branch whose type matches the value; otherwise list the accepted forms.
        for branch_error in sorted(error.context, key=lambda e: len(e.absolute_path), reverse=True):
            if branch_error.validator != "type":
                yield from self._explain(branch_error)
                return
        yield Problem(f"{self.index.label(path)}应为文字，或写成 not_applicable: 不适用的理由",
                      self._describe(path), path, rule="S201")

    _on_oneOf = _on_anyOf


GUESSED_KEYS = 50
MANY_UNKNOWN_KEYS = "同一层中未知的键太多：请确认没有把别的文件（或整张表格）粘贴进来。"


def _compiled(schema: dict):
    return fastjsonschema.compile(schema, formats={"date": is_calendar_date}, use_default=False)


def _guess_key(key: str, allowed: dict[str, dict]) -> str | None:
    """The allowed key `key` was probably meant to be: by spelling, or by its Chinese title."""
    for name, node in allowed.items():
        if key.strip() in (node.get("title"), name.lower()):
            return name
    return closest(key, allowed)


def _unknown(path) -> None:
    return None


def _curly_quoted(rule: str, label: str, path, value: str, inner: str) -> Problem:
    return Problem(f"{label}的值“{value}”两边多了中文引号，不是规定的写法",
                   f"去掉两边的引号，改为：{as_yaml_line(path, inner)}。", path, rule=rule)


def _quoted_match(pattern: str, value) -> bool:
    """Whether `value` would match `pattern` but for Chinese quotes around it (pasted from Word)."""
    inner = inside_curly_quotes(value) if isinstance(value, str) else None
    return inner is not None and re.search(pattern, inner) is not None


def _as_written(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

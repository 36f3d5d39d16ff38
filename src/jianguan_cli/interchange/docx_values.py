"""A section's paragraphs back into the value the renderer printed them from (rendering/docx_body.py's form).

The schema says what a section holds, the text says the rest: a list is one paragraph per entry (a line
without a list number under a numbered one continues it), a record opens with its first field as a run-in
heading (承接能力。……) and gives the others as 标题：值, a mapping is one 标题：值 per field, a field with several
entries is a sub-heading over them. What cannot be read is reported paragraph by paragraph and left out,
so the caller can put 待填写 there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from jianguan_cli.interchange.docx_source import Paragraph
from jianguan_cli.rendering.docx_body import NOT_APPLICABLE
from jianguan_cli.rendering.viewmodel import METHOD_WORDING
from jianguan_cli.schema import SchemaIndex

MISSING = object()
_CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*[%％]?$")
_HEAD_ENDS = "。！？"  # where a typed record's run-in heading ends (the renderer adds 。 unless one of these ends it)
_LABEL_ENDS = "：:"
_FIELD_SEPARATORS = "：:。"
_METHOD_SEPARATORS = "、，,；;和及与 "
_METHODS_SENTENCE = re.compile(r"^(?:采取|采用|通过)?(.*?)(?:等)?(?:多种)?(?:方式|形式|手段)?(?:实施|进行|开展)?(?:监管|监督检查)?[。.]?$")
# older documents' ways of naming a method
_METHOD_SYNONYMS = {"双随机一公开": "双随机一公开抽查", "“双随机、一公开”": "双随机一公开抽查", "双随机、一公开抽查": "双随机一公开抽查",
                    '"双随机、一公开"抽查': "双随机一公开抽查", "抽样检验、检测": "抽样检验检测", "检验检测": "抽样检验检测",
                    '"飞行检查"': "飞行检查", "其他方式": "其他"}
PLACEHOLDER = "待填写"
_UNFILLED = "（未填写）"


@dataclass(frozen=True)
class Unmapped:
    """A paragraph (or part of one) that could not be put into the measure, and why."""

    paragraph: Paragraph | None  # None: about the measure as a whole
    reason: str
    lost: bool = True  # its text is not in the YAML (False: an unfilled field, nothing typed there)


class ValueReader:
    """Reads values by their schema path; collects what it could not read in `unmapped`."""

    def __init__(self, index: SchemaIndex, guidance: frozenset[str] = frozenset()) -> None:
        self.index = index
        self.guidance = guidance  # the blank 模版's own explanations: never content
        self.unmapped: list[Unmapped] = []
        self.methods = _method_labels(index)

    def report(self, paragraph: Paragraph | None, reason: str, lost: bool = True) -> None:
        """Note that `paragraph` could not be read, with the reason (`lost`: its text is not imported)."""
        self.unmapped.append(Unmapped(paragraph, reason, lost))

    def node(self, path: tuple) -> dict:
        """The schema of the value at `path` ({} where the schema says nothing)."""
        return self.index.at(path) or {}

    def title(self, path: tuple) -> str:
        """The printed title of the field at `path`."""
        return self.node(path).get("title", str(path[-1]))

    # dispatch ---------------------------------------------------------------------------------------
    def value(self, path: tuple, paragraphs: list[Paragraph]) -> Any:
        """The value printed by `paragraphs` at `path`, or MISSING when there is none."""
        paragraphs = [p for p in paragraphs if p.text and not self.is_guidance(p.text)]
        if not paragraphs:
            return MISSING
        node = self.node(path)
        if path == ("methods",):
            return self.method_list(paragraphs)
        if path == ("basis",):
            return [entry for group in entries(paragraphs) for entry in self.citations(group)]
        if node.get("type") == "object":
            return self.mapping(path, paragraphs)
        if node.get("type") == "array":
            items = self.node((*path, 0))
            if items.get("type") == "object":
                return [self.record((*path, i), group) for i, group in enumerate(entries(paragraphs))]
            return [self.scalar((*path, i), group) for i, group in enumerate(entries(paragraphs))]
        return self.scalar(path, paragraphs)

    def is_guidance(self, text: str) -> bool:
        """Whether `text` is an explanation the blank 模版 prints, left in place by the clerk."""
        return text in self.guidance

    # scalars ----------------------------------------------------------------------------------------
    def scalar(self, path: tuple, paragraphs: list[Paragraph]) -> Any:
        """One field's text as its schema's type: number, date, 是/否, 不适用 reason or text."""
        text = "\n".join(p.text for p in paragraphs).strip()
        first = paragraphs[0]
        node = self.node(path)
        if not text or text == _UNFILLED or self.is_guidance(text):
            return MISSING
        if _not_applicable_branch(self.index, node) and text.startswith(NOT_APPLICABLE[:3]):
            return {"not_applicable": text[3:].lstrip("。，,：: ") or PLACEHOLDER}
        if node.get("type") in ("number", "integer"):
            return self._number(path, text, first)
        if node.get("format") == "date":
            return self._date(path, text, first)
        if node.get("type") == "boolean" and text in ("是", "否"):
            return text == "是"
        if "enum" in node and text not in node["enum"]:
            self.report(first, f"{self.index.label(path)}“{text}”不是可选的值（{'、'.join(map(str, node['enum']))}）")
        return text

    def _number(self, path: tuple, text: str, paragraph: Paragraph) -> Any:
        match = _NUMBER.match(text.replace(" ", ""))
        if not match:
            self.report(paragraph, f"{self.index.label(path)}应是一个数，如 20（表示 20%），这里写的是“{text}”")
            return MISSING
        number = float(match.group(1))
        return int(number) if number.is_integer() else number

    def _date(self, path: tuple, text: str, paragraph: Paragraph) -> Any:
        match = _CHINESE_DATE.match(text) or _ISO_DATE.match(text)
        try:
            return dt.date(*map(int, match.groups())) if match else self._no_date(path, text, paragraph)
        except ValueError:
            return self._no_date(path, text, paragraph)

    def _no_date(self, path: tuple, text: str, paragraph: Paragraph) -> Any:
        self.report(paragraph, f"{self.index.label(path)}不是日期（应写作 2017年7月1日）：“{text}”")
        return MISSING

    # records ----------------------------------------------------------------------------------------
    def record(self, path: tuple, paragraphs: list[Paragraph]) -> dict:
        """承接能力。具体内容 / 资格认定结果。公开渠道：……；公开时限：……。 → the record's fields."""
        keys = list(self.index.properties(path))
        first = paragraphs[0]
        text = "\n".join(p.text for p in paragraphs).strip()
        titles = {self.title((*path, k)): k for k in keys}
        if text.startswith(tuple(f"{self.title((*path, keys[0]))}{end}" for end in _LABEL_ENDS)):
            return self._labelled(path, text, titles, first)
        head, rest = self._head(path, keys, first, text)
        if head is None:
            self.report(first, self._headless(path, keys), lost=False)
        record = {keys[0]: PLACEHOLDER if head is None else self.scalar((*path, keys[0]), [replace(first, text=head)])}
        if len(keys) == 2:
            record[keys[1]] = self.scalar((*path, keys[1]), [replace(first, text=rest)])
        else:
            record.update(self._labelled(path, rest, {t: k for t, k in titles.items() if k != keys[0]}, first))
        return {k: v for k, v in record.items() if v is not MISSING}

    def _headless(self, path: tuple, keys: list[str]) -> str:
        """Why a record's opening field was not found."""
        head, body = self.title((*path, keys[0])), self.title((*path, keys[1]))
        choices = self.node((*path, keys[0])).get("enum")
        expected = (f"模板中的{head}（如“{'”“'.join(map(str, choices[:3]))}”等）" if choices
                    else f"“{head}。{body}”的写法")
        return f"{self.index.label(path)}开头不是{expected}：整段作为{body}，{head}待填写"

    def _head(self, path: tuple, keys: list[str], paragraph: Paragraph, text: str) -> tuple[str | None, str]:
        """The run-in heading (the record's first field) and the rest of the text."""
        if paragraph.head and text.startswith(paragraph.head):
            return _head_value(paragraph.head), text[len(paragraph.head):].strip()
        choices = self.node((*path, keys[0])).get("enum")
        if choices:
            for choice in sorted(map(str, choices), key=len, reverse=True):
                if text.startswith(choice) and text[len(choice):len(choice) + 1] in tuple(_FIELD_SEPARATORS):
                    return choice, text[len(choice) + 1:].strip()
            return None, text
        ends = [text.find(c) for c in _HEAD_ENDS + _LABEL_ENDS if text.find(c) > 0]
        if not ends:
            return None, text
        cut = min(ends)
        return _head_value(text[: cut + 1]), text[cut + 1:].strip()

    def _labelled(self, path: tuple, text: str, titles: dict[str, str], paragraph: Paragraph) -> dict:
        """标题：值；标题：值。 with known titles → {key: value}; text before the first title is reported."""
        pattern = re.compile("(?:^|[；;。]\\s*)(" + "|".join(map(re.escape, sorted(titles, key=len, reverse=True)))
                             + ")[：:]") if titles else None
        found = list(pattern.finditer(text)) if pattern else []
        if not found or found[0].start() > 0:
            leading = text[: found[0].start()] if found else text
            if leading.strip("。；; "):
                self.report(paragraph, f"{self.index.label(path)}中“{_short(leading)}”不属于任何一项")
        record = {}
        for number, match in enumerate(found):
            end = found[number + 1].start() if number + 1 < len(found) else len(text)
            value = text[match.end():end].strip()
            value = value[:-1] if value.endswith(("；", ";", "。")) else value
            key = titles[match.group(1)]
            record[key] = self.scalar((*path, key), [replace(paragraph, text=value)]) if value else MISSING
        return {k: v for k, v in record.items() if v is not MISSING}

    # mappings ---------------------------------------------------------------------------------------
    def mapping(self, path: tuple, paragraphs: list[Paragraph], extra: dict[str, tuple] | None = None) -> dict:
        """标题：值 per field (a sub-heading 标题 over several entries) → {field path: value}; `extra` maps
        further titles to other paths (监管责任科室 opening 监管责任)."""
        titles = {self.title((*path, k)): (*path, k) for k in self.index.properties(path)}
        titles.update(extra or {})
        openers: dict[tuple, Paragraph] = {}
        blocks: dict[tuple, list[Paragraph]] = {}
        current: tuple | None = None
        for paragraph in paragraphs:
            found = _field_start(paragraph, titles)
            if found is not None:
                current, rest = found
                openers[current] = paragraph
                # the text after the title is the field's first entry, whatever list numbers follow it
                blocks[current] = [replace(paragraph, text=rest, head="", numbered=False, level=0)] if rest else []
            elif current is None or self._stray(current, openers[current], paragraph):
                self.report(paragraph, f"{self.index.label(path)}中没有“{_short(paragraph.text)}”这一项")
            else:
                blocks[current].append(paragraph)
        result = {}
        for field_path, block in blocks.items():
            value = self.value(field_path, block)
            if value is MISSING:
                self.report(openers[field_path], f"{self.index.label(field_path)}没有填写", lost=False)
            else:
                result[field_path] = value
        return result

    def _stray(self, field_path: tuple, opener: Paragraph, paragraph: Paragraph) -> bool:
        """A numbered paragraph beside a one-line field, not under it, belongs to no field."""
        one_line = self.node(field_path).get("type") not in ("array", "object")
        return one_line and paragraph.numbered and opener.numbered and paragraph.level <= opener.level

    # citations and methods -----------------------------------------------------------------------------
    def citations(self, paragraphs: list[Paragraph]) -> list[dict]:
        """《名称》（文号或标准编号）条款 — one entry, or several when a paragraph lists only citations."""
        text = "\n".join(p.text for p in paragraphs).strip()
        parts = _citation_parts(text)
        if parts is None:
            return [{"title": text}]
        entries_found = []
        for title, number, articles in parts:
            entry = {"title": title}
            if number:
                entry["doc_number"] = number
            if articles:
                entry["articles"] = articles
            entries_found.append(entry)
        return entries_found

    def method_list(self, paragraphs: list[Paragraph]) -> list[str]:
        """采取书面检查、实地检查和“双随机、一公开”抽查等方式实施监管。 → the methods, in the printed order."""
        found: list[str] = []
        for paragraph in paragraphs:
            body = _METHODS_SENTENCE.match(paragraph.text).group(1)
            for token in _method_tokens(body, self.methods):
                if token in self.methods:
                    found.append(self.methods[token])
                else:
                    self.report(paragraph, f"监管方式“{token}”不是可选的方式（{'、'.join(self.node(('methods', 0))['enum'])}）")
        return list(dict.fromkeys(found))


def entries(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """A list's entries: each numbered paragraph starts one and lines without a number continue it;
    without any numbers every paragraph is an entry."""
    if not any(p.numbered for p in paragraphs):
        return [[p] for p in paragraphs]
    groups: list[list[Paragraph]] = []
    base = min(p.level for p in paragraphs if p.numbered)
    for paragraph in paragraphs:
        starts = paragraph.numbered and paragraph.level <= base
        if starts or not groups:
            groups.append([paragraph])
        else:
            groups[-1].append(paragraph)
    return groups


def _field_start(paragraph: Paragraph, titles: dict[str, tuple]) -> tuple[tuple, str] | None:
    """(path, text after the title) when the paragraph opens with a field's title, or is that title alone."""
    text = paragraph.text
    for title in sorted(titles, key=len, reverse=True):
        if text == title or text.rstrip(_LABEL_ENDS) == title:
            return titles[title], ""
        if text.startswith(title) and text[len(title):len(title) + 1] in tuple(_FIELD_SEPARATORS):
            return titles[title], text[len(title) + 1:].strip()
    return None


def _head_value(head: str) -> str:
    """A run-in heading without the 。 the renderer added after it."""
    head = head.strip()
    return head[:-1].strip() if head.endswith(("。", "：", ":")) else head


def _not_applicable_branch(index: SchemaIndex, node: dict) -> bool:
    return any("not_applicable" in index.resolve(branch).get("properties", {}) for branch in node.get("anyOf", []))


def _method_labels(index: SchemaIndex) -> dict[str, str]:
    """Every way a method is printed or written → the method."""
    choices = (index.at(("methods", 0)) or {}).get("enum", [])
    labels = {str(c): str(c) for c in choices}
    labels.update({wording: method for method, wording in METHOD_WORDING.items()})
    labels.update({written: method for written, method in _METHOD_SYNONYMS.items() if method in labels})
    return labels


def _method_tokens(body: str, labels: dict[str, str]) -> list[str]:
    """The sentence's methods: the longest known label at each place, else the text up to a separator."""
    tokens, position, ordered = [], 0, sorted(labels, key=len, reverse=True)
    while position < len(body):
        if body[position] in _METHOD_SEPARATORS:
            position += 1
            continue
        label = next((label for label in ordered if body.startswith(label, position)), None)
        if label is None:
            end = position
            while end < len(body) and body[end] not in _METHOD_SEPARATORS:
                end += 1
            label = body[position:end]
        tokens.append(label)
        position += len(label)
    return tokens


def _matching(text: str, start: int, opening: str, closing: str) -> int:
    """The index of the bracket closing the one at `start`, or -1."""
    depth = 0
    for position in range(start, len(text)):
        depth += (text[position] == opening) - (text[position] == closing)
        if depth == 0:
            return position
    return -1


def _citation_parts(text: str) -> list[tuple[str, str, str]] | None:
    """[(《名称》, 文号, 条款)]; None when the text does not open with 《."""
    parts, position = [], 0
    while position < len(text) and text[position] == "《":
        end = _matching(text, position, "《", "》")
        if end < 0:
            return None
        title, position, number = text[position:end + 1], end + 1, ""
        if text.startswith("（", position):
            close = _matching(text, position, "（", "）")
            if close > 0:
                number, position = text[position + 1:close], close + 1
        following = text.find("《", position)
        between = text[position:following] if following >= 0 else text[position:]
        if following >= 0 and between.strip("、，,和及以及 ") == "":
            parts.append((title, number, ""))
            position = following
            continue
        parts.append((title, number, between.strip()))
        break
    return parts or None


def _short(text: str, length: int = 20) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length] + "…"

"""One measure's 正文 in a regular printed form that `jianguan import` can read back.

The form (each rule a test in tests/test_official_docx.py):
- every section (DOCUMENT_ORDER) is a Heading 1 with the schema's title, numbered 一、二、…;
- a list of ≥2 texts: one numbered paragraph (Item 2, （一）…) per entry; a single entry is a plain paragraph;
- a list of ≥2 records (监管内容, 处理, 信息公开 …): one numbered paragraph per record whose first field is a
  run-in heading (承接能力。……); further fields follow as 标题：内容, joined by ；
- a mapping (监管措施, 监管计划, 监管责任 …): one numbered paragraph per field, 标题：内容; a field holding
  several entries becomes a Heading of the next level with its entries numbered below it;
- a mapping or list with one child prints that child as a plain paragraph (never a lone sub-heading);
- 监管方式 is one sentence, 监管依据 are citations 《名称》（文号或标准编号）条款, 施行日期 the closing sentence.
"""

from __future__ import annotations

from typing import Any

from jianguan_cli.rendering.docx_compose import Composer
from jianguan_cli.rendering.viewmodel import FOLDED, METHOD_WORDING, MeasureView, closing_sentence, plain_text

_END = "。！？；：.!?"
NOT_APPLICABLE = "不适用。"
_DEEPEST = 4  # GB/T 9704 has four levels: 一、（一）1.（1）


def methods_sentence(methods: list) -> str:
    """采取书面检查、实地检查和“双随机、一公开”抽查等方式实施监管。 (其他 last, as 其他方式)."""
    labels = [METHOD_WORDING.get(str(m), str(m)) for m in methods if str(m) != "其他"]
    other = any(str(m) == "其他" for m in methods)
    labels += ["其他"] if other else []
    if not labels:
        return ""
    joined = labels[0] if len(labels) == 1 else "、".join(labels[:-1]) + "和" + labels[-1]
    return f"采取{joined}{'方式' if len(labels) == 1 or other else '等方式'}实施监管。"


class MeasurePrinter:
    """Writes a measure's title and numbered sections through a Composer."""

    def __init__(self, composer: Composer, view: MeasureView) -> None:
        self.out = composer
        self.view = view

    def write(self, title: str, data: dict, note: str = ""):
        """Title (with an optional note line under it, such as a 汇编's 文号), sections, closing sentence;
        returns the title paragraph."""
        heading = self.out.title(title)
        if note:
            self.out.paragraph(note, "Title Note")
        for key in self.view.section_keys(data):
            self.out.heading(1, self.view.title((key,)))
            self._section(key, data)
        closing = closing_sentence(data)
        if closing:
            self.out.paragraph(closing)
        return heading

    def _section(self, key: str, data: dict) -> None:
        value = data.get(key)
        if key == "methods" and isinstance(value, list):
            self.out.paragraph(methods_sentence(value))
        elif key == "basis" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            self._entries([self._citation(entry, (key, i)) for i, entry in enumerate(value)], 2)
        else:
            folded = [(self.view.title((k,)), data[k], (k,)) for k, into in FOLDED.items() if into == key and k in data]
            if folded:
                own = self._fields(value, (key,)) if isinstance(value, dict) else []
                self._mapping(folded + own, 2)
            else:
                self._value(value, (key,), 2)

    # values by shape ------------------------------------------------------------------------------
    def _value(self, value: Any, path: tuple, level: int) -> None:
        if isinstance(value, dict):
            self._mapping(self._fields(value, path), level)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            self._entries([self._record(row, (*path, i)) for i, row in enumerate(value)], level)
        elif isinstance(value, list):
            self._entries([("", self._text(v, (*path, i))) for i, v in enumerate(value)], level)
        else:
            self.out.paragraph(self._text(value, path))

    def _entries(self, entries: list[tuple[str, str]], level: int) -> None:
        """(run-in heading, text) pairs: numbered when there are several, one plain paragraph for one."""
        numbered = len(entries) > 1 and level <= _DEEPEST
        for head, text in entries:
            if numbered:
                self.out.item(level, head, text)
            else:
                self.out.run_in(head, text, level=level)

    def _mapping(self, fields: list[tuple[str, Any, tuple]], level: int) -> None:
        numbered = len(fields) > 1 and level <= _DEEPEST
        for title, value, path in fields:
            inline = self._inline(value, path)
            if inline is not None:
                if numbered:
                    self.out.item(level, f"{title}：", inline)
                else:
                    self.out.run_in(f"{title}：", inline, level=level)
            elif numbered:
                self.out.heading(level, title)
                self._value(value, path, level + 1)
            else:
                self.out.run_in(f"{title}：", "", level=level)
                self._value(value, path, level)

    def _fields(self, mapping: dict, path: tuple) -> list[tuple[str, Any, tuple]]:
        return [(self.view.title((*path, k)), v, (*path, k)) for k, v in self.view.ordered(mapping, path)]

    # one-line texts ---------------------------------------------------------------------------------
    def _inline(self, value: Any, path: tuple) -> str | None:
        """The value as one line when it is a text, a 不适用 reason or a single entry; None otherwise."""
        if isinstance(value, dict) and set(value) == {"not_applicable"}:
            return NOT_APPLICABLE + self._text(value["not_applicable"], (*path, "not_applicable"))
        if isinstance(value, list) and len(value) == 1:
            head, text = (self._record(value[0], (*path, 0)) if isinstance(value[0], dict)
                          else ("", self._text(value[0], (*path, 0))))
            return head + text
        if isinstance(value, (dict, list)):
            return None
        return self._text(value, path)

    def _record(self, row: dict, path: tuple) -> tuple[str, str]:
        """(run-in heading, text) of one record: its first field heads, the others follow."""
        fields = self.view.ordered(row, path)
        if not fields:
            return "", ""
        (first_key, first), rest = fields[0], fields[1:]
        head = self._text(first, (*path, first_key))
        head += "" if not rest or head.endswith(tuple(_END)) else "。"
        if len(rest) == 1:
            return head, self._text(rest[0][1], (*path, rest[0][0]))
        parts = [f"{self.view.title((*path, k))}：{self._text(v, (*path, k)).rstrip('。；')}" for k, v in rest]
        return head, "；".join(parts) + ("。" if parts else "")

    def _citation(self, entry: dict, path: tuple) -> tuple[str, str]:
        """《名称》（文号或标准编号）条款 — the way a 公文 cites its basis."""
        title = self._text(entry.get("title", ""), (*path, "title"))
        number = self._text(entry["doc_number"], (*path, "doc_number")) if entry.get("doc_number") else ""
        articles = self._text(entry["articles"], (*path, "articles")) if entry.get("articles") else ""
        others = [f"{self.view.title((*path, k))}：{self._text(v, (*path, k))}" for k, v in self.view.ordered(entry, path)
                  if k not in ("title", "doc_number", "articles")]
        return "", title + (f"（{number}）" if number else "") + articles + "".join(f"；{o}" for o in others)

    def _text(self, value: Any, path: tuple) -> str:
        return plain_text(self.view.blocks(value, path))

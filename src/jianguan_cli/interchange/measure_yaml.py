"""The YAML text of an imported measure: a new file as `jianguan fmt` writes it, or an existing file with
the printed fields replaced and its comments, quoting and unprinted fields kept."""

from __future__ import annotations

import datetime as dt
import difflib
import warnings

from jianguan_cli.authoring.formatting import FormatRefused, Formatter
from jianguan_cli.authoring.roundtrip import dumped, round_trip_yaml
from jianguan_cli.schema import SchemaIndex

# the comment block that keeps, in the file itself, the text that could not be imported
NOTE_MARK = "# jianguan import："
_NOTE_LINE = ("# 第", "# 约第", "#   ")


class MergeRefused(Exception):
    """The existing file cannot be updated safely; the message says why."""


def new_text(data: dict, index: SchemaIndex, schema_line: str, notes: list[str]) -> str:
    """A new measure file: the `$schema=` line, the notes on what was not imported, the data in fmt's layout."""
    body = dumped(round_trip_yaml(), data)
    return _formatted(_with_notes(f"{schema_line}\n{body}", notes), index, schema_line)


def merged_text(before: str, printed: dict, printed_keys: tuple[str, ...], index: SchemaIndex, schema_line: str,
                notes: list[str]) -> str:
    """`before` with its printed fields replaced by `printed` (absent ones removed); comments and the
    fields the page does not show stay as they were."""
    yaml = round_trip_yaml()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = yaml.load(_without_notes(before))
    except Exception as error:  # ruamel.yaml raises more than YAMLError on broken files
        raise MergeRefused(f"现有文件无法读取（{error.__class__.__name__}），未覆盖；请先修好或删除它") from None
    if not isinstance(document, dict):
        raise MergeRefused("现有文件最外层不是“键: 值”的映射，未覆盖；请先修好或删除它")
    for key in printed_keys:
        if key == "item":
            item = document.setdefault("item", {})
            if isinstance(item, dict):
                item["name"] = _merged(item.get("name"), printed["item"]["name"])
        elif key in printed:
            document[key] = _merged(document.get(key), printed[key]) if key in document else printed[key]
        elif key in document:
            del document[key]
    text = _with_notes(dumped(yaml, document), notes)
    return _formatted(text, index, schema_line)


def unified_diff(before: str, after: str, display: str) -> str:
    """The change from `before` to `after` as a unified diff."""
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        f"{display}（原）", f"{display}（导入后）"))


def _merged(old, new):
    """`new`, reusing the parts of `old` that are equal, so their comments and quoting stay."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = _merged(old[key], value) if key in old else value
        return old
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for number, value in enumerate(new):
            old[number] = _merged(old[number], value)
        return old
    return old if _same(old, new) else new


def _same(old, new) -> bool:
    """Equal values of one kind (ruamel.yaml's own str and float subclasses count as theirs)."""
    for kind in (bool, str, dt.date):
        if isinstance(new, kind):
            return isinstance(old, kind) and old == new
    if isinstance(new, (int, float)):
        return isinstance(old, (int, float)) and not isinstance(old, bool) and old == new
    return old == new


def _formatted(text: str, index: SchemaIndex, schema_line: str) -> str:
    try:
        return Formatter(index).format(text.encode("utf-8"), schema_line).text
    except FormatRefused as refusal:
        raise MergeRefused(f"无法写成规范格式（{refusal}）") from None


def _with_notes(text: str, notes: list[str]) -> str:
    """The text with the notes as comments after its first line (the `$schema=` line) when it has one."""
    if not notes:
        return text
    lines = text.split("\n")
    at = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
    block = [f"{NOTE_MARK}下列段落未能导入，请核对后写入相应位置，再删除这些注释。",
             *("# " + " ".join(note.split()) for note in notes)]
    return "\n".join(lines[:at] + block + lines[at:])


def _without_notes(text: str) -> str:
    """The text without the notes of an earlier import (they are written afresh)."""
    lines, kept, inside = text.split("\n"), [], False
    for line in lines:
        if line.startswith(NOTE_MARK):
            inside = True
            continue
        if inside and line.startswith(_NOTE_LINE):
            continue
        inside = False
        kept.append(line)
    return "\n".join(kept)

"""Bytes to text: UTF-8 (with or without BOM), and a clear word for anything else."""

from __future__ import annotations

import codecs
import re

from jianguan_cli.loading.problems import LoadFailure, LoadProblem

_CONVERT_HINT = (
    "请把文件转换为 UTF-8 编码：在记事本或 WPS 中“另存为”并选择 UTF-8，"
    "或运行 iconv -f {enc} -t UTF-8 原文件 > 新文件"
)


def position_of_offset(text, offset: int) -> tuple[int, int]:
    """1-based (line, column) of the character (or, in bytes, the byte) at `offset`."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1
    return line, offset - (text.rfind(newline, 0, offset) + 1) + 1


def decode(raw: bytes) -> tuple[str, list[LoadProblem]]:
    """Text of a YAML file with line endings normalised to LF, plus encoding problems.

    UTF-16/32 and GBK/GB18030 files are decoded so later checks still run, but each is
    reported; bytes that are not text at all raise LoadFailure.
    """
    problems: list[LoadProblem] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            text = _decode_or_fail(raw, name, "UTF-16/32")
            problems.append(_wrong_encoding(name.upper()))
            return _with_breaks(_normalise(text), problems)
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise LoadFailure(LoadProblem(
            "Y106", line, 1, "文件含有空字节（NUL），不是文本文件",
            "请确认选中的是 YAML 文本文件，而不是 Word、Excel 或压缩文件。"))
    try:
        return _with_breaks(_normalise(raw.decode("utf-8")), problems)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        line, column = position_of_offset(raw, utf8_error.start)
        raise LoadFailure(LoadProblem(
            "Y106", line, column, "文件不是 UTF-8 编码，也不是 GBK/GB18030 编码，无法识别",
            "请确认这是 YAML 文本文件，并另存为 UTF-8 编码。")) from None
    problems.append(_wrong_encoding("GB18030"))
    return _with_breaks(_normalise(text), problems)


def _with_breaks(text: str, problems: list[LoadProblem]) -> tuple[str, list[LoadProblem]]:
    text, found = other_breaks(text)
    return text, problems + found


def _decode_or_fail(raw: bytes, codec: str, label: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise LoadFailure(LoadProblem(
            "Y106", 1, 1, f"文件以 {label} 标记开头，但内容无法按该编码读取",
            "请另存为 UTF-8 编码。")) from None


def _wrong_encoding(encoding: str) -> LoadProblem:
    label = "GBK/GB18030" if encoding == "GB18030" else encoding
    return LoadProblem(
        "Y106", 1, 1, f"文件是 {label} 编码，jianguan 要求 UTF-8 编码",
        _CONVERT_HINT.format(enc=encoding))


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# Line breaks in YAML 1.1 (libyaml) but ordinary characters in YAML 1.2 (ruamel's round trip):
# read as spaces everywhere, so lint, fmt and catalog import see the same lines.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "NEL（U+0085）", "\u2028": "行分隔符（U+2028）", "\u2029": "段分隔符（U+2029）"}


def other_breaks(text: str) -> tuple[str, list[LoadProblem]]:
    """`text` with NEL, U+2028 and U+2029 read as spaces, and a problem at each."""
    if not _OTHER_BREAKS.search(text):
        return text, []
    problems = [LoadProblem("Y111", *position_of_offset(text, match.start()),
                            f"这里有一个看不见的换行符 {_BREAK_NAMES[match.group()]}，常见于从 Word 或网页复制的文字",
                            "删除它（jianguan fmt --fix 把它换成空格）；需要分行时用 “|” 开头的多行文字。")
                for match in _OTHER_BREAKS.finditer(text)]
    return _OTHER_BREAKS.sub(" ", text), problems

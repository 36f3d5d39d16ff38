"""Characters that look like a space, or like nothing at all, and what to call them in a message."""

from __future__ import annotations

import re

# Spaces that YAML does not treat as whitespace: pasted from Word (no-break space), typed in
# full-width mode (U+3000) or set by a typesetting program (en/em/thin spaces).
SPACE_NAMES = {
    "\u00a0": "不换行空格（U+00A0，常见于从 Word 或网页复制的文字）",
    "\u2000": "排版空格（U+2000）", "\u2001": "排版空格（U+2001）",
    "\u2002": "半角排版空格（U+2002）", "\u2003": "全角排版空格（U+2003）",
    "\u2004": "排版空格（U+2004）", "\u2005": "排版空格（U+2005）", "\u2006": "排版空格（U+2006）",
    "\u2007": "数字空格（U+2007）", "\u2008": "标点空格（U+2008）", "\u2009": "窄空格（U+2009）",
    "\u200a": "极窄空格（U+200A）", "\u202f": "窄不换行空格（U+202F）", "\u205f": "数学空格（U+205F）",
    "\u3000": "全角空格“　”（U+3000）",
}
SPACES = "".join(SPACE_NAMES)

# Characters that take no room on screen: a key or value holding one looks right and is not.
INVISIBLE_NAMES = {
    "\u200b": "零宽空格（U+200B）", "\u200c": "零宽非连接符（U+200C）", "\u200d": "零宽连接符（U+200D）",
    "\u2060": "零宽不换行符（U+2060）", "\ufeff": "字节顺序标记 BOM（U+FEFF）",
    "\u200e": "从左到右标记（U+200E）", "\u200f": "从右到左标记（U+200F）",
    "\u202a": "方向控制符（U+202A）", "\u202b": "方向控制符（U+202B）", "\u202c": "方向控制符（U+202C）",
    "\u202d": "方向控制符（U+202D）", "\u202e": "方向控制符（U+202E）",
    "\u2066": "方向控制符（U+2066）", "\u2067": "方向控制符（U+2067）", "\u2068": "方向控制符（U+2068）",
    "\u2069": "方向控制符（U+2069）", "\u180e": "蒙古文元音分隔符（U+180E）",
}
INVISIBLE = re.compile("[" + "".join(INVISIBLE_NAMES) + "]")

# Joiners shape emoji and some scripts: removed only between characters they cannot join.
_JOINERS = "\u200c\u200d"
_NOTHING_TO_JOIN = re.compile(r"[\x00-\x7f\u3000-\u303f\u3400-\u9fff\uff00-\uffef\s]")


def display_width(character: str) -> int:
    """Columns a space character takes in a terminal (a full-width space takes two)."""
    return 2 if character == "\u3000" else 1


def removable(text: str, offset: int) -> bool:
    """Whether the invisible character at `offset` can go without changing what the text says."""
    if text[offset] not in _JOINERS:
        return True
    around = (text[offset - 1:offset], text[offset + 1:offset + 2])
    return all(not side or _NOTHING_TO_JOIN.match(side) for side in around)

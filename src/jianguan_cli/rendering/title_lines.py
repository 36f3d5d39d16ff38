"""Breaking a document title into lines between words, shaped as a trapezoid or a diamond (GB/T 9704 7.3.1).

Words come from the jieba segmenter with the domain's own words added; brackets, book-title marks and
Latin runs stay whole, so no line ever ends inside 资格认定, 事中事后 or （模版）.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import warnings
from functools import lru_cache

# Words jieba does not know (it splits 事中事后 into 事|中|事后); each must stay on one line.
DOMAIN_WORDS = ("事中事后", "事中事后监管", "监管办法", "资格认定", "行政审批", "审批事项", "关于印发", "生产装配",
                "辅助器具", "矫形器", "事项目录", "汇编")
_OPENING = "（(《〔[“‘【"
_CLOSING = "）)》〕]”’】、，。；：！？"
_PAIRS = {"（": "）", "(": ")", "〔": "〕", "[": "]", "【": "】"}
_SHORT_GROUP = 8  # a bracketed group up to this width stays on one line: （模版）, (辅助器具)
_LATIN = re.compile(r"^[A-Za-z0-9./\-_]+$")
_GLUED_FORWARD = ("关于", "的")
_CONJUNCTIONS = ("和", "与", "及", "或", "并")  # never the last word of a line: …民政局关于|印发, …办法》的|通知


def width(text: str) -> float:
    """Width in em: CJK and full-width characters 1, Latin letters, digits and half-width signs about ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


@lru_cache(maxsize=1)
def _tokenizer():
    with warnings.catch_warnings():  # jieba 0.42's regular expressions use invalid escapes
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word, freq=100_000)
    return tokenizer


def words(title: str) -> list[str]:
    """The title's unbreakable pieces, in order; joined they give the title back."""
    pieces = list(_tokenizer().cut(title, HMM=False))
    return _glue_forward(_attach_punctuation(_group_brackets(_merge_latin(pieces))))


def _merge_latin(pieces: list[str]) -> list[str]:
    merged: list[str] = []
    for piece in pieces:
        if merged and _LATIN.match(piece) and _LATIN.match(merged[-1]):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _group_brackets(pieces: list[str]) -> list[str]:
    """A short bracketed group such as （模版） becomes one piece."""
    result: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        closing = _PAIRS.get(piece)
        end = next((j for j in range(index + 1, len(pieces)) if pieces[j] == closing), None) if closing else None
        if end is not None and width("".join(pieces[index:end + 1])) <= _SHORT_GROUP:
            result.append("".join(pieces[index:end + 1]))
            index = end + 1
        else:
            result.append(piece)
            index += 1
    return result


def _attach_punctuation(pieces: list[str]) -> list[str]:
    """Opening marks stick to the next piece, closing marks and 、，。 to the previous one."""
    result: list[str] = []
    carry = ""
    for piece in pieces:
        if piece and all(ch in _OPENING for ch in piece):
            carry += piece
        elif result and piece and all(ch in _CLOSING for ch in piece):
            result[-1] += carry + piece
            carry = ""
        else:
            result.append(carry + piece)
            carry = ""
    if carry:
        result.append(carry)
    return result


def _glue_forward(pieces: list[str]) -> list[str]:
    result: list[str] = []
    for piece in pieces:
        if result and result[-1] in _GLUED_FORWARD:
            result[-1] += piece
        else:
            result.append(piece)
    return result


def title_lines(title: str, capacity: float, phrases: tuple[str, ...] = ()) -> list[str]:
    """The title in as few lines as fit `capacity` em each, broken between words into a good shape;
    `phrases` (an organ's name) are broken only when nothing else fits."""
    pieces = words(title)
    if width(title) <= capacity or len(pieces) == 1:
        return [title]
    penalties = _break_penalties(pieces, phrases)
    fewest = max(2, int(-(-width(title) // capacity)))
    for count in range(fewest, min(fewest + 2, len(pieces)) + 1):
        best = _best_split(pieces, penalties, count, capacity)
        if best:
            return best
    return _greedy(pieces, capacity)


def _best_split(pieces: list[str], penalties: list[float], count: int, capacity: float) -> list[str] | None:
    """Of all splits into `count` lines that fit, the best-shaped one (None when none fits a shape)."""
    best, best_cost = None, None
    for cuts in itertools.combinations(range(1, len(pieces)), count - 1):
        bounds = (0, *cuts, len(pieces))
        lines = ["".join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
        widths = [width(line) for line in lines]
        if max(widths) > capacity or not _shapely(widths):
            continue
        # word integrity first, balance second: a slightly uneven title reads better than a split phrase
        cost = (max(widths) - min(widths)) / 2 + sum(penalties[cut] for cut in cuts)
        if best_cost is None or cost < best_cost:
            best, best_cost = lines, cost
    return best


def _shapely(widths: list[float]) -> bool:
    """A trapezoid (lines only growing, or only shrinking) or a diamond (growing, then shrinking)."""
    steps = [round(b - a, 2) for a, b in itertools.pairwise(widths)]
    if all(s >= 0 for s in steps) or all(s <= 0 for s in steps):
        return True
    peak = widths.index(max(widths))
    return (0 < peak < len(widths) - 1 and all(s >= 0 for s in steps[:peak]) and all(s <= 0 for s in steps[peak:]))


def _break_penalties(pieces: list[str], phrases: tuple[str, ...]) -> list[float]:
    """The cost of a line break before each piece: inside a phrase or a 《book title》, around 和 or 、."""
    text = "".join(pieces)
    spans = [(m.start(), m.end()) for phrase in phrases if phrase for m in re.finditer(re.escape(phrase), text)]
    penalties, offset, depth = [0.0], 0, 0
    for left, right in itertools.pairwise(pieces):
        offset += len(left)
        depth += left.count("《") - left.count("》")
        cost = 2.0 if depth > 0 else 0.0
        cost += 5.0 if any(a < offset < b for a, b in spans) else 0.0
        cost += 3.0 if left.endswith(_CONJUNCTIONS) or right.startswith(_CONJUNCTIONS) else 0.0
        cost += 0.5 if left.endswith("、") else 0.0
        penalties.append(cost)
    return penalties


def _greedy(pieces: list[str], capacity: float) -> list[str]:
    """Fallback for titles no shape fits: fill each line, a too-long word on a line of its own."""
    lines = [""]
    for piece in pieces:
        if lines[-1] and width(lines[-1] + piece) > capacity:
            lines.append("")
        lines[-1] += piece
    return lines

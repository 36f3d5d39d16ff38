"""Loading: bytes → text → node tree with positions → plain data, with Chinese messages."""

from __future__ import annotations

from pathlib import Path

from jianguan_cli.loading.causes import real_cause
from jianguan_cli.loading.compose import compose
from jianguan_cli.loading.convert import Converter, node_budget
from jianguan_cli.loading.decode import decode
from jianguan_cli.loading.document import Document
from jianguan_cli.loading.indentation import odd_indents
from jianguan_cli.fileio import TooLarge, Unreadable, read_regular
from jianguan_cli.loading.limits import DEFAULT_LIMITS, Limits
from jianguan_cli.loading.meanings import find_hidden_meanings, unfolded
from jianguan_cli.loading.problems import LoadFailure, LoadProblem
from jianguan_cli.loading.traps import find_traps, repair_traps

__all__ = ["Document", "Limits", "LoadProblem", "load_bytes", "load_file"]


def load_file(path: Path, display_path: str, known_keys: frozenset[str],
              limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> Document:
    """Read and parse one file; unreadable files become a document with a problem.

    Only a regular file is read (never a folder, pipe or device); with `root`, a symbolic link
    that leads out of that folder is reported, not read.
    """
    try:
        raw = read_regular(path, limits.file_size_bytes, root)
    except TooLarge as large:
        return _failed(display_path, too_large(large.size, limits))
    except Unreadable as entry:
        return _failed(display_path, LoadProblem("Y110", 1, 1, entry.message, entry.hint))
    return load_bytes(raw, display_path, known_keys, limits)


def too_large(size: int, limits: Limits) -> LoadProblem:
    """The finding for a file over the size limit, which is never read."""
    return LoadProblem(
        "Y109", 1, 1, f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {limits.file_size_mb} MB）",
        "监管办法一般只有几 KB：请确认选中的是正确的文件（上限可在 jianguan.toml 的 [limits] 中调整 file_size_mb）。")


def load_bytes(raw: bytes, display_path: str, known_keys: frozenset[str],
               limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse `raw` into a Document; every problem is recorded, nothing is raised."""
    try:
        text, problems = decode(raw)
    except LoadFailure as failure:
        return _failed(display_path, *failure.problems)
    doc = Document(path=display_path, text=text, problems=problems)
    traps = find_traps(text, known_keys)
    doc.problems.extend(traps)
    meant = _as_meant(text, traps, known_keys, limits)
    if meant is not None:
        doc.composed_text, doc.root = meant
    else:
        try:
            doc.root = compose(text, limits.nesting_depth)
        except LoadFailure as failure:
            found = [real_cause(text, problem, known_keys) for problem in failure.problems]
            doc.problems.extend(_unless_caused_by_traps(found, traps))
            return doc
    if doc.root is None:
        doc.problems.append(LoadProblem(
            "Y107", 1, 1, "文件是空的", "运行 jianguan new 事项编码 生成一份填写模板。"))
        return doc
    converter = Converter(node_budget(text, limits.alias_nodes))
    try:
        doc.data = converter.convert_root(doc.root)
    except LoadFailure as failure:
        doc.problems.extend(failure.problems)
        return doc
    except RecursionError:
        doc.problems.append(LoadProblem(
            "Y109", 1, 1, "文件嵌套层数过多，无法读取", "检查是否有大量连续的 [ 或 {。"))
        return doc
    doc.problems.extend(converter.problems)
    doc.problems.extend(odd_indents(doc.composed_text or text))
    hidden = find_hidden_meanings(doc.composed_text or text, doc.root, converter.multi_line)
    doc.problems.extend(hidden)
    if any(problem.rule == "Y121" for problem in hidden):
        _read_unfolded(doc, limits)
    doc.parsed = True
    return doc


def _read_unfolded(doc: Document, limits: Limits) -> None:
    """Read the lists as meant, each folded item (Y121) its own item; lines stay where they were."""
    meant = unfolded(doc.composed_text or doc.text, doc.root)
    try:
        root = compose(meant, limits.nesting_depth) if meant else None
        data = Converter(node_budget(meant, limits.alias_nodes)).convert_root(root) if root else None
    except (LoadFailure, RecursionError):
        return  # the reading as written stands; Y121 is reported either way
    if data is not None:
        doc.composed_text, doc.root, doc.data = meant, root, data


def _as_meant(text: str, traps: list[LoadProblem], known_keys: frozenset[str], limits: Limits):
    """(repaired text, node tree) of `text` read as the typist meant it, when it has traps; else None.

    Read as typed, a trap either keeps the file from parsing or changes what it says (an
    invisible character in a key, "-实地检查" folded into the text above). The rules then check
    the file as meant, so the typist sees every problem at once and none that only the trap
    caused; the repairs keep every line where it was, and findings on a trap's line are left out.
    """
    if not traps:
        return None
    repaired, _ = repair_traps(text, known_keys)
    if repaired == text:
        return None
    try:
        return repaired, compose(repaired, limits.nesting_depth)
    except LoadFailure:
        return None


def _unless_caused_by_traps(problems: list[LoadProblem], traps: list[LoadProblem]) -> list[LoadProblem]:
    # A syntax error at or after a keyboard trap is almost always its consequence.
    if not traps:
        return problems
    first_trap = min(t.line for t in traps)
    return [p for p in problems if p.line < first_trap]


def _failed(display_path: str, *problems: LoadProblem) -> Document:
    return Document(path=display_path, text="", problems=list(problems))

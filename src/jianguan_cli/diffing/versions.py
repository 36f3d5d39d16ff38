"""Both versions of every measure: at a git revision and in the working tree, keyed by item code."""

from __future__ import annotations

import os
from dataclasses import dataclass

from jianguan_cli.diffing.git import DiffError, GitRepository, Revision, TreeFile
from jianguan_cli.linting.files import YAML_SUFFIXES, collect_files, display_path
from jianguan_cli.loading import Document, LoadProblem, load_bytes, load_file, too_large
from jianguan_cli.rules.yaml_rules import SYNTAX_RULE
from jianguan_cli.settings import Settings

WORKING_TREE = "工作区"


@dataclass(frozen=True)
class MeasureVersion:
    """One version of a measure file: path relative to the data repository root, and its data."""

    path: str
    data: dict

    @property
    def code(self) -> str | None:
        """item.code, or None where the file has none."""
        item = self.data.get("item")
        code = item.get("code") if isinstance(item, dict) else None
        return code if isinstance(code, str) and code.strip() else None

    @property
    def name(self) -> str:
        """item.name, or "" where the file has none."""
        item = self.data.get("item")
        name = item.get("name") if isinstance(item, dict) else None
        return name if isinstance(name, str) else ""

    @property
    def key(self) -> str:
        """What pairs the two versions: the item code (so a renamed file is the same measure)."""
        return self.code or f"文件 {self.path}"


class Repository:
    """The data repository inside its git repository: where measures live at a revision and now."""

    def __init__(self, settings: Settings, git: GitRepository, known_keys: frozenset[str]) -> None:
        self.settings = settings
        self.git = git
        self.known_keys = known_keys
        root = os.path.relpath(os.path.realpath(settings.root), os.path.realpath(git.top))
        self.prefix = "" if root == "." else root.replace(os.sep, "/") + "/"

    def git_path(self, path: str) -> str:
        """A path relative to the data repository root as git names it (relative to the top)."""
        return self.prefix + path

    def tree(self, commit: str) -> list[TreeFile]:
        """The measure files in `commit`, paths relative to the data repository root."""
        folder = self.git_path(self.settings.measures.strip("/"))
        return [TreeFile(entry.path[len(self.prefix):], entry.mode, entry.kind, entry.oid, entry.size)
                for entry in self.git.files(commit, folder) if entry.path.endswith(YAML_SUFFIXES)]

    def at_revision(self, revision: Revision) -> dict[str, MeasureVersion]:
        """Every measure in `revision`, by key."""
        entries = self.tree(revision.commit)
        for entry in entries:
            _refuse_special(entry, revision)
        contents = self.git.read([e.oid for e in entries if e.size <= self.settings.limits.file_size_bytes])
        versions = []
        for entry in entries:
            if entry.oid not in contents:
                raise _unreadable(revision.describe(), entry.path, too_large(entry.size, self.settings.limits))
            doc = load_bytes(contents[entry.oid], entry.path, self.known_keys, self.settings.limits)
            versions.append(_version(doc, revision.describe()))
        return _by_key(versions, revision.describe())

    def in_working_tree(self) -> dict[str, MeasureVersion]:
        """Every measure in the working tree (including files git does not track yet), by key."""
        versions = []
        for path in collect_files([], self.settings.measures_path):
            shown = display_path(path, self.settings.root)
            doc = load_file(path, shown, self.known_keys, self.settings.limits, self.settings.root)
            versions.append(_version(doc, WORKING_TREE))
        return _by_key(versions, WORKING_TREE)


def _refuse_special(entry: TreeFile, revision: Revision) -> None:
    if entry.kind != "blob" or entry.mode == "120000":
        what = "符号链接" if entry.mode == "120000" else "子模块"
        raise DiffError(f"{revision.describe()}中的 {entry.path} 是{what}，不是监管办法文件，无法比较。"
                        "监管办法应是 measures/ 下的普通 .yaml 文件。")


def _version(doc: Document, where: str) -> MeasureVersion:
    if not doc.parsed or not isinstance(doc.data, dict):
        # the first problem is the cause: an encoding, a keyboard trap or the syntax error itself
        problem = doc.problems[0] if not doc.parsed and doc.problems else None
        raise _unreadable(where, doc.path, problem or LoadProblem(
            SYNTAX_RULE, 1, 1, "文件内容不是监管办法（顶层应是“键: 值”的各项内容）", ""))
    return MeasureVersion(doc.path, doc.data)


def _unreadable(where: str, path: str, problem: LoadProblem) -> DiffError:
    return DiffError(f"{where}中的 {path} 无法读取，不能比较：第 {problem.line} 行第 {problem.column} 列，"
                     f"{problem.message}。{problem.hint}"
                     + ("（工作区的文件可用 jianguan lint 检查。）" if where == WORKING_TREE else ""))


def _by_key(versions: list[MeasureVersion], where: str) -> dict[str, MeasureVersion]:
    found: dict[str, MeasureVersion] = {}
    for version in versions:
        if version.key in found:
            raise DiffError(f"{where}中有两份监管办法写了同一个事项编码 {version.key}："
                            f"{found[version.key].path} 和 {version.path}，无法确定哪一份是修订后的。"
                            "请删除或改正其中一份（jianguan check 报告 V902）。")
        found[version.key] = version
    return found


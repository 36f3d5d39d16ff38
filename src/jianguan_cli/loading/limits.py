"""How much one file may cost to read: size, nesting and alias expansion (`[limits]`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile files (huge, deeply nested, alias bombs) cheap to refuse."""

    # A measure is about 10 KB and a 200,000-item catalogue about 20 MB.
    file_size_mb: int = 20
    # Measures nest a few levels; libyaml composes recursively in C and crashes far deeper.
    nesting_depth: int = 500
    # Without aliases a document holds at most about one node per two characters, so this
    # only ever stops alias expansion ("billion laughs"), whatever the file size.
    alias_nodes: int = 200_000

    @property
    def file_size_bytes(self) -> int:
        return self.file_size_mb * 1024 * 1024


DEFAULT_LIMITS = Limits()

# What settings may raise the limits to, and why no further.
MAXIMA = {
    "file_size_mb": (200, "更大的文件读入内存会拖垮 CI 机器"),
    "nesting_depth": (10_000, "libyaml 递归解析，约 30,000 层时进程崩溃"),
    "alias_nodes": (5_000_000, "展开更多节点需要几 GB 内存"),
}

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

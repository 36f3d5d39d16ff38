"""The key names a schema allows, with the Chinese titles a typist may write instead."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class KnownKeys(frozenset):
    """The English keys of a schema; `titles` maps each Chinese title (监管对象) to its key (objects).

    A frozenset, so code that only needs the key names takes it unchanged.
    """

    titles: Mapping[str, str]

    def __new__(cls, keys: Iterable[str], titles: Mapping[str, str] | None = None):
        known = super().__new__(cls, keys)
        known.titles = dict(titles or {})
        return known


def key_for_title(known_keys: frozenset[str], title: str) -> str | None:
    """The English key whose schema title is `title`, if `known_keys` carries titles."""
    return getattr(known_keys, "titles", {}).get(title)

"""The markers the English source catalog is written with; `pybabel extract` knows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Source:
    """One text as written in English: its id, its text and, for a count, its plural."""

    key: str
    text: str
    plural: str | None = None

    @property
    def msgid(self) -> str | tuple[str, str]:
        """Return the gettext message id: the text, or (singular, plural)."""
        return self.text if self.plural is None else (self.text, self.plural)


def msg(key: str, text: str) -> Source:
    """Declare a text with id `key` (extracted as msgctxt `key`, msgid `text`)."""
    return Source(key, text)


def msg_n(key: str, one: str, other: str) -> Source:
    """Declare a text whose form follows {count}: English singular and plural."""
    return Source(key, one, other)


def catalog(*entries: Source) -> Mapping[str, Source]:
    """Index the entries by id; an id used twice is a programming error."""
    index: dict[str, Source] = {}
    for entry in entries:
        if entry.key in index:
            msg = f"text id {entry.key!r} is declared twice"
            raise ValueError(msg)
        index[entry.key] = entry
    return MappingProxyType(index)

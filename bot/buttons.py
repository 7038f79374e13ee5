"""Typed button data: one codec per button kind, with a prefix no other kind may use.

A codec turns a small frozen dataclass into callback data ('ac:c:17:en') and back. Decoding is
strict: the prefix, the number of fields, integers in ASCII digits, words from a safe alphabet
(or from the codec's declared choices); anything else is forged or stale and raises StaleAction.
Encoding refuses data over Telegram's 64-byte limit.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Collection, Mapping
from enum import Enum
from typing import Any, Generic, TypeVar

from bot.errors import StaleAction

T = TypeVar("T")

MAX_BYTES = 64  # Telegram's limit for callback_data
_INT = re.compile(r"[0-9]{1,9}")
_WORD = re.compile(r"[A-Za-z0-9_.-]{0,40}")
_REGISTRY: dict[str, Codec[Any]] = {}


@dataclasses.dataclass(frozen=True, slots=True)
class Pressed:
    """The common shape of a button: an action on a numbered thing, with an optional argument."""

    action: str
    number: int
    arg: str = ""


class Codec(Generic[T]):
    """Encode and decode one kind of button; its prefix is unique across the application."""

    def __init__(
        self,
        prefix: str,
        payload: type[T],
        *,
        choices: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        if not _WORD.fullmatch(prefix) or not prefix or ":" in prefix:
            msg = f"button prefix {prefix!r} must be a short word"
            raise ValueError(msg)
        if prefix in _REGISTRY:
            msg = f"button prefix {prefix!r} is already used"
            raise ValueError(msg)
        if not dataclasses.is_dataclass(payload):
            msg = f"button payload {payload!r} must be a dataclass"
            raise TypeError(msg)
        self.prefix = prefix
        self.payload = payload
        self.choices = {name: frozenset(values) for name, values in (choices or {}).items()}
        if any(":" in value or not value for values in self.choices.values() for value in values):
            msg = f"choices of button {prefix!r} must be non-empty and hold no ':'"
            raise ValueError(msg)
        hints = typing.get_type_hints(payload)
        self._fields = [(f, hints[f.name]) for f in dataclasses.fields(payload)]
        unknown = set(self.choices) - {f.name for f, _ in self._fields}
        if unknown:
            msg = f"choices for unknown fields {sorted(unknown)} in button {prefix!r}"
            raise ValueError(msg)
        _REGISTRY[prefix] = self

    def __repr__(self) -> str:
        return f"Codec({self.prefix!r}, {self.payload.__name__})"

    def owns(self, data: object) -> bool:
        """Tell whether callback data belongs to this kind of button (forged or not)."""
        return isinstance(data, str) and (data == self.prefix or data.startswith(f"{self.prefix}:"))

    def encode(self, value: T) -> str:
        """Return the callback data for a button; trailing fields at their default are left out."""
        parts = [self.prefix]
        pending: list[str] = []
        for field, kind in self._fields:
            raw = getattr(value, field.name)
            text = _encode_field(raw, kind)
            self._check(field.name, text, kind)
            if raw == field.default:
                pending.append(text)
            else:
                parts.extend(pending)
                pending.clear()
                parts.append(text)
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            msg = f"button data {data!r} is longer than {MAX_BYTES} bytes"
            raise ValueError(msg)
        return data

    def decode(self, data: str | None) -> T:
        """Return the button's value; StaleAction if the data is forged, foreign or malformed."""
        if data is None or not self.owns(data) or len(data.encode()) > MAX_BYTES:
            raise StaleAction
        raw = data.split(":")[1:]
        if len(raw) > len(self._fields):
            raise StaleAction
        values: dict[str, object] = {}
        for index, (field, kind) in enumerate(self._fields):
            if index >= len(raw):
                if field.default is dataclasses.MISSING:
                    raise StaleAction
                continue
            values[field.name] = self._decode_field(field.name, raw[index], kind)
        return self.payload(**values)

    def _decode_field(self, name: str, text: str, kind: Any) -> object:
        self._check(name, text, kind, stale=True)
        if kind is int:
            return int(text)
        if isinstance(kind, type) and issubclass(kind, Enum):
            try:
                return kind(text)
            except ValueError:
                raise StaleAction from None
        return text

    def _check(self, name: str, text: str, kind: Any, *, stale: bool = False) -> None:
        allowed = self.choices.get(name)
        if kind is int:
            ok = _INT.fullmatch(text) is not None
        else:
            ok = text in allowed if allowed is not None else _WORD.fullmatch(text) is not None
        if ok:
            return
        if stale:
            raise StaleAction
        msg = f"button {self.prefix!r} cannot carry {name}={text!r}"
        raise ValueError(msg)


def _encode_field(value: object, kind: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if kind is int and not isinstance(value, int):
        msg = f"expected an integer, got {value!r}"
        raise TypeError(msg)
    return str(value)


def parse_index(text: str) -> int | None:
    """Return a small non-negative integer written in ASCII digits, else None (forged data)."""
    return int(text) if _INT.fullmatch(text) else None


def codec_of(data: str | None) -> Codec[Any] | None:
    """Return the codec whose prefix the data starts with, or None."""
    if not data:
        return None
    return _REGISTRY.get(data.split(":", 1)[0])


def registered() -> Mapping[str, Codec[Any]]:
    """Return every codec by prefix (for tests and the access gate)."""
    return dict(_REGISTRY)

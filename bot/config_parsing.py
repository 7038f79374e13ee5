"""Machinery for reading configuration: errors, value parsers and checked TOML tables."""

import difflib
import math
import os
import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

from bot.languages import available

# Every language with a catalog; adding a .po file under bot/locales adds one.
SUPPORTED_LANGUAGES = available()
# Top-level keys that TOML only allows before the first [table].
ROOT_SCALARS = ("coordinators", "admin_chat_id", "log_level", "log_format")
NUMBER_HINT = "write a plain number without quotes, e.g. 30"
_SQLITE = "sqlite+aiosqlite://"
_POSTGRES = "postgresql+asyncpg://"
_URL_ALIASES = {"sqlite://": _SQLITE, "postgresql://": _POSTGRES, "postgres://": _POSTGRES}
_PASSWORD_RE = re.compile(r"(://[^/@:]*:)[^/@]*@")
_DURATION_RE = re.compile(r"(?:\d+[wdhm])+")
_DURATION_PART_RE = re.compile(r"(\d+)([wdhm])")
_DURATION_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


class ConfigError(Exception):
    """One clear message for the operator: file, key and a hint."""

    def __init__(
        self, path: Path | None, key: str | None, problem: str, hint: str | None = None
    ) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        self.hint = hint
        message = ": ".join([*(str(part) for part in (path, key) if part), problem])
        super().__init__(f"{message} (hint: {hint})" if hint else message)


def mask_token(token: str) -> str:
    """Return a bot token with its secret half hidden, safe for logs."""
    bot_id, sep, _ = token.partition(":")
    return f"{bot_id}:***" if sep and bot_id.isdigit() else "***"


def mask_url(url: str) -> str:
    """Return a database URL with any password hidden, safe for logs."""
    return _PASSWORD_RE.sub(r"\1***@", url)


def parse_duration(text: str) -> timedelta:
    """Parse a duration such as "7d", "12h", "30m", "2w" or "1d12h"; raise ValueError if bad."""
    compact = text.strip().lower().replace(" ", "")
    if not _DURATION_RE.fullmatch(compact):
        msg = f"invalid duration {text!r}: use a positive number and a unit: 30m, 12h, 7d, 2w"
        raise ValueError(msg)
    duration = timedelta()
    for number, unit in _DURATION_PART_RE.findall(compact):
        try:
            duration += timedelta(**{_DURATION_UNITS[unit]: int(number)})
        except OverflowError:
            msg = f"duration {text!r} is too long"
            raise ValueError(msg) from None
    if not duration:
        msg = f"duration {text!r} must be longer than zero"
        raise ValueError(msg)
    return duration


def normalise_database_url(url: str, base_dir: Path | None = None) -> str:
    """Rewrite a database URL to its async driver; resolve relative SQLite paths from base_dir."""
    for alias, canonical in _URL_ALIASES.items():
        if url.startswith(alias):
            url = canonical + url.removeprefix(alias)
            break
    if url.startswith(_POSTGRES):
        if url == _POSTGRES:
            msg = "PostgreSQL URL has no host"
            raise ValueError(msg)
        return url
    if not url.startswith(_SQLITE):
        scheme = url.partition("://")[0] if "://" in url else "(none)"
        msg = f"unsupported database URL scheme {scheme!r}"
        raise ValueError(msg)
    rest = url.removeprefix(_SQLITE)
    if rest == "" or rest.startswith("/:memory:"):
        return url
    file_part, sep, query = rest.removeprefix("/").partition("?")
    if not rest.startswith("/") or not file_part:
        msg = "SQLite URL needs a file, e.g. sqlite+aiosqlite:///sleutelnet.db"
        raise ValueError(msg)
    if base_dir is not None and not Path(file_part).is_absolute():
        file_part = os.path.normpath(base_dir / file_part)
    return f"{_SQLITE}/{file_part}{sep}{query}"


def describe(value: object) -> str:
    """Describe a value for an error message, in TOML terms."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        text = repr(value)
        return text if len(text) <= 40 else f"{text[:37]}..."
    if isinstance(value, Mapping | list | tuple):
        return "a table" if isinstance(value, Mapping) else "an array"
    return f"a {type(value).__name__}"


class Table:
    """One TOML table under validation; names keys by their dotted path in errors."""

    def __init__(
        self,
        path: Path | None,
        name: str,
        data: object,
        allowed: Sequence[str],
        kind: str = "key",
    ) -> None:
        self.path = path
        self.name = name
        if not isinstance(data, Mapping):
            raise ConfigError(path, name or None, f"expected a table, got {describe(data)}")
        self.data: Mapping[str, object] = data
        for raw_key in data:
            key = str(raw_key)
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            if close:
                raise self.error(key, f"unknown {kind} (did you mean {close[0]!r}?)")
            hint = f"allowed here: {', '.join(allowed)}"
            if name and key in ROOT_SCALARS:
                hint = f"top-level keys such as {key!r} must come before the first [table]"
            raise self.error(key, f"unknown {kind}", hint)

    def key(self, key: str) -> str:
        """Return the dotted path of `key` in this table."""
        return f"{self.name}.{key}" if self.name else key

    def error(self, key: str, problem: str, hint: str | None = None) -> ConfigError:
        """Build an error about `key` in this table."""
        return ConfigError(self.path, self.key(key), problem, hint)

    def table(
        self, key: str, allowed: Sequence[str], *, required: bool = False, kind: str = "key"
    ) -> "Table":
        """Open a sub-table; an absent optional one reads as empty."""
        value = self.data.get(key)
        if value is None and required:
            raise self.error(key, "missing", f"add a [{self.key(key)}] table")
        return Table(self.path, self.key(key), {} if value is None else value, allowed, kind)

    def as_str(self, value: object, where: str) -> str:
        """Check that a value is a non-empty string and return it stripped."""
        if not isinstance(value, str):
            msg = f"expected a string, got {describe(value)}"
            raise ConfigError(self.path, where, msg, "put text in double quotes")
        if not value.strip():
            raise ConfigError(self.path, where, "must not be empty")
        return value.strip()

    def as_int(self, value: object, where: str) -> int:
        """Check that a value is a whole number (booleans are not numbers)."""
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"expected a whole number, got {describe(value)}"
            raise ConfigError(self.path, where, msg, NUMBER_HINT)
        return value

    def string(self, key: str, default: str | None = None, hint: str | None = None) -> str:
        """Read a string; without a default the key is required."""
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise self.error(key, "missing", hint)
            return default
        return self.as_str(value, self.key(key))

    def duration(self, key: str, default: timedelta, example: str) -> timedelta:
        """Read a duration string such as "7d"; an absent key reads as the default."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            hint = f"e.g. {key} = '{example}' (units: m, h, d, w)"
            raise self.error(key, f"expected a duration, got {describe(value)}", hint)
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise self.error(key, str(exc)) from exc

    def positive(self, value: object, where: str, *, whole: bool = False) -> float:
        """Check that a value is a number greater than zero; whole numbers pass as floats."""
        if whole:
            value = self.as_int(value, where)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            msg = f"expected a number, got {describe(value)}"
            raise ConfigError(self.path, where, msg, NUMBER_HINT)
        if not math.isfinite(value) or value <= 0:
            raise ConfigError(self.path, where, f"must be greater than zero, got {value}")
        return value if whole else float(value)

    def array(self, key: str, hint: str | None = None, *, required: bool = False) -> list[object]:
        """Read an array; an absent optional one reads as empty."""
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "missing", hint)
            return []
        if not isinstance(value, list | tuple):
            raise self.error(key, f"expected an array, got {describe(value)}", hint)
        return list(value)

    def languages(self, key: str, default_language: str) -> dict[str, str] | None:
        """Read a per-language map; a plain string counts for the default language."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return {default_language: self.as_str(value, self.key(key))}
        sub = self.table(key, SUPPORTED_LANGUAGES, kind="language")
        return {lang: sub.string(lang) for lang in SUPPORTED_LANGUAGES if lang in sub.data}

"""One translation function for every user-facing text: gettext catalogs, loaded with Babel."""

from __future__ import annotations

import gettext
import html
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po

from bot.languages import DOMAIN, SOURCE_LANGUAGE, available, po_path
from bot.locales.messages import MESSAGES


class Safe(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def placeholders(template: str) -> set[str]:
    """Return the names of the {placeholders} in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True, slots=True)
class Catalog:
    """The texts of one language: a string per id, or one string per plural form."""

    language: str
    texts: Mapping[str, str | tuple[str, ...]]
    plural: Callable[[int], int]
    nplurals: int
    path: Path | None = None

    def render(self, key: str, count: object) -> str | None:
        """Return the template for `key` (the form for `count`), or None if not translated."""
        text = self.texts.get(key)
        if text is None or isinstance(text, str):
            return text
        index = self.plural(count if isinstance(count, int) else 0)
        return text[min(index, len(text) - 1)]


def _source() -> Catalog:
    texts = {key: s.text if s.plural is None else (s.text, s.plural) for key, s in MESSAGES.items()}
    return Catalog(SOURCE_LANGUAGE, MappingProxyType(texts), lambda n: int(n != 1), 2)


def read_catalog(path: Path) -> Catalog:
    """Read one .po file: only entries whose msgid is today's source, translated, not fuzzy."""
    with path.open("rb") as file:
        po = read_po(file, domain=DOMAIN)
    language = str(po.locale) if po.locale else path.parent.parent.name
    texts: dict[str, str | tuple[str, ...]] = {}
    for message in po:
        key = message.context
        source = MESSAGES.get(key) if key else None
        if key is None or source is None or message.fuzzy or message.id != source.msgid:
            continue
        string = message.string
        if isinstance(string, str):
            if string:
                texts[key] = string
        elif string and all(string):
            texts[key] = tuple(string)
    plural = gettext.c2py(po.plural_expr)
    return Catalog(language, MappingProxyType(texts), plural, po.num_plurals, path)


@cache
def catalogs() -> Mapping[str, Catalog]:
    """Every language with a catalog: English (the source) and each .po under bot/locales."""
    found = {SOURCE_LANGUAGE: _source()}
    for code in available()[1:]:
        found[code] = read_catalog(po_path(code))
    return MappingProxyType(found)


CATALOGS: Mapping[str, Catalog] = catalogs()


def language_name(code: str) -> str:
    """Return a language's name in that language: 'Nederlands', 'Türkçe', 'العربية'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


# Language buttons per row: three names fit on a small phone, in any script.
LANGUAGES_PER_ROW = 3
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {code: language_name(code) for code in CATALOGS}
)


def month_label(key: str, language: str) -> str:
    """Return a 'YYYY-MM' month as a short label in a language: 'dec 26', 'Ara 26'."""
    year, month = (int(part) for part in key.split("-"))
    return format_date(date(year, month, 1), "MMM yy", locale=language)


def right_to_left(code: str) -> bool:
    """Whether a language is written from right to left (Arabic, Hebrew, Persian...)."""
    return Locale.parse(code).character_order == "right-to-left"


@cache
def words(key: str) -> frozenset[str]:
    """Every word a `word_…` text stands for, in every catalog (typed commands understand all
    of them, whichever language the coordinator reads)."""
    found: set[str] = set()
    for catalog in CATALOGS.values():
        found.update((catalog.render(key, 1) or "").casefold().split())
    return frozenset(found)


class Translator:
    """Render catalog entries in a language, escaping every value for Telegram HTML."""

    def __init__(self, default_language: str, offered: Iterable[str] | None = None) -> None:
        if default_language not in CATALOGS:
            msg = f"no catalog for language {default_language!r}"
            raise ValueError(msg)
        self.default_language = default_language
        wanted = list(offered) if offered is not None else list(CATALOGS)
        missing = [code for code in wanted if code not in CATALOGS]
        if missing:
            msg = f"no catalog for language {missing[0]!r}"
            raise ValueError(msg)
        if default_language not in wanted:
            wanted.insert(0, default_language)
        self.languages: tuple[str, ...] = tuple(dict.fromkeys(wanted))

    def language_for(self, code: str | None) -> str:
        """Pick an offered language from a Telegram language code, else the default."""
        if code:
            base = code.replace("_", "-").split("-")[0].lower()
            if base in self.languages:
                return base
        return self.default_language

    def template(self, language: str, key: str, count: object = None) -> str:
        """Return the template for `key` in `language`, else the default language, else English."""
        for code in (language, self.default_language, SOURCE_LANGUAGE):
            catalog = CATALOGS.get(code)
            found = catalog.render(key, count) if catalog else None
            if found is not None:
                return found
        msg = f"no text with id {key!r}"
        raise KeyError(msg)

    def __call__(self, language: str, key: str, /, **values: object) -> Safe:
        """Render `key` in `language` (falling back to the default) with escaped values."""
        template = self.template(language, key, values.get("count"))
        escaped = {
            name: value if isinstance(value, Safe) else html.escape(str(value), quote=False)
            for name, value in values.items()
        }
        return Safe(template.format(**escaped))

    def moment(self, language: str, moment: datetime, tz: tzinfo, *, time: bool = True) -> str:
        """Format a moment in `tz` with the language's date pattern and month names (Babel)."""
        pattern = self.template(language, "datetime_format" if time else "date_format")
        return format_datetime(moment, pattern, tzinfo=tz, locale=language)

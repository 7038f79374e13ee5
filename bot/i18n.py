"""One translation function for every user-facing text, with Dutch and English catalogs."""

from __future__ import annotations

import html
import string
from collections.abc import Mapping

from bot.locales import en, nl

CATALOGS: Mapping[str, Mapping[str, str]] = {"nl": nl.MESSAGES, "en": en.MESSAGES}
LANGUAGE_NAMES: Mapping[str, str] = {"nl": "Nederlands", "en": "English"}


class Safe(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def placeholders(template: str) -> set[str]:
    """Return the names of the {placeholders} in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Translator:
    """Render catalog entries in a language, escaping every value for Telegram HTML."""

    def __init__(self, default_language: str) -> None:
        if default_language not in CATALOGS:
            msg = f"no catalog for language {default_language!r}"
            raise ValueError(msg)
        self.default_language = default_language

    def language_for(self, code: str | None) -> str:
        """Pick a supported language from a Telegram language code, else the default."""
        if code:
            base = code.split("-")[0].lower()
            if base in CATALOGS:
                return base
        return self.default_language

    def __call__(self, language: str, key: str, /, **values: object) -> Safe:
        """Render `key` in `language` (falling back to the default) with escaped values."""
        catalog = CATALOGS.get(language, CATALOGS[self.default_language])
        template = catalog.get(key) or CATALOGS[self.default_language][key]
        escaped = {
            name: value if isinstance(value, Safe) else html.escape(str(value), quote=False)
            for name, value in values.items()
        }
        return Safe(template.format(**escaped))

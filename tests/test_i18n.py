"""Specification of the translation catalogs and of rendering user-facing text safely."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bot.i18n import CATALOGS, Safe, Translator, placeholders
from bot.locales.messages import MESSAGES

# The subset of Telegram's HTML formatting the catalogs may use.
ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a"}
# Telegram understands only these named entities (and numeric ones).
ALLOWED_ENTITIES = {"lt", "gt", "amp", "quot"}
ENTRIES = [(lang, key) for lang in CATALOGS for key in sorted(MESSAGES)]
# The counts every plural text is read with: Arabic has a form for each of these.
COUNTS = (0, 1, 2, 5, 21)


class _TelegramHTML(HTMLParser):
    """Collect the problems Telegram would reject a message for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append("<a> without href")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/> is not allowed")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self.problems.append(f"unescaped {char!r} in text")

    def handle_entityref(self, name: str) -> None:
        if name not in ALLOWED_ENTITIES:
            self.problems.append(f"entity &{name}; is not supported")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comments are not allowed")

    def check(self, markup: str) -> list[str]:
        """Parse the markup and return every problem found."""
        self.feed(markup)
        self.close()
        return self.problems + [f"<{tag}> is never closed" for tag in self.open]


def _problems(markup: str) -> list[str]:
    return _TelegramHTML().check(markup)


def test_translator_escapes_html_in_values() -> None:
    """A name with markup in it is shown as text, not interpreted as HTML."""
    t = Translator("nl")

    rendered = t("nl", "already_member", network="<b>Net</b> & co")

    assert rendered == (
        "Je bent al lid van <b>&lt;b&gt;Net&lt;/b&gt; &amp; co</b>. "
        "Typ /help om te zien wat je kunt doen."
    )
    assert isinstance(rendered, Safe)


def test_translator_leaves_safe_values_alone() -> None:
    """Values marked Safe are already Telegram HTML and are inserted as they are."""
    t = Translator("nl")

    rendered = t("en", "consent_recorded", theme=Safe("<i>Undermining</i>"))

    assert rendered == "Consent recorded: <i>Undermining</i>"


def test_translator_falls_back_to_the_default_language() -> None:
    """An unsupported language renders in the default language."""
    t = Translator("nl")

    assert t("fr", "btn_continue") == t("nl", "btn_continue") == "Verder"


@pytest.mark.parametrize(
    ("code", "language"),
    [("en-GB", "en"), ("EN", "en"), ("nl-BE", "nl"), ("fr", "nl"), ("", "nl"), (None, "nl")],
)
def test_language_for_picks_a_supported_language_or_the_default(
    code: str | None, language: str
) -> None:
    """A Telegram language code maps to its base language if supported, else to the default."""
    assert Translator("nl").language_for(code) == language


def test_language_for_unknown_code_uses_the_configured_default() -> None:
    """The fallback is the network's default language, not always Dutch."""
    assert Translator("en").language_for("de-DE") == "en"


def test_translator_refuses_a_default_language_without_catalog() -> None:
    """A default language without a catalog is refused when the translator is built."""
    with pytest.raises(ValueError, match="'fr'"):
        Translator("fr")


@pytest.mark.parametrize(("lang", "key"), ENTRIES)
def test_every_template_renders_to_valid_telegram_html(lang: str, key: str) -> None:
    """Each text, every plural form, filled in with values that need escaping, is valid HTML."""
    for count in COUNTS:
        template = Translator(lang).template(lang, key, count)
        values = dict.fromkeys(placeholders(template), "<Ahmed & Co>") | {"count": count}

        rendered = Translator(lang)(lang, key, **values)

        assert _problems(rendered) == []


def test_the_html_check_catches_what_telegram_rejects() -> None:
    """The checker used above flags unknown tags, unbalanced tags and raw special characters."""
    assert _problems("<b>ok</b> <i>ok</i> &lt;3 <a href='https://x.nl'>x</a>") == []
    assert _problems("<div>x</div>") == ["tag <div> is not allowed"]
    assert _problems("<b>x") == ["<b> is never closed"]
    assert _problems("<b><i>x</b></i>") != []
    assert _problems("a & b") == ["unescaped '&' in text"]

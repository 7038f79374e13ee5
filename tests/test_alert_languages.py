"""Specification of alerts in several languages: who gets which text, and the copy blocks."""

from __future__ import annotations

import re

from bot.alerts.audience import read_as
from bot.alerts.render import MESSAGE_LIMIT, render
from bot.i18n import Translator
from storage.models import Alert, AlertKind

T = Translator("nl")
TEXTS = {"nl": "Let op: markt dicht.", "tr": "Dikkat: pazar kapalı.", "ar": "تنبيه: السوق مغلق."}


def _alert(texts: dict[str, str], *, shareable: bool = True) -> Alert:
    return Alert(id=7, kind=AlertKind.ALERT, texts=texts, shareable=shareable, urgent=False)


def _blocks(markup: str) -> list[str]:
    return re.findall(r"<pre>(.*?)</pre>", markup, flags=re.DOTALL)


def test_each_reader_gets_their_language_or_the_default() -> None:
    """Turkish readers get Turkish; English readers, without an English text, get Dutch."""
    readers = {"nl": 120, "tr": 14, "en": 5, "ar": 9}

    assert read_as(readers, TEXTS, "nl") == {"nl": 125, "tr": 14, "ar": 9}


def test_without_the_default_text_the_first_text_is_the_fallback() -> None:
    """An alert written only in Turkish goes to everyone in Turkish."""
    assert read_as({"nl": 3, "tr": 2}, {"tr": "Dikkat"}, "nl") == {"tr": 5}


def test_a_shareable_alert_carries_every_language_to_pass_on_the_readers_own_first() -> None:
    """A Turkish reader's copy starts with the Turkish block, then one block per other language,
    each named, so they can pass it on in whichever language their community reads."""
    shown = render(_alert(TEXTS), "tr", T, "Sleutelnetwerk Delft").text

    assert _blocks(shown) == [TEXTS["tr"], TEXTS["nl"], TEXTS["ar"]]
    assert T("tr", "alert_other_languages") in shown
    assert "Nederlands:\n<pre>" in shown
    assert "العربية:\n<pre>" in shown


def test_an_internal_alert_carries_only_the_readers_own_text() -> None:
    """Not for passing on: one text, in the reader's language."""
    shown = render(_alert(TEXTS, shareable=False), "ar", T, "Sleutelnetwerk Delft").text

    assert TEXTS["ar"] in shown
    assert TEXTS["nl"] not in shown
    assert TEXTS["tr"] not in shown


def test_other_languages_are_left_out_where_the_message_would_be_too_long() -> None:
    """Three long texts do not fit one message: the reader's own always does, others as fit."""
    long = {code: text * 190 for code, text in TEXTS.items()}

    shown = render(_alert(long), "nl", T, "Net").text

    plain = re.sub(r"</?[a-z]+>", "", shown)
    assert len(plain.encode("utf-16-le")) // 2 <= MESSAGE_LIMIT
    assert _blocks(shown)[0] == long["nl"]
    assert len(_blocks(shown)) == 1

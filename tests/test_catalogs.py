"""Specification of the gettext catalogs: complete, in step with the code, plurals right."""

from __future__ import annotations

import ast
import gettext
import io
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import CATALOGS, LANGUAGE_NAMES, Translator, placeholders, right_to_left
from bot.languages import available, po_path
from bot.locales.messages import MESSAGES
from bot.meetings.when import parse_start
from bot.signals import reports
from handlers.people import FILTER_KEYS
from handlers.signals.listing import STATE_WORDS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in CATALOGS if code != "en"]
PLURALS = sorted(key for key, source in MESSAGES.items() if source.plural is not None)
COUNTS = (0, 1, 2, 5, 21)
KEYWORDS = {"msg": ((1, "c"), 2), "msg_n": ((1, "c"), 2, 3)}


def _po(code: str):  # type: ignore[no-untyped-def]
    with po_path(code).open("rb") as file:
        return read_po(file)


def test_the_languages_are_the_po_files_plus_english() -> None:
    """Dutch, Turkish and Arabic have catalogs; English is the source the others translate."""
    assert set(available()) == {"en", "nl", "tr", "ar"}
    assert LANGUAGE_NAMES == {
        "en": "English",
        "nl": "Nederlands",
        "tr": "Türkçe",
        "ar": "العربية",
    }
    assert right_to_left("ar")
    assert not right_to_left("tr")


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_language_has_every_text_of_todays_source(code: str) -> None:
    """Each catalog translates every id, for today's English (a changed source needs a
    translator again), with nothing fuzzy and nothing left over."""
    missing = sorted(set(MESSAGES) - set(CATALOGS[code].texts))

    assert missing == []
    leftovers = [m.context for m in _po(code) if m.id and m.context not in MESSAGES]
    assert leftovers == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_uses_the_placeholders_of_the_source(code: str) -> None:
    """A translation has the source's {placeholders}; a plural form may leave {count} out
    only where that form is used for a single number (Arabic 'one', 'two')."""
    catalog = CATALOGS[code]
    wrong = []
    for key, source in MESSAGES.items():
        text = catalog.texts[key]
        wanted = placeholders(source.plural or source.text)
        forms = (text,) if isinstance(text, str) else text
        for index, form in enumerate(forms):
            numbers = {n for n in range(1000) if catalog.plural(n) == index}
            allowed = [wanted, wanted - {"count"}] if len(numbers) == 1 else [wanted]
            if placeholders(form) not in allowed:
                wrong.append((key, index, sorted(placeholders(form))))
    assert wrong == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_rules_agree_with_the_unicode_locale_data(code: str) -> None:
    """The catalog's Plural-Forms picks a different form exactly where CLDR's categories
    differ, for every number up to 1,000."""
    catalog = CATALOGS[code]
    rule = Locale.parse(code).plural_form
    form_of: dict[str, int] = {}
    for n in range(1001):
        form_of.setdefault(rule(n), catalog.plural(n))
        assert form_of[rule(n)] == catalog.plural(n), n
    assert catalog.nplurals == len(form_of)


@pytest.mark.parametrize("code", CATALOGS)
@pytest.mark.parametrize("key", PLURALS)
def test_every_count_reads_in_its_own_form(code: str, key: str) -> None:
    """0, 1, 2, 5 and 21 each take the form the language's rule picks, and every form used
    for more than one number shows the number."""
    t = Translator("nl")
    catalog = CATALOGS[code]
    for count in COUNTS:
        forms = catalog.texts[key]
        assert isinstance(forms, tuple)
        expected = forms[catalog.plural(count)]
        values = dict.fromkeys(placeholders(expected), "x") | {"count": count}

        rendered = t(code, key, **values)

        assert rendered == expected.format(**values)
        shared = sum(1 for n in range(1000) if catalog.plural(n) == catalog.plural(count)) > 1
        assert str(count) in rendered or not shared


def test_english_and_dutch_counts_read_as_people_say_them() -> None:
    """No more 'recipient(s)': one is singular, everything else plural."""
    t = Translator("nl")
    assert t("en", "btn_alert_send", count=1) == "✅ Send to 1 recipient"
    assert t("en", "btn_alert_send", count=0) == "✅ Send to 0 recipients"
    assert t("nl", "alert_confirmed", number=4, count=1) == "Bericht #4 gaat naar 1 ontvanger."
    assert t("nl", "alert_confirmed", number=4, count=21) == "Bericht #4 gaat naar 21 ontvangers."
    counted = [t.template(lang, key) for lang in ("en", "nl") for key in MESSAGES]
    hedged = re.compile(r"\w\((s|en|n)\)|lid/leden")
    assert [text for text in counted if "{count}" in text and hedged.search(text)] == []


def test_the_template_is_what_babel_extracts_from_the_source() -> None:
    """bot/locales/sleutelnet.pot is up to date: `pybabel extract` would write the same ids."""
    extracted = {
        (context, msgid)
        for _, msgid, _, context in extract_from_file(
            "python", ROOT / "bot" / "locales" / "messages.py", keywords=KEYWORDS
        )
    }
    with (ROOT / "bot" / "locales" / "sleutelnet.pot").open("rb") as file:
        template = {(m.context, m.id) for m in read_po(file) if m.id}

    assert extracted == template
    assert {context for context, _ in extracted} == set(MESSAGES)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_compiles_and_gettext_reads_what_the_bot_shows(code: str) -> None:
    """`pybabel compile` works on each .po, and GNU gettext then gives the same texts."""
    buffer = io.BytesIO()
    write_mo(buffer, _po(code))
    buffer.seek(0)
    compiled = gettext.GNUTranslations(buffer)
    t = Translator("nl")
    for key, source in MESSAGES.items():
        if source.plural is None:
            assert compiled.pgettext(key, source.text) == t.template(code, key)
        else:
            for count in COUNTS:
                text = compiled.npgettext(key, source.text, source.plural, count)
                assert text == t.template(code, key, count)


def test_a_contributor_adds_a_language_by_adding_one_po_file(tmp_path: Path) -> None:
    """A copy of the code with one new .po (Somali) offers Somali, named in Somali, and uses it;
    what is not translated yet falls back to the network's default language."""
    for package in ("bot", "handlers", "storage"):
        subprocess.run(["cp", "-r", str(ROOT / package), str(tmp_path / package)], check=True)
    po = tmp_path / "bot" / "locales" / "so" / "LC_MESSAGES" / "sleutelnet.po"
    po.parent.mkdir(parents=True)
    template = (ROOT / "bot" / "locales" / "sleutelnet.pot").read_text(encoding="utf-8")
    po.write_text(
        template.replace('"Language: \\n"', '"Language: so\\n"').replace(
            'msgctxt "btn_continue"\nmsgid "Continue"\nmsgstr ""',
            'msgctxt "btn_continue"\nmsgid "Continue"\nmsgstr "Sii wad"',
        ),
        encoding="utf-8",
    )
    script = (
        "from bot.i18n import LANGUAGE_NAMES, Translator\n"
        "from bot.config_parsing import SUPPORTED_LANGUAGES\n"
        "t = Translator('nl')\n"
        "print('so' in SUPPORTED_LANGUAGES, 'so' in t.languages, LANGUAGE_NAMES['so'])\n"
        "print(t('so', 'btn_continue'), '|', t('so', 'btn_done'), '|', t.language_for('so-SO'))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )

    assert done.stdout.splitlines() == ["True True Soomaali", "Sii wad | Klaar | so"]


def test_the_fallback_for_a_missing_translation_is_the_default_language() -> None:
    """A text a catalog lacks is shown in the network's default language, then in English."""
    assert Translator("nl").template("xx", "btn_done") == "Klaar"
    assert Translator("en").template("xx", "btn_done") == "Done"


class _Keys(ast.NodeVisitor):
    """Find text ids built at run time: f-strings that start like an id."""

    prefixes: ClassVar[set[str]] = {key.rsplit("_", 1)[0] + "_" for key in MESSAGES if "_" in key}

    def __init__(self) -> None:
        self.built: list[str] = []

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            head = first.value
            if head.endswith("_") and any(p.startswith(head) for p in self.prefixes):
                self.built.append(f"line {node.lineno}: f{head!r}...")
        self.generic_visit(node)


def _code_files() -> list[Path]:
    return sorted(
        path
        for package in ("bot", "handlers")
        for path in (ROOT / package).rglob("*.py")
        if "sandbox" not in path.parts and path.name != "messages.py"
    )


def test_no_text_id_is_built_at_run_time() -> None:
    """Every id is written out in the code (so a tool can list them): no f"role_{...}"."""
    built = {}
    for path in _code_files():
        finder = _Keys()
        finder.visit(ast.parse(path.read_text(encoding="utf-8")))
        if finder.built:
            built[str(path.relative_to(ROOT))] = finder.built
    assert built == {}


def test_every_text_id_is_written_out_in_the_code() -> None:
    """Each id in the catalog appears as a literal in the code: none is dead or only built."""
    literals: set[str] = set()
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    assert sorted(set(MESSAGES) - literals) == []


# Where a text reaches a person: Bot API calls and PTB's shortcuts (argument position of the
# text, if positional), keyboard buttons and menu entries, and text marked as ready HTML.
_SENDS = {
    "send_message": 1,
    "reply_text": 0,
    "reply_html": 0,
    "edit_message_text": 0,
    "edit_text": 0,
    "answer": 0,
    "answer_callback_query": 1,
    "send_document": None,
    "reply_document": None,
    "send_photo": None,
    "edit_message_caption": None,
    "InlineKeyboardButton": 0,
    "KeyboardButton": 0,
    "BotCommand": 1,
    "Safe": 0,
}
_TEXT_KEYWORDS = {"text", "caption", "description"}
_TAG = re.compile(r"</?[a-z]+>")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _has_words(node: ast.expr) -> bool:
    """Whether an expression writes out words itself (tags like <pre> are markup, not words)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORD.search(_TAG.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    return False


def _written_out(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in _SENDS:
            continue
        position = _SENDS[name]
        texts = [node.args[position]] if position is not None and len(node.args) > position else []
        texts += [kw.value for kw in node.keywords if kw.arg in _TEXT_KEYWORDS]
        found += [f"line {node.lineno}: {ast.unparse(t)[:60]}" for t in texts if _has_words(t)]
    return found


def test_no_text_a_person_sees_is_written_outside_the_catalogs() -> None:
    """Every message, caption, button and menu entry the bot sends comes from the catalogs:
    no words written out in the code of the bot or its handlers."""
    outside = {}
    for path in _code_files():
        if found := _written_out(path.read_text(encoding="utf-8")):
            outside[str(path.relative_to(ROOT))] = found
    assert outside == {}


def test_the_scan_finds_words_written_out_in_code() -> None:
    """The scan above is not blind: it flags literal words, f-strings and buttons."""
    code = (
        "await update.message.reply_text('Thanks!')\n"
        "await bot.send_message(chat, f'Alert {n} sent')\n"
        "InlineKeyboardButton('Yes', callback_data='y')\n"
        "Safe(f'{header}<pre>{body}</pre>')\n"
        "await query.answer(text=t(lang, 'done'))\n"
    )
    assert sorted(line.split(":")[0] for line in _written_out(code)) == [
        "line 1",
        "line 2",
        "line 3",
    ]


def _readme_pybabel() -> dict[str, list[str]]:
    """Return the README's pybabel commands by verb, as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return {
        found.split()[1]: shlex.split(found)
        for found in re.findall(r"`(pybabel [^`]+)`", text.replace("\n   ", " "))
    }


def test_the_readme_translators_commands_work_on_a_copy(tmp_path: Path) -> None:
    """The README's extract, update, init and compile run as written (on a copy of the
    catalogs): extract gives today's template, update and init keep or make complete
    catalogs, and compile reports no error."""
    commands = _readme_pybabel()
    assert set(commands) == {"extract", "update", "init", "compile"}
    shutil.copytree(ROOT / "bot" / "locales", tmp_path / "bot" / "locales")
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    pybabel = str(Path(sys.executable).parent / "pybabel")

    for verb in ("extract", "update", "init", "compile"):
        done = subprocess.run(
            [pybabel, *commands[verb][1:]], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    with (tmp_path / "bot/locales/sleutelnet.pot").open("rb") as file:
        extracted = {(m.context, m.id) for m in read_po(file) if m.id}
    assert extracted == {(key, source.msgid) for key, source in MESSAGES.items()}
    for code in TRANSLATED:
        with (tmp_path / f"bot/locales/{code}/LC_MESSAGES/sleutelnet.po").open("rb") as file:
            updated = read_po(file)
        assert all(m.string for m in updated if m.id), code
        assert (tmp_path / f"bot/locales/{code}/LC_MESSAGES/sleutelnet.mo").exists()
    assert (tmp_path / "bot/locales/so/LC_MESSAGES/sleutelnet.po").exists()


def test_command_words_are_understood_in_every_catalog_language() -> None:
    """A coordinator types filters and days in Dutch, English, Turkish or Arabic alike."""
    assert {FILTER_KEYS[w] for w in ("wijk", "neighbourhood", "mahalle", "حي")} == {"wijk"}
    assert {FILTER_KEYS[w] for w in ("thema", "theme", "konu", "موضوع")} == {"theme"}
    assert {STATE_WORDS[w] for w in ("mijn", "mine", "benim", "بلاغاتي")} == {reports.MINE}
    assert {STATE_WORDS[w] for w in ("gesloten", "closed", "kapalı", "مغلقة")} == {reports.CLOSED}


@pytest.mark.parametrize("typed", ["morgen 19:30", "tomorrow at 19:30", "yarın saat 19:30"])
def test_day_words_come_from_the_catalogs(typed: str) -> None:
    """'Tomorrow' and 'at' are read in each language's own words."""
    tz = ZoneInfo("Europe/Amsterdam")
    start = parse_start(typed, now=datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tz=tz)

    assert start.astimezone(tz).strftime("%d %H:%M") == "02 19:30"

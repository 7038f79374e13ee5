"""Specification of the Bot API sandbox, driven by real python-telegram-bot over HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import ButtonNotFoundError, Sandbox, SandboxLimits

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
ECHO_KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="yes"),
            InlineKeyboardButton("Nee", callback_data="no"),
        ]
    ]
)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A running sandbox with default limits."""
    async with Sandbox() as running:
        yield running


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    """A PTB Bot pointed at the sandbox."""
    async with Bot(
        sandbox.token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url
    ) as client:
        yield client


@pytest.fixture
async def raw(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for protocol-level cases, rooted at the bot's API URL."""
    async with httpx.AsyncClient(base_url=f"{sandbox.base_url}{sandbox.token}/") as client:
        yield client


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        f"<b>Welkom</b> {' '.join(context.args or [])}",
        parse_mode=ParseMode.HTML,
        reply_markup=ECHO_KEYBOARD,
    )


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"you chose {query.data}")
    await query.edit_message_text(f"Chosen: {query.data}")


@pytest.fixture
async def app(sandbox: Sandbox) -> AsyncIterator[AnyApplication]:
    """A polling PTB Application with a tiny echo bot, running against the sandbox."""
    application = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0)
        await application.start()
        yield application
        await application.updater.stop()
        await application.stop()


async def _poll(raw: httpx.AsyncClient, **params: Any) -> httpx.Response:
    return await raw.post("getUpdates", json=params, timeout=30)


# --- identity and protocol ------------------------------------------------------------------


async def test_get_me_returns_the_bot_username(sandbox: Sandbox, bot: Bot) -> None:
    """getMe answers a bot User with the configured username, as PTB's handlers need."""
    me = await bot.get_me()
    assert me.username == sandbox.bot_username
    assert me.is_bot
    assert me.can_join_groups


async def test_unknown_token_is_unauthorized_and_unknown_method_not_found(
    sandbox: Sandbox, raw: httpx.AsyncClient
) -> None:
    """A wrong token answers 401 Unauthorized; an unknown method answers 404 Not Found."""
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{sandbox.base_url}999:WRONG/getMe")
    unknown = await raw.post("sendTelepathy")
    assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")
    assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")


async def test_json_bodies_are_accepted_like_form_bodies(
    sandbox: Sandbox, raw: httpx.AsyncClient
) -> None:
    """A JSON-encoded sendMessage is delivered just like PTB's form-encoded one."""
    fatima = sandbox.user(1001, "Fatima")
    answer = await raw.post("sendMessage", json={"chat_id": fatima.chat_id, "text": "hoi"})
    assert answer.json()["ok"] is True
    assert fatima.last().text == "hoi"


# --- polling --------------------------------------------------------------------------------


async def test_polling_application_answers_text_command_and_button(
    sandbox: Sandbox, app: AnyApplication
) -> None:
    """An unmodified polling Application receives text, a command and a button press."""
    fatima = sandbox.user(1001, "Fatima")

    await fatima.send("hallo")
    assert (await fatima.next_message()).text == "echo: hallo"

    await fatima.send("/start abc")
    welcome = await fatima.next_message()
    assert welcome.plain_text() == "Welkom abc"
    assert [[b.text for b in row] for row in welcome.buttons] == [["Ja", "Nee"]]

    await fatima.press("Ja")
    answer = await fatima.expect_answer()
    await sandbox.wait_until(lambda: welcome.text == "Chosen: yes")
    assert answer.text == "you chose yes"
    assert welcome.edited


async def test_command_addressed_to_the_bot_username_is_a_command(
    sandbox: Sandbox, app: AnyApplication
) -> None:
    """'/start@botname args' reaches the CommandHandler like '/start args'."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send(f"/start@{sandbox.bot_username} xyz")
    assert (await fatima.next_message()).plain_text() == "Welkom xyz"


async def test_offset_confirms_earlier_updates(sandbox: Sandbox, raw: httpx.AsyncClient) -> None:
    """Updates below offset are forgotten; the others are returned again."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send("een")
    await fatima.send("twee")

    first = (await _poll(raw)).json()["result"]
    again = (await _poll(raw, offset=first[0]["update_id"] + 1)).json()["result"]
    done = (await _poll(raw, offset=first[-1]["update_id"] + 1)).json()["result"]

    assert [u["message"]["text"] for u in first] == ["een", "twee"]
    assert [u["message"]["text"] for u in again] == ["twee"]
    assert done == []


async def test_long_poll_wakes_as_soon_as_a_user_sends(
    sandbox: Sandbox, raw: httpx.AsyncClient
) -> None:
    """A waiting getUpdates returns the new update immediately, not at its timeout."""
    fatima = sandbox.user(1001, "Fatima")
    poll = asyncio.create_task(_poll(raw, timeout=30))
    await sandbox.wait_until(lambda: sandbox.waiting_polls == 1)

    started = time.monotonic()
    await fatima.send("wakker?")
    result = (await poll).json()["result"]

    # Woken by the send, not by its 30 s timeout: any machine answers well within half of it.
    assert time.monotonic() - started < 15
    assert result[0]["message"]["text"] == "wakker?"


async def test_a_newer_get_updates_ends_the_pending_one_with_conflict(
    sandbox: Sandbox, raw: httpx.AsyncClient
) -> None:
    """Two pollers conflict: the older pending getUpdates gets 409, as Telegram answers it."""
    older = asyncio.create_task(_poll(raw, timeout=30))
    await sandbox.wait_until(lambda: sandbox.waiting_polls == 1)

    newer = await _poll(raw, timeout=0)
    ended = await older

    assert newer.status_code == 200
    assert ended.status_code == 409
    assert ended.json()["description"].startswith("Conflict: terminated by other getUpdates")


async def test_stop_ends_pending_long_polls(sandbox: Sandbox, raw: httpx.AsyncClient) -> None:
    """Stopping the sandbox answers a pending long-poll instead of leaving it hanging."""
    poll = asyncio.create_task(_poll(raw, timeout=30))
    await sandbox.wait_until(lambda: sandbox.waiting_polls == 1)
    await sandbox.stop()
    assert (await poll).json() == {"ok": True, "result": []}


# --- flood control --------------------------------------------------------------------------


async def test_per_chat_burst_is_answered_with_429_and_retry_after() -> None:
    """A third back-to-back message to one chat with burst 2 is refused and not delivered."""
    async with Sandbox(limits=SandboxLimits(per_chat_burst=2)) as sandbox:
        fatima = sandbox.user(1001, "Fatima")
        async with Bot(sandbox.token, base_url=sandbox.base_url) as bot:
            await bot.send_message(fatima.chat_id, "1")
            await bot.send_message(fatima.chat_id, "2")
            with pytest.raises(RetryAfter) as refused:
                await bot.send_message(fatima.chat_id, "3")
            with pytest.raises(RetryAfter):
                await bot.send_message(fatima.chat_id, "4 (during the penalty)")

        assert refused.value.retry_after.total_seconds() >= 1  # type: ignore[union-attr]
        assert sandbox.calls[-2].description == "Too Many Requests: retry after 2"
        assert [m.text for m in fatima.messages] == ["1", "2"]
        assert sandbox.count_429 == 2


async def test_global_rate_is_enforced_across_chats() -> None:
    """More than messages_per_second sends within a second, to different people, get a 429."""
    async with Sandbox(limits=SandboxLimits(messages_per_second=2)) as sandbox:
        people = [sandbox.user(1000 + n, f"Persoon {n}") for n in range(3)]
        async with Bot(sandbox.token, base_url=sandbox.base_url) as bot:
            for person in people[:2]:
                await bot.send_message(person.chat_id, "alarm")
            with pytest.raises(RetryAfter):
                await bot.send_message(people[2].chat_id, "alarm")
        assert sandbox.count_429 == 1
        assert people[2].messages == []


async def test_group_rate_is_per_minute() -> None:
    """A group accepts group_per_minute messages a minute; the next one gets a 429."""
    async with Sandbox(limits=SandboxLimits(group_per_minute=2)) as sandbox:
        group = sandbox.group(-100123, "Buurtteam")
        async with Bot(sandbox.token, base_url=sandbox.base_url) as bot:
            await bot.send_message(group.id, "1")
            await bot.send_message(group.id, "2")
            with pytest.raises(RetryAfter):
                await bot.send_message(group.id, "3")
        assert len(sandbox.sent_to(group.id)) == 2


def test_scaled_limits_multiply_rates_only() -> None:
    """scaled() multiplies every rate and keeps the burst size."""
    fast = SandboxLimits().scaled(1000)
    assert (fast.messages_per_second, fast.per_chat_per_second) == (30_000, 1000)
    assert (fast.group_per_minute, fast.per_chat_burst) == (20_000, 3)


# --- errors ---------------------------------------------------------------------------------


async def test_blocked_and_deactivated_users_are_forbidden(sandbox: Sandbox, bot: Bot) -> None:
    """Sending to a person who blocked the bot or deleted their account raises Forbidden."""
    fatima = sandbox.user(1001, "Fatima")
    karel = sandbox.user(1002, "Karel")
    sandbox.block(fatima.user_id)
    sandbox.deactivate(karel.user_id)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(fatima.chat_id, "hoi")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(karel.chat_id, "hoi")
    sandbox.unblock(fatima.user_id)
    await bot.send_message(fatima.chat_id, "weer welkom")
    assert fatima.last().text == "weer welkom"


async def test_unknown_chat_is_a_bad_request(bot: Bot) -> None:
    """Sending to a chat the sandbox does not know raises BadRequest 'Chat not found'."""
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "hallo?")


async def test_fail_next_injects_server_errors_and_flood_control(
    sandbox: Sandbox, bot: Bot
) -> None:
    """Injected 502 becomes NetworkError, injected 429 becomes RetryAfter, then calls succeed."""
    fatima = sandbox.user(1001, "Fatima")
    sandbox.fail_next("sendMessage", error_code=502, description="Bad Gateway")
    flood = "Too Many Requests: retry after 7"
    sandbox.fail_next("sendMessage", error_code=429, description=flood, retry_after=7)

    with pytest.raises(NetworkError, match="Bad Gateway") as gateway:
        await bot.send_message(fatima.chat_id, "1")
    with pytest.raises(RetryAfter):
        await bot.send_message(fatima.chat_id, "2")
    await bot.send_message(fatima.chat_id, "3")

    assert not isinstance(gateway.value, BadRequest)
    assert [m.text for m in fatima.messages] == ["3"]
    assert [call.status for call in sandbox.calls_to("sendMessage")] == [502, 429, 200]
    assert sandbox.count_429 == 1


async def test_fail_next_can_target_one_chat(sandbox: Sandbox, bot: Bot) -> None:
    """A fault bound to a chat_id leaves sends to other chats alone."""
    fatima = sandbox.user(1001, "Fatima")
    karel = sandbox.user(1002, "Karel")
    sandbox.fail_next(
        "sendMessage", error_code=500, description="Internal Server Error", chat_id=karel.chat_id
    )
    await bot.send_message(fatima.chat_id, "ok")
    with pytest.raises(NetworkError):
        await bot.send_message(karel.chat_id, "kapot")
    assert fatima.last().text == "ok"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>vet", "can't parse entities: can't find end tag"),
        ("<blink>hoi</blink>", 'can\'t parse entities: unsupported start tag "blink"'),
        ("<b>a</i>", "can't parse entities: unmatched end tag"),
        ("   ", "message text is empty"),
        ("x" * 4097, "message is too long"),
    ],
)
async def test_invalid_text_is_a_bad_request(
    sandbox: Sandbox, bot: Bot, text: str, error: str
) -> None:
    """Broken HTML, empty and too long texts are refused with Telegram's BadRequest wording."""
    fatima = sandbox.user(1001, "Fatima")
    with pytest.raises(BadRequest) as refused:
        await bot.send_message(fatima.chat_id, text, parse_mode=ParseMode.HTML)
    assert error in refused.value.message.lower()
    assert fatima.messages == []


async def test_html_counts_length_after_parsing(sandbox: Sandbox, bot: Bot) -> None:
    """4096 visible characters wrapped in tags are accepted; entities come back to PTB."""
    fatima = sandbox.user(1001, "Fatima")
    sent = await bot.send_message(
        fatima.chat_id, "<b>" + "x" * 4092 + "</b> &amp;!", parse_mode=ParseMode.HTML
    )
    assert sent.text is not None
    assert len(sent.text) == 4095
    assert sent.entities[0].type == "bold"
    assert fatima.last().plain_text().endswith("&!")


async def test_oversized_callback_data_is_button_data_invalid(sandbox: Sandbox, bot: Bot) -> None:
    """callback_data longer than 64 bytes is refused with BUTTON_DATA_INVALID."""
    fatima = sandbox.user(1001, "Fatima")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Te lang", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(fatima.chat_id, "kies", reply_markup=keyboard)


# --- edits, deletions, files ----------------------------------------------------------------


async def test_edits_and_deletions_are_reflected_in_messages(sandbox: Sandbox, bot: Bot) -> None:
    """An edit changes the message in place; a deletion removes it from messages, not received."""
    fatima = sandbox.user(1001, "Fatima")
    sent = await bot.send_message(fatima.chat_id, "Oproep", reply_markup=ECHO_KEYBOARD)

    await bot.edit_message_text("Oproep (gesloten)", fatima.chat_id, sent.message_id)
    edited = fatima.last()
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Oproep (gesloten)", fatima.chat_id, sent.message_id)
    await bot.delete_message(fatima.chat_id, sent.message_id)

    assert (edited.text, edited.edited, edited.buttons) == ("Oproep (gesloten)", True, [])
    assert fatima.messages == []
    assert fatima.received() == [edited]
    assert edited.deleted


async def test_edit_reply_markup_not_modified_when_identical(sandbox: Sandbox, bot: Bot) -> None:
    """Setting the same keyboard again is refused as 'message is not modified'."""
    fatima = sandbox.user(1001, "Fatima")
    sent = await bot.send_message(fatima.chat_id, "Kies", reply_markup=ECHO_KEYBOARD)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(
            fatima.chat_id, sent.message_id, reply_markup=ECHO_KEYBOARD
        )
    await bot.edit_message_reply_markup(fatima.chat_id, sent.message_id, reply_markup=None)
    assert fatima.last().buttons == []


async def test_uploaded_document_keeps_name_and_bytes(sandbox: Sandbox, bot: Bot) -> None:
    """A multipart sendDocument keeps the file so tests can read it, and getFile serves it."""
    fatima = sandbox.user(1001, "Fatima")
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    sent = await bot.send_document(fatima.chat_id, ics, filename="overleg.ics", caption="Agenda")

    message = fatima.last()
    assert (message.file_name, message.file_bytes, message.caption) == (
        "overleg.ics",
        ics,
        "Agenda",
    )
    assert sent.document is not None
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == ics


# --- simulated people -----------------------------------------------------------------------


async def test_user_media_arrive_as_real_messages(sandbox: Sandbox, raw: httpx.AsyncClient) -> None:
    """Stickers, photos, voice notes, documents, locations and contacts parse in PTB."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send_sticker()
    await fatima.send_photo(caption="Kapotte lantaarn")
    await fatima.send_voice()
    await fatima.send_document("lijst.csv", b"a,b\n", mime_type="text/csv")
    await fatima.send_location(52.37, 4.89)
    await fatima.send_contact()

    updates = (await _poll(raw)).json()["result"]
    async with Bot(sandbox.token, base_url=sandbox.base_url) as bot:
        messages = [Update.de_json(u, bot).message for u in updates]
    kinds = ("sticker", "photo", "voice", "document", "location", "contact")

    assert [next(k for k in kinds if getattr(m, k, None)) for m in messages] == list(kinds)
    assert messages[1] is not None
    assert messages[1].caption == "Kapotte lantaarn"
    assert messages[5] is not None
    assert messages[5].contact is not None
    assert messages[5].contact.user_id == fatima.user_id


async def test_pressing_a_missing_button_explains_what_is_visible(
    sandbox: Sandbox, bot: Bot
) -> None:
    """press() names the buttons a person can see when the requested one is absent."""
    fatima = sandbox.user(1001, "Fatima")
    await bot.send_message(fatima.chat_id, "Kies", reply_markup=ECHO_KEYBOARD)
    with pytest.raises(ButtonNotFoundError, match=r"\[Ja\]"):
        await fatima.press("Misschien")


async def test_forged_callback_data_reaches_the_bot_and_can_be_answered_once(
    sandbox: Sandbox, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """press_data sends arbitrary data; a second answer to the same query is refused."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.press_data("ack:999", message_id=77)
    query = (await _poll(raw)).json()["result"][0]["callback_query"]

    await bot.answer_callback_query(query["id"], "Verlopen")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query["id"], "nog eens")
    assert query["data"] == "ack:999"
    assert (await fatima.expect_answer()).text == "Verlopen"


async def test_wait_until_times_out_with_the_last_calls(sandbox: Sandbox, bot: Bot) -> None:
    """wait_until fails with a message listing what the bot did last."""
    await bot.get_me()
    with pytest.raises(TimeoutError, match="getMe -> ok"):
        await sandbox.wait_until(lambda: False, timeout=0.05)


async def test_control_endpoint_lets_another_process_send(
    sandbox: Sandbox, raw: httpx.AsyncClient
) -> None:
    """POST /_sandbox/users/{id}/send enqueues a message from that person."""
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{sandbox.url}/_sandbox/users/1001/send", json={"text": "hoi"})
    update = (await _poll(raw)).json()["result"][0]
    assert answer.json()["ok"] is True
    assert update["message"]["from"]["id"] == 1001
    assert update["message"]["text"] == "hoi"


# --- transcript -----------------------------------------------------------------------------


async def test_transcript_reads_like_a_conversation(sandbox: Sandbox, app: AnyApplication) -> None:
    """The transcript shows messages without HTML, buttons, presses, answers and edits in order."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send("/start abc")
    welcome = await fatima.next_message()
    await fatima.press("Ja")
    await sandbox.wait_until(lambda: welcome.edited)

    assert sandbox.format_transcript().splitlines() == [
        "Fatima → bot: /start abc",
        "bot → Fatima: Welkom abc",
        "    [Ja] [Nee]",
        "Fatima presses [Ja]",
        "bot answers Fatima's press: you chose yes",
        "bot edits message to Fatima: Chosen: yes",
    ]
    assert sandbox.format_transcript({1001: "F."}).startswith("F. → bot: /start abc")


async def test_group_messages_name_the_sender_and_the_group(
    sandbox: Sandbox, app: AnyApplication
) -> None:
    """A person writing in a group reaches the bot; the transcript names person and group."""
    fatima = sandbox.user(1001, "Fatima")
    group = sandbox.group(-100123, "Buurtteam", members=[fatima])
    await fatima.send("wie is er?", chat_id=group.id)
    await sandbox.wait_until(lambda: len(sandbox.sent_to(group.id)) == 1)

    assert sandbox.sent_to(group.id)[0].text == "echo: wie is er?"
    assert sandbox.format_transcript().splitlines() == [
        "Fatima in Buurtteam → bot: wie is er?",
        "bot → Buurtteam: echo: wie is er?",
    ]


# --- voice and location ---------------------------------------------------------------------


async def _received(raw: httpx.AsyncClient, bot: Bot) -> list[Message]:
    """Poll the sandbox once and return the messages PTB parses from the updates."""
    updates = (await _poll(raw)).json()["result"]
    messages = [Update.de_json(update, bot).message for update in updates]
    return [message for message in messages if message is not None]


async def test_voice_by_file_id_or_upload_reaches_ptb_as_a_voice(
    sandbox: Sandbox, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """sendVoice takes a person's voice file_id or an upload; PTB gets a Message with .voice."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send_voice()
    heard = (await _received(raw, bot))[0].voice
    assert heard is not None

    echoed = await bot.send_voice(fatima.chat_id, heard.file_id, caption="Gehoord", duration=3)
    uploaded = await bot.send_voice(fatima.chat_id, b"OggS-antwoord", filename="antwoord.ogg")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_voice(fatima.chat_id, "onbekend")

    assert echoed.voice is not None
    assert (echoed.voice.file_id, echoed.caption) == (heard.file_id, "Gehoord")
    assert uploaded.voice is not None
    assert fatima.last().file_bytes == b"OggS-antwoord"
    assert sandbox.format_transcript().splitlines()[-2:] == [
        "bot → Fatima: [voice] Gehoord",
        "bot → Fatima: [voice]",
    ]


async def test_location_reaches_ptb_and_reads_as_coordinates(sandbox: Sandbox, bot: Bot) -> None:
    """sendLocation delivers a Message with .location, keyboard and silence; out of range is 400."""
    fatima = sandbox.user(1001, "Fatima")
    sent = await bot.send_location(
        fatima.chat_id, 52.0, 4.3, reply_markup=ECHO_KEYBOARD, disable_notification=True
    )
    with pytest.raises(BadRequest, match=r"(?i)invalid location specified"):
        await bot.send_location(fatima.chat_id, 91.0, 4.3)

    assert sent.location is not None
    assert (sent.location.latitude, sent.location.longitude) == (52.0, 4.3)
    assert fatima.last().location == {"latitude": 52.0, "longitude": 4.3}
    assert fatima.last().disable_notification
    assert sandbox.format_transcript().splitlines() == [
        "bot → Fatima: [location 52.0, 4.3]",
        "    [Ja] [Nee]",
    ]


@pytest.mark.parametrize(
    ("coordinates", "error"),
    [
        ({"longitude": 4.3}, "latitude is empty"),
        ({"latitude": 52.0}, "longitude is empty"),
        ({"latitude": -90.5, "longitude": 4.3}, "invalid location specified"),
        ({"latitude": 52.0, "longitude": 180.5}, "invalid location specified"),
        ({"latitude": "noord", "longitude": 4.3}, "invalid latitude specified"),
    ],
)
async def test_missing_or_invalid_coordinates_are_bad_requests(
    sandbox: Sandbox, raw: httpx.AsyncClient, coordinates: dict[str, Any], error: str
) -> None:
    """A coordinate that is missing, not a number or off the map is refused; nothing is sent."""
    fatima = sandbox.user(1001, "Fatima")
    answer = await raw.post("sendLocation", json={"chat_id": fatima.chat_id, **coordinates})
    assert (answer.status_code, answer.json()["description"]) == (400, f"Bad Request: {error}")
    assert fatima.messages == []


async def test_voice_and_location_count_towards_flood_control() -> None:
    """sendVoice and sendLocation use the same per-chat burst as text: the third gets a 429."""
    async with Sandbox(limits=SandboxLimits(per_chat_burst=2)) as sandbox:
        fatima = sandbox.user(1001, "Fatima")
        async with Bot(sandbox.token, base_url=sandbox.base_url) as bot:
            await bot.send_voice(fatima.chat_id, b"OggS", filename="a.ogg")
            await bot.send_location(fatima.chat_id, 52.0, 4.3)
            with pytest.raises(RetryAfter):
                await bot.send_voice(fatima.chat_id, b"OggS", filename="b.ogg")
            with pytest.raises(RetryAfter):
                await bot.send_location(fatima.chat_id, 52.0, 4.3)
        assert [message.kind for message in fatima.messages] == ["voice", "location"]
        assert sandbox.count_429 == 2


async def test_a_persons_files_can_be_sent_on_by_file_id(
    sandbox: Sandbox, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """sendPhoto takes either size's file_id of a person's photo; sendDocument their file's id."""
    fatima = sandbox.user(1001, "Fatima")
    karel = sandbox.user(1002, "Karel")
    await fatima.send_photo("Kapotte lantaarn")
    await fatima.send_document("lijst.csv", b"a,b\n", mime_type="text/csv")
    photo, document = await _received(raw, bot)
    assert document.document is not None

    big = await bot.send_photo(karel.chat_id, photo.photo[-1].file_id, caption="Doorgestuurd")
    small = await bot.send_photo(karel.chat_id, photo.photo[0].file_id)
    await bot.send_document(karel.chat_id, document.document.file_id)

    assert big.photo[-1].file_id == photo.photo[-1].file_id
    assert small.photo[-1].file_unique_id == photo.photo[-1].file_unique_id
    assert karel.messages[0].file_bytes == karel.messages[1].file_bytes
    assert (karel.last().file_name, karel.last().file_bytes) == ("lijst.csv", b"a,b\n")


# --- replies --------------------------------------------------------------------------------


async def test_a_persons_reply_carries_the_replied_message(
    sandbox: Sandbox, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """reply_to puts the whole replied-to message, without its own reply, into the update."""
    fatima = sandbox.user(1001, "Fatima")
    question = await bot.send_message(fatima.chat_id, "Waar?", reply_markup=ECHO_KEYBOARD)
    await fatima.send("Hier", reply_to=question.message_id)
    await fatima.send_location(52.0, 4.3, reply_to=question.message_id + 1)
    await fatima.send_photo(reply_to=question.message_id)
    await fatima.send_voice(reply_to=question.message_id)
    await fatima.send_document(reply_to=question.message_id)

    replied = [message.reply_to_message for message in await _received(raw, bot)]

    assert replied[0] is not None and replied[0].from_user is not None
    assert (replied[0].text, replied[0].from_user.is_bot) == ("Waar?", True)
    assert replied[0].reply_markup == ECHO_KEYBOARD
    assert replied[1] is not None
    assert (replied[1].text, replied[1].reply_to_message) == ("Hier", None)
    assert [r.message_id if r else None for r in replied[2:]] == [question.message_id] * 3


async def test_a_person_cannot_reply_to_a_message_that_is_not_there(sandbox: Sandbox) -> None:
    """reply_to an unknown message id fails the test loudly instead of sending a broken update."""
    fatima = sandbox.user(1001, "Fatima")
    with pytest.raises(LookupError, match="cannot reply to message 42"):
        await fatima.send("Wat bedoel je?", reply_to=42)


async def _send(bot: Bot, method: str, chat_id: int, **kwargs: Any) -> Message:
    """Send one message of the kind ``method`` names, passing ``kwargs`` on."""
    if method == "sendPhoto":
        return await bot.send_photo(chat_id, b"\xff\xd8foto", **kwargs)
    if method == "sendDocument":
        return await bot.send_document(chat_id, b"a,b\n", filename="lijst.csv", **kwargs)
    if method == "sendVoice":
        return await bot.send_voice(chat_id, b"OggS", filename="antwoord.ogg", **kwargs)
    if method == "sendLocation":
        return await bot.send_location(chat_id, 52.0, 4.3, **kwargs)
    return await bot.send_message(chat_id, "Antwoord", **kwargs)


@pytest.mark.parametrize(
    "method", ["sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendLocation"]
)
async def test_every_send_method_can_reply_to_a_message(
    sandbox: Sandbox, bot: Bot, method: str
) -> None:
    """reply_parameters makes a reply that carries the replied-to message; a missing one is 400."""
    fatima = sandbox.user(1001, "Fatima")
    asked = await fatima.send("Wat nu?")

    sent = await _send(bot, method, fatima.chat_id, reply_parameters=ReplyParameters(asked))
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await _send(bot, method, fatima.chat_id, reply_parameters=ReplyParameters(99))

    assert sent.reply_to_message is not None
    assert sent.reply_to_message.text == "Wat nu?"
    assert [message.reply_to_message_id for message in fatima.messages] == [asked]


async def test_reply_to_a_missing_message_may_be_sent_without_reply(
    sandbox: Sandbox, bot: Bot
) -> None:
    """allow_sending_without_reply sends the message as no reply when the original is gone."""
    fatima = sandbox.user(1001, "Fatima")
    asked = await fatima.send("Nog iemand?")
    await bot.delete_message(fatima.chat_id, asked)
    lenient = ReplyParameters(asked, allow_sending_without_reply=True)

    sent = await bot.send_message(fatima.chat_id, "Ja", reply_parameters=lenient)

    assert sent.reply_to_message is None
    assert fatima.last().reply_to_message_id is None


async def test_legacy_reply_to_message_id_works_like_reply_parameters(
    sandbox: Sandbox, raw: httpx.AsyncClient
) -> None:
    """A raw reply_to_message_id (with allow_sending_without_reply) is honoured like Telegram."""
    fatima = sandbox.user(1001, "Fatima")
    asked = await fatima.send("Hallo?")
    chat = {"chat_id": fatima.chat_id, "text": "Ja?"}

    reply = await raw.post("sendMessage", json={**chat, "reply_to_message_id": asked})
    strict = await raw.post("sendMessage", json={**chat, "reply_to_message_id": 99})
    lenient = await raw.post(
        "sendMessage",
        json={**chat, "reply_to_message_id": 99, "allow_sending_without_reply": True},
    )

    assert reply.json()["result"]["reply_to_message"]["text"] == "Hallo?"
    assert strict.json()["description"] == "Bad Request: message to be replied not found"
    assert "reply_to_message" not in lenient.json()["result"]


async def test_reply_text_in_a_group_quotes_the_persons_message(
    sandbox: Sandbox, app: AnyApplication
) -> None:
    """PTB's reply_text quotes in groups by default; the sandbox keeps the reply."""
    fatima = sandbox.user(1001, "Fatima")
    group = sandbox.group(-100123, "Buurtteam", members=[fatima])
    asked = await fatima.send("iemand?", chat_id=group.id)
    await sandbox.wait_until(lambda: len(sandbox.sent_to(group.id)) == 1)
    assert sandbox.sent_to(group.id)[0].reply_to_message_id == asked


# --- albums and unsupported content ---------------------------------------------------------


async def test_album_items_share_their_media_group_id(
    sandbox: Sandbox, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """Photos and documents sent with media_group_id carry it; a lone photo has none."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send_photo("Voor", media_group_id="album-1")
    await fatima.send_photo(media_group_id="album-1")
    await fatima.send_document(media_group_id="album-2")
    await fatima.send_photo("Los")

    messages = await _received(raw, bot)

    assert [m.media_group_id for m in messages] == ["album-1", "album-1", "album-2", None]
    assert messages[0].caption == "Voor"


async def test_polls_video_notes_and_videos_parse_in_ptb(
    sandbox: Sandbox, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """A person's poll, video note and video reach PTB as such, to test unsupported content."""
    fatima = sandbox.user(1001, "Fatima")
    await fatima.send_poll("Wie komt?")
    await fatima.send_video_note()
    await fatima.send_video(caption="Filmpje")

    poll, note, video = await _received(raw, bot)

    assert poll.poll is not None
    assert (poll.poll.question, [o.text for o in poll.poll.options]) == ("Wie komt?", ["Ja", "Nee"])
    assert note.video_note is not None
    assert video.video is not None and video.caption == "Filmpje"
    assert sandbox.format_transcript().splitlines() == [
        "Fatima → bot: [poll Wie komt?]",
        "Fatima → bot: [video note 5s]",
        "Fatima → bot: [video 5s] Filmpje",
    ]

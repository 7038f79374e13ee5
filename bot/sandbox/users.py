"""Simulated people: they send messages and press buttons, and tests read what they received."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from typing import Any

from bot.sandbox.group_actions import GroupActions
from bot.sandbox.groups import PRESENT, bot_sees, group
from bot.sandbox.models import JSON, CallbackAnswer, InlineButton, SentMessage
from bot.sandbox.world import Chat, Person, World

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
# Smallest valid images/audio would be overkill: the bot only sees ids, sizes and names.
_PHOTO_BYTES = b"\xff\xd8\xff\xe0sandbox-photo\xff\xd9"
_VOICE_BYTES = b"OggSsandbox-voice"
_VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42sandbox-video"


def _album(extra: JSON, media_group_id: str | None) -> JSON:
    """Add ``media_group_id`` (an album's shared id) to a message's fields when given."""
    return extra if media_group_id is None else extra | {"media_group_id": media_group_id}


class ButtonNotFoundError(LookupError):
    """No inline button with the requested text is visible to the person."""


class SimulatedUser(GroupActions):
    """One person talking to the bot in their private chat and in groups."""

    def __init__(self, world: World, person: Person) -> None:
        self._world = world
        self._person = person
        self._cursor = 0
        self._last_query_id: str | None = None
        self._poll_ids = itertools.count(1)

    @property
    def user_id(self) -> int:
        """Return the person's Telegram user id."""
        return self._person.id

    @property
    def chat_id(self) -> int:
        """Return the private chat id (equal to the user id)."""
        return self._person.id

    @property
    def first_name(self) -> str:
        """Return the person's first name."""
        return self._person.first_name

    def __repr__(self) -> str:
        return f"SimulatedUser({self.user_id}, {self.first_name!r})"

    # --- sending ----------------------------------------------------------------------------

    async def send(
        self, text: str, *, chat_id: int | None = None, reply_to: int | None = None
    ) -> int:
        """Send a text message (a leading ``/cmd`` or ``/cmd@bot`` becomes a bot_command entity).

        ``chat_id`` names a group the person is in (default: the private chat with the bot);
        ``reply_to`` makes it a reply to that message id in the same chat.
        """
        extra: JSON = {}
        command = _COMMAND_RE.match(text)
        if command is not None:
            extra["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        return self._post(text, text, "text", extra, chat_id, reply_to=reply_to)

    async def send_sticker(self, emoji: str = "👍") -> int:
        """Send a sticker."""
        stored = self._world.store_file("sticker.webp", "image/webp", b"RIFFsandbox-sticker")
        sticker = self._file_fields(stored.file_id, stored.file_unique_id, stored.content)
        sticker.update(type="regular", width=512, height=512, is_animated=False, is_video=False)
        sticker.update(emoji=emoji, set_name="SleutelnetSandbox")
        return self._post("", f"[sticker {emoji}]", "sticker", {"sticker": sticker})

    async def send_photo(
        self,
        caption: str | None = None,
        *,
        media_group_id: str | None = None,
        reply_to: int | None = None,
    ) -> int:
        """Send a photo, optionally with a caption; ``media_group_id`` makes it part of an album."""
        stored = self._world.store_file("photo.jpg", "image/jpeg", _PHOTO_BYTES)
        sizes = [
            self._file_fields(f"{stored.file_id}{suffix}", stored.file_unique_id, stored.content)
            | {"width": width, "height": height}
            for suffix, width, height in (("s", 90, 68), ("", 1280, 960))
        ]
        extra = _album({"photo": sizes}, media_group_id)
        shown = f"[photo] {caption or ''}".rstrip()
        return self._post(caption or "", shown, "photo", extra, reply_to=reply_to)

    async def send_voice(self, duration: int = 3, *, reply_to: int | None = None) -> int:
        """Send a voice note."""
        stored = self._world.store_file("voice.ogg", "audio/ogg", _VOICE_BYTES)
        voice = self._file_fields(stored.file_id, stored.file_unique_id, stored.content)
        voice.update(duration=duration, mime_type="audio/ogg")
        shown = f"[voice {duration}s]"
        return self._post("", shown, "voice", {"voice": voice}, reply_to=reply_to)

    async def send_video_note(self, duration: int = 5) -> int:
        """Send a round video message."""
        stored = self._world.store_file(None, "video/mp4", _VIDEO_BYTES)
        note = self._file_fields(stored.file_id, stored.file_unique_id, stored.content)
        note.update(length=240, duration=duration)
        return self._post("", f"[video note {duration}s]", "video_note", {"video_note": note})

    async def send_video(self, duration: int = 5, *, caption: str | None = None) -> int:
        """Send a video, optionally with a caption."""
        stored = self._world.store_file("video.mp4", "video/mp4", _VIDEO_BYTES)
        video = self._file_fields(stored.file_id, stored.file_unique_id, stored.content)
        video.update(width=640, height=360, duration=duration, mime_type="video/mp4")
        video.update(file_name="video.mp4")
        shown = f"[video {duration}s] {caption or ''}".rstrip()
        return self._post(caption or "", shown, "video", {"video": video})

    async def send_poll(self, question: str = "Vraag?") -> int:
        """Send a regular anonymous poll with two options ("Ja", "Nee") and no votes yet."""
        options = [
            {"text": text, "voter_count": 0, "persistent_id": str(number)}
            for number, text in enumerate(("Ja", "Nee"))
        ]
        poll: JSON = {
            "id": f"{self.user_id}{next(self._poll_ids):04d}",
            "question": question,
            "options": options,
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            # Required by PTB 22.8 (Bot API 9.6 and 10.0).
            "allows_revoting": True,
            "members_only": False,
        }
        return self._post("", f"[poll {question}]", "poll", {"poll": poll})

    async def send_document(
        self,
        file_name: str = "notes.txt",
        content: bytes = b"sandbox document\n",
        *,
        mime_type: str = "text/plain",
        caption: str | None = None,
        media_group_id: str | None = None,
        reply_to: int | None = None,
    ) -> int:
        """Send a file; ``media_group_id`` makes it part of an album."""
        stored = self._world.store_file(file_name, mime_type, content)
        document = self._file_fields(stored.file_id, stored.file_unique_id, content)
        document.update(file_name=file_name, mime_type=mime_type)
        extra = _album({"document": document}, media_group_id)
        shown = f"[document {file_name}] {caption or ''}".rstrip()
        return self._post(caption or "", shown, "document", extra, reply_to=reply_to)

    async def send_location(
        self, latitude: float, longitude: float, *, reply_to: int | None = None
    ) -> int:
        """Share a location."""
        location = {"latitude": latitude, "longitude": longitude}
        shown = f"[location {latitude}, {longitude}]"
        return self._post("", shown, "location", {"location": location}, reply_to=reply_to)

    async def send_contact(
        self, phone_number: str = "+31612345678", *, first_name: str | None = None
    ) -> int:
        """Share a contact (by default the person's own, as the 'share my number' button does)."""
        contact: JSON = {"phone_number": phone_number, "first_name": first_name or self.first_name}
        if first_name is None:
            contact["user_id"] = self.user_id
        return self._post("", f"[contact {phone_number}]", "contact", {"contact": contact})

    @staticmethod
    def _file_fields(file_id: str, unique_id: str, content: bytes) -> JSON:
        return {"file_id": file_id, "file_unique_id": unique_id, "file_size": len(content)}

    def _post(
        self,
        text: str,
        shown: str,
        kind: str,
        extra: JSON,
        chat_id: int | None = None,
        *,
        reply_to: int | None = None,
    ) -> int:
        world = self._world
        chat = self._writable(chat_id)
        if reply_to is not None and world.message(chat.id, reply_to) is None:
            msg = f"{self.first_name} cannot reply to message {reply_to}: not in chat {chat.id}"
            raise LookupError(msg)
        if not chat.is_group:
            # Writing to the bot (e.g. /start) starts a conversation and lifts a block.
            self._person.started = True
            self._person.blocked = False
        entities = extra.pop("entities", [])
        message = SentMessage(
            message_id=world.next_message_id(chat.id),
            chat_id=chat.id,
            text=text,
            date=datetime.now(UTC),
            from_bot=False,
            kind=kind,
            entities=entities,
            reply_to_message_id=reply_to,
            raw={"from": self._person.to_dict(), **extra},
        )
        world.add_message(message)
        world.log(chat.id, "message", shown, from_bot=False, user_id=self.user_id)
        if bot_sees(chat):
            world.enqueue_update("message", world.message_dict(message))
        self._cursor = len(self.received())
        return message.message_id

    def _writable(self, chat_id: int | None) -> Chat:
        if chat_id is None or chat_id == self.chat_id:
            return self._world.chats[self.chat_id]
        chat = group(self._world, chat_id)
        if chat.members.get(self.user_id) not in PRESENT:
            msg = f"{self.first_name} is not a member of {chat.title}"
            raise LookupError(msg)
        return chat

    # --- buttons ----------------------------------------------------------------------------

    async def press(self, button: str, *, message: SentMessage | None = None) -> None:
        """Press the inline button labelled ``button`` (exact text preferred, else containing it).

        Looks in ``message`` (which may be in a group) or else in the bot's messages in the
        private chat, newest first.
        """
        candidates = [message] if message is not None else list(reversed(self.messages))
        for matches in (
            lambda b: b.text == button,
            lambda b: button.lower() in b.text.lower(),
        ):
            for candidate in candidates:
                found = next((b for row in candidate.buttons for b in row if matches(b)), None)
                if found is not None:
                    self._press(found, candidate)
                    return
        visible = [f"[{text}]" for msg in candidates for text in msg.button_texts]
        msg = f"{self.first_name} sees no button {button!r}; visible buttons: {visible or 'none'}"
        raise ButtonNotFoundError(msg)

    def _press(self, button: InlineButton, message: SentMessage) -> None:
        if button.callback_data is None:
            msg = f"button [{button.text}] is a URL button ({button.url}), it sends no callback"
            raise ButtonNotFoundError(msg)
        self._enqueue_press(button.callback_data, message.message_id, button.text, message.chat_id)

    async def press_data(
        self, callback_data: str, *, message_id: int | None = None, chat_id: int | None = None
    ) -> None:
        """Send a callback query with arbitrary (possibly forged or stale) data."""
        chat = self._writable(chat_id)
        if message_id is None:
            newest = self._world.bot_messages(chat.id)
            message_id = newest[-1].message_id if newest else 1
        self._enqueue_press(callback_data, message_id, f"data={callback_data}", chat.id)

    def _enqueue_press(self, data: str, message_id: int, shown: str, chat_id: int) -> None:
        world = self._world
        chat = world.chats[chat_id]
        message = world.message(chat_id, message_id)
        shown_message: dict[str, Any] = (
            world.message_dict(message)
            if message is not None
            else {"chat": chat.to_dict(), "message_id": message_id, "date": 0}
        )
        query_id = world.new_callback_query_id()
        world.callback_queries[query_id] = (self.user_id, chat_id)
        self._last_query_id = query_id
        world.log(chat_id, "press", shown, from_bot=False, user_id=self.user_id)
        world.enqueue_update(
            "callback_query",
            {
                "id": query_id,
                "from": self._person.to_dict(),
                "message": shown_message,
                "chat_instance": f"sandbox-{chat_id}",
                "data": data,
            },
        )
        self._cursor = len(self.received())

    # --- reading ----------------------------------------------------------------------------

    @property
    def messages(self) -> list[SentMessage]:
        """Return the bot's messages currently in this chat, oldest first."""
        return self._world.bot_messages(self.chat_id)

    def last(self) -> SentMessage:
        """Return the bot's newest message in this chat."""
        current = self.messages
        if not current:
            msg = f"the bot has sent {self.first_name} no (undeleted) message"
            raise LookupError(msg)
        return current[-1]

    def received(self) -> list[SentMessage]:
        """Return every message the bot ever sent to this person, including deleted ones."""
        return self._world.bot_messages(self.chat_id, include_deleted=True)

    async def next_message(self, timeout: float = 10.0) -> SentMessage:  # noqa: ASYNC109
        """Wait for the next message the bot sends here since the last send/press/next_message."""
        cursor = self._cursor
        try:
            await self._world.signal.wait_for(lambda: len(self.received()) > cursor, timeout)
        except TimeoutError:
            msg = f"{self.first_name} got no new message within {timeout} s{self._recent()}"
            raise TimeoutError(msg) from None
        self._cursor = cursor + 1
        return self.received()[cursor]

    async def expect_answer(self, timeout: float = 10.0) -> CallbackAnswer:  # noqa: ASYNC109
        """Wait for the bot's answerCallbackQuery to this person's latest button press."""
        query_id = self._last_query_id
        if query_id is None:
            msg = f"{self.first_name} has not pressed a button yet"
            raise LookupError(msg)
        answers = self._world.callback_answers
        try:
            await self._world.signal.wait_for(lambda: query_id in answers, timeout)
        except TimeoutError:
            msg = f"the bot did not answer {self.first_name}'s press within {timeout} s"
            raise TimeoutError(msg + self._recent()) from None
        return answers[query_id]

    def _recent(self) -> str:
        calls = self._world.calls[-8:]
        return "; the bot's last calls:\n" + "\n".join(f"  {call}" for call in calls)

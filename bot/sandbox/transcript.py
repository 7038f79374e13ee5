"""A readable record of the conversation between simulated people and the bot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

BOT = "bot"
# Group events: "{user}" is the person involved, "{chat}" the group; any ``text`` not used by
# the template follows in parentheses.
EVENTS = {
    "create": "{user} creates {chat}",
    "join": "{user} joins {chat}",
    "leave": "{user} leaves {chat}",
    "request": "{user} asks to join {chat}",
    "approve": "bot approves {user}'s request to join {chat}",
    "decline": "bot declines {user}'s request to join {chat}",
    "ban": "bot bans {user} from {chat}",
    "unban": "bot unbans {user} in {chat}",
    "remove": "bot removes {user} from {chat}",
    "promote": "{user} becomes administrator of {chat}",
    "bot_added": "{user} adds the bot to {chat} as {text}",
    "bot_rights": "{user} gives the bot in {chat} the rights: {text}",
    "bot_demoted": "{user} makes the bot a plain member of {chat}",
    "bot_removed": "{user} removes the bot from {chat}",
    "bot_left": "bot leaves {chat}",
    "link": "bot creates invite link {text} for {chat}",
    "revoke": "bot revokes invite link {text} of {chat}",
    "pin": "bot pins in {chat}: {text}",
    "unpin": "bot unpins in {chat}: {text}",
    "migrate": "{chat} becomes supergroup {text}",
}


@dataclass(frozen=True)
class TranscriptLine:
    """One event in a chat: a message, an edit, a deletion, a press, an answer or a group event.

    ``kind`` is one of ``"message"``, ``"edit"``, ``"delete"``, ``"press"``, ``"answer"`` or a
    key of ``EVENTS`` (``"join"``, ``"leave"``, ``"ban"``, ``"link"``, ``"pin"``, ...).
    ``user_id`` is the person involved (sender, recipient, presser); ``from_bot`` says who acted.
    """

    time: datetime
    chat_id: int
    user_id: int | None
    from_bot: bool
    kind: str
    text: str
    buttons: tuple[tuple[str, ...], ...] = field(default=())
    chat_title: str | None = None

    def format(self, names: Mapping[int, str]) -> str:
        """Return the line as text, naming people through ``names`` (falls back to the id)."""
        if self.kind in EVENTS:
            return self._event(names)
        person = self._person(names)
        if self.kind == "press":
            return f"{person} presses [{self.text}]"
        if self.kind == "answer":
            return f"bot answers {person}'s press: {self.text}"
        if self.kind == "delete":
            head = f"bot deletes message to {person}"
        elif self.kind == "edit":
            head = f"bot edits message to {person}"
        elif self.from_bot:
            head = f"bot → {person}"
        else:
            head = f"{person} → bot"
        lines = self.text.splitlines() or [""]
        out = [f"{head}: {lines[0]}"]
        out.extend(f"    {line}" for line in lines[1:])
        out.extend("    " + " ".join(f"[{text}]" for text in row) for row in self.buttons if row)
        return "\n".join(out)

    def _event(self, names: Mapping[int, str]) -> str:
        template = EVENTS[self.kind]
        user = names.get(self.user_id, str(self.user_id)) if self.user_id is not None else "?"
        chat = names.get(self.chat_id, self.chat_title or str(self.chat_id))
        line = template.format(user=user, chat=chat, text=self.text)
        return line if "{text}" in template or not self.text else f"{line} ({self.text})"

    def _person(self, names: Mapping[int, str]) -> str:
        if self.chat_title is not None:
            if self.user_id is not None and not self.from_bot:
                who = names.get(self.user_id, str(self.user_id))
                return f"{who} in {names.get(self.chat_id, self.chat_title)}"
            return names.get(self.chat_id, self.chat_title)
        if self.user_id is None:
            return names.get(self.chat_id, str(self.chat_id))
        return names.get(self.user_id, str(self.user_id))


def format_lines(lines: list[TranscriptLine], names: Mapping[int, str]) -> str:
    """Return the transcript as one string, one event per line (continuations indented)."""
    return "\n".join(line.format(names) for line in lines)

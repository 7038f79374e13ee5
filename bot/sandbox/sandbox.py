"""The ``Sandbox``: a local fake Telegram Bot API server that tests and demos drive."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType

from aiohttp import web

from bot.sandbox.faults import Fault, FaultPlan
from bot.sandbox.groups import GROUP_ANONYMOUS_BOT, admin_rights, group, migrate
from bot.sandbox.limits import SandboxLimits
from bot.sandbox.models import BotCall, InviteLink, SentMessage
from bot.sandbox.server import create_app
from bot.sandbox.transcript import TranscriptLine, format_lines
from bot.sandbox.users import SimulatedUser
from bot.sandbox.webhooks import WebhookCourier
from bot.sandbox.world import Chat, Person, World

RECHECK = 0.05  # seconds between checks of a wait_until condition when nothing is called


class Sandbox:
    """A fake Bot API server on localhost with simulated people, flood control and faults."""

    def __init__(
        self,
        *,
        token: str = "123456:SANDBOX",
        bot_username: str = "sleutelnet_sandbox_bot",
        bot_name: str = "Sleutelnet",
        limits: SandboxLimits = SandboxLimits(),  # noqa: B008 - frozen, safe to share
    ) -> None:
        self.world = World(token=token, bot_username=bot_username, bot_name=bot_name, limits=limits)
        self.faults = FaultPlan()
        self._users: dict[int, SimulatedUser] = {}
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._host = "127.0.0.1"
        self._webhooks = WebhookCourier(self.world)

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start serving on ``host:port`` (port 0 picks a free port)."""
        if self._runner is not None:
            msg = "sandbox already started"
            raise RuntimeError(msg)
        self.world.stopped = False
        runner = web.AppRunner(create_app(self), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self._host = host
        self._port = runner.addresses[0][1]
        self._webhooks.start()

    async def stop(self) -> None:
        """End pending long-polls and stop serving."""
        self.world.stopped = True
        self.world.signal.notify()
        await self._webhooks.stop()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """Return the port the sandbox listens on."""
        if self._port is None:
            msg = "sandbox not started: call start() or use 'async with'"
            raise RuntimeError(msg)
        return self._port

    @property
    def url(self) -> str:
        """Return the server root URL, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Return the Bot API base URL for PTB (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the file download base URL for PTB (PTB appends the token)."""
        return f"{self.url}/file/bot"

    # --- identity ---------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """Return the only token the sandbox accepts."""
        return self.world.token

    @property
    def bot_id(self) -> int:
        """Return the bot's user id (the token's numeric part)."""
        return self.world.bot_id

    @property
    def bot_username(self) -> str:
        """Return the bot's username (without @)."""
        return self.world.bot_username

    # --- people and chats -------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "nl",
        started: bool = True,
    ) -> SimulatedUser:
        """Create (or return the existing) simulated person; their private chat id == user_id.

        ``started=False`` makes a person who never opened the bot: sends get 403.
        """
        if user_id in self._users:
            return self._users[user_id]
        person = Person(user_id, first_name, last_name, username, language_code, started=started)
        self.world.add_person(person)
        user = SimulatedUser(self.world, person)
        self._users[user_id] = user
        return user

    @property
    def users(self) -> list[SimulatedUser]:
        """Return all simulated people, in creation order."""
        return list(self._users.values())

    def group(
        self,
        chat_id: int,
        title: str,
        *,
        members: Iterable[SimulatedUser] = (),
        supergroup: bool = True,
        bot_status: str = "administrator",
        bot_rights: Mapping[str, bool] | None = None,
    ) -> Chat:
        """Create a group chat (negative id) with members, already containing the bot.

        The bot is administrator with ``bot_rights`` (default: invite, restrict, delete, pin)
        unless ``bot_status`` says otherwise. To see the bot being added, as Telegram sends
        it, use ``SimulatedUser.create_group`` and ``add_bot`` instead.
        """
        chat = Chat(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            members={member.user_id: "member" for member in members},
            bot_status=bot_status,
            bot_rights=admin_rights(bot_rights) if bot_status == "administrator" else {},
        )
        self.world.chats[chat_id] = chat
        return chat

    def migrate_group(self, chat_id: int, *, by: SimulatedUser | None = None) -> int:
        """Upgrade a basic group to a supergroup with a new ``-100...`` id and return that id.

        Members, rights, links and join requests move; the old id then answers every call with
        400 ``group chat was upgraded to a supergroup chat`` and ``migrate_to_chat_id``.
        """
        chat = group(self.world, chat_id)
        if by is None:
            creator = next((u for u, s in chat.members.items() if s == "creator"), None)
            sender = self.world.people[creator].to_dict() if creator else GROUP_ANONYMOUS_BOT
        else:
            sender = self.world.people[by.user_id].to_dict()
        return migrate(self.world, chat, sender).id

    def delete_group(self, chat_id: int) -> None:
        """Delete a group: its links stop working and the bot's calls get 400 chat not found."""
        self.world.chats.pop(group(self.world, chat_id).id)

    def outage(self, down: bool = True) -> None:
        """Make Telegram unreachable (every call answered 502, long polls ended) or back."""
        self.world.down = down
        self.world.signal.notify()

    def answer_after(self, seconds: float) -> None:
        """Answer every call but getUpdates this long after it was delivered and recorded."""
        self.world.answer_delay = seconds

    def block(self, user_id: int) -> None:
        """Make the person block the bot: sends answer 403 ``bot was blocked by the user``."""
        self.world.people[user_id].blocked = True

    def unblock(self, user_id: int) -> None:
        """Undo ``block``."""
        self.world.people[user_id].blocked = False

    def deactivate(self, user_id: int) -> None:
        """Delete the person's account: sends answer 403 ``user is deactivated``."""
        self.world.people[user_id].deactivated = True

    # --- observation ------------------------------------------------------------------------

    @property
    def calls(self) -> list[BotCall]:
        """Return every Bot API call the bot made, in order."""
        return self.world.calls

    def calls_to(self, method: str) -> list[BotCall]:
        """Return the calls of one method (case-insensitive)."""
        return [call for call in self.world.calls if call.method.lower() == method.lower()]

    @property
    def waiting_polls(self) -> int:
        """Return how many getUpdates long-polls are waiting right now (0 or 1 normally)."""
        return self.world.waiting_polls

    @property
    def webhook_answers(self) -> dict[str, int]:
        """Return the webhook's answers to deliveries by HTTP status ("network": not reached)."""
        return dict(self.world.webhook_answers)

    @property
    def count_429(self) -> int:
        """Return how many 429 answers the sandbox gave."""
        return self.world.count_429

    def member_status(self, chat_id: int, user_id: int) -> str | None:
        """Return a person's (or the bot's) status in a group; None if never there."""
        chat = self.world.chats[chat_id]
        if user_id == self.bot_id:
            return chat.bot_status
        return chat.members.get(user_id)

    def members(self, chat_id: int) -> dict[int, str]:
        """Return every person ever in a group with their status (``left``/``kicked`` too)."""
        return dict(self.world.chats[chat_id].members)

    def bot_status(self, chat_id: int) -> str:
        """Return the bot's status in a chat (``administrator``, ``member``, ``left``, ...)."""
        return self.world.chats[chat_id].bot_status

    def bot_rights(self, chat_id: int) -> dict[str, bool]:
        """Return the bot's administrator rights in a group (empty unless administrator)."""
        return dict(self.world.chats[chat_id].bot_rights)

    def invite_links(self, chat_id: int) -> list[InviteLink]:
        """Return a group's invite links, oldest first, revoked ones included (``is_revoked``)."""
        return list(self.world.chats[chat_id].links.values())

    def join_requests(self, chat_id: int) -> dict[int, str]:
        """Return the pending join requests of a group: person id to the invite link used."""
        return dict(self.world.chats[chat_id].join_requests)

    def pinned(self, chat_id: int) -> list[SentMessage]:
        """Return the pinned messages of a chat, the newest pin last."""
        found = (self.world.message(chat_id, pin) for pin in self.world.chats[chat_id].pinned)
        return [message for message in found if message is not None]

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """Return the bot's current messages in a chat (after edits, without deleted ones)."""
        return self.world.bot_messages(chat_id)

    def transcript(self) -> list[TranscriptLine]:
        """Return the conversation events in order."""
        return list(self.world.transcript)

    def format_transcript(self, names: Mapping[int, str] | None = None) -> str:
        """Return the conversation as readable text; ``names`` overrides people's first names."""
        known = {person.id: person.first_name for person in self.world.people.values()}
        return format_lines(self.world.transcript, {**known, **(names or {})})

    # --- control ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id`` if given) with an error."""
        self.faults.add(Fault(method, error_code, description, retry_after, times, chat_id))

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` holds, re-checking after every call the bot makes and at
        least every 50 ms (for conditions that change without a call)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            try:
                await self.world.signal.wait_for(predicate, max(0.0, min(left, RECHECK)))
                return
            except TimeoutError:
                if left > RECHECK:
                    continue
            recent = "\n".join(f"  {call}" for call in self.world.calls[-8:]) or "  (none)"
            msg = f"condition not met within {timeout} s; the bot's last calls:\n{recent}"
            raise TimeoutError(msg) from None


async def serve_forever(
    host: str = "127.0.0.1",
    port: int = 8081,
    limits: SandboxLimits = SandboxLimits(),  # noqa: B008 - frozen, safe to share
    *,
    ready: Callable[[Sandbox], None] | None = None,
) -> None:
    """Run a sandbox until cancelled; ``ready`` is called once it listens (e.g. to print URLs)."""
    sandbox = Sandbox(limits=limits)
    await sandbox.start(host, port)
    try:
        if ready is not None:
            ready(sandbox)
        await asyncio.Event().wait()
    finally:
        await sandbox.stop()

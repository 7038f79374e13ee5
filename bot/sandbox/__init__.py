"""A local fake Telegram Bot API server for demos and end-to-end tests.

The unmodified python-telegram-bot ``Application`` talks to it over real HTTP::

    async with Sandbox() as sandbox:
        app = ApplicationBuilder().token(sandbox.token).base_url(sandbox.base_url).build()
        fatima = sandbox.user(1001, "Fatima")
        await fatima.send("/start")
"""

from bot.sandbox.limits import SandboxLimits
from bot.sandbox.models import BotCall, CallbackAnswer, InlineButton, InviteLink, SentMessage
from bot.sandbox.registry import method_names
from bot.sandbox.sandbox import Sandbox, serve_forever
from bot.sandbox.transcript import TranscriptLine
from bot.sandbox.users import ButtonNotFoundError, SimulatedUser
from bot.sandbox.world import Chat

__all__ = [
    "BotCall",
    "ButtonNotFoundError",
    "CallbackAnswer",
    "Chat",
    "InlineButton",
    "InviteLink",
    "Sandbox",
    "SandboxLimits",
    "SentMessage",
    "SimulatedUser",
    "TranscriptLine",
    "method_names",
    "serve_forever",
]

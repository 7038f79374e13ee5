"""How updates arrive: long polling (the default) or a webhook ([telegram] mode = "webhook")."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config_parsing import ConfigError, Table

SECRET_ENV = "SLEUTELNET_WEBHOOK_SECRET"
MODES = ("polling", "webhook")
WEBHOOK_KEYS = ("mode", "webhook_url", "webhook_listen", "secret_token")
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1:8443"
# Telegram's rule for secret_token: 1-256 characters, only A-Z, a-z, 0-9, _ and -.
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Telegram only posts to these ports.
WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})
SECRET_HINT = (
    f"set secret_token or {SECRET_ENV}; make one with: "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
)


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """Where Telegram posts updates and how this process checks them; the secret never
    appears in repr or str."""

    url: str
    host: str
    port: int
    secret_token: str

    @property
    def path(self) -> str:
        """Return the path the listener answers on (the URL's path)."""
        return urlsplit(self.url).path or "/"

    def url_for(self, bound_port: int) -> str:
        """Return the URL to register: port 0 in a loopback URL (the local sandbox) stands
        for the port the listener got."""
        parts = urlsplit(self.url)
        if parts.port != 0:
            return self.url
        return parts._replace(netloc=f"{parts.hostname}:{bound_port}").geturl()

    def __repr__(self) -> str:
        """Show the settings with the secret masked."""
        return f"WebhookConfig(url={self.url!r}, listen='{self.host}:{self.port}', secret=***)"


def _loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _url(tg: Table) -> str:
    hint = 'the public HTTPS address Telegram posts to, e.g. "https://bot.example.nl/telegram"'
    url = tg.string("webhook_url", hint=hint)
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme == "http" and _loopback(parts.hostname):
        return url  # the local Bot API sandbox posts over plain HTTP to 127.0.0.1
    if parts.scheme != "https" or not parts.hostname or port == -1:
        raise tg.error("webhook_url", f"{url!r} is not an https:// URL", hint)
    if port is not None and port not in WEBHOOK_PORTS:
        allowed = ", ".join(str(p) for p in sorted(WEBHOOK_PORTS))
        raise tg.error("webhook_url", f"Telegram does not post to port {port}", f"use {allowed}")
    return url


def _listen(tg: Table) -> tuple[str, int]:
    hint = f'e.g. webhook_listen = "{DEFAULT_WEBHOOK_LISTEN}" behind your HTTPS proxy'
    host, sep, port = tg.string("webhook_listen", default=DEFAULT_WEBHOOK_LISTEN).rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise tg.error("webhook_listen", "not HOST:PORT", hint)
    return host.strip("[]"), int(port)


def read_webhook(tg: Table, environ: Mapping[str, str]) -> WebhookConfig | None:
    """Read the webhook keys of [telegram]; None in polling mode. A webhook without a secret
    is refused: anyone who finds its address could post forged updates."""
    mode = tg.string("mode", default="polling").lower()
    if mode not in MODES:
        raise tg.error("mode", f"unknown mode {mode!r}", f"use {' or '.join(MODES)}")
    if mode == "polling":
        for key in ("webhook_url", "webhook_listen", "secret_token"):
            if tg.data.get(key) is not None:
                hint = 'set mode = "webhook", or remove it'
                raise tg.error(key, "only used in webhook mode", hint)
        return None
    url = _url(tg)
    host, port = _listen(tg)
    env_secret = environ.get(SECRET_ENV, "").strip()
    if env_secret:
        secret, path, where = env_secret, None, SECRET_ENV
    else:
        if tg.data.get("secret_token") is None:
            msg = "missing: webhook mode does not start without a secret token"
            raise tg.error("secret_token", msg, SECRET_HINT)
        secret, path, where = tg.string("secret_token"), tg.path, tg.key("secret_token")
    if not _SECRET_RE.fullmatch(secret):
        hint = "1-256 characters: letters, digits, _ and - only"
        raise ConfigError(path, where, "is not a valid Telegram secret token", hint)
    return WebhookConfig(url=url, host=host, port=port, secret_token=secret)

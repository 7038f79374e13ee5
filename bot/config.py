"""Typed, frozen configuration for Sleutelnet, loaded from a TOML file and the environment."""

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config_meetings import MeetingConfig, read_meetings
from bot.config_parsing import (
    ROOT_SCALARS,
    SUPPORTED_LANGUAGES,
    ConfigError,
    Table,
    describe,
    mask_token,
    mask_url,
    normalise_database_url,
    parse_duration,
)
from bot.config_privacy import PrivacyConfig, fill_periods, notice_periods, read_privacy
from bot.config_report import ReportConfig, read_report
from bot.config_signals import SecurityConfig, SignalConfig, read_security, read_signals
from bot.config_webhook import WEBHOOK_KEYS, WebhookConfig, read_webhook
from bot.config_workgroups import WorkgroupConfig, read_workgroups

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///sleutelnet.db"
DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_INVITE_EXPIRY = timedelta(days=7)
DEFAULT_CONFIG_PATH = "config.toml"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
CONFIG_ENV = "SLEUTELNET_CONFIG"
TOKEN_ENV = "SLEUTELNET_TELEGRAM_TOKEN"
DATABASE_URL_ENV = "SLEUTELNET_DATABASE_URL"

_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_USERNAME_RE = re.compile(r"[A-Za-z0-9_]{5,32}")
_THEME_KEY_RE = re.compile(r"[a-z0-9-]{1,40}")
# What the store's columns hold (person_neighbourhoods.wijk, consent_events.notice_version).
MAX_NEIGHBOURHOOD = 64
MAX_NOTICE_VERSION = 32
_HTTP_URL_RE = re.compile(r"https?://[^\s/]+\S*")
_TOML_AT_RE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")

_ROOT_KEYS = (
    *ROOT_SCALARS,
    "privacy",
    "telegram",
    "database",
    "network",
    "invites",
    "signals",
    "security",
    "meetings",
    "workgroups",
    "report",
    "http",
)
_DATABASE_HINT = "use sqlite+aiosqlite:///file.db or postgresql+asyncpg://user:password@host/db"


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Outgoing message budgets, matching the limits Telegram publishes."""

    messages_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    group_per_minute: int = 20
    paid_broadcast: bool = False
    paid_messages_per_second: float = 1000.0


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    """How to reach the Bot API; the token never appears in repr or str."""

    token: str
    bot_username: str
    api_base_url: str = DEFAULT_API_BASE_URL
    rate_limits: RateLimits = field(default_factory=RateLimits)
    # How updates arrive: None polls getUpdates; a webhook has Telegram post them.
    webhook: WebhookConfig | None = None

    def __repr__(self) -> str:
        """Show the settings with the token masked."""
        return (
            f"TelegramConfig(token={mask_token(self.token)!r}, "
            f"bot_username={self.bot_username!r}, api_base_url={self.api_base_url!r}, "
            f"rate_limits={self.rate_limits!r}, webhook={self.webhook!r})"
        )


@dataclass(frozen=True, slots=True)
class DatabaseConfig:
    """Where the data lives, as an async SQLAlchemy URL."""

    url: str = DEFAULT_DATABASE_URL

    def __repr__(self) -> str:
        """Show the URL with any password masked."""
        return f"DatabaseConfig(url={mask_url(self.url)!r})"


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme the network works on, with a label per language."""

    key: str
    labels: Mapping[str, str]
    default_language: str = "nl"

    def label(self, lang: str) -> str:
        """Return the label in `lang`, else in the default language, else the key."""
        return self.labels.get(lang) or self.labels.get(self.default_language) or self.key


@dataclass(frozen=True, slots=True)
class PrivacyNotice:
    """The privacy notice members consent to, versioned so consent can be renewed."""

    version: str
    texts: Mapping[str, str] = field(repr=False)

    def text(self, lang: str, default_lang: str) -> str:
        """Return the notice in `lang`, falling back to the default language."""
        return self.texts.get(lang) or self.texts.get(default_lang) or ""


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkConfig:
    """The network itself: its name, time zone, language, neighbourhoods and themes."""

    name: str
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    default_language: str = "nl"
    # The languages members can choose, in the order they are offered; the default first.
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    neighbourhoods: tuple[str, ...] = ()
    themes: tuple[Theme, ...]
    privacy_notice: PrivacyNotice

    def theme(self, key: str) -> Theme | None:
        """Return the theme with this key, or None."""
        return next((theme for theme in self.themes if theme.key == key), None)


@dataclass(frozen=True, slots=True)
class InviteConfig:
    """Defaults for invitation links."""

    default_expiry: timedelta = DEFAULT_INVITE_EXPIRY


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the bot needs to start, validated."""

    path: Path | None
    telegram: TelegramConfig
    database: DatabaseConfig
    network: NetworkConfig
    invites: InviteConfig
    coordinators: tuple[int, ...] = ()
    admin_chat_id: int | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    # Where /healthz, /readyz and /metrics are served ([http] listen), or None: not at all.
    http_listen: tuple[str, int] | None = None
    signals: SignalConfig = field(default_factory=SignalConfig)
    security: SecurityConfig = field(default_factory=SecurityConfig)
    meetings: MeetingConfig = field(default_factory=MeetingConfig)
    workgroups: WorkgroupConfig = field(default_factory=WorkgroupConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    report: ReportConfig = field(default_factory=ReportConfig)


def _read_root_scalars(root: Table) -> tuple[tuple[int, ...], int | None, str, str]:
    """Read coordinators, admin_chat_id, log_level and log_format."""
    hint = "a list of Telegram user ids, e.g. coordinators = [123456789]"
    coordinators: list[int] = []
    for i, value in enumerate(root.array("coordinators", hint)):
        where = f"coordinators[{i}]"
        user_id = root.as_int(value, where)
        if user_id <= 0:
            raise ConfigError(root.path, where, f"must be a positive user id, got {user_id}")
        if user_id in coordinators:
            raise ConfigError(root.path, where, f"user id {user_id} is listed twice")
        coordinators.append(user_id)
    admin_chat_id = None
    if root.data.get("admin_chat_id") is not None:
        admin_chat_id = root.as_int(root.data["admin_chat_id"], "admin_chat_id")
        if admin_chat_id == 0:
            raise root.error("admin_chat_id", "must not be 0", "use a user or group chat id")
    log_level = root.string("log_level", default="INFO").upper()
    if log_level not in LOG_LEVELS:
        raise root.error(
            "log_level", f"unknown level {log_level!r}", f"use {', '.join(LOG_LEVELS)}"
        )
    log_format = root.string("log_format", default="text").lower()
    if log_format not in LOG_FORMATS:
        raise root.error(
            "log_format", f"unknown format {log_format!r}", f"use {' or '.join(LOG_FORMATS)}"
        )
    return tuple(coordinators), admin_chat_id, log_level, log_format


def _read_telegram(root: Table, environ: Mapping[str, str]) -> TelegramConfig:
    """Read [telegram] and [telegram.rate_limits]; the token may come from the environment."""
    keys = ("token", "bot_username", "api_base_url", "rate_limits", *WEBHOOK_KEYS)
    tg = root.table("telegram", keys, required=True)
    env_token = environ.get(TOKEN_ENV, "").strip()
    if env_token:
        token, path, where = env_token, None, TOKEN_ENV
    else:
        token = tg.string("token", hint=f"set it in the file or in {TOKEN_ENV}")
        path, where = tg.path, tg.key("token")
    if not _TOKEN_RE.fullmatch(token):
        hint = "expected '<digits>:<characters>' exactly as @BotFather gave it"
        raise ConfigError(path, where, "does not look like a bot token", hint)
    username = tg.string("bot_username", hint="the bot's @username from @BotFather")
    username = username.removeprefix("@")
    if not _USERNAME_RE.fullmatch(username) or not username.lower().endswith("bot"):
        hint = "5-32 letters, digits or underscores, ending in 'bot'"
        raise tg.error("bot_username", f"{username!r} is not a valid bot username", hint)
    api_base_url = tg.string("api_base_url", default=DEFAULT_API_BASE_URL)
    if not _HTTP_URL_RE.fullmatch(api_base_url):
        hint = f"e.g. {DEFAULT_API_BASE_URL}"
        raise tg.error("api_base_url", f"{api_base_url!r} is not an http(s) URL", hint)
    rl = tg.table("rate_limits", [f.name for f in fields(RateLimits)])
    changes: dict[str, Any] = {}
    for f in fields(RateLimits):
        if (value := rl.data.get(f.name)) is None:
            continue
        if isinstance(f.default, bool):
            if not isinstance(value, bool):
                msg = f"expected true or false, got {describe(value)}"
                raise rl.error(f.name, msg, "write true or false without quotes")
            changes[f.name] = value
        else:
            changes[f.name] = rl.positive(value, rl.key(f.name), whole=isinstance(f.default, int))
    rate_limits = replace(RateLimits(), **changes)
    return TelegramConfig(
        token, username, api_base_url, rate_limits, webhook=read_webhook(tg, environ)
    )


def _read_database(
    root: Table, environ: Mapping[str, str], base_dir: Path | None
) -> DatabaseConfig:
    """Read [database]; the URL may come from the environment."""
    db = root.table("database", ("url",))
    env_url = environ.get(DATABASE_URL_ENV, "").strip()
    if env_url:
        raw, path, where = env_url, None, DATABASE_URL_ENV
    else:
        raw = db.string("url", default=DEFAULT_DATABASE_URL)
        path, where = db.path, db.key("url")
    try:
        return DatabaseConfig(normalise_database_url(raw, base_dir))
    except ValueError as exc:
        raise ConfigError(path, where, str(exc), _DATABASE_HINT) from exc


def _read_themes(network: Table, default_language: str) -> tuple[Theme, ...]:
    """Read the [[network.themes]] array of tables."""
    hint = "add at least one [[network.themes]] table with a key and a label"
    values = network.array("themes", hint, required=True)
    if not values:
        raise network.error("themes", "at least one theme is required", hint)
    themes: list[Theme] = []
    for i, value in enumerate(values):
        entry = Table(network.path, network.key(f"themes[{i}]"), value, ("key", "label"))
        key = entry.string("key", hint="e.g. key = 'radicalisation-polarisation'")
        if not _THEME_KEY_RE.fullmatch(key):
            msg = f"{key!r} is not a valid theme key"
            raise entry.error("key", msg, "use at most 40 lowercase letters, digits and '-'")
        if any(theme.key == key for theme in themes):
            raise entry.error("key", f"duplicate theme key {key!r}")
        labels = entry.languages("label", default_language)
        if not labels or default_language not in labels:
            msg = f"missing a label in the default language {default_language!r}"
            raise entry.error("label", msg, "e.g. label = { nl = '...', en = '...' }")
        themes.append(Theme(key, MappingProxyType(labels), default_language))
    return tuple(themes)


def _read_privacy_notice(
    network: Table, default_language: str, base_dir: Path | None
) -> PrivacyNotice:
    """Read [network.privacy_notice] with per-language texts inline or from files."""
    hint = "give text = { nl = '...' } or file = { nl = 'privacy.nl.md' } per language"
    notice = network.table("privacy_notice", ("version", "text", "file"), required=True)
    version = notice.string("version", hint="e.g. version = '2026-11'; bump it to ask again")
    if len(version) > MAX_NOTICE_VERSION:
        msg = f"a version of {len(version)} characters is too long"
        raise notice.error("version", msg, f"use at most {MAX_NOTICE_VERSION}, e.g. '2026-11'")
    texts = notice.languages("text", default_language) or {}
    files = notice.languages("file", default_language) or {}
    for lang in SUPPORTED_LANGUAGES:
        if lang in texts and lang in files:
            raise notice.error(f"file.{lang}", f"both text and file given for {lang!r}", hint)
        if lang not in files:
            continue
        where = notice.key(f"file.{lang}")
        file_path = Path(files[lang])
        if base_dir is not None and not file_path.is_absolute():
            file_path = base_dir / file_path
        try:
            content = file_path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise ConfigError(notice.path, where, f"file not found: {file_path}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(notice.path, where, f"cannot read {file_path}: {exc}") from exc
        if not content.strip():
            raise ConfigError(notice.path, where, f"file is empty: {file_path}")
        texts[lang] = content.strip()
    if default_language not in texts:
        msg = f"missing for the default language {default_language!r}"
        raise notice.error(f"text.{default_language}", msg, hint)
    ordered = {
        lang: texts[lang] for lang in (default_language, *SUPPORTED_LANGUAGES) if lang in texts
    }
    return PrivacyNotice(version, MappingProxyType(ordered))


def _read_languages(net: Table, default_language: str) -> tuple[str, ...]:
    """Read network.languages: which catalogs members may choose, the default among them."""
    hint = f"e.g. languages = {list(SUPPORTED_LANGUAGES)!r} (languages with a catalog)"
    values = net.array("languages", hint)
    if not values:
        rest = [code for code in SUPPORTED_LANGUAGES if code != default_language]
        return (default_language, *rest)
    chosen: list[str] = []
    for i, value in enumerate(values):
        where = f"languages[{i}]"
        code = net.as_str(value, net.key(where))
        if code not in SUPPORTED_LANGUAGES:
            raise net.error(where, f"no catalog for language {code!r}", hint)
        if code in chosen:
            raise net.error(where, f"language {code!r} is listed twice")
        chosen.append(code)
    if default_language not in chosen:
        msg = f"the default language {default_language!r} is not offered"
        raise net.error("languages", msg, f"add {default_language!r} to languages")
    return (default_language, *(code for code in chosen if code != default_language))


def _read_network(root: Table, base_dir: Path | None) -> NetworkConfig:
    """Read [network] with its themes and privacy notice."""
    net = root.table("network", [f.name for f in fields(NetworkConfig)], required=True)
    name = net.string("name", hint="the name members see, e.g. name = 'Sleutelnetwerk Delft'")
    tz_name = net.string("timezone", default=DEFAULT_TIMEZONE)
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        hint = f"use an IANA name such as {DEFAULT_TIMEZONE!r}"
        raise net.error("timezone", f"unknown time zone {tz_name!r}", hint) from exc
    language = net.string("default_language", default="nl")
    if language not in SUPPORTED_LANGUAGES:
        hint = f"use one of {', '.join(SUPPORTED_LANGUAGES)}"
        raise net.error("default_language", f"unsupported language {language!r}", hint)
    languages = _read_languages(net, language)
    neighbourhoods: list[str] = []
    for i, value in enumerate(net.array("neighbourhoods", "e.g. ['Centrum', 'Tanthof']")):
        where = net.key(f"neighbourhoods[{i}]")
        wijk = net.as_str(value, where)
        if len(wijk) > MAX_NEIGHBOURHOOD:
            msg = f"a neighbourhood name of {len(wijk)} characters is too long"
            raise ConfigError(net.path, where, msg, f"use at most {MAX_NEIGHBOURHOOD}")
        if any(known.casefold() == wijk.casefold() for known in neighbourhoods):
            raise ConfigError(net.path, where, f"duplicate neighbourhood {wijk!r}")
        neighbourhoods.append(wijk)
    return NetworkConfig(
        name=name,
        timezone=timezone,
        default_language=language,
        languages=languages,
        neighbourhoods=tuple(neighbourhoods),
        themes=_read_themes(net, language),
        privacy_notice=_read_privacy_notice(net, language, base_dir),
    )


def _read_http(root: Table) -> tuple[str, int] | None:
    """Read [http] listen = "HOST:PORT" (health checks and metrics; off when absent)."""
    http = root.table("http", ("listen",))
    hint = 'e.g. listen = "127.0.0.1:9090" (keep it off the internet)'
    if http.data.get("listen") is None:
        return None
    host, sep, port = http.string("listen", hint=hint).rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise http.error("listen", "not HOST:PORT", hint)
    return host.strip("[]"), int(port)


def _read_invites(root: Table) -> InviteConfig:
    """Read [invites]."""
    invites = root.table("invites", ("default_expiry",))
    return InviteConfig(invites.duration("default_expiry", DEFAULT_INVITE_EXPIRY, "7d"))


def config_from_mapping(
    data: Mapping[str, object],
    *,
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Validate already-parsed TOML data (or a hand-built dict) into a Config."""
    env = os.environ if environ is None else environ
    base_dir = path.parent.absolute() if path is not None else None
    root = Table(path, "", data, _ROOT_KEYS)
    coordinators, admin_chat_id, log_level, log_format = _read_root_scalars(root)
    telegram = _read_telegram(root, env)
    database = _read_database(root, env, base_dir)
    network = _read_network(root, base_dir)
    privacy = read_privacy(root, env)
    signals = read_signals(root, [theme.key for theme in network.themes])
    periods = notice_periods(privacy, signals.retention, signals.max_open)
    notice = network.privacy_notice
    texts = fill_periods(notice.texts, periods, path, "network.privacy_notice.text")
    network = replace(network, privacy_notice=PrivacyNotice(notice.version, texts))
    return Config(
        path=path,
        telegram=telegram,
        database=database,
        network=network,
        invites=_read_invites(root),
        coordinators=coordinators,
        admin_chat_id=admin_chat_id,
        log_level=log_level,
        log_format=log_format,
        http_listen=_read_http(root),
        signals=signals,
        security=read_security(root, env),
        meetings=read_meetings(root),
        workgroups=read_workgroups(root),
        privacy=privacy,
        report=read_report(root),
    )


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Load and validate the TOML file at `path`; raise ConfigError on any problem."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        hint = f"copy config.example.toml to {DEFAULT_CONFIG_PATH}, or pass --config / {CONFIG_ENV}"
        raise ConfigError(path, None, "file not found", hint) from exc
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        msg = f"not valid UTF-8 (byte {exc.start})"
        raise ConfigError(path, None, msg, "save the file as UTF-8") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from exc
    return config_from_mapping(data, path=path, environ=environ)


def _toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """Turn a TOML syntax error into a ConfigError with its position up front."""
    message = str(exc)
    hint = 'text needs double quotes, e.g. name = "Delft"' if "Invalid value" in message else None
    match = _TOML_AT_RE.search(message)
    if match is None:
        return ConfigError(path, None, f"invalid TOML: {message}", hint)
    where = f"line {match[1]}, column {match[2]}" if match[1] else "end of file"
    return ConfigError(path, None, f"{where}: invalid TOML: {message[: match.start()]}", hint)


def resolve_config_path(cli_value: str | None, environ: Mapping[str, str]) -> Path:
    """Pick the config file: --config beats SLEUTELNET_CONFIG beats ./config.toml."""
    chosen = cli_value or environ.get(CONFIG_ENV, "").strip() or DEFAULT_CONFIG_PATH
    return Path(chosen).expanduser()


__all__ = [
    "SUPPORTED_LANGUAGES",
    "Config",
    "ConfigError",
    "DatabaseConfig",
    "InviteConfig",
    "MeetingConfig",
    "NetworkConfig",
    "PrivacyNotice",
    "RateLimits",
    "SecurityConfig",
    "SignalConfig",
    "TelegramConfig",
    "Theme",
    "config_from_mapping",
    "load_config",
    "mask_token",
    "mask_url",
    "normalise_database_url",
    "parse_duration",
    "resolve_config_path",
]

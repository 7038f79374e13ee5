"""Configuration of signals ([signals]) and of their encryption at rest ([security])."""

import base64
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from cryptography.fernet import Fernet

from bot.config_parsing import ConfigError, Table

ENCRYPTION_KEY_ENV = "SLEUTELNET_ENCRYPTION_KEY"
# A signal is shown to coordinators on a card of at most 4096 characters, with a header.
MAX_SIGNAL_LENGTH = 3500
NEW_KEY_HINT = "generate one with: sleutelnet signals new-key"
SIGNAL_KEYS = (
    "retention",
    "retention_per_theme",
    "max_new_per_hour",
    "max_messages_per_hour",
    "max_length",
    "draft_timeout",
    "max_open",
)
SECURITY_KEYS = ("encryption_key", "previous_keys")


@dataclass(frozen=True, slots=True)
class SignalConfig:
    """How signals are kept and limited."""

    # How long a signal is kept after it is closed.
    retention: timedelta = timedelta(days=365)
    # Theme key -> retention, overriding `retention` for signals on that theme.
    retention_per_theme: Mapping[str, timedelta] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # New signals one person may start per hour.
    max_new_per_hour: int = 5
    # Everything one person sends into signals per hour, additions included.
    max_messages_per_hour: int = 30
    # Characters of one text; at most MAX_SIGNAL_LENGTH so it fits a 4096-character card.
    max_length: int = MAX_SIGNAL_LENGTH
    # An unsent draft is filed automatically after this long.
    draft_timeout: timedelta = timedelta(minutes=15)
    # An open or taken signal without any activity this long is closed (then retention runs).
    max_open: timedelta = timedelta(days=365)

    def retention_for(self, theme: str | None) -> timedelta:
        """Return how long a closed signal on `theme` is kept: its override, else the default."""
        if theme is None:
            return self.retention
        return self.retention_per_theme.get(theme, self.retention)


@dataclass(frozen=True, slots=True)
class SecurityConfig:
    """Encryption of signal contents at rest; the keys never appear in repr or str."""

    # A Fernet key; None stores signal contents as plaintext.
    encryption_key: str | None = None
    # Older keys that can still decrypt, during a key rotation.
    previous_keys: tuple[str, ...] = ()

    def __repr__(self) -> str:
        """Show which keys are set, each masked."""
        current = None if self.encryption_key is None else "***"
        previous = tuple("***" for _ in self.previous_keys)
        return f"SecurityConfig(encryption_key={current!r}, previous_keys={previous!r})"


def _whole(table: Table, key: str, default: int, most: int | None = None) -> int:
    """Read a positive whole number, at most `most` if given."""
    value = table.data.get(key)
    if value is None:
        return default
    number = table.as_int(value, table.key(key))
    if most is not None and not 1 <= number <= most:
        raise table.error(key, f"must be between 1 and {most}, got {number}")
    if number <= 0:
        raise table.error(key, f"must be greater than zero, got {number}")
    return number


def _retention_per_theme(
    signals: Table, theme_keys: Sequence[str], default: timedelta
) -> dict[str, timedelta]:
    """Read [signals.retention_per_theme]: known theme keys mapped to durations."""
    raw = signals.data.get("retention_per_theme")
    if isinstance(raw, Mapping):
        hint = f"known themes: {', '.join(theme_keys)}"
        for key in map(str, raw):
            if key not in theme_keys:
                close = difflib.get_close_matches(key, theme_keys, n=1)
                problem = "unknown theme" + (f" (did you mean {close[0]!r}?)" if close else "")
                where = signals.key(f"retention_per_theme.{key}")
                raise ConfigError(signals.path, where, problem, hint)
    per_theme = signals.table("retention_per_theme", theme_keys, kind="theme")
    return {key: per_theme.duration(key, default, "52w") for key in per_theme.data}


def read_signals(root: Table, theme_keys: Sequence[str]) -> SignalConfig:
    """Read [signals] and [signals.retention_per_theme]; theme keys come from [network]."""
    signals = root.table("signals", SIGNAL_KEYS)
    default = SignalConfig()
    retention = signals.duration("retention", default.retention, "52w")
    return SignalConfig(
        retention=retention,
        retention_per_theme=MappingProxyType(_retention_per_theme(signals, theme_keys, retention)),
        max_new_per_hour=_whole(signals, "max_new_per_hour", default.max_new_per_hour),
        max_messages_per_hour=_whole(
            signals, "max_messages_per_hour", default.max_messages_per_hour
        ),
        max_length=_whole(signals, "max_length", default.max_length, MAX_SIGNAL_LENGTH),
        draft_timeout=signals.duration("draft_timeout", default.draft_timeout, "15m"),
        max_open=signals.duration("max_open", default.max_open, "365d"),
    )


def fernet_key_bytes(key: str) -> bytes:
    """Return the 32 bytes a Fernet key encodes; raise ValueError if it is not one.

    Stricter than Fernet, which ignores anything after the padding: that is a paste error.
    """
    msg = "not a valid Fernet key (32 url-safe base64-encoded bytes)"
    try:
        Fernet(url_safe(key))
        raw = base64.urlsafe_b64decode(url_safe(key))
    except (ValueError, TypeError) as exc:
        raise ValueError(msg) from exc
    if base64.urlsafe_b64encode(raw).decode("ascii") != url_safe(key):
        raise ValueError(msg)
    return raw


def url_safe(key: str) -> str:
    """Write a key given in standard base64 ('+', '/', e.g. from openssl) in Fernet's alphabet."""
    return key.replace("+", "-").replace("/", "_")


def read_security(root: Table, environ: Mapping[str, str]) -> SecurityConfig:
    """Read [security]; the current key may come from SLEUTELNET_ENCRYPTION_KEY."""
    security = root.table("security", SECURITY_KEYS)
    env_key = environ.get(ENCRYPTION_KEY_ENV, "").strip()
    key: str | None
    if env_key:
        key, path, where = env_key, None, ENCRYPTION_KEY_ENV
    else:
        raw = security.data.get("encryption_key")
        key = None if raw is None else security.as_str(raw, security.key("encryption_key"))
        path, where = security.path, security.key("encryption_key")
    current = None
    if key is not None:
        try:
            current = fernet_key_bytes(key)
        except ValueError as exc:
            raise ConfigError(path, where, str(exc), NEW_KEY_HINT) from exc
    hint = "a list of older keys, e.g. previous_keys = ['<old key>']"
    seen: list[bytes] = []
    previous: list[str] = []
    for i, value in enumerate(security.array("previous_keys", hint)):
        item = f"previous_keys[{i}]"
        old = security.as_str(value, security.key(item))
        try:
            old_bytes = fernet_key_bytes(old)
        except ValueError as exc:
            raise security.error(item, str(exc), NEW_KEY_HINT) from exc
        if old_bytes == current:
            same = f"the current key ({where}) must not also be listed as a previous key"
            raise security.error(item, "is the current encryption key", same)
        if old_bytes in seen:
            raise security.error(item, f"duplicate of previous_keys[{seen.index(old_bytes)}]")
        seen.append(old_bytes)
        previous.append(old)
    return SecurityConfig(key, tuple(previous))

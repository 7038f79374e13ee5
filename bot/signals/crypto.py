"""Encryption of signal contents at rest, with Fernet from the cryptography package.

A stored value is text with a prefix saying how it was sealed: "f:" and a Fernet token when a
key is configured, "p:" and the plaintext when not. The prefix lets values sealed either way
live side by side while encryption is switched on or off, and lets `reseal` convert them.
"""

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config_signals import SecurityConfig, url_safe

FERNET_PREFIX = "f:"
PLAIN_PREFIX = "p:"
# Lone surrogates (possible in JSON from Telegram) survive a round trip instead of failing.
_ERRORS = "surrogatepass"


class UnreadableError(Exception):
    """A stored value was sealed with a key this process does not have."""


def new_key() -> str:
    """Return a fresh Fernet key as text."""
    return Fernet.generate_key().decode("ascii")


class Sealer:
    """Seal and open signal contents: Fernet (via MultiFernet) with a key, else plaintext."""

    __slots__ = ("_current", "_known", "_previous_count")

    def __init__(self, key: str | None, previous: Sequence[str] = ()) -> None:
        """Use `key` to seal (None: plaintext) and `key` or any of `previous` to open.

        Raise ValueError if a key is not a valid Fernet key.
        """
        self._current = None if key is None else Fernet(url_safe(key))
        fernets = [Fernet(url_safe(old)) for old in previous]
        if self._current is not None:
            fernets.insert(0, self._current)
        self._known = MultiFernet(fernets) if fernets else None
        self._previous_count = len(previous)

    @classmethod
    def from_config(cls, security: SecurityConfig) -> "Sealer":
        """Build a Sealer from the [security] configuration."""
        return cls(security.encryption_key, security.previous_keys)

    def __repr__(self) -> str:
        """Describe the sealer without showing any key."""
        return f"Sealer(enabled={self.enabled}, previous_keys={self._previous_count})"

    @property
    def enabled(self) -> bool:
        """Whether new values are encrypted."""
        return self._current is not None

    def seal(self, plaintext: str) -> str:
        """Return `plaintext` as stored text: encrypted with the current key, or marked plain."""
        if self._current is None:
            return PLAIN_PREFIX + plaintext
        token = self._current.encrypt(plaintext.encode("utf-8", _ERRORS))
        return FERNET_PREFIX + token.decode("ascii")

    def open(self, stored: str) -> str:
        """Return the plaintext of a stored value.

        Raise UnreadableError if it is encrypted and no configured key opens it (or it was
        tampered with), ValueError if it is not a sealed value at all.
        """
        if stored.startswith(PLAIN_PREFIX):
            return stored.removeprefix(PLAIN_PREFIX)
        if not stored.startswith(FERNET_PREFIX):
            msg = (
                f"not a sealed value: it starts with neither {FERNET_PREFIX!r} nor {PLAIN_PREFIX!r}"
            )
            raise ValueError(msg)
        if self._known is None:
            msg = "value is encrypted, but no encryption key is configured"
            raise UnreadableError(msg)
        try:
            data = self._known.decrypt(stored.removeprefix(FERNET_PREFIX))
        except InvalidToken:
            msg = "value is encrypted with a key that is not configured, or is damaged"
            raise UnreadableError(msg) from None
        return data.decode("utf-8", _ERRORS)

    def is_current(self, stored: str) -> bool:
        """Whether `stored` is sealed exactly as `seal` would seal it now (key and mode)."""
        if self._current is None:
            return stored.startswith(PLAIN_PREFIX)
        if not stored.startswith(FERNET_PREFIX):
            return False
        try:
            # Checks the token's signature against the current key without decrypting.
            self._current.extract_timestamp(stored.removeprefix(FERNET_PREFIX))
        except InvalidToken:
            return False
        return True

    def reseal(self, stored: str) -> str:
        """Open `stored` with any known key and seal it as `seal` would now.

        Used for key rotation and for switching encryption on or off; a value that is already
        current is returned unchanged. Raise UnreadableError (or ValueError) like `open`.
        """
        if self.is_current(stored):
            return stored
        return self.seal(self.open(stored))

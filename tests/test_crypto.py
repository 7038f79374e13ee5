"""Specification of sealing signal contents: Fernet when a key is set, plaintext otherwise."""

import base64

import pytest
from cryptography.fernet import Fernet

from bot.config import SecurityConfig
from bot.config_signals import url_safe
from bot.signals.crypto import FERNET_PREFIX, PLAIN_PREFIX, Sealer, UnreadableError, new_key

KEY = new_key()
OLD_KEY = new_key()
OTHER_KEY = new_key()
TEXTS = ["", "Verdachte auto bij de school, kenteken 12-ABC-3", "ëmoji 🚨 en\nregels", "x" * 3500]


def test_new_key_is_a_fresh_fernet_key() -> None:
    """new_key returns text Fernet accepts, different every time."""
    key = new_key()

    assert isinstance(key, str)
    Fernet(key)
    assert key != new_key()


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip_with_encryption(text: str) -> None:
    """With a key, a sealed value opens to the same text, and does not contain it."""
    sealer = Sealer(KEY)
    stored = sealer.seal(text)

    assert sealer.enabled
    assert stored.startswith(FERNET_PREFIX)
    assert sealer.open(stored) == text
    if text:
        assert text not in stored
        assert text[:10] not in stored


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip_without_encryption(text: str) -> None:
    """Without a key, values are stored as marked plaintext."""
    sealer = Sealer(None)
    stored = sealer.seal(text)

    assert not sealer.enabled
    assert stored == PLAIN_PREFIX + text
    assert sealer.open(stored) == text


def test_lone_surrogates_survive_a_round_trip() -> None:
    """Text Telegram's JSON can carry but UTF-8 cannot is still sealed and opened intact."""
    sealer = Sealer(KEY)

    assert sealer.open(sealer.seal("half \ud83d emoji")) == "half \ud83d emoji"


def test_sealing_twice_gives_different_ciphertexts() -> None:
    """Fernet uses a fresh IV, so equal texts cannot be spotted in the database."""
    sealer = Sealer(KEY)

    assert sealer.seal("same") != sealer.seal("same")


def test_stored_value_is_plain_ascii_text() -> None:
    """Sealed values are text a database column can hold as is."""
    stored = Sealer(KEY).seal("tekst met ë en 🚨")

    assert isinstance(stored, str)
    assert stored.isascii()


def test_plaintext_values_open_even_with_encryption_on() -> None:
    """Values stored before encryption was switched on can still be read."""
    assert Sealer(KEY).open(Sealer(None).seal("oud")) == "oud"


def test_previous_keys_open_old_values_after_rotation() -> None:
    """After rotating, values sealed with an old key open; new values use the new key."""
    old_value = Sealer(OLD_KEY).seal("van voor de rotatie")
    rotated = Sealer(KEY, [OLD_KEY])

    assert rotated.open(old_value) == "van voor de rotatie"
    new_value = rotated.seal("na de rotatie")
    assert Sealer(KEY).open(new_value) == "na de rotatie"
    with pytest.raises(UnreadableError):
        Sealer(OLD_KEY).open(new_value)


def test_encrypted_value_without_any_key_is_unreadable() -> None:
    """An encrypted value with encryption off and no previous keys raises UnreadableError."""
    stored = Sealer(KEY).seal("geheim")

    with pytest.raises(UnreadableError, match="no encryption key"):
        Sealer(None).open(stored)


def test_encrypted_value_with_unknown_key_is_unreadable() -> None:
    """A value sealed with a key that is neither current nor previous raises UnreadableError."""
    stored = Sealer(OTHER_KEY).seal("geheim")

    with pytest.raises(UnreadableError):
        Sealer(KEY, [OLD_KEY]).open(stored)


def test_tampered_value_is_unreadable() -> None:
    """A changed ciphertext fails authentication instead of opening to garbage."""
    stored = Sealer(KEY).seal("geheim")
    flipped = "A" if stored[-5] != "A" else "B"
    tampered = stored[:-5] + flipped + stored[-4:]

    with pytest.raises(UnreadableError):
        Sealer(KEY).open(tampered)


@pytest.mark.parametrize("stored", ["geheim", "", "x:abc", "F:abc"])
def test_value_without_known_prefix_is_a_value_error(stored: str) -> None:
    """Something that was never sealed is a ValueError, not silently returned."""
    with pytest.raises(ValueError, match="not a sealed value") as caught:
        Sealer(KEY).open(stored)

    assert not isinstance(caught.value, UnreadableError)


def test_is_current_with_encryption() -> None:
    """With a key, only values sealed with that key are current."""
    sealer = Sealer(KEY, [OLD_KEY])

    assert sealer.is_current(sealer.seal("nieuw"))
    assert sealer.is_current(Sealer(KEY).seal(""))
    assert not sealer.is_current(Sealer(OLD_KEY).seal("oud"))
    assert not sealer.is_current(Sealer(OTHER_KEY).seal("vreemd"))
    assert not sealer.is_current(Sealer(None).seal("plat"))
    assert not sealer.is_current("f:not-a-token")
    assert not sealer.is_current("geheim")


def test_is_current_without_encryption() -> None:
    """Without a key, only plaintext values are current."""
    sealer = Sealer(None, [OLD_KEY])

    assert sealer.is_current(sealer.seal("plat"))
    assert not sealer.is_current(Sealer(OLD_KEY).seal("oud"))
    assert not sealer.is_current("geheim")


def test_reseal_rotates_to_the_current_key() -> None:
    """reseal re-encrypts an old-key value with the current key; current values stay as they are."""
    rotated = Sealer(KEY, [OLD_KEY])
    old_value = Sealer(OLD_KEY).seal("signaal")

    resealed = rotated.reseal(old_value)

    assert resealed != old_value
    assert rotated.is_current(resealed)
    assert Sealer(KEY).open(resealed) == "signaal"
    assert rotated.reseal(resealed) == resealed


def test_reseal_switches_encryption_on_and_off() -> None:
    """reseal turns plaintext into ciphertext when a key is set, and back when it is removed."""
    plain = Sealer(None).seal("signaal")

    encrypted = Sealer(KEY).reseal(plain)
    assert encrypted.startswith(FERNET_PREFIX)
    assert "signaal" not in encrypted
    assert Sealer(KEY).open(encrypted) == "signaal"

    back = Sealer(None, [KEY]).reseal(encrypted)
    assert back == plain
    assert Sealer(None).open(back) == "signaal"


def test_reseal_without_the_old_key_is_unreadable() -> None:
    """Rotating without listing the old key as previous fails loudly, losing nothing."""
    old_value = Sealer(OLD_KEY).seal("signaal")

    with pytest.raises(UnreadableError):
        Sealer(KEY).reseal(old_value)
    with pytest.raises(UnreadableError):
        Sealer(None).reseal(old_value)


def test_from_config_uses_current_and_previous_keys() -> None:
    """from_config builds the same sealer as the constructor."""
    old_value = Sealer(OLD_KEY).seal("oud")

    sealer = Sealer.from_config(SecurityConfig(KEY, (OLD_KEY,)))

    assert sealer.enabled
    assert sealer.open(old_value) == "oud"
    assert Sealer(KEY).open(sealer.seal("nieuw")) == "nieuw"
    assert not Sealer.from_config(SecurityConfig()).enabled


def test_invalid_key_is_a_value_error() -> None:
    """A Sealer cannot be built with something that is not a Fernet key."""
    with pytest.raises(ValueError, match="Fernet key"):
        Sealer("not-a-key")
    with pytest.raises(ValueError, match="Fernet key"):
        Sealer(KEY, ["not-a-key"])


def test_repr_does_not_show_keys() -> None:
    """A sealer can be logged without leaking its keys."""
    text = repr(Sealer(KEY, [OLD_KEY]))

    assert KEY not in text
    assert OLD_KEY not in text
    assert text == "Sealer(enabled=True, previous_keys=1)"


def test_a_key_in_standard_base64_seals_and_opens() -> None:
    """A key from `openssl rand -base64 32` ('+' and '/') works like its url-safe spelling."""
    key = base64.b64encode(bytes([0xFB, 0xFF, 0xBF]) * 10 + b"\xfb\xff").decode("ascii")
    assert "+" in key and "/" in key

    sealed = Sealer(key).seal("Spanning bij het buurthuis")

    assert Sealer(url_safe(key)).open(sealed) == "Spanning bij het buurthuis"

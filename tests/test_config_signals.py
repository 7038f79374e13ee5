"""Specification of the [signals] and [security] configuration: limits, retention and keys."""

import base64
import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.config import SecurityConfig, SignalConfig, load_config
from bot.config_signals import ENCRYPTION_KEY_ENV, MAX_SIGNAL_LENGTH, NEW_KEY_HINT
from tests.test_config import CONFIG_PATH, REPO_ROOT, build, build_error, minimal

KEY = Fernet.generate_key().decode("ascii")
OLD_KEY = Fernet.generate_key().decode("ascii")
OLDER_KEY = Fernet.generate_key().decode("ascii")


def with_signals(**signals: object) -> dict[str, Any]:
    """Return a minimal mapping with a second theme and the given [signals] keys."""
    data = minimal()
    data["network"]["themes"].append(
        {"key": "radicalisation-polarisation", "label": {"nl": "Radicalisering"}}
    )
    data["signals"] = dict(signals)
    return data


def with_security(**security: object) -> dict[str, Any]:
    """Return a minimal mapping with the given [security] keys."""
    data = minimal()
    data["security"] = dict(security)
    return data


def test_defaults_without_signals_or_security_tables() -> None:
    """Without [signals] and [security], the documented defaults apply and nothing is encrypted."""
    config = build(minimal())

    assert config.signals == SignalConfig()
    assert config.signals.retention == timedelta(days=365)
    assert dict(config.signals.retention_per_theme) == {}
    assert config.signals.max_new_per_hour == 5
    assert config.signals.max_messages_per_hour == 30
    assert config.signals.max_length == MAX_SIGNAL_LENGTH == 3500
    assert config.signals.draft_timeout == timedelta(minutes=15)
    assert config.security == SecurityConfig()
    assert config.security.encryption_key is None
    assert config.security.previous_keys == ()


def test_example_file_documents_signals_and_security() -> None:
    """The shipped example sets the defaults and, being committed, no encryption key."""
    config = load_config(REPO_ROOT / "config.example.toml", environ={})

    assert config.signals == SignalConfig()
    assert config.security == SecurityConfig()


def test_commented_examples_in_example_file_are_valid(tmp_path: Path) -> None:
    """Uncommenting [signals.retention_per_theme] in the example gives a valid configuration."""
    text = (REPO_ROOT / "config.example.toml").read_text(encoding="utf-8")
    commented = "# [signals.retention_per_theme]\n"
    assert commented in text
    head, _, tail = text.partition(commented)
    lines = tail.splitlines(keepends=True)
    uncommented = "".join(line.removeprefix("# ") for line in lines[:2])
    path = tmp_path / "config.toml"
    path.write_text(head + commented[2:] + uncommented + "".join(lines[2:]), encoding="utf-8")

    config = load_config(path, environ={})

    assert config.signals.retention_for("radicalisation-polarisation") == timedelta(weeks=26)
    assert config.signals.retention_for("undermining-crime") == timedelta(weeks=52)


def test_each_signals_key_is_read() -> None:
    """Every [signals] key is read into SignalConfig."""
    data = with_signals(
        retention="52w",
        max_new_per_hour=2,
        max_messages_per_hour=12,
        max_length=1000,
        draft_timeout="1h",
        retention_per_theme={"undermining-crime": "2w"},
    )

    signals = build(data).signals

    assert signals.retention == timedelta(weeks=52)
    assert signals.max_new_per_hour == 2
    assert signals.max_messages_per_hour == 12
    assert signals.max_length == 1000
    assert signals.draft_timeout == timedelta(hours=1)
    assert dict(signals.retention_per_theme) == {"undermining-crime": timedelta(weeks=2)}


def test_signals_config_is_frozen() -> None:
    """Neither the limits nor the per-theme retention can be changed after loading."""
    signals = build(with_signals(retention_per_theme={"undermining-crime": "2w"})).signals

    with pytest.raises(dataclasses.FrozenInstanceError):
        signals.max_length = 10  # type: ignore[misc]
    with pytest.raises(TypeError):
        signals.retention_per_theme["undermining-crime"] = timedelta(0)  # type: ignore[index]


def test_retention_for_uses_theme_override_else_default() -> None:
    """retention_for picks the theme's own retention, falling back to the general one."""
    data = with_signals(retention="30d", retention_per_theme={"undermining-crime": "2w"})
    signals = build(data).signals

    assert signals.retention_for("undermining-crime") == timedelta(weeks=2)
    assert signals.retention_for("radicalisation-polarisation") == timedelta(days=30)
    assert signals.retention_for(None) == timedelta(days=30)
    assert SignalConfig().retention_for("anything") == timedelta(days=365)


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("retention", 365, "expected a duration"),
        ("retention", "0d", "longer than zero"),
        ("retention", "a year", "invalid duration"),
        ("draft_timeout", "15", "invalid duration"),
        ("draft_timeout", True, "expected a duration"),
        ("max_new_per_hour", 0, "greater than zero"),
        ("max_new_per_hour", -1, "greater than zero"),
        ("max_new_per_hour", 2.5, "expected a whole number"),
        ("max_new_per_hour", "5", "expected a whole number"),
        ("max_messages_per_hour", 0, "greater than zero"),
        ("max_messages_per_hour", True, "expected a whole number"),
        ("max_length", 0, "between 1 and 3500"),
        ("max_length", 3501, "between 1 and 3500"),
        ("max_length", 4096.0, "expected a whole number"),
        ("retention_per_theme", "2w", "expected a table"),
    ],
)
def test_bad_signals_value_names_its_key(key: str, value: object, problem: str) -> None:
    """Each bad [signals] value is reported against its dotted key with what is wrong."""
    error = build_error(with_signals(**{key: value}))

    assert (error.path, error.key) == (CONFIG_PATH, f"signals.{key}")
    assert problem in error.problem


def test_max_length_accepts_its_bounds() -> None:
    """1 and 3500 are both allowed."""
    assert build(with_signals(max_length=1)).signals.max_length == 1
    assert build(with_signals(max_length=3500)).signals.max_length == 3500


def test_unknown_signals_key_suggests_the_right_one() -> None:
    """A misspelt [signals] key is caught with a suggestion."""
    error = build_error(with_signals(max_lenght=100))

    assert error.key == "signals.max_lenght"
    assert "did you mean 'max_length'" in error.problem


def test_bad_per_theme_retention_names_the_theme_key() -> None:
    """A bad duration for one theme is reported against that theme's dotted key."""
    error = build_error(with_signals(retention_per_theme={"undermining-crime": "forever"}))

    assert error.key == "signals.retention_per_theme.undermining-crime"
    assert "invalid duration" in error.problem


def test_unknown_theme_in_retention_per_theme_lists_known_themes() -> None:
    """A theme key not in [[network.themes]] is an error with a suggestion and the known keys."""
    error = build_error(with_signals(retention_per_theme={"undermining": "2w"}))

    assert (error.path, error.key) == (CONFIG_PATH, "signals.retention_per_theme.undermining")
    assert error.problem == "unknown theme (did you mean 'undermining-crime'?)"
    assert error.hint == "known themes: undermining-crime, radicalisation-polarisation"

    error = build_error(with_signals(retention_per_theme={"xyz": "2w"}))
    assert error.problem == "unknown theme"
    assert error.hint == "known themes: undermining-crime, radicalisation-polarisation"


def test_signals_errors_come_after_network_errors() -> None:
    """With a broken network and broken signals, the network problem is reported first."""
    data = with_signals(max_length=0)
    data["network"]["name"] = 5

    assert build_error(data).key == "network.name"


def test_security_keys_are_read() -> None:
    """[security] gives the current key and the previous keys in order."""
    security = build(with_security(encryption_key=KEY, previous_keys=[OLD_KEY, OLDER_KEY])).security

    assert security.encryption_key == KEY
    assert security.previous_keys == (OLD_KEY, OLDER_KEY)


def test_previous_keys_alone_are_allowed_for_switching_encryption_off() -> None:
    """Without a current key, previous keys still load: they decrypt old contents."""
    security = build(with_security(previous_keys=[OLD_KEY])).security

    assert security.encryption_key is None
    assert security.previous_keys == (OLD_KEY,)


def test_environment_key_overrides_file() -> None:
    """SLEUTELNET_ENCRYPTION_KEY wins over security.encryption_key, or replaces it entirely."""
    assert build(with_security(encryption_key=OLD_KEY), {ENCRYPTION_KEY_ENV: KEY}).security == (
        SecurityConfig(KEY)
    )
    assert build(minimal(), {ENCRYPTION_KEY_ENV: f" {KEY}\n"}).security.encryption_key == KEY
    assert build(minimal(), {ENCRYPTION_KEY_ENV: "  "}).security.encryption_key is None


@pytest.mark.parametrize("bad", ["not-a-key", KEY[:-4], KEY + "AAAA", "x" * 44])
def test_invalid_key_is_rejected_with_new_key_hint_and_not_echoed(bad: str) -> None:
    """A value that is not a Fernet key names the key, suggests new-key and does not leak."""
    error = build_error(with_security(encryption_key=bad))

    assert (error.path, error.key) == (CONFIG_PATH, "security.encryption_key")
    assert error.hint == NEW_KEY_HINT == "generate one with: sleutelnet signals new-key"
    assert bad not in str(error)


def test_standard_base64_key_is_accepted() -> None:
    """A key written with '+' and '/' (e.g. from openssl rand -base64 32) is a valid key."""
    key = base64.b64encode(bytes([0xFB, 0xFF, 0xBF]) * 10 + b"\xfb\xff").decode("ascii")
    assert "+" in key
    assert "/" in key

    assert build(with_security(encryption_key=key)).security.encryption_key == key


def test_invalid_environment_key_names_the_variable() -> None:
    """A bad key in the environment is reported against the variable, not the file key."""
    error = build_error(with_security(encryption_key=KEY), {ENCRYPTION_KEY_ENV: "garbage"})

    assert (error.path, error.key, error.hint) == (None, ENCRYPTION_KEY_ENV, NEW_KEY_HINT)
    assert "garbage" not in str(error)


@pytest.mark.parametrize(
    ("security", "key", "problem"),
    [
        ({"encryption_key": 5}, "security.encryption_key", "expected a string"),
        ({"encryption_key": " "}, "security.encryption_key", "must not be empty"),
        ({"previous_keys": OLD_KEY}, "security.previous_keys", "expected an array"),
        ({"previous_keys": [OLD_KEY, 7]}, "security.previous_keys[1]", "expected a string"),
        ({"previous_keys": ["nope"]}, "security.previous_keys[0]", "not a valid Fernet key"),
        ({"encryption_kye": KEY}, "security.encryption_kye", "did you mean 'encryption_key'"),
    ],
)
def test_bad_security_value_names_its_key(
    security: dict[str, object], key: str, problem: str
) -> None:
    """Each bad [security] value is reported against its dotted key."""
    error = build_error(with_security(**security))

    assert (error.path, error.key) == (CONFIG_PATH, key)
    assert problem in error.problem


def test_previous_keys_may_not_repeat_the_current_key() -> None:
    """The current key listed as a previous key is an error, from the file or environment."""
    error = build_error(with_security(encryption_key=KEY, previous_keys=[OLD_KEY, KEY]))
    assert error.key == "security.previous_keys[1]"
    assert error.problem == "is the current encryption key"
    assert KEY not in str(error)

    error = build_error(with_security(previous_keys=[KEY]), {ENCRYPTION_KEY_ENV: KEY})
    assert error.key == "security.previous_keys[0]"
    assert error.hint is not None
    assert ENCRYPTION_KEY_ENV in error.hint


def test_previous_keys_may_not_contain_duplicates() -> None:
    """A previous key listed twice is an error naming both places."""
    error = build_error(with_security(previous_keys=[OLD_KEY, OLDER_KEY, OLD_KEY]))

    assert error.key == "security.previous_keys[2]"
    assert error.problem == "duplicate of previous_keys[0]"
    assert OLD_KEY not in str(error)


def test_keys_are_masked_in_repr_and_str() -> None:
    """Neither Config nor SecurityConfig shows any key, yet shows which are set."""
    config = build(with_security(previous_keys=[OLD_KEY, OLDER_KEY]), {ENCRYPTION_KEY_ENV: KEY})

    texts = (repr(config), str(config), repr(config.security), str(config.security))
    for text in texts:
        for key in (KEY, OLD_KEY, OLDER_KEY):
            assert key not in text
    assert repr(config.security) == (
        "SecurityConfig(encryption_key='***', previous_keys=('***', '***'))"
    )
    assert repr(SecurityConfig()) == "SecurityConfig(encryption_key=None, previous_keys=())"
    assert KEY not in repr(SecurityConfig(KEY))

"""Specification of configuration loading: defaults, overrides and operator-friendly errors."""

import dataclasses
import math
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import (
    DEFAULT_API_BASE_URL,
    Config,
    ConfigError,
    DatabaseConfig,
    PrivacyNotice,
    TelegramConfig,
    Theme,
    config_from_mapping,
    load_config,
    parse_duration,
    resolve_config_path,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_PATH = Path("config.toml")
SECRET = "987654321:AAHsecretSECRETsecret_-0123456789abc"

MINIMAL_TOML = """\
coordinators = [111]

[telegram]
token = "123456:replace-me"
bot_username = "TestNetBot"

[network]
name = "Testnet"

[[network.themes]]
key = "undermining-crime"
label = { nl = "Ondermijning", en = "Undermining crime" }

[network.privacy_notice]
version = "1"
text = { nl = "Privacy", en = "Privacy (en)" }
"""


def minimal() -> dict[str, Any]:
    """Return a fresh, valid configuration mapping with only the required keys."""
    return {
        "coordinators": [111],
        "telegram": {"token": "123456:replace-me", "bot_username": "TestNetBot"},
        "network": {
            "name": "Testnet",
            "themes": [{"key": "undermining-crime", "label": {"nl": "Ondermijning"}}],
            "privacy_notice": {"version": "1", "text": {"nl": "Privacy"}},
        },
    }


def build(data: dict[str, Any], environ: dict[str, str] | None = None) -> Config:
    """Validate a mapping as if it were read from ./config.toml, with an empty environment."""
    return config_from_mapping(data, path=CONFIG_PATH, environ=environ or {})


def build_error(data: dict[str, Any], environ: dict[str, str] | None = None) -> ConfigError:
    """Validate a mapping that must fail, and return the error."""
    with pytest.raises(ConfigError) as caught:
        build(data, environ)
    return caught.value


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    """Write a config file into tmp_path and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_loads() -> None:
    """The shipped config.example.toml is valid and offers every language, with a privacy
    notice and theme labels in each."""
    config = load_config(REPO_ROOT / "config.example.toml", environ={})

    assert config.network.default_language == "nl"
    assert [theme.key for theme in config.network.themes] == [
        "radicalisation-polarisation",
        "undermining-crime",
    ]
    assert config.network.languages == ("nl", "en", "tr", "ar")
    for lang in config.network.languages:
        assert "/stop" in config.network.privacy_notice.text(lang, "nl")
        assert all(lang in theme.labels for theme in config.network.themes)
    assert config.network.neighbourhoods
    assert config.coordinators


def test_minimal_config_gets_documented_defaults() -> None:
    """Everything optional falls back to the documented default."""
    config = build(minimal())

    assert config.telegram.api_base_url == DEFAULT_API_BASE_URL
    assert config.telegram.rate_limits.messages_per_second == 30.0
    assert config.telegram.rate_limits.group_per_minute == 20
    assert config.telegram.rate_limits.paid_broadcast is False
    assert config.database.url.startswith("sqlite+aiosqlite:///")
    assert config.network.timezone.key == "Europe/Amsterdam"
    assert config.network.neighbourhoods == ()
    assert config.invites.default_expiry == timedelta(days=7)
    assert config.admin_chat_id is None
    assert config.log_level == "INFO"


def test_config_is_frozen() -> None:
    """A loaded config cannot be changed by accident."""
    config = build(minimal())

    with pytest.raises(dataclasses.FrozenInstanceError):
        config.log_level = "DEBUG"  # type: ignore[misc]


def test_config_error_renders_file_key_problem_and_hint() -> None:
    """ConfigError reads as one line: file, key, problem, hint."""
    error = ConfigError(CONFIG_PATH, "a.b", "expected a number, got 'x'", "write 3")

    assert str(error) == "config.toml: a.b: expected a number, got 'x' (hint: write 3)"
    assert (error.path, error.key, error.hint) == (CONFIG_PATH, "a.b", "write 3")


def test_unknown_key_is_reported_with_suggestion(tmp_path: Path) -> None:
    """A misspelt key names the file and key and suggests the right spelling."""
    text = MINIMAL_TOML.replace('name = "Testnet"', 'name = "Testnet"\nneigbourhoods = []')
    path = write(tmp_path, text)

    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})

    assert str(caught.value) == (
        f"{path}: network.neigbourhoods: unknown key (did you mean 'neighbourhoods'?)"
    )


def test_unknown_key_without_close_match_lists_allowed_keys() -> None:
    """An unknown key nothing like a real one gets the list of allowed keys as a hint."""
    data = minimal()
    data["database"] = {"url": "sqlite:///x.db", "pool": 5}

    error = build_error(data)

    assert error.key == "database.pool"
    assert error.hint == "allowed here: url"


def test_top_level_key_below_a_table_gets_a_placement_hint() -> None:
    """A top-level key written under a table is explained, not just called unknown."""
    data = minimal()
    data["network"]["log_level"] = "DEBUG"

    error = build_error(data)

    assert error.key == "network.log_level"
    assert error.hint is not None
    assert "before the first [table]" in error.hint


def test_wrong_type_names_key_and_value() -> None:
    """A string where a number belongs names the full key and the offending value."""
    data = minimal()
    data["telegram"]["rate_limits"] = {"messages_per_second": "thirty"}

    error = build_error(data)

    assert str(error).startswith(
        "config.toml: telegram.rate_limits.messages_per_second: expected a number, got 'thirty'"
    )
    assert error.hint


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("group_per_minute", True),
        ("messages_per_second", False),
        ("group_per_minute", 20.5),
        ("paid_broadcast", 1),
        ("paid_broadcast", "yes"),
    ],
)
def test_booleans_and_numbers_are_not_interchangeable(key: str, value: object) -> None:
    """A bool is not a number, a number is not a bool, and a fraction is not a whole number."""
    data = minimal()
    data["telegram"]["rate_limits"] = {key: value}

    error = build_error(data)

    assert error.key == f"telegram.rate_limits.{key}"
    assert error.problem.startswith("expected")


def test_whole_numbers_are_accepted_where_fractions_are_allowed() -> None:
    """An integer rate is read as a float."""
    data = minimal()
    data["telegram"]["rate_limits"] = {"messages_per_second": 25, "per_chat_per_second": 0.5}

    limits = build(data).telegram.rate_limits

    assert limits.messages_per_second == 25.0
    assert isinstance(limits.messages_per_second, float)
    assert limits.per_chat_per_second == 0.5


@pytest.mark.parametrize("value", [0, -1, 0.0, math.inf, math.nan])
def test_rates_must_be_positive_and_finite(value: float) -> None:
    """A rate of zero, below zero or not finite is rejected."""
    data = minimal()
    data["telegram"]["rate_limits"] = {"paid_messages_per_second": value}

    error = build_error(data)

    assert error.key == "telegram.rate_limits.paid_messages_per_second"
    assert "greater than zero" in error.problem


def test_invalid_toml_reports_line_and_column(tmp_path: Path) -> None:
    """A TOML syntax error becomes a ConfigError with the position up front."""
    path = write(tmp_path, "coordinators = [1]\n\n[telegram]\ntoken = nope\n")

    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})

    assert str(caught.value).startswith(f"{path}: line 4, column 9: invalid TOML: Invalid value")
    assert caught.value.key is None


def test_missing_file_gives_copy_hint(tmp_path: Path) -> None:
    """A missing file says so and tells the operator how to make one."""
    path = tmp_path / "nope.toml"

    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})

    assert str(caught.value).startswith(f"{path}: file not found (hint: copy config.example.toml")


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    """A directory or a non-UTF-8 file is reported as a ConfigError, not a traceback."""
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"name = '\xff'\n")

    with pytest.raises(ConfigError, match="not valid UTF-8"):
        load_config(binary, environ={})
    with pytest.raises(ConfigError, match="cannot read file"):
        load_config(tmp_path, environ={})


def test_missing_token_mentions_environment_variable() -> None:
    """Without a token in file or environment, the error points at both places."""
    data = minimal()
    del data["telegram"]["token"]

    error = build_error(data)

    assert str(error) == (
        "config.toml: telegram.token: missing "
        "(hint: set it in the file or in SLEUTELNET_TELEGRAM_TOKEN)"
    )


@pytest.mark.parametrize(
    "full_key",
    [
        "telegram",
        "telegram.bot_username",
        "network",
        "network.name",
        "network.themes",
        "network.privacy_notice",
        "network.privacy_notice.version",
    ],
)
def test_missing_required_key_is_named(full_key: str) -> None:
    """Each required key, when absent, is reported by its dotted name as missing."""
    data = minimal()
    *parents, key = full_key.split(".")
    table = data
    for parent in parents:
        table = table[parent]
    del table[key]

    error = build_error(data)

    assert (error.path, error.key, error.problem) == (CONFIG_PATH, full_key, "missing")


def test_malformed_token_is_rejected_without_echoing_it() -> None:
    """A token of the wrong shape is rejected, and the error does not leak its contents."""
    data = minimal()
    data["telegram"]["token"] = "AAHsecretSECRETsecret"

    error = build_error(data)

    assert error.key == "telegram.token"
    assert "AAHsecret" not in str(error)


def test_bot_username_is_normalised_and_checked() -> None:
    """A leading @ is dropped; a name Telegram would not allow is rejected."""
    data = minimal()
    data["telegram"]["bot_username"] = "@TestNetBot"
    assert build(data).telegram.bot_username == "TestNetBot"

    for bad in ("TestNet", "bot", "Test-Net-Bot", "a" * 30 + "bot"):
        data["telegram"]["bot_username"] = bad
        assert build_error(data).key == "telegram.bot_username"


def test_api_base_url_must_be_http() -> None:
    """The Bot API base URL must be an http(s) URL."""
    data = minimal()
    data["telegram"]["api_base_url"] = "ftp://example.org/bot"

    assert build_error(data).key == "telegram.api_base_url"

    data["telegram"]["api_base_url"] = "http://127.0.0.1:8081/bot"
    assert build(data).telegram.api_base_url == "http://127.0.0.1:8081/bot"


def test_environment_token_overrides_file() -> None:
    """SLEUTELNET_TELEGRAM_TOKEN wins over telegram.token, and may replace it entirely."""
    data = minimal()

    assert build(data, {"SLEUTELNET_TELEGRAM_TOKEN": SECRET}).telegram.token == SECRET

    del data["telegram"]["token"]
    assert build(data, {"SLEUTELNET_TELEGRAM_TOKEN": SECRET}).telegram.token == SECRET


def test_environment_error_names_the_variable() -> None:
    """A bad value in the environment is reported against the variable, not the file key."""
    token_error = build_error(minimal(), {"SLEUTELNET_TELEGRAM_TOKEN": "garbage"})
    url_error = build_error(minimal(), {"SLEUTELNET_DATABASE_URL": "mysql://u:pw@db/x"})

    assert (token_error.path, token_error.key) == (None, "SLEUTELNET_TELEGRAM_TOKEN")
    assert (url_error.path, url_error.key) == (None, "SLEUTELNET_DATABASE_URL")
    assert "pw" not in str(url_error)


def test_environment_database_url_overrides_file() -> None:
    """SLEUTELNET_DATABASE_URL wins over database.url and is rewritten to the async driver."""
    data = minimal()
    data["database"] = {"url": "sqlite+aiosqlite:////var/lib/sleutelnet.db"}

    config = build(data, {"SLEUTELNET_DATABASE_URL": "postgres://app:pw@db/sleutelnet"})

    assert config.database.url == "postgresql+asyncpg://app:pw@db/sleutelnet"


def test_token_is_masked_in_repr_and_str() -> None:
    """Neither the Config nor its TelegramConfig shows the token's secret part."""
    config = build(minimal(), {"SLEUTELNET_TELEGRAM_TOKEN": SECRET})
    secret_part = SECRET.split(":")[1]

    for text in (repr(config), str(config), repr(config.telegram), str(config.telegram)):
        assert secret_part not in text
        assert "987654321:***" in text


def test_database_password_is_masked_in_repr() -> None:
    """A password in the database URL does not appear in repr."""
    database = DatabaseConfig("postgresql+asyncpg://app:hunter2@db:5432/sleutelnet")

    assert "hunter2" not in repr(database)
    assert "app:***@db:5432" in repr(database)


def test_relative_sqlite_path_resolves_next_to_config_file(tmp_path: Path) -> None:
    """A relative SQLite path, including the default, is relative to the config file."""
    path = write(tmp_path, MINIMAL_TOML + '\n[database]\nurl = "sqlite:///data/net.db"\n')
    default_path = write(tmp_path, MINIMAL_TOML, name="default.toml")

    assert load_config(path, environ={}).database.url == (
        f"sqlite+aiosqlite:///{tmp_path}/data/net.db"
    )
    assert load_config(default_path, environ={}).database.url == (
        f"sqlite+aiosqlite:///{tmp_path}/sleutelnet.db"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:////srv/net.db", "sqlite+aiosqlite:////srv/net.db"),
        ("sqlite:////srv/net.db?timeout=5", "sqlite+aiosqlite:////srv/net.db?timeout=5"),
        ("sqlite+aiosqlite:///:memory:", "sqlite+aiosqlite:///:memory:"),
        ("postgresql://app@db/net", "postgresql+asyncpg://app@db/net"),
        ("postgresql+asyncpg://app@db/net", "postgresql+asyncpg://app@db/net"),
    ],
)
def test_database_urls_are_rewritten_to_async_drivers(url: str, expected: str) -> None:
    """Sync-driver URLs become async-driver URLs; absolute and in-memory SQLite stay put."""
    data = minimal()
    data["database"] = {"url": url}

    assert build(data).database.url == expected


@pytest.mark.parametrize("url", ["mysql://db/x", "sleutelnet.db", "sqlite+aiosqlite://host/x"])
def test_unsupported_database_url_is_rejected(url: str) -> None:
    """Anything but SQLite or PostgreSQL, or a malformed SQLite URL, is rejected."""
    data = minimal()
    data["database"] = {"url": url}

    error = build_error(data)

    assert error.key == "database.url"
    assert error.hint is not None


def test_unknown_timezone_names_key() -> None:
    """A time zone that zoneinfo does not know is reported against network.timezone."""
    data = minimal()
    data["network"]["timezone"] = "Europe/Delft"

    error = build_error(data)

    assert error.key == "network.timezone"
    assert "Europe/Delft" in error.problem


def test_default_language_must_be_supported() -> None:
    """Only the languages the bot has catalogs for can be the default."""
    data = minimal()
    data["network"]["default_language"] = "de"

    assert build_error(data).key == "network.default_language"


def test_duplicate_neighbourhood_is_rejected() -> None:
    """Neighbourhood names are unique, ignoring case."""
    data = minimal()
    data["network"]["neighbourhoods"] = ["Centrum", "Tanthof", "centrum"]

    error = build_error(data)

    assert error.key == "network.neighbourhoods[2]"
    assert "duplicate" in error.problem


def test_a_neighbourhood_longer_than_the_store_holds_is_rejected() -> None:
    """A neighbourhood name is kept per person in a 64-character column: longer is a typo."""
    data = minimal()
    data["network"]["neighbourhoods"] = ["Centrum", "T" * 65]

    error = build_error(data)

    assert error.key == "network.neighbourhoods[1]"
    assert "too long" in error.problem and "64" in str(error)


def test_a_notice_version_longer_than_the_store_holds_is_rejected() -> None:
    """Every consent records the notice's version in a 32-character column."""
    data = minimal()
    data["network"]["privacy_notice"]["version"] = "v" * 33

    error = build_error(data)

    assert error.key == "network.privacy_notice.version"
    assert "too long" in error.problem


@pytest.mark.parametrize(
    ("themes", "key"),
    [
        ([], "network.themes"),
        ("undermining-crime", "network.themes"),
        (["undermining-crime"], "network.themes[0]"),
        ([{"key": "Undermining Crime", "label": "x"}], "network.themes[0].key"),
        ([{"key": "a" * 41, "label": "x"}], "network.themes[0].key"),
        ([{"key": "a", "label": "x"}, {"key": "a", "label": "y"}], "network.themes[1].key"),
        ([{"key": "a", "label": {"en": "A"}}], "network.themes[0].label"),
        ([{"key": "a", "label": {"nl": "A", "de": "A"}}], "network.themes[0].label.de"),
        ([{"key": "a", "label": "x", "colour": "red"}], "network.themes[0].colour"),
    ],
)
def test_invalid_themes_are_rejected(themes: object, key: str) -> None:
    """Themes must be a non-empty array of tables with unique, well-formed keys and labels."""
    data = minimal()
    data["network"]["themes"] = themes

    assert build_error(data).key == key


def test_theme_label_falls_back_to_default_language_then_key() -> None:
    """A missing translation shows the default-language label, and failing that the key."""
    theme = Theme("undermining-crime", {"nl": "Ondermijning"}, default_language="nl")
    bare = Theme("undermining-crime", {})

    assert theme.label("en") == "Ondermijning"
    assert bare.label("en") == "undermining-crime"
    assert build(minimal()).network.theme("undermining-crime") is not None
    assert build(minimal()).network.theme("nope") is None


def test_privacy_notice_is_read_from_files(tmp_path: Path) -> None:
    """Privacy texts may live in files next to the config file, one per language."""
    (tmp_path / "privacy.nl.md").write_text("# Privacy\nWij bewaren weinig.\n", encoding="utf-8")
    text = MINIMAL_TOML.replace(
        'text = { nl = "Privacy", en = "Privacy (en)" }',
        'text = { en = "Inline English" }\nfile = { nl = "privacy.nl.md" }',
    )
    path = write(tmp_path, text)

    notice = load_config(path, environ={}).network.privacy_notice

    assert notice.text("nl", "nl") == "# Privacy\nWij bewaren weinig."
    assert notice.text("en", "nl") == "Inline English"


def test_privacy_notice_missing_file_names_key(tmp_path: Path) -> None:
    """A privacy file that does not exist is reported against its key."""
    text = MINIMAL_TOML.replace(
        'text = { nl = "Privacy", en = "Privacy (en)" }', 'file = { nl = "missing.md" }'
    )
    path = write(tmp_path, text)

    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})

    assert caught.value.key == "network.privacy_notice.file.nl"
    assert "file not found" in caught.value.problem


def test_privacy_notice_needs_exactly_one_source_per_language() -> None:
    """Giving both text and file for a language, or none for the default, is an error."""
    both = minimal()
    both["network"]["privacy_notice"]["file"] = {"nl": "privacy.nl.md"}
    neither = minimal()
    neither["network"]["privacy_notice"]["text"] = {"en": "English only"}

    assert build_error(both).key == "network.privacy_notice.file.nl"
    assert build_error(neither).key == "network.privacy_notice.text.nl"


def test_privacy_notice_text_falls_back_to_default_language() -> None:
    """A member whose language has no notice gets the default-language notice."""
    notice = PrivacyNotice("1", {"nl": "Nederlands"})

    assert notice.text("en", "nl") == "Nederlands"


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (123, "coordinators"),
        ([0], "coordinators[0]"),
        ([-5], "coordinators[0]"),
        ([True], "coordinators[0]"),
        ([1, "123"], "coordinators[1]"),
        ([1, 1], "coordinators[1]"),
    ],
)
def test_coordinators_must_be_unique_positive_user_ids(value: object, key: str) -> None:
    """Coordinator ids are positive integers, listed once; booleans and strings are refused."""
    data = minimal()
    data["coordinators"] = value

    assert build_error(data).key == key


def test_admin_chat_id_accepts_group_ids_but_not_booleans() -> None:
    """A negative group chat id is fine; a boolean is not an id."""
    data = minimal()
    data["admin_chat_id"] = -1001234567890
    assert build(data).admin_chat_id == -1001234567890

    data["admin_chat_id"] = True
    assert build_error(data).key == "admin_chat_id"


def test_log_level_is_normalised_and_checked() -> None:
    """Log level is case-insensitive and limited to the known levels."""
    data = minimal()
    data["log_level"] = "debug"
    assert build(data).log_level == "DEBUG"

    data["log_level"] = "VERBOSE"
    assert build_error(data).key == "log_level"


def test_invite_expiry_is_read_as_duration() -> None:
    """invites.default_expiry is a duration string; anything else names the key."""
    data = minimal()
    data["invites"] = {"default_expiry": "12h"}
    assert build(data).invites.default_expiry == timedelta(hours=12)

    for bad in (7, "0d", "soon"):
        data["invites"] = {"default_expiry": bad}
        assert build_error(data).key == "invites.default_expiry"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", timedelta(days=7)),
        ("12h", timedelta(hours=12)),
        ("30m", timedelta(minutes=30)),
        ("2w", timedelta(weeks=2)),
        (" 1D 12h ", timedelta(days=1, hours=12)),
    ],
)
def test_parse_duration_reads_units(text: str, expected: timedelta) -> None:
    """Durations combine a number and a unit, case- and space-insensitively."""
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "0h0m", "-7d", "7", "d", "7x", "1.5d", "9" * 20 + "w"])
def test_parse_duration_rejects_zero_negative_and_garbage(text: str) -> None:
    """Zero, negative, unitless, fractional, unknown-unit and absurd durations are refused."""
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_resolve_config_path_prefers_cli_then_environment_then_default() -> None:
    """--config beats SLEUTELNET_CONFIG, which beats ./config.toml."""
    environ = {"SLEUTELNET_CONFIG": "/etc/sleutelnet.toml"}

    assert resolve_config_path("/tmp/cli.toml", environ) == Path("/tmp/cli.toml")
    assert resolve_config_path(None, environ) == Path("/etc/sleutelnet.toml")
    assert resolve_config_path(None, {}) == Path("config.toml")


def test_first_problem_is_reported_in_a_fixed_order() -> None:
    """With several problems, the same one (top-level keys, then [telegram]...) always wins."""
    data = minimal()
    data["network"]["name"] = 5
    data["telegram"]["bot_username"] = "nope"
    data["log_level"] = "LOUD"

    assert build_error(data).key == "log_level"
    del data["log_level"]
    assert build_error(data).key == "telegram.bot_username"


def test_direct_construction_masks_token() -> None:
    """A TelegramConfig built by hand, e.g. in tests, also masks its token."""
    telegram = TelegramConfig(SECRET, "TestNetBot")

    assert SECRET not in repr(telegram)


def with_languages(*codes: str) -> dict[str, Any]:
    """Return the minimal configuration offering these languages."""
    data = minimal()
    data["network"]["languages"] = list(codes)
    return data


def test_languages_offered_must_have_a_catalog() -> None:
    """A language without a .po file is named, with the key and the languages there are."""
    error = build_error(with_languages("nl", "fr"))

    assert error.key == "network.languages[1]"
    assert "no catalog for language 'fr'" in str(error)
    assert "'tr'" in str(error)


def test_the_default_language_must_be_offered() -> None:
    """Offering languages without the default one is an error, not a silent addition."""
    error = build_error(with_languages("en", "tr"))

    assert error.key == "network.languages"
    assert "add 'nl'" in str(error)


def test_the_languages_are_offered_in_the_order_given_the_default_first() -> None:
    """The order decides the order of the language buttons."""
    assert build(with_languages("ar", "nl")).network.languages == ("nl", "ar")


def test_every_language_with_a_catalog_is_offered_by_default() -> None:
    """Without network.languages every catalog is offered, the default language first."""
    assert build(minimal()).network.languages == ("nl", "en", "ar", "tr")

"""A person's copy of everything held about them (/mydata, `people export`): every feature's
export hook, as machine-readable JSON and as a readable text document."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from bot.feature import Features
from bot.i18n import Translator
from bot.text_keys import MYDATA_SECTION
from storage.models import Person
from storage.repositories import Audit

JSON_NAME = "sleutelnet-data.json"
TEXT_NAME = "sleutelnet-data.txt"


async def collect(
    session: AsyncSession,
    config: Config,
    features: Features,
    person: Person,
    *,
    now: datetime,
    by: str,
) -> dict[str, Any]:
    """Return everything held about a person, by feature, and audit that it was handed out."""
    data = {
        "network": config.network.name,
        "made_at": iso(now),
        "privacy_notice_version": config.network.privacy_notice.version,
        "data": await features.export(session, config, person),
    }
    Audit(session).record(
        at=now, action="person.export", actor=None, subject=person, actor_label=by
    )
    return data


def as_json(data: Mapping[str, Any]) -> bytes:
    """Return the data as indented UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def as_text(t: Translator, lang: str, data: Mapping[str, Any]) -> bytes:
    """Return the data as a plain text document a person can read on a phone."""

    def say(key: str, **values: object) -> str:
        return html.unescape(t(lang, key, **values))  # a text file, not Telegram HTML

    lines = [
        say("mydata_title", network=data["network"]),
        say("mydata_made", when=data["made_at"], version=data["privacy_notice_version"]),
        "",
    ]
    for sections in data["data"].values():
        for name, value in sections.items():
            lines.append(f"== {say(MYDATA_SECTION[name])} ==")
            lines.extend(_lines(value, "", (say("mydata_yes"), say("mydata_no"))))
            if lines[-1].startswith("=="):
                lines.append(say("mydata_nothing"))
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _lines(value: object, indent: str, yes_no: tuple[str, str]) -> list[str]:
    if isinstance(value, Mapping):
        out: list[str] = []
        for key, item in value.items():
            if isinstance(item, Mapping | list) and item:
                out.append(f"{indent}{_label(key)}:")
                out.extend(_lines(item, indent + "  ", yes_no))
            else:
                out.append(f"{indent}{_label(key)}: {_scalar(item, yes_no)}")
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            inner = _lines(item, indent + "  ", yes_no)
            if inner:
                out.append(f"{indent}- {inner[0].strip()}")
                out.extend(inner[1:])
        return out
    return [f"{indent}{_scalar(value, yes_no)}"] if value not in (None, "") else []


def _scalar(value: object, yes_no: tuple[str, str]) -> str:
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    return str(value)

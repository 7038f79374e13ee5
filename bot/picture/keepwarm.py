"""Keeping the network warm, made specific: who has gone quiet, which neighbourhood and theme
have nobody, and a one-tap link to invite someone for each."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import Codec
from bot.config import Config, NetworkConfig, Theme
from bot.i18n import Safe, Translator
from bot.invites import invite_link
from bot.picture import health

# The /start payload of "invite someone for neighbourhood N, theme T" (indexes in the config).
INVITE_PREFIX = "nw-"
# The nudge names at most this many quiet members and empty pairs; the rest are counted.
MOST_NAMED = 10
DIGEST = 8  # hex digits of a neighbourhood's hash in a link


@dataclass(frozen=True, slots=True)
class Pair:
    """A neighbourhood (the first 8 hex digits of its name's hash) and a theme (its key): a
    link or button keeps meaning the same pair when the configuration is reordered."""

    wijk: str
    theme: str

    @classmethod
    def of(cls, wijk: str, theme: str) -> Pair:
        """Return the pair for a neighbourhood name and a theme key."""
        return cls(_digest(wijk), theme)

    def payload(self) -> str:
        """Return the /start payload that invites someone for this pair."""
        return f"{INVITE_PREFIX}{self.wijk}-{self.theme}"

    @classmethod
    def parse(cls, payload: str) -> Pair | None:
        """Read a payload back; None if it is not one."""
        body = payload.removeprefix(INVITE_PREFIX)
        wijk, dash, theme = body.partition("-")
        if body == payload or not dash or not theme or len(wijk) != DIGEST:
            return None
        return cls(wijk, theme)

    def resolve(self, network: NetworkConfig) -> tuple[str, Theme] | None:
        """Return the neighbourhood's name and the theme, or None if either is gone."""
        wijk = next((w for w in network.neighbourhoods if _digest(w) == self.wijk), None)
        theme = network.theme(self.theme)
        return (wijk, theme) if wijk is not None and theme is not None else None


def _digest(wijk: str) -> str:
    return hashlib.sha256(wijk.encode()).hexdigest()[:DIGEST]


INVITE_FOR = Codec("neti", Pair)


@dataclass(frozen=True, slots=True)
class Cold:
    """What the keep-warm nudge names."""

    quiet: tuple[health.Quiet, ...]
    empty: tuple[Pair, ...]


async def cold_spots(session: AsyncSession, config: Config, *, now: datetime) -> Cold:
    """Return the quiet members and the neighbourhood × theme pairs nobody active covers."""
    network = config.network
    themes = [theme.key for theme in network.themes]
    coverage = await health.coverage(session, network.neighbourhoods, themes)
    empty = tuple(Pair.of(wijk, theme) for wijk, theme in coverage.empty())
    return Cold(await health.quiet(session, now=now), empty)


def specifics(cold: Cold, config: Config, t: Translator, language: str) -> str:
    """Return the nudge's specific part in a language: names, and a link per empty pair."""
    network = config.network
    parts: list[str] = []
    if cold.quiet:
        names = ", ".join(q.name for q in cold.quiet[:MOST_NAMED])
        more = len(cold.quiet) - MOST_NAMED
        listed = f"{names} (+{more})" if more > 0 else names
        parts.append(t(language, "nudge_quiet", names=listed))
    if cold.empty:
        lines: list[str] = [t(language, "nudge_empty")]
        for pair in cold.empty[:MOST_NAMED]:
            found = pair.resolve(network)
            if found is None:
                continue
            wijk, theme = found
            link = invite_link(config.telegram.bot_username, pair.payload())
            label = theme.label(language)
            lines.append(t(language, "nudge_empty_line", link=link, wijk=wijk, theme=label))
        if len(cold.empty) > MOST_NAMED:
            lines.append(f"(+{len(cold.empty) - MOST_NAMED})")
        parts.append("\n".join(lines))
    return Safe("\n\n".join(parts))

"""Keeping the network warm, made specific: who has gone quiet, which neighbourhood and theme
have nobody, and a one-tap link to invite someone for each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.i18n import Safe, Translator
from bot.invites import invite_link
from bot.picture import health

# The /start payload of "invite someone for neighbourhood N, theme T" (indexes in the config).
INVITE_PREFIX = "nw-"
# The nudge names at most this many quiet members and empty pairs; the rest are counted.
MOST_NAMED = 10


@dataclass(frozen=True, slots=True)
class Pair:
    """A neighbourhood and a theme, as indexes into the configuration."""

    wijk: int
    theme: int

    def payload(self) -> str:
        """Return the /start payload that invites someone for this pair."""
        return f"{INVITE_PREFIX}{self.wijk}-{self.theme}"

    @classmethod
    def parse(cls, payload: str, config: Config) -> Pair | None:
        """Read a payload back; None if it is not one, or names no configured pair."""
        body = payload.removeprefix(INVITE_PREFIX)
        parts = body.split("-")
        if (
            body == payload
            or len(parts) != 2
            or not all(p.isascii() and p.isdigit() for p in parts)
        ):
            return None
        pair = cls(int(parts[0]), int(parts[1]))
        network = config.network
        if pair.wijk >= len(network.neighbourhoods) or pair.theme >= len(network.themes):
            return None
        return pair


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
    empty = tuple(
        Pair(network.neighbourhoods.index(wijk), themes.index(theme))
        for wijk, theme in coverage.empty()
    )
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
            link = invite_link(config.telegram.bot_username, pair.payload())
            wijk = network.neighbourhoods[pair.wijk]
            theme = network.themes[pair.theme].label(language)
            lines.append(t(language, "nudge_empty_line", link=link, wijk=wijk, theme=theme))
        if len(cold.empty) > MOST_NAMED:
            lines.append(f"(+{len(cold.empty) - MOST_NAMED})")
        parts.append("\n".join(lines))
    return Safe("\n\n".join(parts))

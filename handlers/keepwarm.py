"""Inviting someone for a neighbourhood and theme nobody covers, in two taps: a button under
/network's list or a link in the keep-warm nudge asks the coordinator for a name, and the
name becomes an invitation that suggests that neighbourhood and theme."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot import dialogue
from bot.errors import InvalidInvite, NotACoordinator, StaleAction
from bot.feature import Button, Feature, StartLink, TextStep, Who
from bot.invites import create_invite
from bot.membership import require_coordinator
from bot.picture.keepwarm import INVITE_FOR, INVITE_PREFIX, Pair
from bot.services import AppContext
from handlers.common import answer, language, reply, reply_invitation
from storage.dialogue_models import Dialogue
from storage.models import Person, PersonStatus, Role
from storage.repositories import People

INVITING = "name"  # the dialogue step: waiting for the name of the person to invite
# How long the bot waits for the name after "invite someone for ...".
NAME_WAIT = timedelta(minutes=15)


async def on_invite_for(update: Update, context: AppContext) -> None:
    """Ask the coordinator for the name of someone to invite for a neighbourhood and theme."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pair = INVITE_FOR.decode(query.data)
    await answer(update, context)
    if not await _ask_name(update, context, user.id, pair):
        raise StaleAction


async def invite_link_start(update: Update, context: AppContext, payload: str) -> bool:
    """Take a nudge's "invite someone for ..." link; anyone but a coordinator is not answered
    here (the link then reads as an unknown invitation)."""
    user = update.effective_user
    pair = Pair.parse(payload)
    if user is None or pair is None:
        return False
    async with context.services.db.read() as session:
        person = await People(session).by_telegram_id(user.id)
    coordinator = (
        person is not None
        and person.role is Role.COORDINATOR
        and person.status is PersonStatus.ACTIVE
    )
    if not coordinator:
        return False
    return await _ask_name(update, context, user.id, pair)


async def _ask_name(update: Update, context: AppContext, user_id: int, pair: Pair) -> bool:
    """Start the name question; False if the pair is no longer in the configuration."""
    services = context.services
    network = services.config.network
    found = pair.resolve(network)
    if found is None:
        return False
    wijk, theme = found
    themes = [t.key for t in network.themes]
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        await dialogue.start(
            session,
            coordinator.id,
            dialogue.NETWORK,
            INVITING,
            network.neighbourhoods.index(wijk) * 1000 + themes.index(theme.key),
            now=services.clock.now(),
            ttl=NAME_WAIT,
        )
    label = theme.label(language(update, context))
    await reply(update, context, "network_invite_prompt", wijk=wijk, theme=label)
    return True


async def on_name(update: Update, context: AppContext, person: Person, talk: Dialogue) -> bool:
    """Invite the person named for the pair the coordinator chose."""
    message = update.effective_message
    name = message.text if message is not None else None
    services = context.services
    network = services.config.network
    ref = talk.ref_id
    if not name or name.startswith("/") or ref is None:
        return False
    wijk_at, theme_at = divmod(ref, 1000)
    if wijk_at >= len(network.neighbourhoods) or theme_at >= len(network.themes):
        return False
    wijk, theme = network.neighbourhoods[wijk_at], network.themes[theme_at]
    try:
        async with services.db.begin() as session:
            await dialogue.end(session, person.id, dialogue.NETWORK)
            coordinator = await require_coordinator(session, person.telegram_user_id)
            new = await create_invite(
                session,
                services.config,
                now=services.clock.now(),
                name=name,
                neighbourhoods=(wijk,),
                themes=(theme.key,),
                created_by=coordinator,
            )
    except NotACoordinator:  # demoted meanwhile: the message is theirs as a member again
        async with services.db.begin() as session:
            await dialogue.end(session, person.id, dialogue.NETWORK)
        return False
    except InvalidInvite:
        await reply(update, context, "invite_usage")
        return True
    await reply_invitation(update, context, new)
    label = theme.label(language(update, context))
    await reply(update, context, "network_invite_done", wijk=wijk, theme=label)
    return True


FEATURE = Feature(
    name="keepwarm",
    buttons=(Button(INVITE_FOR, on_invite_for, Who.COORDINATOR),),
    start_links=(StartLink(INVITE_PREFIX, invite_link_start),),
    text_step=TextStep(dialogue.NETWORK, on_name),
)

"""Bot API methods that send media: photos, documents, voice notes and locations."""

from __future__ import annotations

from bot.sandbox.models import JSON, bad_request
from bot.sandbox.params import Params
from bot.sandbox.registry import api_method
from bot.sandbox.sending import (
    admit,
    deliver,
    file_fields,
    parse_caption,
    parse_markup,
    reply_target,
    stored_file,
    target_chat,
)
from bot.sandbox.world import World

MAX_HORIZONTAL_ACCURACY = 1500.0


@api_method("sendDocument")
async def send_document(world: World, params: Params) -> JSON:
    """Send a file; its name and bytes stay available to tests."""
    chat = target_chat(world, params)
    caption, parse_mode, entities = parse_caption(params)
    markup = parse_markup(params)
    reply_to = reply_target(world, chat, params)
    stored = stored_file(world, params, "document", "document")
    admit(world, chat)
    document = file_fields(stored)
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return deliver(
        world,
        chat,
        params,
        text=caption,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
        kind="document",
        document=document,
        file_name=stored.file_name,
        file_bytes=stored.content,
    )


@api_method("sendPhoto")
async def send_photo(world: World, params: Params) -> JSON:
    """Send a photo (stored as two sizes, as Telegram does)."""
    chat = target_chat(world, params)
    caption, parse_mode, entities = parse_caption(params)
    markup = parse_markup(params)
    reply_to = reply_target(world, chat, params)
    stored = stored_file(world, params, "photo", "photo.jpg")
    admit(world, chat)
    sizes = [
        file_fields(stored) | {"file_id": f"{stored.file_id}{suffix}", "width": w, "height": h}
        for suffix, w, h in (("s", 90, 68), ("", 800, 600))
    ]
    return deliver(
        world,
        chat,
        params,
        text=caption,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
        kind="photo",
        photo=sizes,
        file_name=stored.file_name,
        file_bytes=stored.content,
    )


@api_method("sendVoice")
async def send_voice(world: World, params: Params) -> JSON:
    """Send a voice note (the transcript shows ``[voice]`` and the caption)."""
    chat = target_chat(world, params)
    caption, parse_mode, entities = parse_caption(params)
    markup = parse_markup(params)
    reply_to = reply_target(world, chat, params)
    duration = params.get_int("duration", 0) or 0
    stored = stored_file(world, params, "voice", "voice.ogg")
    admit(world, chat)
    voice = file_fields(stored) | {
        "duration": duration,
        "mime_type": stored.mime_type or "audio/ogg",
    }
    return deliver(
        world,
        chat,
        params,
        text=caption,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
        kind="voice",
        voice=voice,
        file_bytes=stored.content,
    )


def _coordinate(params: Params, key: str, limit: float) -> float:
    value = params.get_float(key)
    if value is None:
        raise bad_request(f"{key} is empty")
    if not -limit <= value <= limit:
        raise bad_request("invalid location specified")
    return value


@api_method("sendLocation")
async def send_location(world: World, params: Params) -> JSON:
    """Send a point on the map (the transcript shows ``[location LAT, LON]``)."""
    chat = target_chat(world, params)
    latitude = _coordinate(params, "latitude", 90.0)
    longitude = _coordinate(params, "longitude", 180.0)
    location: JSON = {"latitude": latitude, "longitude": longitude}
    accuracy = params.get_float("horizontal_accuracy")
    if accuracy is not None:
        if not 0 <= accuracy <= MAX_HORIZONTAL_ACCURACY:
            raise bad_request("invalid horizontal accuracy specified")
        location["horizontal_accuracy"] = accuracy
    for key in ("live_period", "heading", "proximity_alert_radius"):
        value = params.get_int(key)
        if value is not None:
            location[key] = value
    markup = parse_markup(params)
    reply_to = reply_target(world, chat, params)
    admit(world, chat)
    return deliver(
        world,
        chat,
        params,
        label=f"location {latitude}, {longitude}",
        text="",
        reply_markup=markup,
        reply_to_message_id=reply_to,
        kind="location",
        location=location,
    )

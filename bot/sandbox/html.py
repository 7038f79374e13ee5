"""Telegram's HTML parse mode: validate like the Bot API, produce plain text and entities."""

from __future__ import annotations

import html
import re
from typing import Any

# Tag name -> MessageEntity type, as listed under "HTML style" in the Bot API docs.
_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_ATTR_RE = re.compile(r"""([a-zA-Z_-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; the message mirrors the Bot API's wording."""


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, index: int) -> tuple[str, int] | None:
    match = _ENTITY_RE.match(text, index)
    if match is None:
        return None
    body = match.group(1)
    if body.startswith("#"):
        number = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        if not 0 < number <= 0x10FFFF or 0xD800 <= number <= 0xDFFF:
            return None
        return chr(number), match.end() - index
    named = _NAMED_ENTITIES.get(body.lower())
    return (named, match.end() - index) if named is not None else None


def _find_tag_end(text: str, start: int) -> int:
    """Return the index of the ``>`` closing the tag opened at ``start`` (quotes respected)."""
    quote: str | None = None
    for index in range(start + 1, len(text)):
        char = text[index]
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index
    return -1


def _parse_attributes(raw: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        value = match.group(2) or match.group(3) or match.group(4) or ""
        attributes[match.group(1).lower()] = html.unescape(value)
    return attributes


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.offset = 0  # UTF-16 code units emitted so far
        self.stack: list[tuple[str, int, dict[str, str]]] = []
        self.entities: list[dict[str, Any]] = []

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.offset += _utf16_len(chunk)

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        text = self.text
        index = 0
        while index < len(text):
            char = text[index]
            if char == "&":
                decoded = _decode_entity(text, index)
                if decoded is None:
                    self.emit("&")
                    index += 1
                else:
                    self.emit(decoded[0])
                    index += decoded[1]
            elif char == "<":
                index = self.tag(index)
            else:
                self.emit(char)
                index += 1
        if self.stack:
            name = self.stack[-1][0]
            msg = f'Can\'t find end tag corresponding to start tag "{name}"'
            raise HtmlParseError(msg)
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.out), self.entities

    def tag(self, index: int) -> int:
        text = self.text
        byte = _byte_offset(text, index)
        end = _find_tag_end(text, index)
        closing = text.startswith("</", index)
        if end == -1:
            kind = "end" if closing else "start"
            msg = f"Unclosed {kind} tag at byte offset {byte}"
            raise HtmlParseError(msg)
        inner = text[index + 1 : end]
        if closing:
            self.close(inner[1:].strip().lower(), byte)
        else:
            self.open(inner, byte)
        return end + 1

    def open(self, inner: str, byte: int) -> None:
        name_match = _TAG_NAME_RE.match(inner)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _TAG_ENTITY:
            msg = f'Unsupported start tag "{name}" at byte offset {byte}'
            raise HtmlParseError(msg)
        attributes = _parse_attributes(inner[len(name) :].rstrip("/"))
        if name == "span" and attributes.get("class") != "tg-spoiler":
            msg = f'Tag "span" must have class "tg-spoiler" at byte offset {byte}'
            raise HtmlParseError(msg)
        self.stack.append((name, self.offset, attributes))

    def close(self, name: str, byte: int) -> None:
        if not self.stack:
            msg = f"Unexpected end tag at byte offset {byte}"
            raise HtmlParseError(msg)
        open_name, start, attributes = self.stack[-1]
        if name != open_name:
            msg = (
                f'Unmatched end tag at byte offset {byte}, expected "</{open_name}>", '
                f'found "</{name}>"'
            )
            raise HtmlParseError(msg)
        self.stack.pop()
        length = self.offset - start
        if length == 0:
            return
        entity: dict[str, Any] = {"type": _TAG_ENTITY[name], "offset": start, "length": length}
        if name == "a":
            entity["url"] = attributes.get("href", "")
        elif name == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        elif name == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id", "")
        elif name == "pre" and attributes.get("language"):
            entity["language"] = attributes["language"]
        self.entities.append(entity)


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and MessageEntity dicts of Telegram HTML, or raise HtmlParseError."""
    return _Parser(text).run()


def strip_html(text: str) -> str:
    """Return the text a person sees for Telegram HTML (tags removed, entities decoded)."""
    try:
        return parse_html(text)[0]
    except HtmlParseError:
        return html.unescape(re.sub(r"<[^>]*>", "", text))

"""What Telegram's HTML parse mode accepts, as the fake Bot API checks it.

Mirrors the rules of https://core.telegram.org/bots/api#html-style closely enough to catch the
mistakes that lose a reply in production: a tag Telegram does not know, a tag left open or closed
out of order, a raw `<`, `>` or `&` from user input, a named entity other than the four supported,
and a message longer than 4096 characters after parsing.
"""

from __future__ import annotations

from html.parser import HTMLParser

MAX_TEXT = 4096
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
        "code", "pre", "blockquote", "tg-emoji"}
ATTRIBUTES = {"a": {"href"}, "span": {"class"}, "blockquote": {"expandable"}, "code": {"class"},
              "tg-emoji": {"emoji-id"}}
ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ParseError(ValueError):
    """Raised with the text the real API puts after "Bad Request: "."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.visible: list[str] = []

    def fail(self, why: str) -> None:
        raise ParseError(f"can't parse entities: {why}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.fail(f'Unsupported start tag "{tag}"')
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, ()):
                self.fail(f'Unsupported attribute "{name}" in tag "{tag}"')
            if tag == "span" and value != "tg-spoiler":
                self.fail('Tag "span" must have class "tg-spoiler"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.fail(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            expected = self.stack[-1] if self.stack else "nothing"
            self.fail(f'Can\'t find end tag corresponding to start tag "{expected}", found "/{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self.fail(f"Unescaped {char!r} in text; use an HTML entity")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            self.fail(f'Unsupported HTML entity "&{name};"')
        self.visible.append(ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        try:
            self.visible.append(chr(int(name[1:], 16) if name[:1] in "xX" else int(name)))
        except (ValueError, OverflowError):
            self.fail(f'Bad character reference "&#{name};"')

    def handle_comment(self, data: str) -> None:
        self.fail("Comments are not supported")

    def handle_decl(self, decl: str) -> None:
        self.fail("Declarations are not supported")

    def handle_pi(self, data: str) -> None:
        self.fail("Processing instructions are not supported")

    def unknown_decl(self, data: str) -> None:
        self.fail("Declarations are not supported")


def parse_html(text: str) -> str:
    """Return the visible text of `text`, or raise ParseError the way the Bot API would answer."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        checker.fail(f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"')
    return "".join(checker.visible)


def check_message_text(text: str, parse_mode: str | None) -> str:
    """The checks `sendMessage` makes on `text`; returns what the recipient sees."""
    visible = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not visible.strip():
        raise ParseError("message text is empty")
    if len(visible.encode("utf-16-le")) // 2 > MAX_TEXT:
        raise ParseError("message is too long")
    return visible

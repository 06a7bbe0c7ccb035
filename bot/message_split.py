"""Split a long message into pieces a chat platform will accept, without losing or breaking anything.

Telegram refuses a message over 4096 characters and Discord one over 2000; a reply that grows past
the limit (a long `/help`, many warnings) must arrive as several messages, never cut short. This is
the one splitter every adapter uses.

Rules, in order of preference: break between lines; if one line is too long, between words; if
one word is too long, between characters. A tag (`<b ...>`) or an entity (`&amp;`) is never cut
in two, and a tag left open at a break is closed at the end of that piece and reopened at the start
of the next, so every piece is well-formed HTML on its own. Plain text works the same way (a
Discord mention such as `<@123>` is kept whole too).

Length is counted in UTF-16 code units of the raw text, tags included. That is never less than what
Telegram counts (visible characters after entity parsing) nor what Discord counts, so a piece
that fits here fits there.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096

_WORDS = re.compile(r"(?:<[^>]*>|&#?\w+;|[^\s<&]|[<&])+\s*|\s+")
_ATOMS = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)(?:\s[^>]*)?>")
_TAGS = re.compile(r"<[^>]*>")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Return the pieces of `text`, each at most `limit` UTF-16 units; joined, they hold all of it.

    Pieces with no visible text (only whitespace or tags) are left out, since platforms reject an
    empty message; nothing visible is ever dropped.
    """
    if utf16_len(text) <= limit:   # the common case: one message, as it is
        text = text.strip("\n")
        return [text] if _TAGS.sub("", text).strip() else []
    packer = _Packer(limit)
    for line in text.splitlines(keepends=True):
        packer.add(line, level=0)
    return packer.finish()


def _open_tags(stack: list[tuple[str, str]]) -> str:
    return "".join(opening for _, opening in stack)


def _close_tags(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _after(stack: list[tuple[str, str]], piece: str) -> list[tuple[str, str]]:
    """The tags still open after `piece`, as (name, opening tag) from outermost to innermost."""
    if "<" not in piece:
        return stack
    stack = list(stack)
    for match in _TAG.finditer(piece):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            stack.append((name, match.group(0)))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                del stack[depth:]
                break
    return stack


class _Packer:
    """Greedy packing of lines, then words, then characters into pieces under the limit."""

    _finer = (_WORDS.findall, _ATOMS.findall)

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pieces: list[str] = []
        self.start: list[tuple[str, str]] = []   # tags open when the current piece began
        self.stack: list[tuple[str, str]] = []   # tags open at the end of the current body
        self.body: list[str] = []
        self.size = 0                             # of the reopened tags plus the body so far

    def _take(self, part: str) -> bool:
        """Append `part` to the current piece if it fits there, tags closed; say whether it did."""
        after, size = _after(self.stack, part), utf16_len(part)
        if self.size + size + utf16_len(_close_tags(after)) > self.limit:
            return False
        self.body.append(part)
        self.size += size
        self.stack = after
        return True

    def add(self, part: str, level: int) -> None:
        if self._take(part):
            return
        if self.body:
            self._flush()
            if self._take(part):
                return
        if level >= len(self._finer):
            raise ValueError(f"cannot fit {part!r} and its enclosing tags into {self.limit} characters")
        for smaller in self._finer[level](part):
            self.add(smaller, level + 1)

    def _flush(self) -> None:
        body = "".join(self.body).strip("\n")
        if _TAGS.sub("", body).strip():
            self.pieces.append(_open_tags(self.start) + body + _close_tags(self.stack))
        self.start, self.body = list(self.stack), []
        self.size = utf16_len(_open_tags(self.start))

    def finish(self) -> list[str]:
        self._flush()
        return self.pieces

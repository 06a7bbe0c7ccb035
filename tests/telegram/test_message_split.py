"""The one message splitter: nothing lost, nothing over the limit, every piece valid HTML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.message_split import TELEGRAM_LIMIT, split_message, utf16_len
from tests.telegram.telegram_html import parse_html


def visible_words(pieces: list[str]) -> list[str]:
    return " ".join(parse_html(p) for p in pieces).split()


def test_short_text_is_one_piece_unchanged() -> None:
    text = "<b>Liquidation: 57,831.33</b>\nEntry: <code>60,000.00</code>"
    assert split_message(text) == [text]


def test_splits_at_line_boundaries_under_the_limit() -> None:
    lines = [f"line {i:03d} " + "x" * 40 for i in range(300)]
    pieces = split_message("\n".join(lines), limit=1000)
    assert len(pieces) > 1
    assert all(utf16_len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces).split("\n") == lines   # whole lines, in order, none lost


def test_a_tag_open_across_the_break_is_closed_and_reopened() -> None:
    notes = "\n".join(f"\u00b7 note {i} &amp; more" for i in range(200))
    text = f"<b>Head</b>\n<blockquote expandable>{notes}</blockquote>"
    pieces = split_message(text, limit=500)
    assert len(pieces) > 2
    for piece in pieces:
        parse_html(piece)   # raises if unbalanced
        assert utf16_len(piece) <= 500
    assert pieces[1].startswith("<blockquote expandable>") and pieces[1].endswith("</blockquote>")
    assert visible_words(pieces) == parse_html(text).split()


def test_a_line_longer_than_the_limit_splits_between_words_then_characters() -> None:
    word = "y" * 250
    text = "<i>" + " ".join(["word"] * 300) + f" {word}</i>"
    pieces = split_message(text, limit=100)
    assert all(utf16_len(p) <= 100 for p in pieces)
    assert "".join(parse_html(p).replace(" ", "") for p in pieces) == parse_html(text).replace(" ", "")


def test_entities_and_tags_are_never_cut() -> None:
    text = "&lt;" * 50 + '<a href="https://example.com/a-long-path">link</a>' * 5
    for piece in split_message(text, limit=64):
        parse_html(piece)
        assert not re.search(r"&[a-z]*$|<[^>]*$", piece)


def test_astral_characters_count_as_two() -> None:
    text = "\U0001F4C8" * 3000   # 6000 UTF-16 units
    pieces = split_message(text)
    assert len(pieces) == 2 and all(utf16_len(p) <= TELEGRAM_LIMIT for p in pieces)
    assert "".join(pieces) == text


def test_whitespace_only_produces_nothing_to_send() -> None:
    assert split_message("\n \n") == []
    assert split_message("") == []


def test_impossible_limit_is_an_error_not_a_silent_cut() -> None:
    with pytest.raises(ValueError):
        split_message('<blockquote expandable>' + "x" * 50 + "</blockquote>", limit=20)


fragments = st.one_of(
    st.text(alphabet="ab yz0.,\u00e9\u2212", max_size=60),
    st.sampled_from(["&lt;", "&amp;", "&#x27;", "\n", "\n\n", " ", "\U0001F4C9", "x" * 120]),
)


@st.composite
def html_documents(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from([None, "b", "i", "code", 'a href="https://e.x"']))
        body = "".join(draw(st.lists(fragments, max_size=5)))
        parts.append(body if tag is None else f"<{tag}>{body}</{tag.split()[0]}>")
    return "".join(parts)


@settings(max_examples=60, deadline=None)
@given(html_documents(), st.integers(40, 400))
def test_property_pieces_fit_parse_and_keep_every_visible_word(text: str, limit: int) -> None:
    pieces = split_message(text, limit)
    for piece in pieces:
        assert utf16_len(piece) <= limit
        assert parse_html(piece).strip()
    # Breaks fall on whitespace or inside a too-long word, so compare with whitespace removed.
    shown = "".join(re.sub(r"\s", "", parse_html(p)) for p in pieces)
    assert shown == re.sub(r"\s", "", parse_html(text))

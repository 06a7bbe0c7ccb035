"""Every answer of every command, under the pseudo-locale: English that reaches a user unwrapped was
never put through the catalogue, and the test names the command and the words.

The pseudo-locale (commands/language/pseudo.py) accents every letter of every catalogued template,
so no ASCII word survives in catalogued text. What may stay ASCII is data, not words of ours:
tickers and other capitals, /commands, option= keys, venue and document names, the user's own
labels, and the command syntax an error shows as its example.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest

from bot.discord.render import render
from bot.telegram.render import render_html
from commands.catalog import all_commands
from commands.dispatch import dispatch
from commands.render_text import plain_text
from commands.reply import Line
from commands.grammar import KEYS
from commands.language.languages import LANGUAGES
from core.venues import VENUES
from tests.language.conftest import asked, inputs

# A /command with the ASCII words after it is command syntax (an example, "Try: /liq long BTC ...");
# catalogued prose after it is accented, so it stops there.
_KEPT = re.compile(r"https?://\S+|(?<![\w/])/[a-z_]+(?:[ \t]+[\x21-\x7e]+)*|\b[a-z_]+=\S*|\b[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*\b|<[^>]*>")
_WORD = re.compile(r"[A-Za-z]{2,}")
DATA_WORDS = {*_WORD.findall(" ".join(LANGUAGES.values())), "Please", "keep", "leverage", "under", "here",
              "x", "Binance", "Bybit", "OKX", "Hyperliquid", "BitMEX", "Bitget", "Gate", "MEXC", "BloFin", "riskbot",
              "Telegram", "Discord", "swing", "explain", "chart",
              "cum", "leverageBracket", "breakout", "qps", *VENUES, *_WORD.findall(" ".join(LANGUAGES))}   # "swing": the label the setup saves; keywords

QUOTING = {"plan", "set", "riskwarn", "settings"}   # answers that quote what was typed, as typed
# Bad input, one or two per command family: the error's own words must be translated too.
MISTAKES = ("/liq", "/liq long", "/liq long BTC 60000 25x qty=abc", "/liq sideways BTC 60000 25x", "/size long BTC",
            "/pnl long BTC 60000 10x", "/avg long BTC", "/lev long BTC 60000", "/plan", "/price", "/nope",
            "/set venue=nowhere", "/position 999", "/close", "/alerts sometimes", "/help nothing")


def _data_words(reply, typed: str) -> set[str]:
    """Words that are data in this answer: the document and venue names the venues publish, and for
    an error, the input it quotes and the example syntax it shows."""
    words = set(DATA_WORDS)
    for venue in VENUES.values():   # document titles: the venues' own names for their pages
        sources = [venue.name, venue.fee_source, venue.default_mmr_source or ""]
        sources += [rule.source for rule in venue.rules.values()]
        words |= set(_WORD.findall(" ".join(sources)))
    for key, value in reply.result.items():
        if isinstance(value, str) and (key.endswith("source") or key in ("contract_symbol", "label")):
            words |= set(_WORD.findall(value))
    if reply.error is not None or reply.command in QUOTING:   # quoted input: a signal, a typo, a moderator's text
        words |= set(_WORD.findall(f"{typed} {reply.example or ''}")) | set(KEYS) | set(VENUES)
    words |= {w for action in reply.actions for w in _WORD.findall(action.command)}
    return words


def english_left(text: str, reply, typed: str) -> list[str]:
    allowed = _data_words(reply, typed)
    return [w for w in _WORD.findall(_KEPT.sub(" ", text)) if w not in allowed]


def _embed_text(reply) -> str:
    """Every text slot of the Discord embed, without Discord's Markdown escapes."""
    embed = render(reply).to_dict()
    parts = [embed.get("title", ""), embed.get("description", ""), embed.get("author", {}).get("name", ""),
             embed.get("footer", {}).get("text", "")]
    parts += [f"{field['name']}\n{field['value']}" for field in embed.get("fields", ())]
    return "\n".join(parts).replace("\\", "")


@pytest.mark.parametrize("command", [c for c in all_commands()], ids=lambda c: c.name)
def test_every_example_answer_is_in_the_pseudo_locale(command, context):
    left = {}
    for typed in tuple(t for t in inputs(command) if t != "/lang ru") + tuple(m for m in MISTAKES if m.split()[0] == f"/{command.name}"):
        reply = asyncio.run(dispatch(asked(typed), context))
        if command.name == "audit":   # the records as stored (English, like any log): only our words around them
            reply = replace(reply, lines=tuple(Line(line.label, "") for line in reply.lines))
        for shown in (plain_text(reply), render_html(reply), _embed_text(reply)):
            words = english_left(shown, reply, typed)
            if words:
                left[typed] = sorted(set(words))
    assert not left, f"/{command.name}: English outside the catalogue: {left}"


def test_an_unknown_command_is_answered_in_the_pseudo_locale(context):
    reply = asyncio.run(dispatch(asked("/nope"), context))
    assert not english_left(plain_text(reply), reply, "/nope"), plain_text(reply)

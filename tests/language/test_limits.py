"""Platform limits hold in every language: a translated answer still fits in one Telegram message
and in Discord's embed slots without being clipped, and a caption stays a caption."""

from __future__ import annotations

import asyncio

import pytest

from bot.discord.render import DESCRIPTION, FIELD, FOOTER, TITLE, TOTAL, render
from bot.message_split import TELEGRAM_LIMIT, utf16_len
from bot.telegram.render import CAPTION_LIMIT, render_caption, render_html
from commands.catalog import all_commands
from commands.dispatch import dispatch
from commands.language.languages import PSEUDO, TRANSLATED
from tests.language.conftest import asked, inputs

EVERY_INPUT = tuple(typed for command in all_commands() for typed in inputs(command)) + ("/help", "/help moderators")


@pytest.mark.parametrize("language", (*TRANSLATED, PSEUDO))
def test_every_example_answer_fits_the_platforms_in_every_language(language, context):
    too_long = []
    for typed in EVERY_INPUT:
        reply = asyncio.run(dispatch(asked(typed, language), context))
        html = render_html(reply)
        if utf16_len(html) > TELEGRAM_LIMIT or utf16_len(render_caption(reply)) > CAPTION_LIMIT:
            too_long.append((typed, "telegram", utf16_len(html)))
        if reply.error is None:   # the slots as filled before any clipping
            headline = f"{reply.headline.label}: {reply.headline.value}" if reply.headline else reply.title
            slots = {"title": (len(headline), TITLE),
                     "description": (len("\n".join(f"{l.label}: **{l.value}**" for l in reply.lines)), DESCRIPTION),
                     "warnings": (len("\n".join(f"!! {w.text}" for w in reply.warnings)), FIELD),
                     "footer": (len("\n".join(f"• {n}" for n in reply.notes)), FOOTER)}
            too_long += [(typed, slot, size) for slot, (size, limit) in slots.items() if size > limit]
            # /lang ru answers in the language it just chose; everything else in the asker's
            assert reply.speech.language == language or reply.command == "lang", typed
            assert len(render(reply)) <= TOTAL
    assert not too_long, f"{language}: {too_long[:5]}"

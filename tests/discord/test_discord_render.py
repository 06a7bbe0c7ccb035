"""Reply -> embed: reading order for a phone, escaping, and Discord's size limits."""

from __future__ import annotations

from bot.discord.render import is_ephemeral, render
from commands.reply import ErrorInfo, Line, Reply, usage_reply
from core.risk_warnings import RiskWarning
from tests.discord.discord_rules import message_problems

REPLY = Reply(
    command="liq", title="BTC long 25x isolated · Binance linear",
    headline=Line("Liquidation", "57,831.33"),
    lines=(Line("Bankruptcy", "57,600.00"), Line("Entry", "60,000.00")),
    warnings=(RiskWarning("high_leverage", "warn", "25x is high leverage"),
              RiskWarning("stop_beyond_liq", "danger", "your stop can never fire")),
    notes=("Binance formula, tier 1", "Liquidation triggers on the mark price"))


def test_headline_first_then_figures_warnings_and_footer() -> None:
    embed = render(REPLY)
    assert embed.author.name == REPLY.title
    assert embed.title == "Liquidation: 57,831.33"
    assert embed.description == "Bankruptcy: **57,600.00**\nEntry: **60,000.00**"
    assert [f.name for f in embed.fields] == ["Warnings"]
    assert "25x is high leverage" in embed.fields[0].value and "never fire" in embed.fields[0].value
    assert embed.footer.text == "• Binance formula, tier 1\n• Liquidation triggers on the mark price"
    assert embed.colour is not None and embed.colour.value == 0xE74C3C   # red: the worst level shown
    assert not is_ephemeral(REPLY)


def test_usage_error_is_short_private_and_escaped() -> None:
    reply = usage_reply("liq", "'**@everyone**' is not a symbol", "/liq long BTC 60000 25x isolated")
    embed = render(reply)
    assert embed.description == "'\\*\\*@\u200beveryone\\*\\*' is not a symbol\nTry: /liq long BTC 60000 25x isolated"
    assert not embed.fields and embed.title is None
    assert is_ephemeral(reply)


def test_internal_error_shows_the_apology() -> None:
    reply = Reply(command="liq", error=ErrorInfo("internal", "Sorry, something went wrong."))
    assert render(reply).description == "Sorry, something went wrong."


def test_oversized_reply_is_clipped_to_discords_limits() -> None:
    huge = Reply(command="help", title="t" * 300, lines=tuple(Line(f"l{i}", "v" * 200) for i in range(40)),
                 warnings=tuple(RiskWarning("w", "info", "w" * 200) for _ in range(10)), notes=("n" * 3000,))
    payload = {"embeds": [render(huge).to_dict()]}
    assert message_problems(payload) == []


def test_private_reply_is_ephemeral() -> None:
    assert is_ephemeral(Reply(command="position", title="Your positions", private=True))

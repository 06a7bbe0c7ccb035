"""Reply -> Telegram HTML: the layout, and escaping of every field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.render import render_error, render_html, render_summary
from commands.reply import ErrorInfo, Line, Reply, usage_reply, visible
from core.risk_warnings import RiskWarning
from tests.telegram.telegram_html import parse_html

REPLY = Reply(
    command="liq",
    title="BTC long 25x isolated · Binance linear",
    headline=Line("Liquidation", "57,831.33"),
    lines=(Line("Distance", "−3.61% (if the price falls 3.61%)"), Line("Bankruptcy", "57,600.00")),
    warnings=(RiskWarning("wick", "danger", "A wick can close this."),
              RiskWarning("lev", "warn", "25x is high leverage.")),
    notes=("Binance formula, tier 1.", "Mark price triggers liquidation."),
)


def test_layout_headline_first_then_lines_warnings_and_a_folded_footer() -> None:
    html = render_html(REPLY)
    assert html.splitlines()[:4] == [
        "<b>Liquidation: 57,831.33</b>",
        "<i>BTC long 25x isolated · Binance linear</i>",
        "Distance: −3.61% (if the price falls 3.61%)",
        "Bankruptcy: <code>57,600.00</code>",
    ]
    shown = parse_html(html)
    assert shown.index("A wick") < shown.index("25x is high") < shown.index("Binance formula")
    assert "<blockquote expandable>\u00b7 Binance formula, tier 1.\n\u00b7 Mark price" in html
    assert "<table" not in html and "<pre>" not in html
    assert max(len(line) for line in shown.splitlines()) < 80   # reads on a phone


def test_without_a_headline_the_title_leads_in_bold() -> None:
    html = render_html(Reply(command="help", title="riskbot", lines=(Line("/liq", "Liquidation"),)))
    assert html.startswith("<b>riskbot</b>\n/liq: Liquidation")


def test_usage_error_shows_the_message_and_the_example() -> None:
    html = render_html(usage_reply("liq", "'<b>x</b>' is not a symbol", "/liq long BTC 60000 25x"))
    assert html == ("&#x27;&lt;b&gt;x&lt;/b&gt;&#x27; is not a symbol\n"
                    "Try: <code>/liq long BTC 60000 25x</code>")


def test_internal_error_shows_only_the_message() -> None:
    assert render_error(Reply(command="liq", error=ErrorInfo("internal", "Sorry & bye"))) == "Sorry &amp; bye"


hostile = st.sampled_from(["<b>x</b>", '<a href="https://evil">Binance</a>', "</code>", "a&b",
                           "&lt;", "&#x27;", "_*[", "<script>", "\"quoted\"", "x > y"])
words = st.one_of(hostile, st.text(max_size=20))


@given(words, words, words, words, words, words)
def test_property_every_field_is_escaped(title, label, value, warning, note, message) -> None:
    reply = Reply(command="liq", title=title, headline=Line(label, value), lines=(Line(label, value),),
                  warnings=(RiskWarning("c", "warn", warning),), notes=(note,))
    cases = [(reply, (title, label, value, warning, note)),
             (usage_reply("liq", message, value or None), (visible(message), value))]
    for case, fields in cases:
        shown = parse_html(render_html(case))   # raises on any unescaped or injected markup
        for field in fields:
            assert field.strip() in shown


def test_summary_for_an_inline_card() -> None:
    assert render_summary(REPLY) == (REPLY.title, "Liquidation: 57,831.33")
    assert render_summary(usage_reply("liq", "Missing an entry price.", None)) == (
        "Not understood", "Missing an entry price.")


def test_a_figure_in_regional_separators_is_still_a_tappable_figure() -> None:
    """/set numbers=regional: 57 831,33 (ru, no-break space) and 57.831,33 (es) copy with one tap too."""
    reply = Reply(command="liq", lines=(Line("Ликвидация", "57\u00a0831,33"), Line("Liquidación", "57.831,33"),
                                        Line("Distance", "3 days")))
    html = render_html(reply)
    assert "<code>57\u00a0831,33</code>" in html and "<code>57.831,33</code>" in html
    assert "<code>3 days</code>" not in html

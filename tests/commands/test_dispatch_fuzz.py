"""No input string makes dispatch raise or return an empty reply (Hypothesis, command-shaped)."""

from __future__ import annotations

import asyncio
import math

from hypothesis import given, settings, strategies as st

from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.render_text import plain_text

GRAMMAR_TOKENS = ["long", "short", "l", "s", "BTC", "ETH", "BTCUSD", "DOGE", "60000", "60k", "0.11586", "25x", "x125",
                  "1x", "cross", "iso", "inverse", "okx", "bybit", "hyperliquid", "bitmex", "explain", "qty=2",
                  "notional=5000", "margin=100", "balance=1000", "mmr=0.5%", "cum=50", "fee=0.05%", "sl=58000",
                  "tp=65000", "risk=1%", "exit=61000", "roe=50", "1e999999", "٦٠٠٠٠", "nan", "@everyone", "<b>x</b>"]
COMMANDS = ["/liq", "/size", "/pnl", "/help", "/nope", ""]
command_text = st.builds(lambda c, ts: " ".join([c, *ts]), st.sampled_from(COMMANDS),
                         st.lists(st.one_of(st.sampled_from(GRAMMAR_TOKENS), st.text(max_size=12)), max_size=10))


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(command_text, st.text(max_size=80)))
def test_dispatch_always_answers(text):
    reply = asyncio.run(dispatch(Invocation(text=text)))
    rendered = plain_text(reply)
    assert rendered.strip()
    assert "Traceback" not in rendered
    assert len(rendered) < 4000
    if reply.error is not None:
        # A usage reply, or /price saying live prices are off (this dispatch has no price feed).
        assert reply.error.code in ("usage", "price_unavailable"), (text, reply.error)
    else:  # an answer never carries a non-finite number (an error may quote the user's "nan")
        assert "NaN" not in rendered and "Infinity" not in rendered
        for value in reply.result.values():
            assert not isinstance(value, float) or math.isfinite(value)

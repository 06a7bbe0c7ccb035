"""The options commands share, declared once so every command and every adapter agree on them.

Descriptions are marked with `N_` for the catalogue and spoken where they are shown (the Discord
and Telegram menus localise them; keys and choices are input syntax and stay as they are)."""

from __future__ import annotations

from commands.registry import Option
from core.i18n import N_
from core.venues import VENUES

SIDE = Option("side", "side", N_("long or short"), required=True, choices=("long", "short"))
SYMBOL = Option("symbol", "symbol", N_("asset, e.g. BTC, ETHUSDT, BTCUSD (inverse)"), required=True)
PRICE = Option("price", "price", N_("entry price"), required=True, min_value=0, max_value=1e12)
LEVERAGE = Option("leverage", "leverage", N_("leverage, e.g. 25"), min_value=1, max_value=150)
MODE = Option("mode", "margin_mode", N_("isolated (default) or cross"), choices=("isolated", "cross"))
VENUE = Option("venue", "venue", N_("exchange (default: the group's, else binance)"), choices=tuple(VENUES))
CONTRACT = Option("contract", "contract", N_("linear (USDT) or inverse (coin-margined)"), choices=("linear", "inverse"))
QTY = Option("qty", "number", N_("size in base units, e.g. 0.5 (BTC)"), min_value=0)
NOTIONAL = Option("notional", "number", N_("size in quote (USD for inverse)"), min_value=0)
MARGIN = Option("margin", "number", N_("isolated margin actually posted"), min_value=0)
BALANCE = Option("balance", "number", N_("wallet balance (cross margin, or sizing)"), min_value=0)
MMR = Option("mmr", "rate", N_("override the maintenance rate, e.g. 0.5%"))
CUM = Option("cum", "number", N_("override the maintenance amount (cum / mm deduction)"), min_value=0)
FEE = Option("fee", "rate", N_("taker fee, e.g. 0.05% (OKX, BitMEX, Bybit inverse)"))
STOP = Option("sl", "price", N_("stop-loss price"), min_value=0, max_value=1e12)
TAKE_PROFIT = Option("tp", "list", N_("take-profits: 64000 or 64000,66000 or 64000:50%,66000:50%"))
QUOTE = Option("quote", "choice", N_("the quote of a linear contract: usdt (default) or usdc"), choices=("usdt", "usdc"))
OPENED = Option("opened", "text", N_("when the position was opened (ISO date/time, UTC), e.g. 2025-11-01"))
EXPLAIN = Option("explain", "choice", N_("show the formula with your numbers"), choices=("yes", "no"))
CHART = Option("chart", "choice", N_("draw the answer as a picture too"), choices=("yes", "no"))
RISK = Option("risk", "amount", N_("risk per trade: 1% of balance, or an amount"), required=True)
EXIT = Option("exit", "price", N_("exit price"), min_value=0, max_value=1e12)
ROE = Option("roe", "number", N_("target return on margin in %, e.g. 50"))
FUNDING = Option("funding", "rate", N_("funding rate per interval (8h unless every=1h|4h), e.g. 0.01%, or live"))
EVERY = Option("every", "choice", N_("funding interval (default 8h)"), choices=("1h", "4h", "8h"))
HOLD = Option("hold", "duration", N_("how long you hold, e.g. 12h or 3d"))
FUNDING_OPTIONS = (FUNDING, EVERY, HOLD)
ADD_MARGIN = Option("addmargin", "number", N_("isolated margin to add, e.g. 500"), min_value=0)
LIQ_TARGET = Option("liq", "price", N_("the liquidation price you want: margin or leverage to get it"),
                    min_value=0, max_value=1e12)
BUFFER = Option("buffer", "rate", N_("room between stop and liquidation, share of the stop distance (10%)"))

POSITION = (SIDE, SYMBOL, PRICE, LEVERAGE, MODE, VENUE, CONTRACT)
# Which listed contract, and when it was opened (Bitget's method changed on a date): every command
# that describes a position takes these.
CONTRACT_CHOICE = (QUOTE, OPENED)
# /liq may leave the entry out: it then uses the venue's current mark (when the bot has live prices).
LIVE_PRICE = Option("price", "price", N_("entry price (default: the venue's current mark)"), min_value=0, max_value=1e12)
LIVE_POSITION = tuple(LIVE_PRICE if option is PRICE else option for option in POSITION)

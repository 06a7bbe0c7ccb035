"""The words trading signals use, in English, Russian and Spanish: data for commands/signals/text.py.

Phrases are lower-case words as the reader splits them (hyphens between letters become spaces, so
`Take-Profit` is `take profit`). The longest phrase wins, which is how `Entry Targets` (Cornix's
entry list) and `Stop Targets` are not read as take-profits. Fillers may sit between a label and
its numbers (`Entry zone: 60000 to 61000`, `от 60000 до 61000`); any other word ends the field, so
a closing line such as `Posted at 10:30` adds nothing to the targets.
"""

from __future__ import annotations

ENTRY, TARGETS, STOP, LEVERAGE = "entry", "targets", "stop", "leverage"


def _table(groups: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    return {tuple(phrase.split()): field for field, phrases in groups.items() for phrase in phrases}


PHRASES = _table({
    ENTRY: ("entry", "entries", "entry zone", "entry price", "entry prices", "entry targets", "entry range",
            "entry area", "enter", "enter at", "buy zone", "buy range", "buy between", "sell zone", "sell range",
            "open", "open price",
            "вход", "входа", "точка входа", "зона входа", "цена входа", "вход в сделку",
            "entrada", "entradas", "zona de entrada", "precio de entrada", "punto de entrada"),
    TARGETS: ("target", "targets", "tp", "tps", "take profit", "take profits", "take profit targets",
              "profit targets", "targets profit",
              "цель", "цели", "тейк", "тейки", "тейк профит", "тейк профиты", "тп",
              "objetivo", "objetivos", "tomar ganancias", "toma de ganancias"),
    STOP: ("stop", "sl", "stop loss", "stoploss", "stop targets", "stop price",
           "стоп", "стоп лосс", "стоплосс", "сл",
           "stop de perdida", "stop de pérdida", "stop de pérdidas", "parada de pérdidas"),
    LEVERAGE: ("leverage", "lev", "плечо", "плечи", "кредитное плечо", "apalancamiento", "apal"),
})

SIDES = {
    "long": 1, "buy": 1, "лонг": 1, "покупка": 1, "compra": 1, "largo": 1,
    "short": -1, "sell": -1, "шорт": -1, "продажа": -1, "venta": -1, "corto": -1,
}

MODES = {
    "cross": "cross", "кросс": "cross", "cruzado": "cross", "cruzada": "cross",
    "isolated": "isolated", "iso": "isolated", "изолированная": "isolated", "изолированный": "isolated",
    "изолированно": "isolated", "изоляция": "isolated", "aislado": "isolated", "aislada": "isolated",
}

FILLERS = frozenset((
    "zone", "range", "price", "prices", "to", "and", "between", "at", "from", "or", "usdt", "usd", "usdc",
    "x", "area", "around", "near", "level", "levels", "margin", "mode", "type", "only", "max",
    "от", "до", "и", "или", "зона", "цена", "в", "по", "уровень", "маржа", "режим",
    "de", "a", "y", "o", "entre", "hasta", "desde", "zona", "precio", "margen", "modo",
))

# Hashtags that are never the pair (`#signal #BTC`).
NOT_PAIRS = frozenset(("signal", "signals", "vip", "crypto", "futures", "spot", "trade", "trading", "news",
                       "free", "premium", "update", "alert", "setup", "сигнал", "señal"))

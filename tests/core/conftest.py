from __future__ import annotations

import pytest

from core.markets import CATALOGUE, HISTORICAL_BINANCE_USDM
from core.markets.shipped import shipped_book


@pytest.fixture
def historical_binance_usdm(monkeypatch):
    """The process-wide catalogue with Binance USDⓈ-M on the 2024-10-24 BTC/ETH snapshot
    (core/data/historical/), for the tests whose figures were derived by hand on it (BTCUSDT's
    first bracket 0–50,000 at 0.4%, the second 50,000–500,000 at 0.5% with cum 50)."""
    monkeypatch.setitem(CATALOGUE._books, ("binance", "linear"),
                        shipped_book("binance", "linear", HISTORICAL_BINANCE_USDM))

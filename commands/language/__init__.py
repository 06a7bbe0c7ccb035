"""The languages riskbot speaks: which one a request gets, and the gettext catalogues behind them."""

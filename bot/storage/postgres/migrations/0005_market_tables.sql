-- Tier tables fetched from the venues (bot/markets/refresher.py), one row per contract, so every
-- process starts from the last good refresh instead of the shipped snapshot.
CREATE TABLE market_tables (
    venue TEXT NOT NULL, kind TEXT NOT NULL, symbol TEXT NOT NULL,
    rows TEXT NOT NULL,          -- the tiers, JSON in the shipped layout
    details TEXT,                -- contract value, max leverage, listed (JSON) or NULL
    source TEXT NOT NULL, as_of TEXT NOT NULL, fetched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (venue, kind, symbol)
);

-- What several riskbot processes must agree on from moment to moment (bot/shared/). UNLOGGED: no
-- write-ahead log, so each change costs a fraction of a logged one; after a server crash these
-- tables come back empty, which loses nothing that matters (buttons expire, a cooldown or a nudge
-- starts afresh, Telegram stops retrying an update within minutes). Times are Unix seconds.
CREATE UNLOGGED TABLE button_tokens (
    token TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    command TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX button_tokens_expiry ON button_tokens (expires_at);

CREATE UNLOGGED TABLE cooldowns (
    user_key TEXT PRIMARY KEY,
    hits DOUBLE PRECISION[] NOT NULL,
    warned BOOLEAN NOT NULL DEFAULT false,
    last_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX cooldowns_last ON cooldowns (last_at);

CREATE UNLOGGED TABLE nudges (
    group_key TEXT PRIMARY KEY,
    last_at DOUBLE PRECISION NOT NULL
);

CREATE UNLOGGED TABLE telegram_updates (
    update_id BIGINT PRIMARY KEY,
    seen_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX telegram_updates_seen ON telegram_updates (seen_at);

-- One token bucket per budget (e.g. 'telegram': about 30 messages a second per bot).
CREATE UNLOGGED TABLE send_budget (
    bucket TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at DOUBLE PRECISION NOT NULL
);

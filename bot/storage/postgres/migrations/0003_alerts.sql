-- Near-liquidation alerts: the same tables as the SQLite file's m005, kept in step with
-- `positions` by triggers so no position command knows about alerts. `trigger` is NULL whenever
-- the row must not alert; the range index holds only alerting rows.
CREATE TABLE alert_settings (
    owner TEXT PRIMARY KEY,
    enabled BOOLEAN NOT NULL DEFAULT false,
    level TEXT, within TEXT, quiet_start INTEGER, quiet_end INTEGER,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE alert_index (
    position_id BIGINT PRIMARY KEY REFERENCES positions (id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    venue TEXT NOT NULL, contract TEXT NOT NULL, symbol TEXT NOT NULL,
    side SMALLINT NOT NULL,
    entry DOUBLE PRECISION, liq_price DOUBLE PRECISION, trigger DOUBLE PRECISION, rearm DOUBLE PRECISION,
    stale BOOLEAN NOT NULL DEFAULT true,
    armed BOOLEAN NOT NULL DEFAULT true,
    pending BOOLEAN NOT NULL DEFAULT false,
    last_alert_at TIMESTAMPTZ,
    level TEXT, within TEXT, muted BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX alert_index_range ON alert_index (venue, contract, symbol, side, trigger) WHERE trigger IS NOT NULL;
CREATE INDEX alert_index_disarmed ON alert_index (venue, contract, symbol) WHERE NOT armed;
CREATE INDEX alert_index_stale ON alert_index (owner) WHERE stale;
CREATE INDEX alert_index_owner ON alert_index (owner);

CREATE FUNCTION alert_index_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO alert_index (position_id, owner, venue, contract, symbol, side)
        VALUES (NEW.id, NEW.owner, NEW.venue, NEW.contract, NEW.symbol,
                CASE NEW.side WHEN 'short' THEN -1 ELSE 1 END);
    ELSE
        -- An edit can move the liquidation price: stop alerting on the old one until recomputed,
        -- and re-arm (the last alert time stays, so the repeat window still holds).
        UPDATE alert_index SET owner = NEW.owner, venue = NEW.venue, contract = NEW.contract,
            symbol = NEW.symbol, side = CASE NEW.side WHEN 'short' THEN -1 ELSE 1 END,
            stale = true, trigger = NULL, armed = true, pending = false
        WHERE position_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER alert_index_insert AFTER INSERT ON positions FOR EACH ROW EXECUTE FUNCTION alert_index_follow();
CREATE TRIGGER alert_index_update AFTER UPDATE ON positions FOR EACH ROW EXECUTE FUNCTION alert_index_follow();
-- Deletes follow through the foreign key's ON DELETE CASCADE.

"""The SQLite schema, as an ordered list of sqlite-utils migrations.

sqlite-utils 4 ships `Migrations` (the former sqlite-migrate plugin), which records each applied
step in `_sqlite_migrations`; the steps below only ever get appended to, never edited, so any older
file can be brought forward.

The DDL is written out rather than built with `table.create()` because the schema is the contract
with every file already on disk. `STRICT` makes SQLite refuse values of the wrong kind (a blob
where text belongs, text as an id) instead of storing them; `AUTOINCREMENT` stops a deleted
position's id from being handed to someone else.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

from commands.saved.store_port import StorageUnavailable

migrations = Migrations("riskbot")
KNOWN_STEPS: list[str] = []
Step = Callable[[Database], None]


def step(fn: Step) -> Step:
    """Register a migration and remember its name, to recognise files from a newer riskbot."""
    KNOWN_STEPS.append(fn.__name__)
    return migrations()(fn)


@step
def m001_consents(db: Database) -> None:
    # One row per user who opted in; owner is `platform:id`. Deleting it is part of /forget.
    db.execute(
        "CREATE TABLE consents ("
        " owner TEXT PRIMARY KEY,"
        " consented_at TEXT NOT NULL"
        ") STRICT"
    )


@step
def m002_positions(db: Database) -> None:
    # Decimals are TEXT so they come back exactly as saved; times are ISO 8601 UTC.
    db.execute(
        "CREATE TABLE positions ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " owner TEXT NOT NULL,"
        " venue TEXT NOT NULL, symbol TEXT NOT NULL, contract TEXT NOT NULL,"
        " side TEXT NOT NULL, margin_mode TEXT NOT NULL,"
        " entry TEXT NOT NULL, quantity TEXT NOT NULL,"
        " leverage TEXT, margin TEXT, stop TEXT, take_profit TEXT,"
        " label TEXT,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL"
        ") STRICT"
    )
    # Every query filters by owner; the index also yields rows in id order.
    db.execute("CREATE INDEX positions_owner ON positions (owner)")


@step
def m003_position_overrides(db: Database) -> None:
    # A position saved with mmr=/cum=/fee= must compute the same way later.
    db.execute("ALTER TABLE positions ADD COLUMN mmr TEXT")
    db.execute("ALTER TABLE positions ADD COLUMN cum TEXT")
    db.execute("ALTER TABLE positions ADD COLUMN fee TEXT")


@step
def m004_groups(db: Database) -> None:
    # Moderator tools. Settings are one row per group (`telegram:-100123`, `discord:<guild>`); an
    # unset column means "the bot's default". The audit trail is append-only; schedules are one
    # per channel, with the next due time stored so a restart neither skips nor repeats one.
    db.execute(
        "CREATE TABLE group_settings ("
        " group_key TEXT PRIMARY KEY,"
        " default_venue TEXT, leverage_threshold TEXT, nudge INTEGER, warning_text TEXT,"
        " nudge_cooldown INTEGER,"
        " updated_at TEXT NOT NULL, updated_by TEXT NOT NULL"
        ") STRICT"
    )
    db.execute(
        "CREATE TABLE audit ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " group_key TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,"
        " action TEXT NOT NULL, detail TEXT NOT NULL"
        ") STRICT"
    )
    db.execute("CREATE INDEX audit_group ON audit (group_key, id)")
    db.execute(
        "CREATE TABLE schedules ("
        " group_key TEXT NOT NULL, channel TEXT NOT NULL,"
        " template TEXT NOT NULL, every_seconds INTEGER NOT NULL, next_at TEXT NOT NULL,"
        " created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
        " PRIMARY KEY (group_key, channel)"
        ") STRICT"
    )
    db.execute("CREATE INDEX schedules_due ON schedules (next_at)")


@step
def m005_alerts(db: Database) -> None:
    # Near-liquidation alerts (bot/jobs/alerts.py). alert_settings: one row per user who touched
    # /alerts; alerts are off until `enabled` is 1. alert_index: one row per saved position,
    # kept in step with `positions` by the triggers below (no position command needs to know),
    # holding the liquidation and trigger prices as REAL so one indexed range search per symbol
    # finds the positions a mark price has reached. `trigger` is NULL whenever the row must not
    # alert (alerts off, muted, no liquidation price, or `stale`: the position changed and the
    # job has not recomputed it yet), and the range index holds only alerting rows.
    db.execute(
        "CREATE TABLE alert_settings ("
        " owner TEXT PRIMARY KEY,"
        " enabled INTEGER NOT NULL DEFAULT 0,"
        " level TEXT, within TEXT, quiet_start INTEGER, quiet_end INTEGER,"
        " updated_at TEXT NOT NULL"
        ") STRICT"
    )
    db.execute(
        "CREATE TABLE alert_index ("
        " position_id INTEGER PRIMARY KEY,"
        " owner TEXT NOT NULL,"
        " venue TEXT NOT NULL, contract TEXT NOT NULL, symbol TEXT NOT NULL,"
        " side INTEGER NOT NULL,"
        " entry REAL, liq_price REAL, trigger REAL, rearm REAL,"
        " stale INTEGER NOT NULL DEFAULT 1,"
        " armed INTEGER NOT NULL DEFAULT 1,"
        " pending INTEGER NOT NULL DEFAULT 0,"
        " last_alert_at TEXT,"
        " level TEXT, within TEXT, muted INTEGER NOT NULL DEFAULT 0"
        ") STRICT"
    )
    db.execute("CREATE INDEX alert_index_range ON alert_index (venue, contract, symbol, side, trigger)"
               " WHERE trigger IS NOT NULL")
    db.execute("CREATE INDEX alert_index_disarmed ON alert_index (venue, contract, symbol) WHERE armed = 0")
    db.execute("CREATE INDEX alert_index_stale ON alert_index (owner) WHERE stale = 1")
    db.execute("CREATE INDEX alert_index_owner ON alert_index (owner)")
    db.execute(
        "CREATE TRIGGER alert_index_insert AFTER INSERT ON positions BEGIN"
        " INSERT INTO alert_index (position_id, owner, venue, contract, symbol, side)"
        " VALUES (NEW.id, NEW.owner, NEW.venue, NEW.contract, NEW.symbol, CASE NEW.side WHEN 'short' THEN -1 ELSE 1 END);"
        " END"
    )
    # An edit can move the liquidation price: stop alerting on the old one until recomputed,
    # and re-arm (the last alert time stays, so the repeat window still holds).
    db.execute(
        "CREATE TRIGGER alert_index_update AFTER UPDATE ON positions BEGIN"
        " UPDATE alert_index SET owner = NEW.owner, venue = NEW.venue, contract = NEW.contract,"
        " symbol = NEW.symbol, side = CASE NEW.side WHEN 'short' THEN -1 ELSE 1 END,"
        " stale = 1, trigger = NULL, armed = 1, pending = 0"
        " WHERE position_id = NEW.id;"
        " END"
    )
    db.execute(
        "CREATE TRIGGER alert_index_delete AFTER DELETE ON positions BEGIN"
        " DELETE FROM alert_index WHERE position_id = OLD.id;"
        " END"
    )
    db.execute(
        "INSERT INTO alert_index (position_id, owner, venue, contract, symbol, side)"
        " SELECT id, owner, venue, contract, symbol, CASE side WHEN 'short' THEN -1 ELSE 1 END FROM positions"
    )


@step
def m006_market_tables(db: Database) -> None:
    # Tier tables fetched from the venues (bot/markets/refresher.py), one row per contract, so a
    # restart starts from the last good refresh instead of the shipped snapshot.
    db.execute(
        "CREATE TABLE market_tables ("
        " venue TEXT NOT NULL, kind TEXT NOT NULL, symbol TEXT NOT NULL,"
        " rows TEXT NOT NULL,"        # the tiers, JSON in the shipped layout
        " details TEXT,"              # contract value, max leverage, listed (JSON) or NULL
        " source TEXT NOT NULL, as_of TEXT NOT NULL, fetched_at TEXT NOT NULL,"
        " PRIMARY KEY (venue, kind, symbol)"
        ") STRICT"
    )


@step
def m007_position_plans(db: Database) -> None:
    # A saved position keeps its take-profit list (tp=) and funding assumption (funding= every=
    # hold=), as the text commands/saved/plans.py writes; NULL when none was given.
    db.execute("ALTER TABLE positions ADD COLUMN targets TEXT")
    db.execute("ALTER TABLE positions ADD COLUMN funding TEXT")


@step
def m008_group_charts(db: Database) -> None:
    # /set charts=on|off: pictures in a group's public answers. NULL is the default (off in groups).
    db.execute("ALTER TABLE group_settings ADD COLUMN charts INTEGER")


@step
def m009_languages(db: Database) -> None:
    # /set lang= and /set numbers= (a group's language and number style; NULL: not set), and each
    # user's own /lang choice: data about that user, listed by /privacy and erased by /forget.
    db.execute("ALTER TABLE group_settings ADD COLUMN language TEXT")
    db.execute("ALTER TABLE group_settings ADD COLUMN numbers TEXT")
    db.execute("CREATE TABLE user_languages (owner TEXT PRIMARY KEY, language TEXT NOT NULL,"
               " updated_at TEXT NOT NULL) STRICT")


def upgrade(db: Database) -> list[str]:
    """Apply pending steps in one write transaction; returns the names applied (empty if current).

    A file that has steps this code does not know was written by a newer riskbot: refuse it
    rather than guess.
    """
    unknown = [m.name for m in migrations.applied(db) if m.name not in KNOWN_STEPS]
    if unknown:
        raise StorageUnavailable("The database was written by a newer riskbot; saving is off.")
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        # IMMEDIATE takes the write lock first, so two processes starting together queue
        # behind busy_timeout instead of failing halfway; the steps nest as savepoints.
        db.execute("BEGIN IMMEDIATE")
        try:
            migrations.apply(db)
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
    return pending

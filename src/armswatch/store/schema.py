"""The store's schema as numbered migrations, applied in order by :func:`migrate`.

``schema_version`` holds one row per applied migration. A migration is a list of SQL
statements run in one transaction together with its ``schema_version`` row, so a store is
always at a whole version. Never edit a released migration: add the next one.
"""

from __future__ import annotations

import duckdb

# v1: documents and the records extracted from them.
_V1 = [
    """CREATE TABLE documents (
        content_hash VARCHAR PRIMARY KEY,   -- sha256 of title + text (Article.content_hash)
        id VARCHAR NOT NULL,                -- the article id as read
        url VARCHAR,
        outlet VARCHAR,
        title VARCHAR,
        published VARCHAR,                  -- ISO date as given by the source
        first_seen TIMESTAMP NOT NULL,
        extractor_version VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        origin VARCHAR
    )""",
    """CREATE TABLE events (
        record_id VARCHAR PRIMARY KEY,      -- hash(content_hash, record key, extractor version)
        article_id VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        modality VARCHAR NOT NULL,
        date VARCHAR,
        source VARCHAR[] NOT NULL,
        target VARCHAR[] NOT NULL,
        claimed_by VARCHAR[] NOT NULL,
        denied_by VARCHAR[] NOT NULL,
        quad_class INTEGER,
        confidence DOUBLE,
        rule VARCHAR,
        extractor_version VARCHAR NOT NULL,
        record JSON NOT NULL
    )""",
    """CREATE TABLE transfers (
        record_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        modality VARCHAR NOT NULL,
        date VARCHAR,
        supplier VARCHAR[] NOT NULL,
        recipient VARCHAR[] NOT NULL,
        items VARCHAR[] NOT NULL,
        claimed_by VARCHAR[] NOT NULL,
        denied_by VARCHAR[] NOT NULL,
        confidence DOUBLE,
        rule VARCHAR,
        extractor_version VARCHAR NOT NULL,
        record JSON NOT NULL
    )""",
    """CREATE TABLE actors (
        code VARCHAR PRIMARY KEY,
        name VARCHAR,
        kind VARCHAR
    )""",
    """CREATE TABLE record_actors (
        record_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,  -- source target supplier recipient claimed_by denied_by
        code VARCHAR NOT NULL
    )""",
    "CREATE INDEX record_actors_code ON record_actors (code)",
    "CREATE INDEX events_hash ON events (content_hash)",
    "CREATE INDEX transfers_hash ON transfers (content_hash)",
]

# v2: document versions per URL, incidents and alerts.
_V2 = [
    "ALTER TABLE documents ADD COLUMN version INTEGER DEFAULT 1",
    "ALTER TABLE documents ADD COLUMN current BOOLEAN DEFAULT TRUE",
    "ALTER TABLE documents ADD COLUMN stamp VARCHAR",  # feed entry updated/published stamp
    "CREATE INDEX documents_url ON documents (url)",
    """CREATE TABLE incidents (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,              -- event | transfer
        type VARCHAR NOT NULL,              -- PLOVER type or TRANSFER
        source VARCHAR[] NOT NULL,          -- supplier for transfers
        target VARCHAR[] NOT NULL,          -- recipient for transfers
        modality VARCHAR,
        date VARCHAR,
        first_seen VARCHAR,
        last_seen VARCHAR,
        reports INTEGER,
        outlets INTEGER,
        claimed_by VARCHAR[] NOT NULL,
        denied_by VARCHAR[] NOT NULL,
        stage VARCHAR,
        items VARCHAR[] NOT NULL,
        contested BOOLEAN NOT NULL,
        evidence VARCHAR[] NOT NULL,
        created TIMESTAMP NOT NULL,
        updated TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE incident_records (
        record_id VARCHAR PRIMARY KEY,
        incident_id VARCHAR NOT NULL
    )""",
    "CREATE INDEX incident_records_incident ON incident_records (incident_id)",
    """CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY,
        rule VARCHAR NOT NULL,
        incident_id VARCHAR NOT NULL,
        created VARCHAR NOT NULL,
        updated VARCHAR NOT NULL,
        summary VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        acknowledged BOOLEAN NOT NULL DEFAULT FALSE,
        fingerprint VARCHAR,
        details JSON,
        pending BOOLEAN NOT NULL DEFAULT TRUE,      -- not yet delivered to the sinks
        pending_new BOOLEAN NOT NULL DEFAULT TRUE   -- the pending delivery is a first one
    )""",
]

MIGRATIONS: list[list[str]] = [_V1, _V2]
LATEST = len(MIGRATIONS)


def current_version(conn: duckdb.DuckDBPyConnection) -> int:
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(conn: duckdb.DuckDBPyConnection, target: int = LATEST) -> int:
    """Apply the migrations after the store's version up to ``target``; returns the version."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
        " applied TIMESTAMP DEFAULT current_timestamp)"
    )
    version = current_version(conn)
    if version > LATEST:
        from ..errors import ArmswatchError

        raise ArmswatchError(
            f"the store is at schema version {version}, newer than this armswatch ({LATEST})"
        )
    for n in range(version + 1, target + 1):
        conn.execute("BEGIN TRANSACTION")
        try:
            for stmt in MIGRATIONS[n - 1]:
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", [n])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return max(version, target)

"""The start-up migration adds Rasa's missing sender_id index to older databases."""

from __future__ import annotations

import asyncio
import json

import sqlalchemy as sa

from rasa_ext import tracker_migrations
from scripts.infra import ThrowawayPostgres
from storage import tables as schema  # the old, index-less description


def _indexes(engine):
    return {ix["name"]: ix["column_names"] for ix in sa.inspect(engine).get_indexes("events")}


def _old_database(url: str, rows: int = 50) -> sa.engine.Engine:
    """An events table as the console created it before Rasa: no index at all."""
    engine = sa.create_engine(url)
    schema.events.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            schema.events.insert(),
            [
                {
                    "sender_id": f"s{i % 7}",
                    "type_name": "action",
                    "timestamp": float(i),
                    "action_name": "action_listen",
                    "data": json.dumps(
                        {"event": "action", "name": "action_listen", "timestamp": float(i)}
                    ),
                }
                for i in range(rows)
            ],
        )
    return engine


def test_missing_index_is_created_once_and_queries_use_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = _old_database(url)
    assert _indexes(engine) == {}
    assert tracker_migrations.migrate(engine) is True
    assert _indexes(engine) == {"ix_events_sender_id": ["sender_id"]}
    assert tracker_migrations.migrate(engine) is False  # already there: nothing to do
    with engine.connect() as conn:
        plan = " ".join(
            str(row)
            for row in conn.execute(
                sa.text(
                    "EXPLAIN QUERY PLAN SELECT * FROM events WHERE sender_id = 's1' ORDER BY id"
                )
            )
        )
    assert "ix_events_sender_id" in plan


def test_tracker_store_start_migrates_and_keeps_the_stored_events(tmp_path, monkeypatch):
    from rasa_ext.tracker_store import ManagedSQLTrackerStore

    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url, rows=21)
    monkeypatch.delenv("CONSOLE_DB_URL", raising=False)
    from rasa.shared.core.domain import Domain

    store = ManagedSQLTrackerStore(domain=Domain.empty(), host=url)
    assert "ix_events_sender_id" in _indexes(store.engine)
    tracker = asyncio.run(store.retrieve("s1"))
    assert tracker is not None and len(tracker.events) == 3  # rows 1, 8, 15


def test_a_new_database_gets_rasas_own_index_and_no_second_one(tmp_path):
    from rasa.shared.core.domain import Domain

    from rasa_ext.tracker_store import ManagedSQLTrackerStore

    store = ManagedSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path}/n.db")
    assert list(_indexes(store.engine)) == ["ix_events_sender_id"]


def test_postgres_index_is_built_concurrently_on_an_old_table():
    # no skip: a missing server is an error (apt-get install -y postgresql), as in tests/console
    server = ThrowawayPostgres().start()
    try:
        engine = _old_database(server.url, rows=200)
        assert _indexes(engine) == {}
        assert tracker_migrations.migrate(engine) is True
        assert _indexes(engine) == {"ix_events_sender_id": ["sender_id"]}
        with engine.connect() as conn:  # the planner has statistics for the new index
            analysed = conn.execute(
                sa.text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'events'")
            ).scalar()
        assert analysed is not None
        assert tracker_migrations.migrate(engine) is False
        engine.dispose()
    finally:
        server.stop()

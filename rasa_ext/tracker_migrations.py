"""Schema migrations of Rasa's ``events`` table, run when the tracker store starts.

Rasa creates ``events`` with an index on ``sender_id`` (``ix_events_sender_id``), but
only when it creates the table itself. Databases whose table was created by other
code first (the staff console did, before Rasa started) have no such index, and then
every turn scans the whole table: 3 ms at 24k events, 51 ms at 241k events, seconds
after a year of conversations. ``migrate(engine)`` adds the missing index to such
databases; on a database that has it, it only reads the table's index list.

* SQLite: ``CREATE INDEX IF NOT EXISTS`` (the table is locked while it builds: about
  a second per million rows, once).
* PostgreSQL: ``CREATE INDEX CONCURRENTLY IF NOT EXISTS``, so other Rasa servers that
  are still running keep writing while it builds, then ``ANALYZE events`` so the
  planner uses it as an index of a few rows per conversation. An invalid index left by an
  interrupted concurrent build is dropped and built again.

Several servers starting at once may race; the loser logs and carries on (the index
exists, or the next start builds it). Nothing here reads or logs any event content.
"""

from __future__ import annotations

import logging
import time
from typing import List

import sqlalchemy as sa
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

EVENTS_TABLE = "events"
SENDER_INDEX = "ix_events_sender_id"  # the name Rasa itself gives it


def _sender_indexes(engine: Engine) -> List[str]:
    inspector = sa.inspect(engine)
    if not inspector.has_table(EVENTS_TABLE):
        return []
    return [
        index["name"]
        for index in inspector.get_indexes(EVENTS_TABLE)
        if index.get("column_names") and index["column_names"][0] == "sender_id"
    ]


def _invalid_postgres_index(engine: Engine) -> bool:
    query = sa.text(
        "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname = :name AND NOT i.indisvalid"
    )
    with engine.connect() as conn:
        return conn.execute(query, {"name": SENDER_INDEX}).first() is not None


def migrate(engine: Engine) -> bool:
    """Add the ``sender_id`` index to ``events`` if it is missing; True if it built one."""
    try:
        if not sa.inspect(engine).has_table(EVENTS_TABLE):
            return False
        dialect = engine.dialect.name
        if dialect == "postgresql" and _invalid_postgres_index(engine):
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text(f"DROP INDEX CONCURRENTLY IF EXISTS {SENDER_INDEX}"))
        if _sender_indexes(engine):
            return False
        logger.warning(
            "The events table has no sender_id index (every turn would scan "
            "the whole table): creating %s once, now.",
            SENDER_INDEX,
        )
        start = time.monotonic()
        if dialect == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(
                    sa.text(
                        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {SENDER_INDEX} "
                        f"ON {EVENTS_TABLE} (sender_id)"
                    )
                )
                # fresh planner statistics: on a table never analysed (a bulk load,
                # autovacuum not yet round) PostgreSQL guesses 0.5% of the rows per
                # sender and plans the per-turn load with parallel workers and JIT
                # (31 ms at 4M events instead of 0.3 ms; docs/performance.md 10.3).
                # ANALYZE samples the table (0.2 s at 4M rows) and blocks no writes.
                conn.execute(sa.text(f"ANALYZE {EVENTS_TABLE}"))
        else:
            with engine.begin() as conn:
                conn.execute(
                    sa.text(
                        f"CREATE INDEX IF NOT EXISTS {SENDER_INDEX} ON {EVENTS_TABLE} (sender_id)"
                    )
                )
        logger.warning("Created %s in %.1f s.", SENDER_INDEX, time.monotonic() - start)
        return True
    except sa.exc.SQLAlchemyError as error:  # a parallel start may have won the race
        logger.warning("Could not check or create the events index: %s", type(error).__name__)
        return False

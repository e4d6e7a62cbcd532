"""SQL tracker store that honours patient data-deletion requests.

Rasa's ``SQLTrackerStore.save()`` only *appends* the events that are not yet
stored (it counts the stored rows of the current session and inserts the rest),
so a custom action cannot delete a conversation itself: Rasa would re-insert the
whole tracker at the end of the turn. This store intercepts that save instead.

Deletion marker (the contract with actions/data_rights.py)
---------------------------------------------------------
A ``SlotSet`` event for slot ``conversation_deleted`` with value ``True``
(``{"event": "slot", "name": "conversation_deleted", "value": true}``) among the
events of the turn being saved. ``action_delete_conversation`` returns exactly
that event. When it is seen, nothing of the turn is inserted; instead, in one
transaction:

* every row of ``events`` for that ``sender_id`` is deleted,
* the console's per-conversation rows (reviews, tags, notes) are deleted,
* one ``console_audit`` row is written with actor ``patient``, action
  ``conversation_deleted``, target = sha256(sender_id), and detail
  ``{"reason": "patient_request", "events_deleted": n}`` — no message content.

The next message from the same sender starts a brand-new, empty tracker.
Events of the deleted turn are not streamed to an event broker (if one were
configured), because they could not be recalled afterwards.

URL: ``url:`` in endpoints.yml if given, else the ``TRACKER_DB_URL`` environment
variable, else ``sqlite:///var/tracker.db`` (so endpoints.yml needs no
``${...}`` substitution). ``CONSOLE_DB_URL`` (default: the tracker URL) says
where the console's tables live.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext import tracker_migrations
from storage import audit, deletion, engines, tables
from storage.deletion import DELETION_SLOT

logger = logging.getLogger(__name__)


def is_deletion_marker(event: Any) -> bool:
    return isinstance(event, SlotSet) and event.key == DELETION_SLOT and event.value is True


class ManagedSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` + conversation deletion on the patient's request."""

    def __init__(
        self,
        domain: Optional[Any] = None,
        host: Optional[Text] = None,
        event_broker: Optional[Any] = None,
        **kwargs: Dict[Text, Any],
    ) -> None:
        url = host or engines.tracker_db_url()
        engines.ensure_sqlite_dir(url)
        kwargs.pop("url", None)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        self.tracker_db_url = url
        tracker_migrations.migrate(self.engine)  # the sender_id index on older databases
        self.console_db_url = os.environ.get("CONSOLE_DB_URL") or url
        if self.console_db_url == url:
            self.console_engine = self.engine
        else:
            engines.ensure_sqlite_dir(self.console_db_url)
            self.console_engine = engines.make_engine(self.console_db_url)
        try:
            tables.create_console_tables(self.console_engine)
        except sa.exc.SQLAlchemyError as error:  # parallel start-up may race
            logger.warning("Could not create console tables: %s", error)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not any(is_deletion_marker(event) for event in tracker.events):
            # the marker is not even in memory: save as Rasa does, without a second
            # query for the events already stored
            await super().save(tracker)
            return
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if any(is_deletion_marker(event) for event in new_events):
            self.delete_conversation(tracker.sender_id, reason="patient_request")
            return
        await super().save(tracker)

    def delete_conversation(self, sender_id: Text, reason: Text) -> int:
        """Delete every stored event of ``sender_id``; audit it without content."""

        def forget_in_console(conn: Any, deleted: int) -> None:
            deletion.delete_console_rows(conn, [sender_id])
            audit.write_audit(
                conn,
                actor="patient",
                action="conversation_deleted",
                target=audit.sender_hash(sender_id),
                detail={"reason": reason, "events_deleted": deleted},
            )

        same_db = self.console_engine is self.engine
        with self.engine.begin() as conn:
            deleted = deletion.delete_tracker_rows(conn, [sender_id])
            if same_db:  # one transaction for both
                forget_in_console(conn, deleted)
        if not same_db:
            with self.console_engine.begin() as conn:
                forget_in_console(conn, deleted)
        logger.info("Deleted a conversation on request (%s events).", deleted)
        return deleted

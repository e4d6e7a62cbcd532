"""Tables that more than one process reads, in one neutral place.

Imported by the Rasa server (``rasa_ext.tracker_store``), the staff console
(``console/``), the widget server (patient feedback) and the action server (the
deletion marker). It imports only SQLAlchemy: nothing of Rasa, nothing of the console.

* ``storage.tables``: the console's own tables (``console_*``, created by
  :func:`storage.tables.create_console_tables`) and a READ description of Rasa's
  ``events`` table. Rasa owns ``events``: only Rasa creates it (with its
  ``sender_id`` index); everyone else reads it, and deletes whole conversations.
* ``storage.engines``: one SQLAlchemy engine per URL per process.
* ``storage.deletion``: the deletion marker slot and "delete these conversations".
* ``storage.audit``: the audit log writer (ids, counts and codes only, never text).
"""

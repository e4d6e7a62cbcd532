"""The neutral tables package: who owns which table, and who imports whom."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa
from console_helpers import SELF_CARE_TURNS, make_store, save_conversation
from rasa.shared.core.events import Event
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.data_rights import ActionDeleteConversation
from console import security, transcripts
from console.config import Settings
from console.store import Store
from rasa_ext.tracker_store import is_deletion_marker
from storage import engines, tables
from storage.deletion import DELETION_SLOT

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("package", ["rasa_ext", "storage", "actions", "clinical"])
def test_server_side_packages_never_import_the_console(package):
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name == "console" or name.startswith("console.")
    }
    assert offenders == set()


def test_storage_imports_only_sqlalchemy_and_itself():
    allowed = {"sqlalchemy", "storage", "__future__", "typing", "hashlib", "json", "os", "time"}
    allowed |= {"unicodedata"}
    for path in (ROOT / "storage").glob("*.py"):
        for name in _imports(path):
            assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def _defines_or_sets(path: Path, value: str) -> bool:
    """``NAME = "value"`` or ``SlotSet("value", ...)`` anywhere in the module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if node.value.value == value:
                return True
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            if node.args[0].value == value and getattr(node.func, "id", "") == "SlotSet":
                return True
    return False


def test_deletion_slot_name_is_defined_once():
    files = [
        str(path.relative_to(ROOT))
        for package in ("actions", "rasa_ext", "storage", "console", "widget")
        for path in (ROOT / package).rglob("*.py")
        if _defines_or_sets(path, DELETION_SLOT)
    ]
    assert files == ["storage/deletion.py"]


def test_the_action_returns_the_marker_the_tracker_store_acts_on():
    tracker = Tracker("p", {}, {}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    returned = asyncio.run(ActionDeleteConversation().run(dispatcher, tracker, {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_deleted"]
    assert [is_deletion_marker(Event.from_parameters(e)) for e in returned] == [True]


def _settings(url: str) -> Settings:
    base = Settings.from_env()
    return Settings(**{**base.__dict__, "tracker_db_url": url, "console_db_url": url})


def test_console_never_creates_rasas_table_and_works_without_it(db_url):
    console = Store(_settings(db_url))
    console.init()
    engine = engines.make_engine(db_url)
    assert not engines.has_table(engine, "events")
    assert "console_users" in sa.inspect(engine).get_table_names()
    listing = console.listing(transcripts.Filters(), 1, 25, escalations=False)
    assert (listing.total, listing.items) == (0, [])
    assert console.conversation("anyone") is None and not console.exists("anyone")
    assert console.export_records(transcripts.Filters()) == []
    assert console.purge(30, dry_run=True)["conversations"] == 0
    assert not engines.has_table(engine, "events")

    # Rasa then creates its table itself, with the sender_id index every turn needs.
    rasa = make_store(db_url)
    save_conversation(rasa, "first", SELF_CARE_TURNS)
    indexed = [ix["column_names"] for ix in sa.inspect(engine).get_indexes("events")]
    assert ["sender_id"] in indexed
    listing = console.listing(transcripts.Filters(), 1, 25, escalations=False)
    assert [s.sender_id for s in listing.items] == ["first"]
    rasa.engine.dispose()


def test_one_active_admin_rule_lives_in_the_store(db_url):
    console = Store(_settings(db_url))
    console.init()
    admin = console.create_user("cli", "only.admin", "a long enough password", "admin")
    staff = console.create_user("cli", "a.nurse", "another long password", "staff")
    with pytest.raises(security.AccountError, match="one active admin"):
        console.update_user(admin, admin.id, "staff", True)
    with pytest.raises(security.AccountError, match="one active admin"):
        console.update_user(admin, admin.id, "admin", False)
    console.update_user(admin, staff.id, "admin", True)  # a second admin ...
    console.update_user(admin, admin.id, "staff", True)  # ... lets the first step down
    roles = {u.username: (u.role, u.active) for u in console.list_users()}
    assert roles == {"only.admin": ("staff", True), "a.nurse": ("admin", True)}
    actions = [item["action"] for item in console.audit_page(1)[0]]
    assert actions.count("user_update") == 2 and actions.count("user_create") == 2
    with engines.make_engine(db_url).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.audit)).scalar() == 4

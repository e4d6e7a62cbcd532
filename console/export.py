"""CSV and JSON exports of one conversation or a filtered set."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Dict, List, Optional, Sequence

from console import redact as redaction
from console.transcripts import ReviewState, Summary, Turn

CSV_COLUMNS = (
    "conversation_id",
    "turn",
    "time",
    "channel",
    "user_text",
    "intent",
    "confidence",
    "red_flags",
    "disposition_change",
    "bot_replies",
    "slots",
    "escalated",
    "conversation_disposition",
    "reviewed",
    "feedback",
    "label",
    "label_gap",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """Stringify a cell and neutralise spreadsheet formulas (CSV injection)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def redactor(redact: bool):
    if not redact:
        return lambda text: text
    return redaction.redact


def _slot_value(value: Any, redact_fn) -> Any:
    if isinstance(value, str):
        return redact_fn(value)
    if isinstance(value, list):
        return [_slot_value(v, redact_fn) for v in value]
    if isinstance(value, dict):
        return {k: _slot_value(v, redact_fn) for k, v in value.items()}
    return value


def conversation_record(
    summary: Summary, turns: Sequence[Turn], redact: bool, review: Optional[ReviewState] = None
) -> Dict[str, Any]:
    redact_fn = redactor(redact)
    review = review or ReviewState()
    out_turns = []
    for turn in turns:
        data = turn.as_dict()
        data["feedback"] = [
            {
                "helpful": f.helpful,
                "comment": redact_fn(f.comment) if f.comment else f.comment,
                "time": f.time,
            }
            for event_id in turn.bot_event_ids
            for f in review.feedback_for(event_id)
        ]
        data["user_text"] = redact_fn(data["user_text"]) if data["user_text"] else data["user_text"]
        data["bot_replies"] = [redact_fn(t) for t in data["bot_replies"]]
        data["slots"] = {k: _slot_value(v, redact_fn) for k, v in data["slots"].items()}
        out_turns.append(data)
    record = summary.as_dict()
    record["turns"] = out_turns
    return record


def to_json(
    records: List[Dict[str, Any]], redact: bool, filters: Optional[Dict[str, str]] = None
) -> str:
    payload = {
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "redacted": redact,
        "redaction_note": None,
        "filters": filters or {},
        "conversations": records,
    }
    if redact:
        payload["redaction_note"] = redaction.LIMITATION_NOTE
    return json.dumps(payload, indent=2, ensure_ascii=False)


def to_csv(records: List[Dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        for turn in record["turns"]:
            change = turn["disposition_change"]
            writer.writerow(
                [
                    csv_safe(record["sender_id"]),
                    turn["turn"],
                    csv_safe(turn["time"]),
                    csv_safe(turn["channel"]),
                    csv_safe(turn["user_text"]),
                    csv_safe(turn["intent"]),
                    "" if turn["confidence"] is None else f"{turn['confidence']:.3f}",
                    csv_safe(";".join(turn["red_flags"])),
                    csv_safe(f"{change['from'] or ''}->{change['to']}" if change else ""),
                    csv_safe(" | ".join(turn["bot_replies"])),
                    csv_safe(json.dumps(turn["slots"], ensure_ascii=False, sort_keys=True)),
                    "yes" if turn["escalated"] else "no",
                    csv_safe(record["disposition"]),
                    "yes" if record["reviewed"] else "no",
                    csv_safe(
                        "; ".join(
                            ("helped" if f["helpful"] else "didn't help")
                            + (f": {f['comment']}" if f["comment"] else "")
                            for f in turn.get("feedback", [])
                        )
                    ),
                    csv_safe(record.get("label")),
                    csv_safe(record.get("label_gap")),
                ]
            )
    return buffer.getvalue()

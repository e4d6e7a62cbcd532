"""rasa_ext.rule_lookup: RulePolicy's possible rule keys equal Rasa 3.6's.

The states are real: the project's domain, conversations grown event by event (a
form with an FAQ inside it, rule-only turns, a restart), taken as RulePolicy takes them
(``ignore_rule_only_turns`` with rule-only data). The rules are every slice of those
states up to eight long (what a learned rule key is: a JSON list of states), the
same slices with sub-states or features dropped (partial rules), and conversation
starters; the possible keys are compared with Rasa's function for every prefix of
every conversation.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import structlog
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActiveLoop,
    DefinePrevUserUtteredFeaturization,
    Restarted,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_events import act, session, turn, user

from rasa_ext import rule_lookup

ROOT = Path(__file__).resolve().parents[2]
RULE_ONLY = {"slots": [], "loops": ["side_effect_form"]}


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    rule_lookup.install()
    yield
    rule_lookup.uninstall()


@pytest.fixture
def structlog_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """configure_structlog(level) as the server does, then a fresh logger for
    rule_policy (structlog caches a logger's configuration on first use); the logging
    setup is restored afterwards."""
    from rasa.core.policies import rule_policy
    from rasa.utils.log_utils import configure_structlog

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)

    def configure(log_level: int) -> None:
        configure_structlog(log_level)
        monkeypatch.setattr(rule_policy, "structlogger", structlog.get_logger())

    monkeypatch.setattr(rule_policy, "structlogger", structlog.get_logger())
    yield configure
    structlog.reset_defaults()
    root.setLevel(level)
    root.handlers[:] = handlers


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def policy() -> RulePolicy:
    # the lookup methods use no configuration or model storage
    return RulePolicy.__new__(RulePolicy)


def conversation() -> List[Any]:
    return [
        *session(),
        *turn("greet", "utter_greet"),
        *turn("faq", "utter_faq"),
        user("report_side_effect"),
        DefinePrevUserUtteredFeaturization(False),
        act("action_start_triage"),
        act("side_effect_form"),
        ActiveLoop("side_effect_form"),
        SlotSet("requested_slot", "symptoms"),
        act("action_listen"),
        user("inform", "since tuesday"),
        act("side_effect_form"),
        SlotSet("symptoms", ["dizzy"]),
        SlotSet("requested_slot", "severity"),
        act("action_listen"),
        user("faq"),
        act("utter_faq", hide_rule_turn=True),
        act("side_effect_form"),
        act("action_listen"),
        user("inform", "mild"),
        act("side_effect_form"),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        act("action_listen"),
        *[e for _ in range(8) for e in turn("thank", "utter_thanks")],
        Restarted(),
        act("action_listen"),
        *turn("greet", "utter_greet"),
    ]


def all_states(domain: Domain) -> List[List[Dict[str, Any]]]:
    """The states RulePolicy sees after every event of the conversation."""
    tracker = DialogueStateTracker("rules", domain.slots)
    out = []
    for event in conversation():
        tracker.update(event)
        out.append(
            domain.states_for_tracker_history(
                tracker, ignore_rule_only_turns=True, rule_only_data=RULE_ONLY
            )
        )
    return out


def rule_keys(states: List[Dict[str, Any]]) -> Dict[str, str]:
    keys: Dict[str, str] = {}

    def add(rule: List[Dict[str, Any]]) -> None:
        keys[json.dumps(rule, sort_keys=True, default=list)] = "some_action"

    for length in range(1, 9):
        for start in range(0, max(1, len(states) - length + 1)):
            rule = states[start : start + length]
            add(rule)
            add([{k: v for k, v in state.items() if k != "slots"} for state in rule])
            add([{k: v for k, v in state.items() if k != "user"} for state in rule])
            add([{}] + rule[1:])  # a conversation starter
    return keys


def test_possible_keys_equal_rasas_for_every_prefix(domain: Domain) -> None:
    history = all_states(domain)
    lookup = rule_keys(max(history, key=len))
    assert len(lookup) > 200
    rules = policy()
    matched = 0
    for states in history:
        got = rules._get_possible_keys(lookup, states)
        want = rule_lookup._original_keys(rules, lookup, states)  # type: ignore[misc]
        assert got == want, f"{len(states)} states"
        matched += bool(got)
    assert matched > len(history) // 2  # the comparison is not about empty sets
    assert rule_lookup.stats["shortcut"] >= len(history)


def test_a_subclass_with_its_own_rule_check_gets_rasas_loop(domain: Domain) -> None:
    class Strict(RulePolicy):
        def _is_rule_applicable(self, rule_key: str, turn_index: int, state: Any) -> bool:
            return turn_index < 3 and super()._is_rule_applicable(rule_key, turn_index, state)

    history = all_states(domain)
    states = max(history, key=len)
    lookup = rule_keys(states)
    strict = Strict.__new__(Strict)
    before = rule_lookup.stats["rasa"]
    assert strict._get_possible_keys(lookup, states) == rule_lookup._original_keys(  # type: ignore
        strict, lookup, states
    )
    assert rule_lookup.stats["rasa"] == before + 1


def test_format_skipped_only_when_debug_is_dropped(domain: Domain, structlog_at: Any) -> None:
    states = max(all_states(domain), key=len)
    text = rule_lookup._original_format(states)  # type: ignore[misc]
    assert text
    assert RulePolicy.format_tracker_states(states) == text  # structlog's defaults: DEBUG
    structlog_at(logging.INFO)
    assert RulePolicy.format_tracker_states(states) == ""
    structlog_at(logging.DEBUG)
    assert RulePolicy.format_tracker_states(states) == text
    # other policies keep Rasa's method
    from rasa.core.policies.policy import Policy

    assert Policy.format_tracker_states(states) == text


def test_turned_off(domain: Domain, monkeypatch: pytest.MonkeyPatch, structlog_at: Any) -> None:
    monkeypatch.setenv("RULE_LOOKUP_SHORTCUT", "0")
    states = max(all_states(domain), key=len)
    lookup = rule_keys(states)
    before = rule_lookup.stats["rasa"]
    assert policy()._get_possible_keys(lookup, states) == rule_lookup._original_keys(  # type: ignore
        policy(), lookup, states
    )
    assert rule_lookup.stats["rasa"] == before + 1
    structlog_at(logging.INFO)
    assert RulePolicy.format_tracker_states(states) == rule_lookup._original_format(states)  # type: ignore


def _live_rule_policy(tmp_path: Path, lookup: Dict[str, Any]) -> RulePolicy:
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    return RulePolicy(
        {**RulePolicy.get_default_config()},
        LocalModelStorage(tmp_path),
        Resource("rules"),
        ExecutionContext(GraphSchema({}), "test"),
        lookup=lookup,
    )


def test_whole_predictions_equal_rasas_with_only_the_last_states(
    domain: Domain, tmp_path: Path
) -> None:
    """RulePolicy fed only the last L + 1 states (L: its longest rule) predicts what it
    predicts from every state: the same action probabilities, the same
    rule found (or, with none, the same answer to "is the key a rule not in stories"),
    the same hide_rule_turn and events, after every event of a
    conversation longer than any rule, with the past-states checkpoint on and off."""
    from rasa.core.policies.rule_policy import (
        RULES,
        RULES_FOR_LOOP_UNHAPPY_PATH,
        RULES_NOT_IN_STORIES,
    )

    from rasa_ext import past_states

    events = conversation()[:-4] + [e for _ in range(6) for e in turn("faq", "utter_faq")]
    tracker = DialogueStateTracker("rules", domain.slots)
    seen: List[List[Dict[str, Any]]] = []
    for event in events:
        tracker.update(event)
        seen.append(domain.states_for_tracker_history(tracker))
    rules: Dict[str, str] = {}
    for states in seen[::3]:
        for length in (1, 2, 3, 4):
            if len(states) >= length:
                rule = states[-length:]
                rules[json.dumps(rule, sort_keys=True)] = "utter_thanks"
                rules[json.dumps([{}] + rule[1:], sort_keys=True)] = "utter_greet"
    lookup = {
        RULES: rules,
        RULES_FOR_LOOP_UNHAPPY_PATH: dict(list(rules.items())[:5]),
        RULES_NOT_IN_STORIES: list(rules)[::2],
    }
    longest = max(len(json.loads(key)) for key in rules)
    assert rule_lookup.longest_rule(_live_rule_policy(tmp_path, lookup)) == longest
    assert max(len(states) for states in seen) > 3 * longest  # the tail is a real cut

    def predictions(on: bool, checkpoint: bool) -> List[Any]:
        (rule_lookup.install if on else rule_lookup.uninstall)()
        (past_states.install if checkpoint else _uninstall_past_states)()
        past_states.clear()
        policy = _live_rule_policy(tmp_path, lookup)
        live = DialogueStateTracker("live", domain.slots)
        out = []
        for event in events:
            live.update(event)
            found = []
            for use_text in (True, False):
                action, source, unhappy = policy._find_action_from_rules(live, domain, use_text)
                # with no rule the source is the key of the states given, used only for
                # its membership in RULES_NOT_IN_STORIES (it has more states than any rule)
                if action is None:
                    source = source in lookup[RULES_NOT_IN_STORIES]
                found.append((action, source, unhappy))
            prediction = policy.predict_action_probabilities(live, domain)
            out.append(
                (
                    found,
                    prediction.probabilities,
                    prediction.hide_rule_turn,
                    [type(e).__name__ for e in prediction.events],
                )
            )
        return out

    try:
        rasa = predictions(on=False, checkpoint=False)
        before = rule_lookup.stats["states_tail"]
        for checkpoint in (True, False):
            ours = predictions(on=True, checkpoint=checkpoint)
            for index, (got, want) in enumerate(zip(ours, rasa, strict=True)):
                assert got == want, f"after event {index} (checkpoint {checkpoint})"
        assert rule_lookup.stats["states_tail"] > before
        assert sum(1 for found, *_ in rasa if found[1][0]) > len(events) // 4  # rules fire
    finally:
        past_states.install()
        rule_lookup.install()


def _uninstall_past_states() -> None:
    from rasa_ext import past_states

    if past_states._original is not None:
        Domain.states_for_tracker_history = past_states._original  # type: ignore


def test_the_tail_is_only_for_live_trackers(domain: Domain, tmp_path: Path) -> None:
    """Training trackers (RulePolicy checks its rules against whole stories) get every
    state: the patched method hands them to Rasa's."""
    from rasa.shared.core.generator import TrackerWithCachedStates

    training = TrackerWithCachedStates("story", domain.slots, domain=domain)
    for event in conversation()[:-4]:
        training.update(event)
    policy = _live_rule_policy(tmp_path, {"rules": {"[{}]": "utter_greet"}})
    before = rule_lookup.stats["states_tail"]
    states = policy._prediction_states(training, domain)
    assert len(states) == len(training.past_states(domain))
    assert rule_lookup.stats["states_tail"] == before

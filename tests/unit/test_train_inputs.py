"""scripts/train_inputs.py: which changes allow scripts/train.sh's incremental paths."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scripts import train_inputs
from scripts.train_inputs import ANSWERS, FINETUNE, FULL


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = train_inputs.ROOT
    for name in ["config.yml", "domain.yml", "requirements/lock.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, tmp_path / name)
    shutil.copytree(root / "data", tmp_path / "data")
    monkeypatch.setattr(train_inputs, "ROOT", tmp_path)
    monkeypatch.setattr(train_inputs, "NLU_DIR", tmp_path / "data" / "nlu")
    return tmp_path


def add_line(path: Path, after: str, line: str) -> None:
    text = path.read_text()
    assert after in text
    path.write_text(text.replace(after, after + line, 1))


def reword_faq_answer(tree: Path) -> None:
    path = tree / "data/responses/faq.yml"
    text = path.read_text()
    changed = re.sub(r'(utter_faq/what_is:\n\s*- text: ")', r"\1In short: ", text, count=1)
    assert changed != text
    path.write_text(changed)


def changed_parts(before: tuple, after: tuple) -> list[str]:
    names = ("fixed", "nlu", "answers")
    return [name for name, a, b in zip(names, before, after, strict=True) if a != b]


def test_a_new_example_changes_only_the_nlu_part(tree: Path) -> None:
    before = train_inputs.fingerprints()
    add_line(
        tree / "data/nlu/basics.yml",
        "- intent: greet\n  examples: |\n",
        "    - hey there, good morning to you\n",
    )
    after = train_inputs.fingerprints()
    assert changed_parts(before, after) == ["nlu"]
    assert train_inputs.decide(" ".join(before), after)[0] == FINETUNE


def test_a_reworded_faq_answer_changes_only_the_answers_part(tree: Path) -> None:
    before = train_inputs.fingerprints()
    reword_faq_answer(tree)
    after = train_inputs.fingerprints()
    assert changed_parts(before, after) == ["answers"]
    assert train_inputs.decide(" ".join(before), after)[0] == ANSWERS


def test_a_new_variation_of_an_answer_is_an_answer_change(tree: Path) -> None:
    before = train_inputs.fingerprints()
    add_line(
        tree / "data/responses/faq.yml",
        "  utter_faq/how_it_works:\n",
        '    - text: "A second variation."\n',
    )
    assert changed_parts(before, train_inputs.fingerprints()) == ["answers"]


def test_a_renamed_faq_answer_changes_the_fixed_part(tree: Path) -> None:
    before = train_inputs.fingerprints()
    path = tree / "data/responses/faq.yml"
    path.write_text(path.read_text().replace("utter_faq/what_is:", "utter_faq/what_is_it:", 1))
    after = train_inputs.fingerprints()
    assert "fixed" in changed_parts(before, after)
    assert train_inputs.decide(" ".join(before), after)[0] == FULL


def test_a_new_response_in_data_responses_changes_the_fixed_part(tree: Path) -> None:
    before = train_inputs.fingerprints()
    with (tree / "data/responses/faq.yml").open("a") as out:
        out.write('\n  utter_brand_new:\n    - text: "Hello."\n')
    assert "fixed" in changed_parts(before, train_inputs.fingerprints())


def test_a_responses_file_with_anything_else_is_all_fixed(tree: Path) -> None:
    path = tree / "data/responses/more.yml"
    path.write_text(
        'version: "3.1"\nrules:\n- rule: r\n  steps:\n  - intent: greet\n'
        "  - action: utter_greet\n"
        'responses:\n  utter_x:\n    - text: "One."\n'
    )
    before = train_inputs.fingerprints()
    path.write_text(path.read_text().replace("One.", "Two."))
    after = train_inputs.fingerprints()
    assert changed_parts(before, after) == ["fixed"]


def test_a_new_intent_changes_the_fixed_part(tree: Path) -> None:
    fixed, _, _ = train_inputs.fingerprints()
    with (tree / "data/nlu/basics.yml").open("a") as out:
        out.write("\n- intent: brand_new_intent\n  examples: |\n    - a brand new thing\n")
    assert train_inputs.fingerprints()[0] != fixed


@pytest.mark.parametrize("name", ["config.yml", "data/stories/triage.yml"])
def test_config_and_stories_change_the_fixed_part(tree: Path, name: str) -> None:
    before = train_inputs.fingerprints()
    with (tree / name).open("a") as out:
        out.write("\n# changed\n")
    assert changed_parts(before, train_inputs.fingerprints()) == ["fixed"]


def test_a_reworded_domain_response_changes_only_the_answers_part(tree: Path) -> None:
    before = train_inputs.fingerprints()
    path = tree / "domain.yml"
    text = path.read_text()
    changed = re.sub(r'(utter_greet:\n\s*- text: ")', r"\1Well, ", text, count=1)
    assert changed != text
    path.write_text(changed)
    after = train_inputs.fingerprints()
    assert changed_parts(before, after) == ["answers"]
    assert train_inputs.decide(" ".join(before), after)[0] == ANSWERS


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        ("utter_greet:", "utter_greet_renamed:"),  # a response name
        ("session_expiration_time:", "session_expiration_time: 61 #"),  # the rest
    ],
)
def test_the_domain_outside_response_texts_is_fixed(tree: Path, find: str, replace: str) -> None:
    before = train_inputs.fingerprints()
    path = tree / "domain.yml"
    text = path.read_text()
    assert find in text
    path.write_text(text.replace(find, replace, 1))
    assert "fixed" in changed_parts(before, train_inputs.fingerprints())


def test_examples_and_answers_changed_together_are_finetuned(tree: Path) -> None:
    before = train_inputs.fingerprints()
    reword_faq_answer(tree)
    add_line(tree / "data/nlu/basics.yml", "- intent: greet\n  examples: |\n", "    - hiya\n")
    assert train_inputs.decide(" ".join(before), train_inputs.fingerprints())[0] == FINETUNE


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        (None, FULL),  # no parts recorded
        ("", FULL),
        ("a b", FULL),  # the two-part format of older models
        ("- b c", FULL),  # parts that could not be computed
        ("a b c", FULL),  # nothing the parts see changed: the safe default
        ("x b c", FULL),  # fixed part changed
        ("a x c", FINETUNE),
        ("a b x", ANSWERS),
        ("a x x", FINETUNE),
    ],
)
def test_decide(old: str | None, expected: str) -> None:
    assert train_inputs.decide(old, ("a", "b", "c"))[0] == expected


def test_decide_full_training_after_the_finetune_limit() -> None:
    assert train_inputs.decide("a x c", ("a", "b", "c"), finetunes=4, limit=5)[0] == FINETUNE
    assert train_inputs.decide("a x c", ("a", "b", "c"), finetunes=5, limit=5)[0] == FULL
    # answers never touch the weights: no limit for them
    assert train_inputs.decide("a b x", ("a", "b", "c"), finetunes=9, limit=5)[0] == ANSWERS


def test_decide_command_reads_the_parts_file(tree: Path, capsys: pytest.CaptureFixture) -> None:
    parts = " ".join(train_inputs.fingerprints())
    (tree / "models").mkdir()
    (tree / "models/.fingerprint-parts").write_text(parts + "\n")
    reword_faq_answer(tree)
    assert train_inputs.main(["--root", str(tree), "decide"]) == 0
    assert capsys.readouterr().out.strip() == ANSWERS


def test_decide_with_parts_prints_the_decision_and_the_parts_line(
    tree: Path, capsys: pytest.CaptureFixture
) -> None:
    parts = " ".join(train_inputs.fingerprints())
    (tree / "models").mkdir()
    (tree / "models/.fingerprint-parts").write_text(parts + "\n")
    reword_faq_answer(tree)
    after = " ".join(train_inputs.fingerprints())
    assert after != parts
    assert train_inputs.main(["--root", str(tree), "decide", "--with-parts"]) == 0
    assert capsys.readouterr().out.strip() == f"{ANSWERS} {after}"

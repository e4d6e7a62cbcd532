"""scripts/train_inputs.py: which changes allow scripts/train.sh's finetune path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import train_inputs


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


def test_a_new_example_changes_only_the_nlu_part(tree: Path) -> None:
    fixed, nlu = train_inputs.fingerprints()
    add_line(
        tree / "data/nlu/basics.yml",
        "- intent: greet\n  examples: |\n",
        "    - hey there, good morning to you\n",
    )
    new_fixed, new_nlu = train_inputs.fingerprints()
    assert new_fixed == fixed
    assert new_nlu != nlu


def test_a_new_intent_changes_the_fixed_part(tree: Path) -> None:
    fixed, _ = train_inputs.fingerprints()
    with (tree / "data/nlu/basics.yml").open("a") as out:
        out.write("\n- intent: brand_new_intent\n  examples: |\n    - a brand new thing\n")
    assert train_inputs.fingerprints()[0] != fixed


@pytest.mark.parametrize("name", ["config.yml", "domain.yml", "data/stories/triage.yml"])
def test_config_domain_and_stories_change_the_fixed_part(tree: Path, name: str) -> None:
    fixed, nlu = train_inputs.fingerprints()
    with (tree / name).open("a") as out:
        out.write("\n# changed\n")
    assert train_inputs.fingerprints() == (train_inputs.fingerprints()[0], nlu)
    assert train_inputs.fingerprints()[0] != fixed

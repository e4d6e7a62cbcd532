"""Why a changed FAQ answer text needs no retraining (scripts/update_answers.py).

The claim train.sh's "answers" path rests on: with this project's config.yml, what DIET
and the ResponseSelector are trained on (their model data and label data, built by
Rasa's own ``preprocess_train_data`` after the tokenizer and featurizers of
config.yml) is identical whether or not an FAQ answer's text changed, even when the
new text brings words the NLU data has never seen. If someone sets
``use_text_as_label: true`` or adds a featurizer that reads the answers, this fails.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Dict

import numpy as np
import pytest
import scipy.sparse

from scripts import update_answers

ROOT = update_answers.ROOT
NEW_WORDS = "In short, zyxophant quibblewort: "


def _project(into: Path, reword: bool) -> Path:
    into.mkdir(parents=True)
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, into / name)
    shutil.copytree(ROOT / "data", into / "data")
    if reword:
        path = into / "data/responses/faq.yml"
        text = path.read_text()
        changed = re.sub(r'(utter_faq/what_is:\n\s*- text: ")', rf"\1{NEW_WORDS}", text, count=1)
        assert changed != text
        path.write_text(changed)
    return into


def _train_inputs(root: Path, storage_dir: Path) -> Dict[str, Any]:
    """DIET's and the ResponseSelector's model data and label data for ``root``."""
    import rasa.shared.utils.io
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.nlu.selectors.response_selector import ResponseSelector
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(root / "config.yml"), str(root / "domain.yml"), [str(root / "data")]
    )
    data = importer.get_nlu_data()
    storage = LocalModelStorage(storage_dir)
    context = ExecutionContext(GraphSchema({}), "test")
    pipeline = rasa.shared.utils.io.read_yaml_file(root / "config.yml")["pipeline"]
    out: Dict[str, Any] = {}
    for index, step in enumerate(pipeline):
        step = dict(step)
        cls = DefaultV1Recipe._from_registry(step.pop("name")).clazz
        config = {**cls.get_default_config(), **step}
        resource = Resource(f"{cls.__name__}{index}")
        component = cls.create(config, storage, resource, context)
        if cls in (DIETClassifier, ResponseSelector):
            model_data = component.preprocess_train_data(data)
            out[cls.__name__] = (model_data, component._label_data)
            continue
        if hasattr(component, "train"):
            try:
                component.train(data)
            except TypeError:
                pass
            component = cls.load(config, storage, resource, context)
        if hasattr(component, "process_training_data"):
            data = component.process_training_data(data)
    return out


def _same(a: Any, b: Any) -> bool:
    if scipy.sparse.issparse(a) or scipy.sparse.issparse(b):
        return (
            scipy.sparse.issparse(a)
            and scipy.sparse.issparse(b)
            and a.shape == b.shape
            and (a != b).nnz == 0
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype == object or b.dtype == object:
            pairs = zip(a.flat, b.flat, strict=True)
            return a.shape == b.shape and all(_same(x, y) for x, y in pairs)
        return a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _model_data_dict(model_data: Any) -> Dict[str, Any]:
    return {key: dict(sub) for key, sub in model_data.data.items()}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Dict[str, Any]]:
    base = tmp_path_factory.mktemp("answers")
    out = {}
    for name, reword in (("before", False), ("after", True)):
        project = _project(base / name, reword)
        storage = base / f"{name}-storage"
        storage.mkdir()
        out[name] = _train_inputs(project, storage)
    return out


@pytest.mark.parametrize("component", ["DIETClassifier", "ResponseSelector"])
def test_a_reworded_answer_leaves_the_trained_components_inputs_unchanged(
    both: Dict[str, Dict[str, Any]], component: str
) -> None:
    before_data, before_labels = both["before"][component]
    after_data, after_labels = both["after"][component]
    assert before_data.data, "no model data: the comparison would prove nothing"
    assert set(before_data.data) == {"text", "label"}
    assert _same(_model_data_dict(before_data), _model_data_dict(after_data))
    assert _same(_model_data_dict(before_labels), _model_data_dict(after_labels))


def test_the_comparison_sees_a_change_in_the_text_features(
    both: Dict[str, Dict[str, Any]],
) -> None:
    """The helper is not blind: other model data compares unequal."""
    diet = _model_data_dict(both["before"]["DIETClassifier"][0])
    selector = _model_data_dict(both["before"]["ResponseSelector"][0])
    assert not _same(diet, selector)

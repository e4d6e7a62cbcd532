"""Put changed response texts (FAQ answers, domain responses) into the trained model.

    python scripts/update_answers.py [--model models/current.tar.gz] [--out PATH] [--root DIR]

scripts/train.sh runs this when only the content of responses in data/responses or
domain.yml changed (scripts/train_inputs.py: same response names, same NLU examples and labels, same
config, domain, rules, stories and packages). Why nothing needs retraining (checked
on this model and Rasa 3.6; docs/performance.md, section 9):

* the ResponseSelector learns the response *keys* (``use_text_as_label`` is false), and
  it and DIET read only the features of the user's text (their model data holds
  ``text`` and ``label`` only); the CountVectorsFeaturizers learn the text
  vocabulary from the examples' text, not from the answers;
* at run time the answer is sent by ``ActionRetrieveResponse`` through the NLG from
  the model's domain, by the key the ResponseSelector predicted.

A response text lives in three places of a Rasa 3.6 model, and all three are
rewritten here from the training data exactly as ``rasa train`` builds them
(``TrainingDataImporter``): the domain in ``metadata.json``, the domain provider's
``domain.yml``, and the ResponseSelector's ``responses.json`` (what ``/model/parse``
shows). The model is re-packed with Rasa's own ``LocalModelStorage``. The one part
left as it was: the CountVectorsFeaturizers' vocabulary of the ``response`` attribute,
which only a model with ``use_text_as_label`` true (or end-to-end policies) would read.

Refuses (exit 2, the model untouched) when the domain differs in anything but the
responses' content, when the response names differ, or when the model has no
ResponseSelector; train.sh then runs a full training.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent


class Refused(Exception):
    """The change is not one this fast path may handle."""


def _without_responses(domain_dict: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(domain_dict)
    responses = out.pop("responses", {}) or {}
    out["response_names"] = sorted(responses)
    return out


def _resources(predict_schema: Any, base: type) -> List[str]:
    """Resource names of the predict-graph nodes whose component is a ``base``."""
    names = []
    for node in predict_schema.nodes.values():
        if isinstance(node.uses, type) and issubclass(node.uses, base) and node.resource:
            names.append(node.resource.name)
    return sorted(set(names))


def update(model: Path, out: Path, root: Path) -> Dict[str, Any]:
    import rasa.shared.utils.io
    from rasa.engine.graph import GraphModelConfiguration
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.graph_components.providers.domain_provider import DomainProvider
    from rasa.nlu.selectors.response_selector import ResponseSelector
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(root / "config.yml"), str(root / "domain.yml"), [str(root / "data")]
    )
    domain = importer.get_domain()
    responses = importer.get_nlu_data().responses

    with tempfile.TemporaryDirectory(prefix="answers-") as tmp:
        storage_path = Path(tmp) / "storage"
        storage_path.mkdir()
        storage, metadata = LocalModelStorage.from_model_archive(storage_path, model)
        old = metadata.domain
        if _without_responses(old.as_dict()) != _without_responses(domain.as_dict()):
            raise Refused("the domain changed in more than the responses' content")
        selectors = _resources(metadata.predict_schema, ResponseSelector)
        providers = _resources(metadata.predict_schema, DomainProvider)
        if not selectors or not providers:
            raise Refused("the model has no ResponseSelector or domain provider")
        for node_name, node in metadata.train_schema.nodes.items():
            if node.config.get("use_text_as_label"):
                raise Refused(f"{node_name} learns the answers' text (use_text_as_label)")
            if "end_to_end" in node_name:
                raise Refused("the model has end-to-end features (they read bot texts)")
        for name in selectors:
            with storage.read_from(Resource(name)) as path:
                stored = rasa.shared.utils.io.read_json_file(
                    path / f"{ResponseSelector.__name__}.responses.json"
                )
            if sorted(stored) != sorted(responses):
                raise Refused(f"{name}: the response names differ from the model's")
        changed = sorted(k for k in domain.responses if domain.responses[k] != old.responses[k])
        for name in selectors:
            with storage.write_to(Resource(name)) as path:
                rasa.shared.utils.io.dump_obj_as_json_to_file(
                    path / f"{ResponseSelector.__name__}.responses.json", responses
                )
        for name in providers:
            with storage.write_to(Resource(name)) as path:
                domain.persist(path / "domain.yml")
        configuration = GraphModelConfiguration(
            train_schema=metadata.train_schema,
            predict_schema=metadata.predict_schema,
            training_type=metadata.training_type,
            assistant_id=metadata.assistant_id,
            language=metadata.language,
            core_target=metadata.core_target,
            nlu_target=metadata.nlu_target,
            spaces=metadata.spaces,
        )
        packed = Path(tmp) / "model.tar.gz"
        storage.create_model_package(packed, configuration, domain)
        written = LocalModelStorage.metadata_from_archive(packed)
        if written.domain.responses != domain.responses:
            raise RuntimeError("the re-packed model does not carry the new responses")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = out.with_name(out.name + ".tmp")
        shutil.move(str(packed), str(tmp_out))
        tmp_out.replace(out)
    return {"changed": changed, "selectors": selectors, "providers": providers}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    model = args.model or root / "models" / "current.tar.gz"
    out = args.out or model
    start = time.monotonic()
    try:
        done = update(model, out, root)
    except Refused as why:
        print(f"update_answers: not possible: {why}", file=sys.stderr)
        return 2
    print(
        f"  answers updated in the model, nothing retrained ({len(done['changed'])} "
        f"response(s) changed: {', '.join(done['changed']) or 'none'}; "
        f"{time.monotonic() - start:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The learned urgency classifier (clinical/urgency_model.py).

The behaviour sentences below are written for this test only (they are checked not to
be in the corpus): one or more per failure class of issue 8, and mirror images that
must stay below the threshold.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest

import urgency_corpus
from clinical import urgency_model
from clinical.urgency_model import UrgencyModel, choose_threshold, rates
from urgency_corpus.generate import dedup_key

URGENT_NOW = {
    "present-tense everyday signs": [
        "my lungs won't fill no matter how hard I try",
        "the room keeps tilting and I think I'm going to keel over",
        "my heart is thumping and my vision is closing in",
        "I feel like I'm breathing through a wet cloth and it's getting worse",
    ],
    "missed dose or drug mix first, the sign later": [
        "forgot to collect my prescription last week, haven't had any since Sunday, and "
        "tonight I keep seeing cats that aren't there",
        "had a few whiskies with my evening tablets and now I can barely keep my head up "
        "and my breaths feel shallow",
    ],
    "sudden severe worsening of spasticity in lay words": [
        "my stiffness has roared back this afternoon, worse than it was before I was ever "
        "put on the tablets",
        "both my legs have gone rigid like planks and I can't shift them",
    ],
    "pump problem with a withdrawal sign, pump infection": [
        "pump refill got cancelled and now I'm scratching myself raw and my legs are "
        "twitching again",
        "the skin over my pump is oozing, I've got a temperature and my neck is really stiff",
    ],
    "long narrative ending in a current sign": [
        "We moved house last month and his repeat prescription got lost in the shuffle. He "
        "went without for a few days before anyone noticed. The GP sorted it on Monday. "
        "Since this morning he keeps drifting off mid-word and what he says doesn't make "
        "sense.",
        "I've had MS for twenty years and baclofen has always suited me. On Friday the "
        "surgery changed me to a new brand. Everything was normal over the weekend. Tonight "
        "my tongue and lips have puffed up and swallowing is hard.",
    ],
}
NOT_URGENT = {
    "negation": ["no problems breathing and no swelling, I just feel a little sleepy after lunch"],
    "question": ["could baclofen ever make someone's throat swell up?"],
    "old history": [
        "I had a fit years ago when I came off it too fast, but I've been completely fine since"
    ],
    "idiom": ["this hold music is killing me, I've been waiting for the pharmacy for ages"],
    "other people": ["my uncle collapsed once on a different drug years ago"],
    "hypothetical": ["what should I do if my pump alarm ever goes off?"],
    "mild side effect": [
        "the tablets leave me a touch groggy in the mornings but it wears off by ten"
    ],
    "old story, over now": [
        "Two winters ago my wife stopped her baclofen suddenly and had a seizure. She spent "
        "a week on the ward. They restarted it slowly and she has been completely well "
        "since. Can she have the flu jab?"
    ],
}


# Known misses, kept visible (strict: they fail loudly once they pass). Timing is the
# rules' job: an old event told with a time phrase the corpus lacks scores as current,
# and the turn decision then asks "is this happening now?" (clinical/turn.py row 5).
KNOWN_MISSES: dict = {}  # "old story, over now" passes since corpus batch 8 (2026-12-02)


def _cases(table):
    return [
        pytest.param(
            text,
            id=f"{name}-{i}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[name])]
            if name in KNOWN_MISSES
            else [],
        )
        for name, texts in table.items()
        for i, text in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def model() -> UrgencyModel:
    """The process-wide model: the saved artefact when fresh, else trained once."""
    built = urgency_model.get_model()
    assert built is not None
    return built


@pytest.fixture(scope="module")
def small_set():
    examples = urgency_corpus.load()[::12]
    return [e.text for e in examples], [e.label for e in examples]


def test_behaviour_sentences_are_not_in_the_corpus():
    keys = {dedup_key(e.text) for e in urgency_corpus.load()}
    for table in (URGENT_NOW, NOT_URGENT):
        for texts in table.values():
            assert not [t for t in texts if dedup_key(t) in keys]


@pytest.mark.parametrize("text", _cases(URGENT_NOW))
def test_current_emergencies_in_new_words_reach_the_threshold(model, text):
    assert model.story_probability(text) >= model.threshold


@pytest.mark.parametrize("text", _cases(NOT_URGENT))
def test_mirror_images_stay_below_the_threshold(model, text):
    assert model.story_probability(text) < model.threshold


def test_story_scoring_reads_the_latest_sentences(model):
    story = (
        "Back in the spring I was in hospital for a week with a chest infection. The "
        "physio was brilliant and I went home walking. Then this evening I took my "
        "tablets with two glasses of wine and now I can hardly stay awake and my "
        "breathing is slow."
    )
    assert model.story_probability(story) >= model.threshold
    assert model.story_probability(story) >= model.probability(story)
    one = "my lips are swelling after my tablet"
    assert model.story_probability(one) == model.probability(one)


def test_story_probability_is_never_below_probability(model):
    texts = [e.text for e in urgency_corpus.load() if e.source == "handwritten"][::5]
    assert all(model.story_probability(t) >= model.probability(t) for t in texts)


def test_threshold_was_chosen_by_grouped_cross_validation(model):
    cv = model.meta["cv"]
    assert cv["grouped"] and cv["folds"] == 5 and cv["scoring"] == "story"
    assert cv["target_specificity"] >= 0.95
    assert cv["specificity"] >= cv["target_specificity"]
    assert cv["sensitivity"] >= 0.9
    assert 0.0 < model.threshold < 1.0
    assert model.meta["fingerprint"] == urgency_model.fingerprint()


def test_single_message_path_equals_the_pipeline(model):
    texts = [e.text for e in urgency_corpus.load()[::40]]
    texts += [
        "",
        "   ",
        "?!",
        "\U0001f62d\U0001f62d help",
        "CAN'T  BREATHE\n\nnow",
        "x" * 9000,
        "word " * 1500,
    ]
    fast = np.array([model.probability(t) for t in texts])
    assert np.allclose(fast, model.pipeline_probabilities(texts), atol=1e-6)
    assert model.probabilities(texts) == fast.tolist()
    again = np.array([model.probability(t) for t in texts])  # word cache now warm
    assert np.array_equal(fast, again)
    assert model.probabilities([]) == []


def test_save_and_load_round_trip(model, tmp_path):
    path = model.save(tmp_path / "sub" / "urgency.joblib")
    loaded = UrgencyModel.load(path)
    texts = [e.text for e in urgency_corpus.load()[::97]]
    assert loaded.threshold == model.threshold
    assert loaded.meta == model.meta
    assert loaded.pipeline_probabilities(texts) == model.pipeline_probabilities(texts)
    assert [loaded.probability(t) for t in texts] == [model.probability(t) for t in texts]


def test_load_refuses_other_files(tmp_path):
    import joblib

    joblib.dump({"format": 99}, tmp_path / "x.joblib")
    with pytest.raises(ValueError):
        UrgencyModel.load(tmp_path / "x.joblib")


def test_training_is_deterministic_and_checks_its_input(small_set):
    texts, labels = small_set
    one = UrgencyModel.train(texts, labels, threshold=0.5)
    two = UrgencyModel.train(texts, labels, threshold=0.5)
    assert one.probabilities(texts[:50]) == two.probabilities(texts[:50])
    assert one.threshold == 0.5 and "cv" not in one.meta
    with pytest.raises(ValueError):
        UrgencyModel.train(texts[:5], ["not_urgent"] * 5, threshold=0.5)
    with pytest.raises(ValueError):
        UrgencyModel.train(texts[:2], ["urgent", "maybe"], threshold=0.5)
    with pytest.raises(TypeError):
        UrgencyModel.train(texts, labels, threshold=0.5, gamma=1)


def test_choose_threshold_gives_the_most_sensitive_at_the_target():
    y = [0] * 20 + [1] * 10
    scores = [i / 100 for i in range(20)] + [0.15, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 0.95, 1, 1]
    threshold = choose_threshold(y, scores, 0.95)  # one false positive allowed of 20
    figures = rates(y, scores, threshold)
    assert figures["specificity"] == 0.95
    assert figures["sensitivity"] == 0.9  # 0.15 is below the 19th negative (0.18)
    assert rates(y, scores, choose_threshold(y, scores, 1.0))["specificity"] == 1.0


def test_stale_artefact_is_retrained_and_fresh_one_reused(tmp_path, monkeypatch, small_set):
    texts, labels = small_set
    calls = []

    def cheap_training():
        calls.append(1)
        model = UrgencyModel.train(texts, labels, threshold=0.5)
        model.meta["fingerprint"] = urgency_model.fingerprint()
        return model

    monkeypatch.setattr(urgency_model, "train_from_corpus", cheap_training)
    path = tmp_path / "urgency.joblib"
    stale = UrgencyModel.train(texts, labels, threshold=0.4)
    stale.meta["fingerprint"] = "something else"
    stale.save(path)
    model, trained = urgency_model.ensure_model(path)
    assert trained and calls == [1] and model.threshold == 0.5
    again, trained = urgency_model.ensure_model(path)
    assert not trained and calls == [1] and again.threshold == 0.5
    path.write_bytes(b"not a model")
    _, trained = urgency_model.ensure_model(path)
    assert trained and calls == [1, 1]


def test_get_model_is_none_when_it_cannot_build_and_logs_no_text(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("I can't breathe")  # would be patient text if it were logged

    monkeypatch.setattr(urgency_model, "ensure_model", broken)
    urgency_model.reset()
    try:
        with caplog.at_level(logging.DEBUG, logger="clinical.urgency_model"):
            assert urgency_model.get_model() is None
            assert urgency_model.get_model() is None  # not retried on every turn
        assert "RuntimeError" in caplog.text
        assert "breathe" not in caplog.text
    finally:
        urgency_model.reset()

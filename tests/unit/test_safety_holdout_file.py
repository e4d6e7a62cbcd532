"""The held-out safety vignettes are well formed (they are run by `make eval`)."""

from collections import Counter

from eval import safety_holdout


def test_held_out_vignettes_are_valid_and_balanced():
    items = safety_holdout.load()
    assert len(items) >= 100
    labels = Counter(item["expect"] for item in items)
    assert labels["emergency"] >= 40 and labels["not_emergency"] >= 40

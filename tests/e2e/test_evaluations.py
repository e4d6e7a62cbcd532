"""Accuracy gates on the real running bot (figures are printed by `make eval`)."""

from eval import nlu_eval, safety_eval, safety_holdout


def test_nlu_f1_on_held_out_set(stack):
    result = nlu_eval.run(stack.rasa_url, stack.token)
    print(result["report"])
    assert result["weighted"]["f1"] >= 0.90


def test_safety_sensitivity_and_specificity(stack):
    result = safety_eval.run(stack.rasa_url, stack.token, log=print)
    assert result["passed"], (
        result["summary"]
        + "\n"
        + "\n".join(f"{f['id']}: {f.get('text')}" for f in result["failures"][:40])
    )


def test_second_safety_set(stack):
    result = safety_holdout.run(stack.rasa_url, stack.token, log=print)
    assert result["passed"], (
        result["summary"]
        + "\n"
        + "\n".join(f"{m['id']}: {m.get('text')}" for m in result["misses"])
    )


def test_sealed_sets_that_are_gates(stack):
    """The sealed sets tuned on after their first runs, as regression gates (a sealed
    set is never run here: its status stays `sealed` until its first run is recorded)."""
    from eval import sealed_eval

    failing = []
    for name, info in sealed_eval.gate_sets().items():
        fig = sealed_eval.figures(
            sealed_eval.run(
                sealed_eval.ROOT / "eval" / "sealed" / name, stack.rasa_url, stack.token
            )
        )
        print(name, sealed_eval.format_figures(fig))
        if not sealed_eval.meets_gate(info, fig["sensitivity_at_once"], fig["specificity"]):
            failing.append(name)
    assert not failing, failing

"""Settings the actions read (deployment numbers: ``clinical.settings``)."""

# Intents that mean "this is not an answer to the form's question" when the text does
# not parse as an answer either: the form then lets a rule answer them.
NON_ANSWER_INTENTS = frozenset({
    "faq", "greet", "goodbye", "thank", "bot_challenge", "request_human",
    "out_of_scope", "stop", "request_data_deletion", "ask_more",
})
NON_ANSWER_CONFIDENCE = 0.6

"""Words callers say that the actions recognise, and the canonical values the services store.

Data only, never said (everything the assistant says is a response in assistant/domain/*.yml).
This package is where actions/ may hold Chinese text: one module per skill's words (vocabulary.py
for the forms, identity, emergency and complaints); tests/actions/test_no_wording_in_actions.py
checks that no other module of actions/ does, and that none of these speaks to the caller.
"""

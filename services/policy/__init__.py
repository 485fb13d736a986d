"""Policy knowledge base: ingest saved policy pages, search clauses, answer callers.

    python -m services.policy.ingest [DIR] [--out FILE]   # build the clause store
    from services.policy.answer import answer, search     # answer("老年证怎么办", city="武汉市")
    from services.policy.api import router                # GET /policy/v1/search, /policy/v1/answer
"""

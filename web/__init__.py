"""The WeChat-style chat widget: a static page and the small gateway that serves it (python -m web)."""

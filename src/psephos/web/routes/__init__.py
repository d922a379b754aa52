"""Route modules: each exposes ``router`` (and optionally ``NAV``) and is included by the app."""

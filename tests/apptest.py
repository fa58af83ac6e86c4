"""Running one page of the app with streamlit.testing (the ``app_env`` fixture of conftest.py gives
each test its own store)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def run_page(name: str, **params) -> AppTest:
    """The page function ``name`` of app.py run once, with ``params`` in its URL; it must not raise."""
    def script(page_name: str):
        import app

        getattr(app, page_name)()

    at = AppTest.from_function(script, args=(name,), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at

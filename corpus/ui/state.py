"""Widgets whose value sits in the URL, so that a link reproduces what a colleague sees.

Every widget has a stable key.  Its value is read from the URL once a session (when the key is
not yet in the session state) and written back to the URL on every run; nothing the widget is
built with depends on the URL, so its identity never changes and no pick is ever dropped.  A URL
value that names nothing (an unknown notice, ``years=abc``) falls back to the default and says so
on the page.

    region = url_selectbox("地区 Region", regions, param="region")
    years = url_multiselect("年度 Years", years, param="years", parse=int)
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import streamlit as st

_NOTHING = object()


def _published(param: str, text: str) -> None:
    """The URL says ``param=text``, or nothing of ``param`` when the text is empty."""
    if text:
        if st.query_params.get(param) != text:
            st.query_params[param] = text
    elif param in st.query_params:
        del st.query_params[param]


def _seeded(key: str, param: str, read: Callable[[str], Any], fits: Callable[[Any], bool], default, what: str):
    """The widget's value: from the session, else from the URL (once), else ``default``.  A value that
    no longer fits (the options changed) goes back to the default."""
    if key in st.session_state:
        if not fits(st.session_state[key]):
            st.session_state[key] = default
        return
    value = default
    raw = st.query_params.get(param)
    if raw not in (None, ""):
        try:
            parsed = read(raw)
        except (TypeError, ValueError):
            parsed = _NOTHING
        if parsed is _NOTHING or not fits(parsed):
            st.warning(f"链接参数 {param}={raw} 无效 — {what} {raw!s} not found; showing the default instead")
        else:
            value = parsed
    st.session_state[key] = value


def url_selectbox(label: str, options: Sequence, *, param: str, key: str | None = None, default=_NOTHING,
                  parse: Callable[[str], Any] = str, format_func: Callable = str, container=None, what: str = "") -> Any:
    """A selectbox bound to ``?param=``; the first option is the default unless one is given."""
    key = key or f"url.{param}"
    options = list(options)
    if not options:
        return None
    default = options[0] if default is _NOTHING or default not in options else default
    _seeded(key, param, parse, lambda v: v in options, default, what or param)
    value = (container or st).selectbox(label, options, key=key, format_func=format_func)
    _published(param, str(value))
    return value


def url_multiselect(label: str, options: Sequence, *, param: str, key: str | None = None, default: Sequence = (),
                    parse: Callable[[str], Any] = str, format_func: Callable = str, container=None, what: str = "") -> list:
    """A multiselect bound to ``?param=a,b,c``."""
    key = key or f"url.{param}"
    options = list(options)
    default = [d for d in default if d in options]

    def read(raw: str) -> list:
        return [parse(part) for part in raw.split(",") if part]

    _seeded(key, param, read, lambda v: all(x in options for x in v), default, what or param)
    value = (container or st).multiselect(label, options, key=key, format_func=format_func)
    _published(param, ",".join(str(v) for v in value))
    return value


def url_text(label: str, *, param: str, key: str | None = None, container=None) -> str:
    """A text input bound to ``?param=``."""
    key = key or f"url.{param}"
    _seeded(key, param, str, lambda v: isinstance(v, str), "", param)
    value = (container or st).text_input(label, key=key)
    _published(param, value.strip())
    return value.strip()


def url_checkbox(label: str, *, param: str, key: str | None = None, container=None) -> bool:
    """A checkbox bound to ``?param=1``."""
    key = key or f"url.{param}"
    _seeded(key, param, lambda raw: {"1": True, "0": False}[raw], lambda v: isinstance(v, bool), False, param)
    value = (container or st).checkbox(label, key=key)
    _published(param, "1" if value else "")
    return value


def url_radio(label: str, options: Sequence[str], *, param: str, key: str | None = None, horizontal: bool = True,
              format_func: Callable = str, container=None) -> str:
    """A radio bound to ``?param=``; the first option is the default."""
    key = key or f"url.{param}"
    options = list(options)
    _seeded(key, param, str, lambda v: v in options, options[0], param)
    value = (container or st).radio(label, options, key=key, horizontal=horizontal, format_func=format_func)
    _published(param, value)
    return value


def url_year_range(label: str, first: int, last: int, *, param: str, key: str | None = None, container=None) -> tuple[int, int]:
    """A slider of two years bound to ``?param=2020-2023``."""
    key = key or f"url.{param}"
    last = max(last, first + 1)  # a slider needs two ends

    def read(raw: str) -> tuple[int, int]:
        low, _, high = raw.partition("-")
        return int(low), int(high or low)

    _seeded(key, param, read, lambda v: first <= v[0] <= v[1] <= last, (first, last), param)
    low, high = (container or st).slider(label, first, last, key=key)
    _published(param, f"{low}-{high}")
    return low, high

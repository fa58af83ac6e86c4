"""Widgets whose value sits in the URL, so that a link reproduces what a colleague sees.

Every widget has a stable key.  Its value is read from the URL once a session (when the key is
not yet in the session state) and written back to the URL on every run; nothing the widget is
built with depends on the URL, so its identity never changes and no pick is ever dropped.  A URL
value that names nothing (an unknown notice, ``years=abc``) falls back to the default and says so
on the page; a multiselect keeps the values of its link that still name an option
(``n=1.0,99.0`` → notice 1.0, and a warning about 99.0).

    region = url_selectbox("地区 Region", regions, param="region")
    years = url_multiselect("年度 Years", years, param="years", parse=int)

A link's values are untrusted (anyone can send one), and so is every word of a notice: the helpers at
the end (:func:`unlinked`, :func:`html_block`) make such text inert in Streamlit's Markdown.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

import streamlit as st

_NOTHING = object()
_LINE_BREAK = re.compile(r"\r\n?|\n")  # Markdown's line endings
WORD_JOINER = "\u2060"  # invisible, and not a character of a word, a scheme or an address
# A colon that no space follows, not escaped (an even run of backslashes before it): it may start a
# directive (:red[…], :small[…]), an emoji or icon (:smile:, :material/…:), or a scheme (http://, mailto:)
# — at the end of the text too, which a page may follow with more words.
_LIVE_COLON = re.compile(r"(?<!\\)((?:\\\\)*):(?![\s\u2060])")
# Where an e-mail address (before its @) or a www address (between www and its dot) would start.
_ADDRESS_START = re.compile(r"(?<!\u2060)(?=@)|(?<=[wW]{3})(?=\.)")


def _published(param: str, text: str) -> None:
    """The URL says ``param=text``, or nothing of ``param`` when the text is empty."""
    if text:
        if st.query_params.get(param) != text:
            st.query_params[param] = text
    elif param in st.query_params:
        del st.query_params[param]


def _literal(text: str, limit: int = 80) -> str:
    """Markdown that shows ``text`` as it is (a code span): a link's value is untrusted, and a warning
    is markdown, where ``![x](http://…)`` would fetch an image.  Line breaks become spaces: a blank
    line would end the code span's paragraph, and what follows it would be read as Markdown.

    >>> _literal("abc")
    '`abc`'
    >>> _literal("a`b")
    '``a`b``'
    >>> _literal("x" * 100, limit=5)
    '`xxxxx…`'
    >>> _literal("1.0\\n\\n![x](http://h/p.png)")
    '`1.0  ![x](http://h/p.png)`'
    """
    text = _LINE_BREAK.sub(" ", text)
    text = text if len(text) <= limit else text[:limit] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _warn(param: str, raw: str, what: str, unknown: str, instead: str) -> None:
    """Says on the page that the link's ``param`` names nothing, and what is shown instead."""
    st.warning(f"链接参数 {_literal(f'{param}={raw}')} 无效 — {what} {_literal(unknown)} not found; showing {instead}")


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
        except (TypeError, ValueError, KeyError):
            parsed = _NOTHING
        if parsed is _NOTHING or not fits(parsed):
            _warn(param, raw, what, raw, "the default instead")
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
    held = st.session_state.get(f"{key}.held", _NOTHING)
    if held is not _NOTHING and held in options and format_func(held) != st.session_state.get(f"{key}.label"):
        # The browser sends back the label of what it shows, and the label of the option held has
        # changed (a corrected value, a corrected region): that label matches nothing now, and the pick
        # would silently become the first option.  Say again what is held.
        st.session_state[key] = held
    _seeded(key, param, parse, lambda v: v in options, default, what or param)
    value = (container or st).selectbox(label, options, key=key, format_func=format_func)
    st.session_state[f"{key}.held"], st.session_state[f"{key}.label"] = value, format_func(value)
    _published(param, str(value))
    return value


def url_multiselect(label: str, options: Sequence, *, param: str, key: str | None = None, default: Sequence = (),
                    parse: Callable[[str], Any] = str, format_func: Callable = str, container=None, what: str = "") -> list:
    """A multiselect bound to ``?param=a,b,c``."""
    key = key or f"url.{param}"
    options = list(options)
    default = [d for d in default if d in options]
    if key in st.session_state:
        # Options that went away (a notice removed, another filter) leave the others picked.
        current = st.session_state[key]
        kept = [v for v in current if v in options] if isinstance(current, list) else []
        if kept != current:
            st.session_state[key] = kept or default
    else:
        st.session_state[key] = _from_link(param, options, default, parse, what or param)
    value = (container or st).multiselect(label, options, key=key, format_func=format_func)
    _published(param, ",".join(str(v) for v in value))
    return value


def _from_link(param: str, options: list, default: list, parse: Callable[[str], Any], what: str) -> list:
    """The values of ``?param=a,b,c`` that name an option, in the link's order; the others are named in a
    warning.  A link that names no option at all gives the default."""
    raw = st.query_params.get(param)
    if raw in (None, ""):
        return default
    picked, unknown = [], []
    for part in (p for p in raw.split(",") if p):
        try:
            value = parse(part)
        except (TypeError, ValueError, KeyError):
            value = _NOTHING
        if value is not _NOTHING and value in options:
            if value not in picked:
                picked.append(value)
        else:
            unknown.append(part)
    if unknown:
        _warn(param, raw, what, ",".join(unknown), "the others" if picked else "the default instead")
    return picked or default


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


# --- text from notices and researchers, inert in Markdown ----------------------------------------


def unlinked(markdown: str) -> str:
    """Markdown in which Streamlit makes no link, e-mail link, emoji, icon or directive of its own.  Its
    renderer reads ``:red[…]`` as a directive unless the colon is escaped, and it turns bare addresses
    (http://…, www.…, name@host), ``:smile:`` and ``:material/…:`` into links, emoji and icons in the text
    as it reads *after* escapes are undone, where no escape stops them: such a colon is escaped and
    followed by an invisible word joiner, and a joiner goes before each @ and after each www.

    >>> unlinked("见 http://x.cn/a、WWW.x.cn、a@b.cn、:red[t] — 时间: 2023")
    '见 http\\\\:\\u2060//x.cn/a、WWW\\u2060.x.cn、a\\u2060@b.cn、\\\\:\\u2060red[t] — 时间: 2023'
    >>> unlinked(unlinked("http://x www.y a@b")) == unlinked("http://x www.y a@b")
    True
    """
    return _ADDRESS_START.sub(WORD_JOINER, _LIVE_COLON.sub(rf"\1\\:{WORD_JOINER}", markdown))


def html_block(markup: str) -> str:
    """HTML for ``st.markdown(..., unsafe_allow_html=True)`` that Markdown reads as one raw HTML block and
    none of it as Markdown.  Markup that does not start with a <div> is wrapped in one: it would be a
    paragraph, whose text Markdown reads (``![x](http://…)`` goes through html.escape unchanged, and
    becomes an image); line breaks become spaces: a blank line would end the block, and what follows
    would be a paragraph again.

    >>> html_block("通知 Notices: <a href='/notice?id=1.0'>![x](http://h/p.png)</a>")
    "<div>通知 Notices: <a href='/notice?id=1.0'>![x](http://h/p.png)</a></div>"
    >>> html_block('<div class="a">一\\r\\n\\r\\n[点我](http://h/x)</div>')
    '<div class="a">一  [点我](http://h/x)</div>'
    """
    one_line = _LINE_BREAK.sub(" ", markup)
    return one_line if re.match(r"<div[\s>]", one_line) else f"<div>{one_line}</div>"

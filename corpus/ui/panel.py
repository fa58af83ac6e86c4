"""Panel: one field and scope, regions × the years its figures apply to, ranked by a year; every cell
links to its notice and carries its sentence; empty cells say whether the region-year has no notice or
a notice without the figure.  The data is corpus.panel's; this module lays it out."""

from __future__ import annotations

import html
import io
import json
from urllib.parse import urlencode

import streamlit as st

from corpus.panel import (
    FIGURE,
    LEVEL_NAMES,
    NO_FIGURE,
    OPERATOR_NAMES,
    RECORD_COLUMNS,
    Panel,
    build_panel,
    numeric_fields,
    panel_rows,
    records_json,
    scope_key_of,
    scope_label,
    scope_token,
    scopes_of,
)
from .common import documents, store
from .state import html_block, url_checkbox, url_radio, url_selectbox

ORDERS = {"desc": "高→低 high to low", "asc": "低→高 low to high"}
DEFAULT_FIELD = "contribution.individual"


def store_stamp() -> tuple:
    """What changes when the store does (a notice added or re-read, a correction made): the key that
    keeps the cached panel inputs fresh without reading them again on every run."""
    from sqlalchemy import func, select

    from corpus.store import corrections, notices

    with store().engine.connect() as conn:
        stored = conn.execute(select(func.count(), func.max(notices.c.id), func.sum(notices.c.revision))).one()
        made = conn.execute(select(func.count(), func.max(corrections.c.id))).one()
    return tuple(stored) + tuple(made)


@st.cache_data(ttl=600, show_spinner=False)
def panel_inputs(field: str, province: str, level: str, stamp: tuple) -> tuple[list[dict], list[dict]]:
    return panel_rows(store(), field, province or None, level or None)


@st.cache_data(ttl=600, show_spinner=False)
def fields_with_figures(stamp: tuple) -> list[str]:
    return numeric_fields(store())


def field_picker(label: str, *, key: str, default: str = DEFAULT_FIELD, container=None) -> str | None:
    """The field, Chinese label first; only fields with a numeric figure in the store."""
    from extractor.vocab import field_labels

    names = field_labels()
    fields = fields_with_figures(store_stamp())
    if not fields:
        return None
    return url_selectbox(label, fields, param="field", key=key, default=default, what="field",
                         format_func=lambda f: f"{names.get(f, f)} ({f})", container=container)


def panel_page() -> None:
    st.title("面板 Panel")
    st.caption("一个字段、一个范围：各地区 × 数字适用的年度（参数的年度，缺省为通知年度）。"
               "One field and scope: regions × the years the figures apply to (the figure's year, else its notice's).")
    top = st.columns([3, 2, 2, 2])
    field = field_picker("字段 Field", key="panel.field", container=top[0])
    if field is None:
        st.info("No figures in the store: upload notices first.")
        return
    provinces = sorted({d["province"] for d in documents() if d["province"]})
    province = url_selectbox("省 Province", [""] + provinces, param="province", key="panel.province", what="province",
                             format_func=lambda p: p or "全部 All", container=top[2])
    level = url_selectbox("级别 Level", [""] + list(LEVEL_NAMES), param="level", key="panel.level", what="level",
                          format_func=lambda v: LEVEL_NAMES.get(v, "全部 All"), container=top[3])
    rows, docs = panel_inputs(field, province, level, store_stamp())
    scopes = scopes_of(rows, field)
    if not scopes:
        st.info("No figures of this field for these filters.")
        return
    scope = scope_key_of(url_selectbox("范围 Scope", [scope_token(s) for s in scopes], param="scope", key="panel.scope",
                                       what="scope", format_func=scope_label, container=top[1]))
    controls = st.columns([2, 2, 3])
    with_silent = url_checkbox("显示无此数字的地区 Regions without this figure", param="all", key="panel.all",
                               container=controls[2])
    panel = build_panel(rows, docs, field, scope, with_silent=with_silent)
    if not panel.years:
        st.info(f"{panel.undated} 个数字无年度 The figures of this scope have no year to place them in.")
        return
    rank_year = url_selectbox("排序年度 Rank by year", list(reversed(panel.years)), param="year", key="panel.year",
                              default=panel.fullest_year, parse=int, what="year", container=controls[0])
    order = url_radio("顺序 Order", list(ORDERS), param="order", key="panel.order", format_func=ORDERS.get,
                      container=controls[1])
    panel = panel.ranked(rank_year, descending=order == "desc")
    show_coverage(panel)
    st.markdown(html_block(panel_html(panel)), unsafe_allow_html=True)
    st.caption("≥ 不低于 floor · ≤ 不超过 ceiling · ~ 约 about · ✎ 人工更正 corrected by hand · "
               "※ 同一地区同一年有多个数字（较新的通知在前，都列出） several figures for one region-year, the later notice's "
               "first, all listed · – 有通知、无此数字 a notice without this figure · "
               "斜线格 无通知 hatched: no notice · 悬停看原句 hover for the sentence, 点击打开通知 click to open the notice")
    downloads(panel, field, {"province": province, "level": level})
    several = panel.several()
    if several:
        with st.expander(f"多个数字 Several figures for one region-year ({len(several)})", expanded=False):
            st.dataframe(
                [{"地区 Region": row.region, "年度 Year": year, "数字 Figures": " / ".join(cell.texts),
                  "通知 Notices": " · ".join(dict.fromkeys(f.source for f in cell.figures)),
                  "通知 Link": cell.figures[0].link} for row, year, cell in several],
                hide_index=True, width="stretch",
                column_config={"通知 Link": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")},
            )
    with st.expander("数据 Figures (as downloaded)"):
        st.dataframe(panel.records(), hide_index=True, width="stretch", column_order=RECORD_COLUMNS,
                     column_config={"link": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")})
    trends = urlencode({"field": field, "scopes": scope_token(scope)})
    st.markdown(f"[趋势 Trends of this field →](/trends?{trends})")


def show_coverage(panel: Panel) -> None:
    """The coverage counts: what the empty cells are."""
    covered = panel.coverage()
    cols = st.columns(4)
    cols[0].metric("地区 Regions", len(panel.rows))
    cols[1].metric("有数字 With a figure", f"{covered.figures} / {covered.cells}")
    cols[2].metric("有通知无数字 Notice, no figure", covered.no_figure)
    cols[3].metric("无通知 No notice", covered.no_notice)
    notes = []
    if covered.silent_regions and not any(r.region in panel.silent for r in panel.rows):
        notes.append(f"{covered.silent_regions} 个地区有这些年度的通知但无此数字 regions have notices of these years "
                     "but no such figure (tick “Regions without this figure” to list them)")
    if covered.undated:
        notes.append(f"{covered.undated} 个数字无年度，未列入 figures with no year are not placed")
    if notes:
        st.caption(" · ".join(notes))


def panel_html(panel: Panel) -> str:
    """The panel as an HTML table, every text escaped: a row a region, a column a year; figures link to
    their notice (and parameter) and carry their sentence on hover."""
    years = panel.years
    head = "".join(f'<th data-year="{y}" class="{"mn-rank" if y == panel.rank_year else ""}">{y}</th>' for y in years)
    body = []
    for row in panel.rows:
        cells = "".join(_cell_html(row.cell(y), y, y == panel.rank_year) for y in years)
        body.append(
            f'<tr data-region="{html.escape(row.region)}"><td class="mn-num">{row.rank or ""}</td>'
            f'<th class="mn-region">{html.escape(row.region)}</th>'
            f'<td class="mn-level">{html.escape(level_word(row.level))}</td>{cells}</tr>'
        )
    return (
        f"<style>{_CSS}</style>"
        f'<div class="mn-panel" data-field="{html.escape(panel.field)}" data-scope="{html.escape(panel.scope)}"><table>'
        f'<thead><tr><th class="mn-num">#</th><th class="mn-region">地区 Region</th><th class="mn-level">级别</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def level_word(level: str | None) -> str:
    """
    >>> level_word("city"), level_word(None)
    ('市级', '—')
    """
    return LEVEL_NAMES.get(level or "", "—").split()[0]


def _cell_html(cell, year: int, ranked: bool) -> str:
    rank = " mn-rank" if ranked else ""
    if cell.status == FIGURE:
        links = []
        for text in cell.texts:
            f = next(f for f in cell.figures if f.text == text)
            mark = '<sup title="人工更正 corrected by hand">✎</sup>' if f.corrected else ""
            links.append(f'<a class="mn-fig" href="{html.escape(f.link)}" target="_self">{html.escape(text)}</a>{mark}')
        # A title is one line of HTML: a blank line would end the markdown's HTML block.
        sources = "&#10;&#10;".join(
            html.escape(f"{f.text} — {OPERATOR_NAMES.get(f.operator, f.operator)} — {f.source} ({f.notice}.{f.document} #{f.parameter})"
                        f"{' ✎' if f.corrected else ''}\n«{_clipped(f.sentence) or '人工添加 added by hand'}»").replace("\n", "&#10;")
            for f in cell.figures
        )
        several = '<span class="mn-several" title="同一地区同一年有多个数字 several figures">※</span>' if cell.several else ""
        return (f'<td class="mn-cell{rank}" data-year="{year}" data-status="{FIGURE}" title="{sources}">'
                f'{" / ".join(links)}{several}</td>')
    if cell.status == NO_FIGURE:
        notices = ", ".join(cell.notices)
        first = cell.notices[0]
        return (f'<td class="mn-cell mn-nofig{rank}" data-year="{year}" data-status="{NO_FIGURE}" '
                f'title="有通知、无此数字 a notice without this figure: {html.escape(notices)}">'
                f'<a href="/notice?id={html.escape(first)}" target="_self">–</a></td>')
    # The commonest cell of a large panel: no title, the legend says what a hatched cell is.
    return f'<td class="mn-cell mn-none{rank}" data-year="{year}" data-status="no notice"></td>'


def _clipped(sentence: str, limit: int = 240) -> str:
    """A sentence short enough for a hover (the Notice page shows it whole).

    >>> _clipped("个人缴费标准为每人每年380元。"), _clipped("一二三四五", limit=3)
    ('个人缴费标准为每人每年380元。', '一二三…')
    """
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


_CSS = """
.mn-panel{max-height:72vh;overflow:auto;border:1px solid rgba(128,128,128,.35);border-radius:4px}
.mn-panel table{border-collapse:separate;border-spacing:0;font-size:.86rem;width:max-content;min-width:100%}
.mn-panel th,.mn-panel td{padding:.25rem .55rem;border-bottom:1px solid rgba(128,128,128,.2);white-space:nowrap;text-align:right}
.mn-panel thead th{position:sticky;top:0;background:var(--background-color,#fff);z-index:2}
.mn-panel th.mn-region{text-align:left;position:sticky;left:0;background:var(--background-color,#fff);z-index:1}
.mn-panel thead th.mn-region{z-index:3}
.mn-panel td.mn-level{text-align:left;color:rgba(128,128,128,1)}
.mn-panel td.mn-num{color:rgba(128,128,128,1)}
.mn-panel .mn-rank{background:rgba(250,204,21,.16)}
.mn-panel td.mn-none{background-image:repeating-linear-gradient(45deg,rgba(128,128,128,.10) 0 4px,transparent 4px 8px)}
.mn-panel td.mn-nofig a{color:rgba(128,128,128,1);text-decoration:none}
.mn-panel a.mn-fig{text-decoration:none}
.mn-panel .mn-several{color:#d97706;margin-left:.15rem}
"""


def downloads(panel: Panel, field: str, filters: dict) -> None:
    """CSV, XLSX and JSON of exactly the figures shown, numbers as numbers, with notice ids and links."""
    import pandas as pd

    from extractor.vocab import field_labels

    base = _base_url()
    json_text = records_json(panel, field_labels().get(field, field), filters, base)
    table = pd.DataFrame(json.loads(json_text)["figures"], columns=RECORD_COLUMNS)
    name = f"panel_{field}_{panel.scope.replace('=', '-').replace(';', '_') or 'general'}"
    cols = st.columns(3)
    cols[0].download_button("CSV", table.to_csv(index=False).encode("utf-8-sig"), f"{name}.csv", "text/csv",
                            on_click="ignore")
    cols[1].download_button("XLSX", xlsx_of(json_text), f"{name}.xlsx", on_click="ignore")
    cols[2].download_button("JSON", json_text.encode("utf-8"), f"{name}.json", "application/json", on_click="ignore")


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def xlsx_of(json_text: str) -> bytes:
    """The workbook of a panel's JSON download (writing one takes a tenth of a second: made once a view)."""
    import pandas as pd

    buffer = io.BytesIO()
    pd.DataFrame(json.loads(json_text)["figures"], columns=RECORD_COLUMNS).to_excel(buffer, index=False, sheet_name="panel")
    return buffer.getvalue()


def _base_url() -> str:
    """The app's address without the page (http://host:8501, or with its base path), so that the links
    of a download open from a spreadsheet; empty where the app does not know it (tests)."""
    try:
        url = st.context.url or ""
    except Exception:  # an older Streamlit, or no browser session
        return ""
    url = url.split("?", 1)[0].split("#", 1)[0]
    return url.rsplit("/", 1)[0] if url.count("/") > 2 else url

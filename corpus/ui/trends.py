"""Trends: one field across the years its figures apply to and across regions, drawn from the panel
data (corpus.panel): a linear year axis on which a missing year is a gap, floors (≥) marked apart from
exact figures, one chart a scope named in Chinese, every point opening its notice; for one year, the
regions ranked and a tile-grid map of the provinces (a data file of grid places: nothing to download).

The charts are Vega-Lite specs written as plain dicts (what Altair would make of them, without the
schema validation that cost most of a pick), each with its rows in one named dataset: a pick that
leaves a chart's spec as it was only swaps its data in the browser."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import streamlit as st

from corpus.panel import (
    OPERATOR_NAMES,
    Panel,
    build_panel,
    province_tiles,
    scope_key_of,
    scope_label,
    scope_token,
    scopes_of,
    trend_points,
)
from .common import md
from .panel import field_picker, panel_inputs, store_stamp
from .state import url_multiselect, url_radio, url_selectbox

TILES = Path(__file__).resolve().parent / "data" / "province_tiles.tsv"
# One shape a kind of figure, so that a floor (不低于) never reads as an exact figure.
SHAPES = {OPERATOR_NAMES["="]: "circle", OPERATOR_NAMES[">="]: "triangle-up", OPERATOR_NAMES["<="]: "triangle-down",
          OPERATOR_NAMES["~"]: "diamond"}
DEFAULT_REGIONS = 6
DEFAULT_FIELD = "subsidy.per_capita"
# An identifier of the spec's language (vega-embed reads it; nothing is fetched).
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
NUMBER_FORMAT = ",.10~g"


@lru_cache(maxsize=1)
def tiles() -> tuple[dict, ...]:
    """The provinces' places on the tile grid (corpus/ui/data/province_tiles.tsv)."""
    lines = [line for line in TILES.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        out.append(dict(row, row=int(row["row"]), col=int(row["col"])))
    return tuple(out)


@dataclass(frozen=True)
class FieldTrends:
    """A field's scopes (general first, then the most common), each scope's panel and every point of it:
    what stays the same from one pick to the next while the store does."""

    scopes: tuple[str, ...]
    panels: Mapping[str, Panel]
    points: Mapping[str, tuple[dict, ...]]

    def units(self, scopes) -> list[str]:
        """The units of the scopes' figures (of every region), the most common first."""
        counts = Counter(p["unit"] for s in scopes for p in self.points[s])
        return [u for u, _ in counts.most_common()]


def field_trends(rows: list[dict], docs: list[dict], field: str) -> FieldTrends:
    """Every scope's panel and points of one field, from corpus.panel.panel_rows' figures and documents.

    >>> row = {"field": "contribution.individual", "scope": "", "value": 380, "unit": "元", "operator": "=",
    ...        "notice_id": 1, "document": 0, "parameter_id": 5, "year": 2024, "policy_year": 2023,
    ...        "province": "山西省", "city": "忻州市", "county": None, "level": "city"}
    >>> trends = field_trends([row], [], "contribution.individual")
    >>> trends.scopes, [(p["region"], p["year"], p["shown"]) for p in trends.points[""]], trends.units([""])
    (('',), [('山西省忻州市', 2024, '380 元')], ['元'])
    """
    scopes = tuple(scopes_of(rows, field))
    panels = {s: build_panel(rows, docs, field, s) for s in scopes}
    return FieldTrends(scopes, panels, {s: tuple(trend_points(panels[s])) for s in scopes})


@st.cache_resource(max_entries=16, ttl=600, show_spinner=False)
def cached_field_trends(field: str, stamp: tuple) -> FieldTrends:
    # A resource, not data: every session reads the same panels, never copied (nothing changes them).
    rows, docs = panel_inputs(field, "", "", stamp)
    return field_trends(rows, docs, field)


def warm() -> None:
    """The panels a first visit opens on (the default field's), for the app's warm-up."""
    cached_field_trends(DEFAULT_FIELD, store_stamp())


def trends_page() -> None:
    from extractor.vocab import field_labels

    st.title("趋势 Trends")
    field = field_picker("字段 Field", key="trends.field", default=DEFAULT_FIELD)
    if field is None:
        st.info("No figures in the store: upload notices first.")
        return
    label = field_labels().get(field, field)
    trends = cached_field_trends(field, store_stamp())
    scopes = trends.scopes
    if not scopes:
        st.info("No figures of this field in the store.")
        return
    cols = st.columns(2)
    tokens = url_multiselect("范围 Scopes", [scope_token(s) for s in scopes], param="scopes", key="trends.scopes",
                             default=[scope_token(s) for s in scopes[:3]], format_func=scope_label, what="scope",
                             container=cols[0])
    chosen = [scope_key_of(t) for t in tokens]
    if not chosen:
        st.info("Pick a scope.")
        return
    panels = {s: trends.panels[s] for s in chosen}
    regions = url_multiselect("地区 Regions", sorted({row.region for p in panels.values() for row in p.rows}),
                              param="regions", key="trends.regions", default=default_regions(panels.values()),
                              what="region", container=cols[1])
    wanted = set(regions)
    points = [p for s in chosen for p in trends.points[s] if p["region"] in wanted]
    units = trends.units(chosen)
    unit = url_radio("单位 Unit", units, param="unit", key="trends.unit") if len(units) > 1 else units[0]
    points = [p for p in points if p["unit"] == unit]

    st.subheader("按年度 Across years")
    st.caption("横轴为数字适用的年度；缺一年即断线；同一年各地区的点略微错开，相同的数字也看得见。"
               "● 确切 exact · ▲ 不低于 floor (≥) · ▼ 不超过 ceiling (≤) · ◆ 约 about (~) — the x axis is the year a figure "
               "applies to, a missing year breaks the line, the regions' points of a year sit a little apart so that equal "
               "figures stay visible; click a point to open its notice.")
    if not points:
        st.info("Pick regions with figures of these scopes.")
    for scope in chosen:
        mine = [p for p in points if p["scope"] == scope]
        st.markdown(f"**{md(scope_label(scope))}** · {md(label)}")
        if mine:
            draw(line_chart(mine, regions, f"{label} ({unit})"), width="stretch")
        else:
            st.caption("所选地区无此范围的数字 The regions picked have no figure of this scope.")

    years = sorted({y for p in panels.values() for row in p.rows for y in p.years if row.cell(y).figures}, reverse=True)
    year = url_selectbox("年度 Year", years, param="year", key="trends.year", parse=int, what="year",
                         default=panels[chosen[0]].fullest_year)
    first = next((s for s in chosen if any(row.cell(year).first for row in panels[s].rows)), chosen[0])
    panel = panels[first]
    st.subheader(f"{year} 各地区 Across regions · {md(scope_label(first))}")
    bars = [{"region": row.region, "value": f.value, "shown": f.text, "figure": OPERATOR_NAMES.get(f.operator, f.operator),
             "link": f.link, "doc_number": f.source, "sentence": f.sentence}
            for row in panel.rows for f in [row.cell(year).first] if f is not None and f.unit == unit]
    if bars:
        draw(bar_chart(bars, f"{label} ({unit})"), width="stretch")
    st.subheader(f"按省 By province · {year}")
    st.caption("省级通知的数字；灰色：无省级数字（悬停看该省市县的数字）。"
               "Province-level figures; grey: no province-level figure (hover for its cities' and counties').")
    draw(tile_map(province_tiles(panel, year, tiles()), unit), width="content")

    st.subheader("数据 Points")
    st.dataframe(
        [{"通知 Notice": p["link"], "地区 Region": p["region"], "范围 Scope": p["scope_label"], "年度 Year": p["year"],
          "值 Value": p["value"], "单位 Unit": p["unit"], "数字 Figure": p["shown"], "文号": p["doc_number"],
          "另有 Also": p["also"]} for p in points],
        hide_index=True, width="stretch",
        column_config={"通知 Notice": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")},
    )


def draw(spec: dict, width: str) -> None:
    """A spec of this module in the page, its rows handed over as Arrow tables (no DataFrame on the way)."""
    import pyarrow as pa

    datasets = {name: pa.Table.from_pylist(rows) for name, rows in spec["datasets"].items()}
    st.vega_lite_chart(dict(spec, datasets=datasets), width=width)


def default_regions(panels, limit: int = DEFAULT_REGIONS) -> list[str]:
    """The regions with the most years of figures, taken in turn from each scope's panel so that every
    scope has lines to show."""
    ranked = []
    for panel in panels:
        years = Counter({row.region: sum(1 for y in panel.years if row.cell(y).figures) for row in panel.rows})
        ranked.append([region for region, _ in years.most_common()])
    out: list[str] = []
    for turn in range(max(map(len, ranked), default=0)):
        for regions in ranked:
            if turn < len(regions) and regions[turn] not in out and len(out) < limit:
                out.append(regions[turn])
    return out


def _palette(n: int) -> str:
    return "tableau10" if n <= 10 else "tableau20"


def _field(name: str, kind: str, **more) -> dict:
    """A Vega-Lite field definition (``kind`` as Altair's shorthand letters: N, O, Q).

    >>> _field("value", "Q", title="值")
    {'field': 'value', 'type': 'quantitative', 'title': '值'}
    """
    return {"field": name, "type": {"N": "nominal", "O": "ordinal", "Q": "quantitative"}[kind], **more}


def _tooltip(*columns: tuple[str, str, str]) -> list[dict]:
    """Tooltip lines from (field, kind, title); a year shown without a thousands separator.

    >>> _tooltip(("region", "N", "地区"), ("year", "Q", "年度"))
    [{'field': 'region', 'type': 'nominal', 'title': '地区'}, {'field': 'year', 'type': 'quantitative', 'title': '年度', 'format': 'd'}]
    """
    return [_field(name, kind, title=title, **({"format": "d"} if name == "year" else {})) for name, kind, title in columns]


def dodged(points: list[dict], regions: list[str]) -> list[dict]:
    """The points with ``at``, their year moved a little by region (never past the half year), so that the
    equal figures of a city and its province stand side by side; new dicts, the points are left as they are.

    >>> [p["at"] for p in dodged([{"region": "A", "year": 2023}, {"region": "B", "year": 2023},
    ...                            {"region": "C", "year": 2024}], ["A", "B"])]
    [2022.96, 2023.04, 2024.0]
    """
    step = min(0.08, 0.5 / max(len(regions), 1))
    dodge = {region: (i - (len(regions) - 1) / 2) * step for i, region in enumerate(regions)}
    return [dict(p, at=p["year"] + dodge.get(p["region"], 0.0)) for p in points]


def line_chart(points: list[dict], regions: list[str], title: str) -> dict:
    """Lines through the later notice's figure of each year, broken where a year is missing (a line per
    run of consecutive years); a point for every figure, shaped by its kind, opening its notice.

    >>> spec = line_chart([{"region": "A", "year": 2022, "value": 350, "figure": "确切 exact", "first": True}],
    ...                   ["A"], "个人缴费标准 (元)")
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    (['line', 'point'], [2021.5, 2022.5])
    >>> spec["layer"][1]["encoding"]["shape"]["scale"], spec["datasets"]["points"][0]["at"]
    ({'domain': ['确切 exact'], 'range': ['circle']}, 2022.0)
    """
    rows = dodged(points, regions)
    low, high = min(p["year"] for p in rows), max(p["year"] for p in rows)
    x = _field("at", "Q", title="适用年度 Year the figure applies to", scale={"domain": [low - 0.5, high + 0.5], "nice": False},
               axis={"format": "d", "values": list(range(low, high + 1))})
    y = _field("value", "Q", title=title, scale={"zero": False, "padding": 12}, axis={"format": NUMBER_FORMAT})
    color = _field("region", "N", title="地区 Region", scale={"domain": list(regions), "scheme": _palette(len(regions))},
                   legend={"labelLimit": 0, "titleLimit": 0, "symbolLimit": 0})
    # The kinds of figure of this chart only, so that its legend is short enough to be read whole.
    shown = {p["figure"] for p in rows}
    kinds = [k for k in SHAPES if k in shown]
    lines = {"mark": {"type": "line"}, "transform": [{"filter": "datum.first"}],
             "encoding": {"x": x, "y": y, "color": color, "detail": _field("segment", "N")}}
    marks = {
        "mark": {"type": "point", "filled": True, "size": 90, "opacity": 1},
        "encoding": {
            "x": x, "y": y, "color": color,
            "shape": _field("figure", "N", title="数字 Figure", scale={"domain": kinds, "range": [SHAPES[k] for k in kinds]},
                            legend={"labelLimit": 0}),
            "href": _field("link", "N"),
            "tooltip": _tooltip(("region", "N", "地区"), ("year", "Q", "年度"), ("shown", "N", "数字"),
                                ("doc_number", "N", "通知"), ("also", "N", "另有"), ("sentence", "N", "原句")),
        },
    }
    # Tall enough for both legends whole, whatever the number of regions.
    return {"$schema": SCHEMA, "datasets": {"points": rows}, "data": {"name": "points"},
            "height": max(300, 30 * (len(regions) + len(kinds)) + 120), "layer": [lines, marks]}


def bar_chart(bars: list[dict], title: str) -> dict:
    """The regions of one year, highest first; a floor's bar in another colour than an exact figure's.

    >>> spec = bar_chart([{"region": "A", "value": 640, "figure": "不低于 floor (≥)"}], "元")
    >>> spec["encoding"]["color"]["scale"], spec["height"]
    ({'domain': ['不低于 floor (≥)'], 'scheme': 'set2'}, 160)
    """
    shown = {b["figure"] for b in bars}
    kinds = [k for k in SHAPES if k in shown]
    return {
        "$schema": SCHEMA, "datasets": {"bars": list(bars)}, "data": {"name": "bars"},
        "height": max(160, 28 * len(bars)), "mark": {"type": "bar"},
        "encoding": {
            "x": _field("value", "Q", title=title, axis={"format": NUMBER_FORMAT}),
            "y": _field("region", "N", title="地区 Region", sort="-x", axis={"labelLimit": 0}),
            "color": _field("figure", "N", title="数字 Figure", scale={"domain": kinds, "scheme": "set2"},
                            legend={"labelLimit": 0}),
            "href": _field("link", "N"),
            "tooltip": _tooltip(("region", "N", "地区"), ("shown", "N", "数字"), ("doc_number", "N", "通知"),
                                ("sentence", "N", "原句")),
        },
    }


def tile_map(tile_rows: list[dict], unit: str) -> dict:
    """A square a province at its grid place, coloured by its province-level figure (grey: none).

    >>> spec = tile_map([{"value": 640}, {"value": None}, {"value": 700}], "元")
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["layer"][2]["encoding"]["color"]["condition"]["test"]
    (['rect', 'rect', 'text'], 'isValid(datum.value) && datum.value > 670.0')
    """
    values = [t["value"] for t in tile_rows if t["value"] is not None]
    # Dark tiles get white text, so that a label stays readable on every shade (no scale: Streamlit
    # reads the type of every scale it is given).
    dark = f"isValid(datum.value) && datum.value > {(min(values) + max(values)) / 2}" if len(set(values)) > 1 else "false"
    x = _field("col", "O", axis=None)
    y = _field("row", "O", axis=None)
    tooltip = _tooltip(("province", "N", "省"), ("shown", "N", "省级数字"), ("doc_number", "N", "通知"), ("local", "N", "市县"))
    square = {"type": "rect", "cornerRadius": 4, "stroke": "#ffffff", "strokeWidth": 2}
    # Every province a grey square; those with a figure a coloured one on top (a colour scale would
    # leave out, not grey, the rows without a value).
    blank = {"mark": dict(square, color="#e5e7eb"), "encoding": {"x": x, "y": y, "tooltip": tooltip}}
    shaded = {"mark": square, "transform": [{"filter": "isValid(datum.value)"}],
              "encoding": {"x": x, "y": y, "href": _field("link", "N"), "tooltip": tooltip,
                           "color": _field("value", "Q", title=unit, scale={"scheme": "blues", "zero": False},
                                           legend={"format": NUMBER_FORMAT})}}
    names = {"mark": {"type": "text", "fontSize": 11, "lineBreak": "\n"},
             "encoding": {"x": x, "y": y, "text": _field("label", "N"),
                          "color": {"condition": {"test": dark, "value": "#ffffff"}, "value": "#111827"},
                          "href": _field("link", "N"), "tooltip": tooltip}}
    return {"$schema": SCHEMA, "datasets": {"tiles": list(tile_rows)}, "data": {"name": "tiles"},
            "width": 8 * 72, "height": 8 * 56, "layer": [blank, shaded, names]}

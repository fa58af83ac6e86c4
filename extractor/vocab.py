"""The data files the engine reads, loaded once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """A TOML file of ``extractor/data``, parsed.

    >>> "doc_types" in load("reading")["layout"]
    True
    """
    return tomllib.loads(resources.files("extractor.data").joinpath(f"{name}.toml").read_text("utf-8"))


def reading() -> dict:
    return load("reading")


def field_labels() -> dict[str, str]:
    """Field id → Chinese label, from the field catalog.

    >>> field_labels()["subsidy.per_capita"]
    '人均财政补助标准'
    """
    return {f["id"]: f["label"] for f in load("fields")["field"]}

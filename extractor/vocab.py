"""The data files the engine reads, loaded once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


# Each stage keeps its vocabulary beside its code: the reading stages (layout, sections,
# metadata) in reading/data, the figures stage in figures/data, the grammar both share in data/.
HOMES = {"reading": "extractor.reading.data", "regions": "extractor.reading.data", "fields": "extractor.figures.data",
         "patterns": "extractor.figures.data", "words": "extractor.figures.data", "scopes": "extractor.figures.data",
         "grammar": "extractor.data", "topic": "extractor.reading.data"}


def data_text(file: str) -> str:
    """The text of one data file, by its name: ``data_text("patterns.jsonl")``."""
    return resources.files(HOMES[file.split(".")[0]]).joinpath(file).read_text("utf-8")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """A TOML data file, parsed (``fields`` is figures/data/fields.toml).

    The files with a model (fields, reading, scopes, grammar) are checked first: a misspelt key is a
    DataFileError here, not a silent gap in the figures later.

    >>> "doc_types" in load("reading")["layout"]
    True
    """
    if name in ("fields", "reading", "scopes", "grammar"):
        from . import datafiles  # imported here: datafiles reads its files through this module

        return datafiles.checked(name)
    return tomllib.loads(data_text(f"{name}.toml"))


def reading() -> dict:
    return load("reading")


def field_labels() -> dict[str, str]:
    """Field id → Chinese label, from the field catalog.

    >>> field_labels()["subsidy.per_capita"]
    '人均财政补助标准'
    """
    return {f["id"]: f["label"] for f in load("fields")["field"]}

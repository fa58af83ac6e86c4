"""JSON Schema of the output, generated from the models (never written by hand)."""

from __future__ import annotations

import json

from .models import Notice


def render_schema() -> str:
    """The schema as the text checked in at schemas/notice.schema.json."""
    schema = Notice.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "notice.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

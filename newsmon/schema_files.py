"""JSON Schema files of the messages, generated from the models and committed."""

from __future__ import annotations

from pathlib import Path

from newsmon.messages import MESSAGE_TYPES, json_schema

SCHEMA_DIR = Path(__file__).parent / "schemas"


def _expected() -> dict[Path, str]:
    return {SCHEMA_DIR / f"{cls.SCHEMA}.v{cls.VERSION}.json": json_schema(cls) for cls in MESSAGE_TYPES.values()}


def write_schemas() -> list[Path]:
    """Regenerate every schema file; returns their paths."""
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for path, text in _expected().items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_schemas() -> list[str]:
    """Names of schema files missing or different from the models."""
    return [
        path.name
        for path, text in _expected().items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]

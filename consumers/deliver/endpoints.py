"""The endpoints file users edit: webhook receivers, their payload format and where their secrets live.

Formats: `json` (the Alert message), `slack` (a Slack message) and `stix` (the revision's STIX 2.1 bundle, for
platforms that take a push). json and stix endpoints must have a secret: their bodies are signed.

Secrets are never written in the file: each endpoint names an environment variable or a secret file.
Errors name the file, the endpoint and the secret's source, never the secret.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Mapping
from urllib.parse import urlsplit

import pydantic
import yaml

from newsmon import netguard
from newsmon.errors import ConfigError

SIGNED_FORMATS = ("json", "stix")  # formats whose receivers verify the signature, so a secret is required


@dataclass(frozen=True)
class Endpoint:
    """One webhook receiver from the endpoints file."""

    name: str
    url: str
    format: Literal["json", "slack", "stix"] = "json"
    secret: pydantic.SecretStr | None = None
    timeout_s: float | None = None


class _Entry(pydantic.BaseModel):
    """One entry of the endpoints file as written; secrets are named by source, never inline."""

    model_config = pydantic.ConfigDict(extra="forbid", strict=True)
    name: str = pydantic.Field(min_length=1)
    url: str
    format: Literal["json", "slack", "stix"] = "json"
    secret_env: str | None = None
    secret_file: str | None = None
    timeout_s: float | None = pydantic.Field(None, gt=0)


def load_endpoints(path: Path, *, env: Mapping[str, str] = os.environ) -> dict[str, Endpoint]:
    """Read the endpoints YAML; errors name the file, endpoint and secret source, never the secret."""
    entries = _entries(path)
    endpoints: dict[str, Endpoint] = {}
    for number, raw in enumerate(entries, 1):
        name = raw.get("name") if isinstance(raw, dict) else None
        label = f"{path}: endpoint {name!r}" if isinstance(name, str) and name else f"{path}: endpoint #{number}"
        try:
            entry = _Entry.model_validate(raw)
        except pydantic.ValidationError as exc:  # its message quotes the input: say only where and what
            first = exc.errors()[0]
            hint = "; put secrets in secret_env or secret_file" if first["loc"] == ("secret",) else ""
            where = ".".join(map(str, first["loc"])) or "entry"
            raise ConfigError(f"{label}: {where}: {first['msg']}{hint}") from None
        parts = urlsplit(entry.url)
        if parts.scheme not in netguard.ALLOWED_SCHEMES or not parts.hostname:
            raise ConfigError(f"{label}: url must be an http or https URL with a host")
        secret = _secret(label, path, entry, env)
        if secret is None and entry.format in SIGNED_FORMATS:
            raise ConfigError(f"{label}: {entry.format} endpoints need secret_env or secret_file to sign with")
        if entry.name in endpoints:
            raise ConfigError(f"{label}: name used twice")
        endpoints[entry.name] = Endpoint(entry.name, entry.url, entry.format, secret, entry.timeout_s)
    return endpoints


def _secret(label: str, path: Path, entry: _Entry, env: Mapping[str, str]) -> pydantic.SecretStr | None:
    if entry.secret_env and entry.secret_file:
        raise ConfigError(f"{label}: give secret_env or secret_file, not both")
    if not (entry.secret_env or entry.secret_file):
        return None
    if entry.secret_env:
        source, value = f"environment variable {entry.secret_env}", env.get(entry.secret_env, "")
    else:
        source, file = f"secret file {path.parent / entry.secret_file}", path.parent / entry.secret_file
        try:
            value = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or "not UTF-8"
            raise ConfigError(f"{label}: cannot read {source}: {why}") from None
    key = (value := value.strip()).removeprefix("whsec_")
    try:
        key_bytes = len(base64.b64decode(key + "=" * (-len(key) % 4), validate=True))
    except ValueError:
        key_bytes = 0
    if not value.startswith("whsec_") or key_bytes < 24:
        problem = "is not set" if not value else "must hold 'whsec_' + base64 of at least 24 random bytes"
        raise ConfigError(f"{label}: {source} {problem}")
    return pydantic.SecretStr(value)


def endpoint_names(path: Path) -> set[str]:
    """The endpoint names of an endpoints file, without reading any secret (for `rules check`)."""
    return {e["name"] for e in _entries(path) if isinstance(e, dict) and isinstance(e.get("name"), str)}


def _entries(path: Path) -> list:
    """The raw `endpoints` list of the file; a file that cannot be read or is no such list is a ConfigError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read endpoints file: {exc.strerror}") from exc
    except yaml.YAMLError as exc:  # its message quotes the line, which may hold a secret
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path}: invalid YAML" + (f" at line {mark.line + 1}" if mark else "")) from None
    entries = data.get("endpoints") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a mapping with an 'endpoints' list")
    return entries

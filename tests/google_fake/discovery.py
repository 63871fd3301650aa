"""Google's own discovery documents (shipped offline by google-api-python-client) decide which requests exist.

A request whose method and path no document defines, or with a query parameter the method does not take,
is refused with a 400, so kmsheets can never come to rely on an API call Google does not have.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import googleapiclient

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"


@dataclass(frozen=True)
class Method:
    id: str  # e.g. sheets.spreadsheets.values.batchGet
    http: str
    pattern: re.Pattern
    parameters: frozenset[str]
    required: frozenset[str]


def _methods(resource: dict, found: list[dict]) -> list[dict]:
    found += resource.get("methods", {}).values()
    for child in resource.get("resources", {}).values():
        _methods(child, found)
    return found


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{\+?[^}]+\})", template)
    return re.compile("".join("[^/]+?" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def load(*names: str) -> list[Method]:
    methods = []
    for name in names:
        doc = json.loads((DOCUMENTS / f"{name}.json").read_text())
        base = doc["servicePath"]
        common = set(doc.get("parameters", {}))
        for method in _methods(doc, []):
            params = method.get("parameters", {})
            query = {k for k, v in params.items() if v.get("location") == "query"}
            required = {k for k, v in params.items() if v.get("location") == "query" and v.get("required")}
            paths = ["/" + base + (method.get("flatPath") or method["path"])]
            upload = method.get("mediaUpload", {}).get("protocols", {}).get("simple", {}).get("path")
            if upload:
                paths.append(upload)
            for path in paths:
                methods.append(Method(method["id"], method["httpMethod"], _pattern(path),
                                      frozenset(query | common), frozenset(required)))
    return methods


METHODS = load("sheets.v4", "drive.v3", "docs.v1")


def match(http: str, path: str, query: set[str]) -> tuple[Method | None, str]:
    """The method a request calls, or None and why it does not exist."""
    for method in METHODS:
        if method.http == http and method.pattern.match(path):
            unknown = query - method.parameters
            if unknown:
                return None, f"Invalid JSON payload received. Unknown name \"{sorted(unknown)[0]}\": Cannot bind query parameter."
            missing = method.required - query
            if missing:
                return None, f"Required parameter is missing: {sorted(missing)[0]}"
            return method, ""
    return None, f"The requested URL {path} was not found on this server (no such method in the discovery documents)."

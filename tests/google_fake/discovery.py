"""Google's own discovery documents (shipped offline by google-api-python-client) decide which requests exist.

A request whose method and path no document defines, or with a query parameter the method does not take,
is refused with a 400, and so is a JSON body with a field, or a value of a type or enum, that the method's
request schema does not define, and a field mask (the `fields` parameter, or the `fields` of a batchUpdate
request) naming a field its schema lacks: kmsheets can never come to rely on anything Google does not have.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
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
    request: str = ""  # the schema of the JSON body, if it takes one
    response: str = ""
    schemas: dict = field(default_factory=dict, compare=False, repr=False)  # its document's schemas


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
        doc = _document(name)
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
                                      frozenset(query | common), frozenset(required),
                                      method.get("request", {}).get("$ref", ""),
                                      method.get("response", {}).get("$ref", ""), doc["schemas"]))
    return methods


@functools.cache
def _document(name: str) -> dict:
    return json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))


METHODS = load("sheets.v4", "drive.v3", "docs.v1")
SHEETS_SCHEMAS = _document("sheets.v4")["schemas"]
# Where Sheets takes each condition type: its description says, e.g. "Supported by data validation."
_CONDITION = SHEETS_SCHEMAS["BooleanCondition"]["properties"]["type"]
CONDITION_TYPES = dict(zip(_CONDITION["enum"], _CONDITION["enumDescriptions"]))


def refusal(method: Method, query: dict[str, list[str]], body: object, *, check_body_too: bool) -> str:
    """Why Google would refuse the request's field mask or JSON body with a 400, or ''."""
    try:
        if "fields" in query and method.response:
            check_fields(method.schemas, {"$ref": method.response}, parse_fields(query["fields"][-1]))
        if check_body_too and isinstance(body, dict):
            check_body(method, body)
    except Refused as refused:
        return str(refused)
    return ""


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


class Refused(ValueError):
    """A body or field mask that the discovery document does not define; the message is Google's kind of 400."""


def check_body(method: Method, body: object) -> None:
    """Refuse a JSON body that does not fit the method's request schema, the way Google's parser does."""
    if method.request:
        _check_value(method.schemas, {"$ref": method.request}, body, "")


def _resolve(schemas: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = schemas[schema["$ref"]]
    return schema


_TYPES = {"string": (str,), "boolean": (bool,), "integer": (int, str), "number": (int, float, str),
          "array": (list,), "object": (dict,)}


def _check_value(schemas: dict, schema: dict, value: object, at: str) -> None:
    schema = _resolve(schemas, schema)
    kind = schema.get("type", "object")
    if value is None or kind == "any":
        return
    expected = _TYPES.get(kind, (object,))
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        raise Refused(f"Invalid value at '{at}' ({kind.upper()}), {json.dumps(value, ensure_ascii=False)}")
    if "enum" in schema and value not in schema["enum"]:
        raise Refused(f"Invalid value at '{at}' (TYPE_ENUM), \"{value}\"")
    if kind == "array":
        for index, item in enumerate(value):
            _check_value(schemas, schema.get("items", {"type": "any"}), item, f"{at}[{index}]")
    elif kind == "object":
        properties, extra = schema.get("properties"), schema.get("additionalProperties")
        for name, item in value.items():
            if properties is not None and name in properties:
                _check_value(schemas, properties[name], item, f"{at}.{name}".lstrip("."))
            elif extra is not None:
                _check_value(schemas, extra, item, f"{at}.{name}".lstrip("."))
            else:
                raise Refused(f"Invalid JSON payload received. Unknown name \"{name}\" at '{at}': "
                              "Cannot find field.")


FieldTree = dict  # a field mask as a tree: {"sheets": {"properties": {"title": {}}}}; {} selects all below


def parse_fields(mask: str) -> FieldTree:
    """A field mask, 'a,b(c,d/e),f.g', as a tree; '/' and '.' both step into a field."""
    tree: FieldTree = {}
    stack = [tree]
    name = ""
    current = tree

    def close_name() -> None:
        nonlocal name, current
        if name.strip():
            node = stack[-1]
            for part in re.split(r"[/.]", name.strip()):
                node = node.setdefault(part, {})
            current = node
        name = ""

    for char in mask:
        if char == "(":
            close_name()
            stack.append(current)
        elif char == ")":
            close_name()
            stack.pop()
        elif char == ",":
            close_name()
        else:
            name += char
    close_name()
    return tree


def check_fields(schemas: dict, schema: dict, tree: FieldTree, at: str = "") -> None:
    """Refuse a field mask naming a field that `schema` (and the schemas below it) does not define."""
    schema = _resolve(schemas, schema)
    if schema.get("type") == "array":
        schema = _resolve(schemas, schema.get("items", {}))
    if "additionalProperties" in schema and "properties" not in schema:
        return  # a map: any key may be selected
    for name, below in tree.items():
        found = schema.get("properties", {}).get(name)
        if name != "*" and found is None:
            raise Refused(f"Invalid field selection {at}{name}")
        if below and found is not None:
            check_fields(schemas, found, below, f"{at}{name}.")


def prune(value: object, tree: FieldTree) -> object:
    """Only the fields a mask selects, as a partial response has them; list items keep their places."""
    if not tree or "*" in tree:
        return value
    if isinstance(value, list):
        return [prune(item, tree) for item in value]
    if isinstance(value, dict):
        return {name: prune(value[name], below) for name, below in tree.items() if name in value}
    return value

"""How the cache stores a whole result: a Comparison (or a number) as versioned JSON.

A stored result is data, never code: `loads` parses JSON and builds only the
dataclasses of `compare.types` that the reading code asks for, checking each
value against the field's declared type. What the data says can choose no
class and call nothing, so a cache file handed over by someone else is as
safe to open as a report. Anything that does not parse (a result stored in
another format or version, a damaged row) raises `Unreadable`; the cache
treats that as a miss.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal, Union

from compare.types import Comparison

FORMAT = "parallax-result"
VERSION = 1  # bump when the stored shape changes; older rows are then recomputed

Result = Union[Comparison, float]


class Unreadable(ValueError):
    """A stored result that is not one this version writes."""


def dumps(value: Result) -> str:
    if isinstance(value, Comparison):
        kind, data = "comparison", _plain(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        kind, data = "number", float(value)
    else:
        raise TypeError(f"the cache stores comparisons and numbers, not {type(value).__name__}")
    return json.dumps({"format": FORMAT, "version": VERSION, "kind": kind, "value": data},
                      ensure_ascii=False, separators=(",", ":"))


def loads(payload: str | bytes) -> Result:
    try:
        if isinstance(payload, bytes):
            payload = payload.decode("utf-8")
        data = json.loads(payload)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
            raise Unreadable("not a result of this version")
        if data.get("kind") == "comparison":
            return _build(Comparison, data["value"])
        if data.get("kind") == "number":
            return _build(float, data["value"])
        raise Unreadable(f"unknown kind {data.get('kind')!r}")
    except Unreadable:
        raise
    except (ValueError, TypeError, KeyError, RecursionError) as exc:  # includes UnicodeDecodeError
        raise Unreadable(str(exc)) from exc


def _plain(value: Any) -> Any:
    """A dataclass tree as JSON values: objects for dataclasses and mappings, lists for tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("only mappings with string keys can be stored")
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        return _plain(value.item())
    raise TypeError(f"cannot store a {type(value).__name__}")


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's field types, and the names of the fields that have no default."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}
    required = frozenset(f.name for f in dataclasses.fields(cls) if f.init
                         and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    return fields, required


def _build(tp: Any, data: Any) -> Any:
    """`data` (parsed JSON) as a value of type `tp`; TypeError when it is not one."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"{tp.__name__}: expected an object")
        fields, required = _fields(tp)
        unknown = set(data) - set(fields)
        missing = required - set(data)
        if unknown or missing:
            raise TypeError(f"{tp.__name__}: unknown fields {sorted(unknown)}, missing {sorted(missing)}")
        return tp(**{name: _build(fields[name], item) for name, item in data.items()})
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(data, list):
            raise TypeError("expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in data)
        if len(args) != len(data):
            raise TypeError(f"expected {len(args)} items, got {len(data)}")
        return tuple(_build(arg, item) for arg, item in zip(args, data))
    if origin in (Mapping, dict):
        key_type, value_type = typing.get_args(tp)
        if key_type is not str or not isinstance(data, dict):
            raise TypeError("expected an object")
        return {key: _build(value_type, item) for key, item in data.items()}
    if origin in (Union, types.UnionType):
        if data is None and type(None) in typing.get_args(tp):
            return None
        for arg in typing.get_args(tp):
            if arg is not type(None):
                try:
                    return _build(arg, data)
                except TypeError:
                    continue
        raise TypeError(f"no type of {tp} fits")
    if origin is Literal:
        if data not in typing.get_args(tp):
            raise TypeError(f"{data!r} is not one of {typing.get_args(tp)}")
        return data
    if tp is float:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return float(data)
    elif tp in (str, bool) or tp is int:
        if type(data) is tp:
            return data
    else:
        raise TypeError(f"cannot read a {tp}")
    raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")

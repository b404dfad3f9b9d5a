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
from typing import Any, Callable, Literal, Union

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


def _build(tp: Any, data: Any) -> Any:
    """`data` (parsed JSON) as a value of type `tp`; TypeError when it is not one."""
    return _reader(tp)(data)


@lru_cache(maxsize=None)
def _reader(tp: Any) -> Callable[[Any], Any]:
    """A function that reads parsed JSON as a value of type `tp` (built once per type: a stored
    comparison holds thousands of paragraphs)."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _dataclass_reader(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            return lambda data: tuple(map(item, _list(data)))
        items = tuple(_reader(arg) for arg in args)

        def fixed(data: Any) -> tuple:
            if len(_list(data)) != len(items):
                raise TypeError(f"expected {len(items)} items, got {len(data)}")
            return tuple(read(value) for read, value in zip(items, data))
        return fixed
    if origin in (Mapping, dict):
        key_type, value_type = typing.get_args(tp)
        if key_type is not str:
            raise TypeError(f"cannot read {tp}")
        value = _reader(value_type)
        return lambda data: {key: value(item) for key, item in _object(data).items()}
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        optional = type(None) in args
        choices = tuple(_reader(arg) for arg in args if arg is not type(None))

        def one_of(data: Any) -> Any:
            if data is None and optional:
                return None
            for read in choices:
                try:
                    return read(data)
                except TypeError:
                    continue
            raise TypeError(f"no type of {tp} fits {type(data).__name__}")
        return one_of
    if origin is Literal:
        allowed = typing.get_args(tp)

        def literal(data: Any) -> Any:
            if data not in allowed:
                raise TypeError(f"{data!r} is not one of {allowed}")
            return data
        return literal
    if tp is float:
        return _float
    if tp in (str, int, bool):
        def exactly(data: Any) -> Any:
            if type(data) is not tp:
                raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")
            return data
        return exactly
    raise TypeError(f"cannot read a {tp}")


def _dataclass_reader(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    readers = {f.name: _reader(hints[f.name]) for f in fields}
    required = frozenset(f.name for f in fields
                         if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not dataclasses.MISSING}
    # A frozen dataclass's __init__ sets each field through object.__setattr__, which made reading
    # a stored comparison 6 times slower than unpickling it. With nothing to run after __init__,
    # filling the instance's __dict__ makes the same object.
    direct = not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")

    def read(data: Any) -> Any:
        data = _object(data)
        if not required <= data.keys() or not data.keys() <= readers.keys():
            raise TypeError(f"{cls.__name__}: unknown fields {sorted(data.keys() - readers.keys())}, "
                            f"missing {sorted(required - data.keys())}")
        values = {name: readers[name](value) for name, value in data.items()}
        if not direct:
            return cls(**values)
        made = object.__new__(cls)
        made.__dict__.update(defaults)
        made.__dict__.update((name, make()) for name, make in factories.items() if name not in values)
        made.__dict__.update(values)
        return made
    return read


def _float(data: Any) -> float:
    if type(data) is float:
        return data
    if type(data) is int:
        return float(data)
    raise TypeError(f"expected a number, got {type(data).__name__}")


def _list(data: Any) -> list:
    if type(data) is not list:
        raise TypeError(f"expected a list, got {type(data).__name__}")
    return data


def _object(data: Any) -> dict:
    if type(data) is not dict:
        raise TypeError(f"expected an object, got {type(data).__name__}")
    return data

"""The shape of a JSON text, measured before ``json.loads`` builds anything.

``json.loads`` of ``[[[[…`` raises RecursionError once deeper than Python's stack,
and 5 MB of ``{},{},…`` becomes 1.6 million dicts. ``shape`` strips the strings
and counts the brackets at C speed (regex, ``bytes.translate``, numpy), so a
reader can refuse a file by its depth and size of lists and objects first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_CHUNK = 1 << 20


@lru_cache(maxsize=1)
def _opening():
    """+1 for an opening bracket's byte, -1 for a closing one (numpy is imported only
    when a file is read: every page imports the readers, few read a file)."""
    import numpy as np

    table = np.zeros(256, np.int8)
    table[[ord("["), ord("{")]] = 1
    table[[ord("]"), ord("}")]] = -1
    return table


@dataclass(frozen=True)
class Shape:
    depth: int  # deepest nesting of lists and objects (``[[1]]`` is 2)
    lists: int
    objects: int


def shape(text: str, limit: int | None = None) -> Shape:
    """Depth and the number of lists and objects of ``text`` (strings do not count).

    The brackets are summed a chunk at a time; with a ``limit`` the depth is
    measured only until it passes the limit.
    """
    import numpy as np

    brackets = _STRING.sub("", text).encode("utf-8", "replace").translate(None, _NOT_BRACKETS)
    opening, depth, level = _opening(), 0, 0
    for at in range(0, len(brackets), _CHUNK):
        levels = np.cumsum(opening[np.frombuffer(brackets, np.uint8, min(_CHUNK, len(
            brackets) - at), at)], dtype=np.int32) + level
        depth, level = max(depth, int(levels.max())), int(levels[-1])
        if limit is not None and depth > limit:
            break
    return Shape(depth, brackets.count(b"["), brackets.count(b"{"))


def depth_of(value, limit: int) -> int:
    """The nesting depth of parsed JSON, walked without recursion; stops past ``limit``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, level + 1) for child in children)
    return deepest

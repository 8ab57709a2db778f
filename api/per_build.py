"""One value per served store and build: labels, the search index, graph sizes.

Made on first use and remade when the store's build changes (a remote store's release record can
change under a running server). Keyed weakly by the store object itself, so a store that is gone
takes its value with it and a new store that happens to reuse an old ``id()`` never gets a stale
value.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from bwgraph.store import Store

T = TypeVar("T")


class PerBuild(Generic[T]):
    """``cache(store)``: the value ``make(store)`` for that store's current build."""

    def __init__(self, make: Callable[[Store], T]) -> None:
        self._make = make
        self._values: weakref.WeakKeyDictionary[object, tuple[str, T]] = (
            weakref.WeakKeyDictionary())
        self._lock = threading.Lock()

    def __call__(self, store: Store) -> T:
        info = store.build_info
        key = info.sha256 if info is not None else ""
        with self._lock:  # made once per build, even when several requests ask at once
            hit = self._values.get(store)
            if hit is not None and hit[0] == key:
                return hit[1]
            value = self._make(store)
            self._values[store] = (key, value)
            return value

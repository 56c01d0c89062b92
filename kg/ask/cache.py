"""What kg.ask keeps between questions, per store object, for as long as the store is unchanged.

`change_token(store)` is `Store.change_token()`: a value that changes whenever the data a store
answers from may have changed, or None when nothing cheap and safe can tell (then kg.ask reads
again every time). The embedded store (Oxigraph) answers with its handle and its directory's
files, rdflib in memory with a counter of its writes; a remote endpoint, which anyone may
write, cannot tell (its callers re-read, and kg.ask.linking rebuilds its matcher only when what
it read differs).

`StoreCache` keeps one value per store object (weakly: a closed store's entry goes with it) with
the token it was computed under; the token is read before the store is, so a write that lands
while the value is computed makes the next lookup miss, never serve stale data.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from kg.store.base import Store

__all__ = ["StoreCache", "change_token"]

V = TypeVar("V")


def change_token(store: Store) -> Hashable | None:
    return store.change_token()


class StoreCache(Generic[V]):
    """One value per (store object, extra key), valid while the store's change token stays."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(self, store: Store, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value for `store` and `key`, or `compute()` (cached when the store has a token)."""
        token = change_token(store)
        if token is None:
            return compute()
        with self._lock:
            entry = self._entries.get(store)
        if entry is not None and entry[0] == (token, key):
            return entry[1]
        value = compute()
        with self._lock:
            self._entries[store] = ((token, key), value)
        return value

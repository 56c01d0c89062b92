"""What kg.ask keeps between questions, per store object, for as long as the store is unchanged.

`change_token(store)` is a value that changes whenever the data a store answers from may have
changed, or None when nothing cheap and safe can tell (then kg.ask reads again every time):

- a store with a ``change_token()`` method (the interface proposed for kg.store.base.Store) is
  asked: its answer is the token, None meaning "cannot tell";
- the embedded store (Oxigraph): the file names, sizes and times of its directory, as
  kg.sparql_guard.Snapshot reads them to notice writes. Every write of Oxigraph (an update, an
  `extend`, a bulk load) appends to RocksDB's write-ahead log or adds files before it returns,
  whichever process wrote; reading the directory costs tens of microseconds. A read-only handle
  sees its snapshot whatever the directory says: a change there only costs a re-read;
- rdflib in memory and remote endpoints: None. rdflib keeps no change counter, and an endpoint
  may be written by anyone; their callers re-read (and kg.ask.linking rebuilds its matcher only
  when what it read differs).

`StoreCache` keeps one value per store object (weakly: a closed store's entry goes with it) with
the token it was computed under; the token is read before the store is, so a write that lands
while the value is computed makes the next lookup miss, never serve stale data.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from kg.store.base import Store

__all__ = ["StoreCache", "change_token"]

V = TypeVar("V")


def change_token(store: Store) -> Hashable | None:
    own = getattr(store, "change_token", None)
    if callable(own):
        try:
            return own()
        except Exception:  # noqa: BLE001 - a store that cannot tell is read again
            return None
    oxigraph = sys.modules.get("kg.store.oxigraph")
    if oxigraph is not None and isinstance(store, oxigraph.OxigraphStore):
        handle = getattr(store, "_store", None)
        if handle is None or not store.location:
            return None
        from kg.sparql_guard import Snapshot

        signature = Snapshot(store.location).signature()
        if not signature:
            return None
        return ("oxigraph", id(handle), signature)
    return None


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
        try:
            with self._lock:
                entry = self._entries.get(store)
        except TypeError:  # a store that cannot be weakly referenced or hashed: no cache
            return compute()
        if entry is not None and entry[0] == (token, key):
            return entry[1]
        value = compute()
        with self._lock:
            self._entries[store] = ((token, key), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

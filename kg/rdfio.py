"""Import and export of whole datasets in the standard RDF formats."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import DataParseError, SourceNotFoundError, first_line
from kg.query.formats import guess_rdf_format, rdf_format
from kg.vocab import bind_prefixes

if TYPE_CHECKING:  # the stores use this module (Store.dump_trig): no import back at run time
    from kg.store.base import Quad, Store


def parse_dataset(data: bytes | str, fmt: str, *, source: str = "input") -> list[Quad]:
    """Parse RDF into quads (graph None for the default graph). Nothing is stored here."""
    rdflib_fmt, _ = rdf_format(fmt)
    ds = Dataset()
    try:
        ds.parse(data=data, format=rdflib_fmt)
    except Exception as exc:  # the parsers raise many unrelated types; all mean "does not parse"
        raise DataParseError(f"{source} is not valid {fmt}: {first_line(exc)}") from None
    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if isinstance(g, Graph) else g
        quads.append((s, p, o, None if gid == DATASET_DEFAULT_GRAPH_ID else gid))
    return quads


def import_file(store: Store, path: str | Path, fmt: str | None = None) -> int:
    """Load an RDF file into the store in one transaction; a file that fails to parse writes nothing."""
    path = Path(path)
    fmt = fmt or guess_rdf_format(path)
    rdf_format(fmt)  # an unknown format fails before the file is read
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceNotFoundError(f"no such file: {path}") from None
    except OSError as exc:
        raise SourceNotFoundError(f"cannot read {path}: {exc.strerror}") from None
    return store.add_quads(parse_dataset(data, fmt, source=str(path)))


def export(store: Store, fmt: str = "trig") -> str:
    """Serialise the store. `nt` and `turtle` write the union of all graphs; the others keep graphs."""
    rdflib_fmt, keeps_graphs = rdf_format(fmt)
    if keeps_graphs:
        ds = Dataset()
        bind_prefixes(ds)
        for s, p, o, g in store.quads():
            ds.graph(g if g is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, o))
        target = ds
    else:
        target = Graph()
        bind_prefixes(target)
        for s, p, o, _ in store.quads():
            target.add((s, p, o))
    text = target.serialize(format=rdflib_fmt)
    return text if isinstance(text, str) else text.decode("utf-8")

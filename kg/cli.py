"""The `kg` command: a thin click layer over the library in `kg/`.

Each command opens the store, calls one library function and prints its result. spaCy is
imported only by the commands that extract text.
"""

from __future__ import annotations

import json
import sys

import click

from kg.errors import LoreError


class LoreGroup(click.Group):
    """Turns library errors into one line on stderr and the error's exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LoreError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


class StoreHandle:
    def __init__(self, spec: str | None):
        self.spec = spec
        self._store = None

    def open(self, *, read_only: bool = False):
        from kg.store import open_store

        if self._store is None:
            self._store = open_store(self.spec, read_only=read_only)
        return self._store

    def open_existing(self):
        """The store read-only, or None when there is none yet (nothing ingested)."""
        from kg.errors import NoStoreError

        try:
            return self.open(read_only=True)
        except NoStoreError:
            return None

    def close(self):
        if self._store is not None:
            self._store.close()


@click.group(cls=LoreGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="KG_STORE",
    metavar="STORE",
    help="A store directory (embedded, the default is under your user data dir), 'memory', or a SPARQL endpoint URL. Also KG_STORE.",
)
@click.version_option(package_name="lore-kg", prog_name="kg")
@click.pass_context
def cli(ctx, store):
    """lore-kg: a knowledge graph of TV shows, the books they adapt, their makers and characters."""
    handle = StoreHandle(store)
    ctx.obj = handle
    ctx.call_on_close(handle.close)


def _read_query(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    if arg.startswith("@"):
        from pathlib import Path

        from kg.errors import SourceNotFoundError

        path = Path(arg[1:])
        if not path.is_file():
            raise SourceNotFoundError(f"no such query file: {path}")
        return path.read_text(encoding="utf-8")
    return arg


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", help="turtle, nt, nquads, trig or jsonld (default: from the extension).")
@click.pass_obj
def import_cmd(handle, file, fmt):
    """Load an RDF FILE into the store (all or nothing)."""
    from kg.rdfio import import_file

    n = import_file(handle.open(), file, fmt)
    click.echo(f"imported {n} quads from {file}")


@cli.command()
@click.option("--format", "fmt", default="trig", show_default=True, help="turtle, nt, nquads, trig or jsonld.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
@click.pass_obj
def export(handle, fmt, output):
    """Write the whole dataset (nt/turtle: the union; nquads/trig/jsonld: named graphs kept)."""
    from kg.rdfio import export as export_store

    text = export_store(handle.open(read_only=True), fmt)
    if output:
        from kg.atomic import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("sparql")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json", "csv", "tsv"]))
@click.pass_obj
def query(handle, sparql, fmt):
    """Run a SPARQL query (text, @file.rq or - for stdin) over all articles."""
    from kg.query.formats import format_result

    result = handle.open(read_only=True).query(_read_query(sparql))
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_obj
def stats(handle, as_json):
    """Counts per class and per predicate, and articles."""
    from kg.stats import format_stats
    from kg.stats import stats as compute

    data = compute(handle.open(read_only=True))
    click.echo(json.dumps(data, indent=2) if as_json else format_stats(data))


@cli.command()
@click.pass_obj
def validate(handle):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from kg.validate import validate as run

    report = run(handle.open(read_only=True))
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--model", metavar="NAME", help="Describe the pipeline on this base instead of the default.")
@click.pass_obj
def info(handle, as_json, model):
    """The store, the library versions and the extraction pipeline (works before any store exists)."""
    from kg.info import info as describe

    data = describe(handle.open_existing(), model)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"store     {data['store']} {data['location']}".rstrip())
    click.echo(f"quads     {data['quads']}")
    pipe = data["pipeline"]
    click.echo(f"pipeline  {pipe['name']} {pipe['version']} on {pipe['base']} {pipe['base_version']}".rstrip())
    click.echo(f"          {' > '.join(pipe['components'])}")
    click.echo(f"checksums {pipe['checksums']}" + (f" ({pipe['base_package']})" if pipe["base_package"] else ""))
    for name, version in data["versions"].items():
        click.echo(f"{name:<24}{version}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extract in this many worker processes.")
@click.option("--force", is_flag=True, help="Re-ingest articles even when unchanged.")
@click.option("--model", metavar="NAME", help="The spaCy model the extractor builds on.")
@click.option("--allow-private", is_flag=True, help="Allow URLs on private, loopback or link-local addresses.")
@click.option("--json", "as_json", is_flag=True, help="JSON report on stdout.")
@click.option("--no-progress", is_flag=True, help="No progress bar (it is shown only on a terminal anyway).")
@click.pass_context
def ingest(ctx, paths, jobs, force, model, allow_private, as_json, no_progress):
    """Extract articles (files, folders, URLs or - for stdin) into the graph, one named graph each.

    Unchanged articles are skipped; an edited article replaces its own graph. Exits 1 when
    something failed and nothing could be ingested.
    """
    from kg.ingest import ingest_paths

    report = ingest_paths(ctx.obj.open(), list(paths), jobs=jobs, force=force, model=model,
                          allow_private=allow_private, progress=not no_progress and sys.stderr.isatty())
    for source, reason in report.failures:
        click.echo(f"kg: error: {source}: {reason}", err=True)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())
    ctx.exit(report.exit_code)


@cli.command()
@click.argument("article")
@click.pass_obj
def remove(handle, article):
    """Drop one ARTICLE's graph: its IRI, its source path or URL, or a unique end of its IRI."""
    from kg.ingest import remove_article

    iri, info = remove_article(handle.open(), article)
    what = ", ".join(x for x in (info.get("title"), info.get("source")) if x)
    click.echo(f"removed {iri}" + (f" ({what}; {info.get('facts', 0)} facts)" if what else ""))


@cli.command("eval")
@click.argument("directories", nargs=-1, required=True, metavar="DIR...", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="JSON output (a list when several DIRs are given).")
@click.option("--model", metavar="NAME", help="The model the extractor builds on (default: the pipeline's).")
@click.option("--errors", is_flag=True, help="Also print false positives and negatives per article.")
def eval_cmd(directories, as_json, model, errors):
    """Score extraction and questions against the *.gold.json files of each DIR (EVAL.md).

    Each article is ingested into its own in-memory store; --store is not used.
    """
    from kg.evaluate import evaluate_dir, gold_files, load_extractor

    for directory in directories:
        gold_files(directory)  # fail before loading the pipeline
    extractor = load_extractor(model)
    reports = [evaluate_dir(d, extractor=extractor) for d in directories]
    if as_json:  # FP/FN per article are always in the JSON
        data = [r.to_json() for r in reports]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(r.to_text(errors=errors) for r in reports))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs LORE_INGEST_TOKEN for ingest.")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True, help="Port to listen on.")
@click.option("--prod", is_flag=True, help="Serve with waitress rather than Flask's development server.")
@click.pass_obj
def serve(handle, host, port, prod):
    """Open the web explorer: graph, entity and article pages, ask box, SPARQL console and /sparql.

    Settings come from LORE_* environment variables (see web/settings.py), such as
    LORE_SPARQL_TIMEOUT or LORE_INGEST_TOKEN.
    """
    from web import create_app
    from web.security import is_loopback

    app = create_app({"STORE": handle.spec, "HOST": host})
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"lore-kg: serving {app.extensions['lore'].describe()['location']} "
               f"at http://{shown}:{port}/ (Ctrl+C to stop)", err=True)
    if prod or not is_loopback(host):
        import waitress

        waitress.serve(app, host=host, port=port, threads=8, ident="lore-kg")
    else:
        app.run(host=host, port=port, threaded=True, use_reloader=False, debug=False)


@cli.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON output: question, intent, answers, inferred, chain, sparql, evidence.")
@click.option("--sparql", "show_sparql", is_flag=True, help="Also print the SPARQL query that was run.")
@click.pass_obj
def ask(handle, question, as_json, show_sparql):
    """Answer a QUESTION in plain English from the graph, with the reasoning and the evidence.

    Exits 1 (plain output) when the question names nothing the graph knows, asks something it
    cannot answer or is ambiguous; with --json it exits 0 and "answers" is empty.
    """
    from kg.ask import answer
    from kg.ask.render import render

    result = answer(handle.open(read_only=True), " ".join(question))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        if not result.ok:
            click.echo(result.explanation, err=True)
        return
    click.echo(render(result, sparql=show_sparql))
    if not result.ok:
        sys.exit(1)


def _copy(source, target, *, mirror: bool, as_json: bool, source_name: str, target_name: str) -> None:
    from kg.transfer import copy_dataset

    report = copy_dataset(source, target, mirror=mirror, progress=not as_json and sys.stderr.isatty())
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary(source_name, target_name))


_COPY_HELP = ("A SPARQL endpoint URL (credentials from KG_SPARQL_USER / KG_SPARQL_PASSWORD or the "
              "settings file, never here), a store directory or 'memory'.")


@cli.command()
@click.option("--to", "to", required=True, metavar="STORE", help=_COPY_HELP)
@click.option("--mirror", is_flag=True, help="Also drop the target's graphs that this store does not have.")
@click.option("--json", "as_json", is_flag=True, help="JSON report.")
@click.pass_obj
def push(handle, to, mirror, as_json):
    """Copy this store's whole dataset (named graphs, provenance) to another store, graph by graph.

    Each graph replaces its namesake in the target atomically; the default graph is merged.
    """
    from kg.store import open_store

    source = handle.open(read_only=True)
    with open_store(to) as target:
        _copy(source, target, mirror=mirror, as_json=as_json,
              source_name=source.describe()["location"], target_name=target.describe()["location"])


@cli.command()
@click.option("--from", "from_", required=True, metavar="STORE", help=_COPY_HELP)
@click.option("--mirror", is_flag=True, help="Also drop this store's graphs that the source does not have.")
@click.option("--json", "as_json", is_flag=True, help="JSON report.")
@click.pass_obj
def pull(handle, from_, mirror, as_json):
    """Copy another store's whole dataset (named graphs, provenance) into this store, graph by graph.

    Each graph replaces its namesake here atomically; the default graph is merged.
    """
    from kg.store import open_store

    target = handle.open()
    with open_store(from_, read_only=True) as source:
        _copy(source, target, mirror=mirror, as_json=as_json,
              source_name=source.describe()["location"], target_name=target.describe()["location"])


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.pass_obj
def backup(handle, directory):
    """Write a consistent snapshot of the store to DIRECTORY (new or empty): a copy of the
    embedded store, the same data as dataset.trig, and manifest.json. `kg restore` reads it."""
    from kg.backup import backup_store

    manifest = backup_store(handle.spec, directory)
    click.echo(f"backed up {manifest['quads']} quads in {manifest['graphs']} graphs to {directory}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace an embedded store that is not empty.")
@click.pass_obj
def restore(handle, directory, force):
    """Load the backup in DIRECTORY into an empty store (--force: replace an embedded store)."""
    from kg.backup import restore_store

    done = restore_store(directory, handle.spec, force=force)
    click.echo(f"restored {done['quads']} quads in {done['graphs']} graphs from {directory} "
               f"({'the store copy' if done['from'] == 'checkpoint' else 'dataset.trig'})")


def main():
    cli(prog_name="kg")

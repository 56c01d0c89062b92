"""The `kg` command: a thin click layer over the library in `kg/`.

Each command configures the core object (`kg.core.Lore`: the store, the pipeline, from flags,
environment and config file), calls one library function and prints its result. spaCy is
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


@click.group(cls=LoreGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    metavar="STORE",
    help="A store directory (embedded, the default is under your user data dir), 'memory', or a SPARQL endpoint URL. Also KG_STORE.",
)
@click.version_option(package_name="lore-kg", prog_name="kg")
@click.pass_context
def cli(ctx, store):
    """lore-kg: a knowledge graph of TV shows, the books they adapt, their makers and characters."""
    from kg.config import Config
    from kg.core import Lore

    lore = Lore(Config.load(store=store))
    ctx.obj = lore
    ctx.call_on_close(lore.close)


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
def import_cmd(lore, file, fmt):
    """Load an RDF FILE into the store (all or nothing)."""
    from kg.rdfio import import_file

    n = import_file(lore.store(), file, fmt)
    click.echo(f"imported {n} quads from {file}")


@cli.command()
@click.option("--format", "fmt", default="trig", show_default=True, help="turtle, nt, nquads, trig or jsonld.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
@click.pass_obj
def export(lore, fmt, output):
    """Write the whole dataset (nt/turtle: the union; nquads/trig/jsonld: named graphs kept)."""
    from kg.rdfio import export as export_store

    text = export_store(lore.store(read_only=True), fmt)
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
def query(lore, sparql, fmt):
    """Run a SPARQL query (text, @file.rq or - for stdin) over all articles."""
    from kg.query.formats import format_result

    result = lore.store(read_only=True).query(_read_query(sparql))
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_obj
def stats(lore, as_json):
    """Counts per class and per predicate, and articles."""
    from kg.stats import format_stats
    from kg.stats import stats as compute

    data = compute(lore.store(read_only=True))
    click.echo(json.dumps(data, indent=2) if as_json else format_stats(data))


@cli.command()
@click.pass_obj
def validate(lore):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from kg.validate import validate as run

    report = run(lore.store(read_only=True))
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--model", metavar="NAME", help="Describe the pipeline on this base instead of the default.")
@click.pass_obj
def info(lore, as_json, model):
    """The store, the library versions and the extraction pipeline (works before any store exists)."""
    data = lore.configure(model=model).info()
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
    report = ctx.obj.configure(model=model).ingest(list(paths), jobs=jobs, force=force, allow_private=allow_private,
                                                   progress=not no_progress and sys.stderr.isatty())
    for source, reason in report.failures:
        click.echo(f"kg: error: {source}: {reason}", err=True)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())
    ctx.exit(report.exit_code)


@cli.command()
@click.argument("article")
@click.pass_obj
def remove(lore, article):
    """Drop one ARTICLE's graph: its IRI, its source path or URL, or a unique end of its IRI."""
    from kg.articles import remove_article

    iri, info = remove_article(lore.store(), article)
    what = ", ".join(x for x in (info.get("title"), info.get("source")) if x)
    click.echo(f"removed {iri}" + (f" ({what}; {info.get('facts', 0)} facts)" if what else ""))


@cli.command("eval")
@click.argument("directories", nargs=-1, required=True, metavar="DIR...", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="JSON output (a list when several DIRs are given).")
@click.option("--markdown", is_flag=True,
              help="One Markdown document with the pipeline and versions (docs/EVALUATION.md); a DIR without gold is noted.")
@click.option("--model", metavar="NAME", help="The model the extractor builds on (default: the pipeline's).")
@click.option("--errors", is_flag=True, help="Also print false positives and negatives per article.")
@click.pass_obj
def eval_cmd(lore, directories, as_json, markdown, model, errors):
    """Score extraction and questions against the *.gold.json files of each DIR (EVAL.md).

    Each article is ingested into its own in-memory store; --store is not used.
    """
    from kg.evaluate import markdown_document

    if as_json and markdown:
        raise click.UsageError("--json and --markdown are exclusive")
    lore.configure(model=model)
    reports = lore.evaluate(list(directories), skip_missing=markdown)
    if markdown:
        click.echo(markdown_document(reports, lore.pipeline), nl=False)
    elif as_json:  # FP/FN per article are always in the JSON
        data = [r.to_json() for r in reports.values()]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(r.to_text(errors=errors) for r in reports.values()))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs LORE_INGEST_TOKEN for ingest.")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True, help="Port to listen on.")
@click.option("--prod", is_flag=True, help="Serve with waitress rather than Flask's development server.")
@click.option("--model", metavar="NAME", help="The spaCy model the extractor builds on, for ingest from the web.")
@click.pass_obj
def serve(lore, host, port, prod, model):
    """Open the web explorer: graph, entity and article pages, ask box, SPARQL console and /sparql.

    Settings come from LORE_* environment variables (see web/settings.py), such as
    LORE_SPARQL_TIMEOUT or LORE_INGEST_TOKEN.
    """
    from web import create_app
    from web.security import is_loopback

    app = create_app({"HOST": host}, lore=lore.configure(model=model))
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
def ask(lore, question, as_json, show_sparql):
    """Answer a QUESTION in plain English from the graph, with the reasoning and the evidence.

    Exits 1 (plain output) when the question names nothing the graph knows, asks something it
    cannot answer or is ambiguous; with --json it exits 0 and "answers" is empty.
    """
    from kg.ask.render import render

    result = lore.ask(" ".join(question))
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
def push(lore, to, mirror, as_json):
    """Copy this store's whole dataset (named graphs, provenance) to another store, graph by graph.

    Each graph replaces its namesake in the target atomically; the default graph is merged.
    """
    from kg.store import open_store

    source = lore.store(read_only=True)
    with open_store(to) as target:
        _copy(source, target, mirror=mirror, as_json=as_json,
              source_name=source.describe()["location"], target_name=target.describe()["location"])


@cli.command()
@click.option("--from", "from_", required=True, metavar="STORE", help=_COPY_HELP)
@click.option("--mirror", is_flag=True, help="Also drop this store's graphs that the source does not have.")
@click.option("--json", "as_json", is_flag=True, help="JSON report.")
@click.pass_obj
def pull(lore, from_, mirror, as_json):
    """Copy another store's whole dataset (named graphs, provenance) into this store, graph by graph.

    Each graph replaces its namesake here atomically; the default graph is merged.
    """
    from kg.store import open_store

    target = lore.store()
    with open_store(from_, read_only=True) as source:
        _copy(source, target, mirror=mirror, as_json=as_json,
              source_name=source.describe()["location"], target_name=target.describe()["location"])


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.pass_obj
def backup(lore, directory):
    """Write a consistent snapshot of the store to DIRECTORY (new or empty): a copy of the
    embedded store, the same data as dataset.trig, and manifest.json. `kg restore` reads it."""
    from kg.backup import backup_store

    manifest = backup_store(lore.config.store, directory)
    click.echo(f"backed up {manifest['quads']} quads in {manifest['graphs']} graphs to {directory}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace an embedded store that is not empty.")
@click.pass_obj
def restore(lore, directory, force):
    """Load the backup in DIRECTORY into an empty store (--force: replace an embedded store)."""
    from kg.backup import restore_store

    done = restore_store(directory, lore.config.store, force=force)
    click.echo(f"restored {done['quads']} quads in {done['graphs']} graphs from {directory} "
               f"({'the store copy' if done['from'] == 'checkpoint' else 'dataset.trig'})")


def main():
    cli(prog_name="kg")

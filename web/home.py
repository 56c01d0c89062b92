"""Home: counts per class, the articles, the ask box and the ingest form (and its result)."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from flask import Blueprint, current_app, redirect, request, url_for
from werkzeug.exceptions import BadRequest, ServiceUnavailable
from werkzeug.utils import secure_filename

from kg.errors import DocumentTooLargeError, LoreError, SourceError
from kg.explore.articles import article_view
from kg.explore.graph import class_counts
from kg.articles import list_articles
from kg.ingest import ingest_documents
from web.render import page
from web.security import check_csrf, check_ingest_allowed, csrf_token, ingest_policy
from web.state import get_store, state

bp = Blueprint("home", __name__)

_HTTP_URL = re.compile(r"^https?://[^\s]+$", re.I)


@bp.get("/")
def index():
    store = get_store()
    data = {
        "store": state().describe(),
        "classes": class_counts(store),
        "articles": list_articles(store),
        "ingest": {**ingest_policy(), "csrf_token": csrf_token(),
                   "max_bytes": current_app.config["INGEST_MAX_BYTES"]},
    }
    return page("home.html", data)


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/ingest")
def ingest_form():
    return redirect(url_for("home.index") + "#ingest")


@bp.post("/ingest")
def ingest():
    check_ingest_allowed()
    check_csrf()
    document = _read_submission()
    try:
        extractor = state().extractor()
    except LoreError as exc:  # no pipeline (a missing spaCy model, say): the server's problem
        raise ServiceUnavailable(str(exc)) from None
    with state().writer() as store:
        report = ingest_documents(store, [document], extractor)
    if report.failures and not (report.ingested or report.skipped):
        raise SourceError("; ".join(f"{reason}" for _, reason in report.failures))
    reader = state().reader()
    articles = [article_view(reader, iri) for _, iri, *_ in report.ingested + report.skipped]
    for article in articles:
        article.pop("segments", None)
    data = {"report": report.to_dict(), "articles": articles}
    return page("ingest.html", data)


def _read_submission():
    """The one article the form gives: pasted text, an uploaded file or an http(s) URL."""
    from kg.sources import ARTICLE_SUFFIXES, parse_bytes, parse_text, read_document

    cap = current_app.config["INGEST_MAX_BYTES"]
    text = request.form.get("text", "")
    upload = request.files.get("file")
    url = request.form.get("url", "").strip()
    given = [name for name, value in (("text", text.strip()), ("file", upload and upload.filename), ("url", url))
             if value]
    if len(given) != 1:
        raise BadRequest("give exactly one article: paste its text, choose a file, or enter a URL")
    if given == ["text"]:
        data = text.encode("utf-8")
        if len(data) > cap:
            raise DocumentTooLargeError(f"the pasted text is {len(data)} bytes, over the {cap}-byte limit")
        return parse_text(text, source=f"pasted-{_digest(data)}", media_type="text/plain")
    if given == ["file"]:
        data = upload.stream.read(cap + 1)
        name = secure_filename(upload.filename) or "article.txt"
        suffix = PurePath(name).suffix.lower()
        return parse_bytes(data, source=f"upload-{_digest(data)}/{name}", media_type=ARTICLE_SUFFIXES.get(suffix),
                           max_bytes=cap)
    if not _HTTP_URL.match(url):
        raise BadRequest("the URL must start with http:// or https://")
    return read_document(url, max_bytes=cap, timeout=current_app.config["FETCH_TIMEOUT"],
                         allow_private=current_app.config["ALLOW_PRIVATE_URLS"])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]

"""What every view uses: HTML or its JSON twin, links to entities and articles."""

from __future__ import annotations

import re

from flask import jsonify, render_template, request, url_for
from werkzeug.exceptions import BadRequest

from kg.vocab import ID

_ID = str(ID)
_ARTICLE = re.compile(r"^article/[^/]+$")
JSON_TYPES = ("application/json", "application/sparql-results+json")


def wants_json() -> bool:
    """JSON rather than HTML: ``?format=json``, or an Accept header that prefers JSON. The SPARQL
    endpoint (whose ``format`` names a results format) answers in JSON unless HTML is preferred."""
    accept = request.accept_mimetypes
    if request.endpoint == "sparql.endpoint":
        return accept.best_match(["application/json", "text/html"]) != "text/html"
    fmt = request.args.get("format")
    if fmt:
        return fmt == "json"
    return accept.best_match(["text/html", *JSON_TYPES]) in JSON_TYPES


def page(template: str, data: dict, status: int = 200, **context):
    """The page, or its JSON twin: `data` is the JSON and is also given to the template."""
    if wants_json():
        return jsonify(data), status
    return render_template(template, data=data, **context), status


def entity_url(iri) -> str:
    """The page of an IRI: /article/... for an article, /entity/... for the rest."""
    text = str(iri)
    if text.startswith(_ID):
        rest = text[len(_ID):]
        if _ARTICLE.match(rest):
            return url_for("article.show", key=rest[len("article/"):])
        if rest:
            return url_for("entity.show", key=rest)
    return url_for("entity.by_iri", iri=text)


def relation_label(iri) -> str:
    """The ontology's label of a property ("based on"), else its short name."""
    from rdflib import URIRef

    from kg.query.formats import short
    from kg.ontology import property_labels

    return property_labels().get(URIRef(str(iri))) or short(URIRef(str(iri)))


def json_url() -> str | None:
    """This page's JSON twin."""
    if not request.endpoint or request.method != "GET" or request.endpoint == "static":
        return None
    args = request.args.to_dict(flat=False)
    args["format"] = "json"
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def int_arg(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}, not {value!r}") from None
    if not low <= number <= high:
        raise BadRequest(f"{name} must be from {low} to {high}, not {number}")
    return number

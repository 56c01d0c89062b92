"""Graph: the pyvis network of the whole graph or of one entity's neighbourhood, with filters."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from rdflib import URIRef
from werkzeug.exceptions import BadRequest, NotFound

from kg.errors import UnknownEntityError
from kg.explore import DOMAIN_CLASSES, MAX_DEPTH, as_iri
from kg.explore.entities import entity_summary
from kg.explore.graph import graph_data, relation_choices
from kg.ontology import class_labels
from kg.viz import VIS_FILES, legend, network_html, vis_file
from web.render import entity_url, int_arg, page, wants_json
from web.security import csp_nonce
from web.state import get_store

bp = Blueprint("graph", __name__)

_MEDIA = {".js": "text/javascript", ".css": "text/css"}


def _args() -> dict:
    """The graph's parameters: focus, depth, class (repeated), relation (repeated), limit."""
    cap = current_app.config["GRAPH_MAX_NODES"]
    focus = (request.args.get("focus") or "").strip() or None
    domain = {str(c) for c in DOMAIN_CLASSES}
    classes = [c for c in request.args.getlist("class") if c]
    unknown = [c for c in classes if c not in domain]
    if unknown:
        raise BadRequest(f"unknown class {unknown[0]!r}; use one of: {', '.join(sorted(domain))}")
    relations = []
    for r in request.args.getlist("relation"):
        if r:
            try:
                relations.append(str(as_iri(r)))
            except UnknownEntityError:
                raise BadRequest(f"relation {r!r} is not an IRI") from None
    return {"focus": focus, "depth": int_arg("depth", 1, 1, MAX_DEPTH), "classes": classes,
            "relations": relations, "limit": int_arg("limit", cap, 1, cap),
            "isolated": request.args.get("isolated") in ("1", "true", "on")}


def _data(args: dict) -> dict:
    store = get_store()
    focus = None
    if args["focus"]:
        focus = entity_summary(store, args["focus"])["iri"]  # 404 for an unknown entity
    data = graph_data(store, args["classes"], args["relations"], limit=args["limit"], focus=focus,
                      depth=args["depth"], isolated=args["isolated"])
    for node in data["nodes"]:
        node["url"] = entity_url(node["id"])
        node["focus"] = node["id"] == focus
    return data


def _query_args(args: dict) -> dict:
    out = {"depth": args["depth"], "class": args["classes"], "relation": args["relations"]}
    if args["focus"]:
        out["focus"] = args["focus"]
    if args["isolated"]:
        out["isolated"] = 1
    if args["limit"] != current_app.config["GRAPH_MAX_NODES"]:
        out["limit"] = args["limit"]
    return out


@bp.get("/graph")
def show():
    args = _args()
    data = _data(args)
    labels = class_labels()
    data["legend"] = [dict(item, label=labels.get(URIRef(item["class"]), item["class"])) for item in legend()]
    data["classes"] = [{"class": str(c), "label": labels.get(c, str(c))} for c in DOMAIN_CLASSES]
    data["relations"] = relation_choices(get_store())
    data["selected"] = {"classes": args["classes"], "relations": args["relations"], "focus": args["focus"],
                        "depth": args["depth"], "isolated": args["isolated"]}
    data["network_url"] = url_for("graph.network", **_query_args(args))
    return page("graph.html", data)


@bp.get("/graph/network")
def network():
    """The pyvis page the graph page frames (its JSON twin is the same data as /graph's)."""
    data = _data(_args())
    if wants_json():
        return jsonify(data)
    html = network_html(data, script_url=url_for("graph.vendor", name="vis-network.min.js"),
                        css_url=url_for("graph.vendor", name="vis-network.css"), nonce=csp_nonce())
    return Response(html, mimetype="text/html")


@bp.get("/vendor/<name>")
def vendor(name: str):
    """vis-network, served from the pyvis package (no CDN)."""
    if name not in VIS_FILES:
        raise NotFound(f"no vendored file {name!r}; there are: {', '.join(VIS_FILES)}")
    suffix = name[name.rfind("."):]
    response = Response(vis_file(name), mimetype=_MEDIA.get(suffix, "text/plain"))
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


"""The pyvis adapter: graph data (`kg.explore.graph.graph_data`) in, one self-contained HTML page out.

We build a pyvis `Network` and call its `generate_html()` with a template of our own, never
`show()` or `write_html()` (they write files into the working directory), and never pyvis's
stock template (it links Bootstrap from a CDN, and the app must work with no network).

Labels and titles are untrusted text (they come from articles). They are safe by construction:
the node and edge lists reach the page only through Jinja's ``tojson`` filter, which writes
``<``, ``>``, ``&`` and ``'`` as ``\\u003c``... escapes, so no label can close the ``<script>``
element; labels are drawn on a canvas, as text; and titles are handed to vis-network as DOM
elements whose ``textContent`` is set, so no version of vis-network can read them as HTML.
They are not HTML-escaped themselves: the canvas and ``textContent`` would show ``&lt;`` to the
reader.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import DictLoader, Environment

from kg.vocab import LORE

__all__ = ["CLASS_STYLES", "DEFAULT_STYLE", "VIS_FILES", "build_network", "legend", "network_html", "vis_file"]

# class -> (colour, vis-network shape); shapes with the label below the node.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    str(LORE.Show): ("#d62728", "star"),
    str(LORE.Season): ("#ff7f0e", "triangle"),
    str(LORE.Book): ("#1f77b4", "square"),
    str(LORE.Character): ("#2ca02c", "dot"),
    str(LORE.Person): ("#9467bd", "diamond"),
    str(LORE.Organization): ("#8c564b", "hexagon"),
}
DEFAULT_STYLE = ("#7f7f7f", "dot")
# The vis-network files pyvis ships (dual-licensed Apache-2.0/MIT): served or inlined from there.
VIS_FILES = {"vis-network.min.js": "templates/lib/vis-9.1.2/vis-network.min.js",
             "vis-network.css": "templates/lib/vis-9.1.2/vis-network.css"}

_TEMPLATE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>lore-kg graph</title>
{%- if script_url %}
<link rel="stylesheet" href="{{ css_url }}">
<script src="{{ script_url }}"></script>
{%- else %}
<style>{{ inline_css }}</style>
<script{{ nonce_attr }}>{{ inline_js }}</script>
{%- endif %}
<style>
  html, body { margin: 0; padding: 0; height: 100%; background: {{ bgcolor }}; }
  #mynetwork { width: {{ width }}; height: {{ height }}; }
  .lore-tip { white-space: pre-line; font: 13px sans-serif; max-width: 28em; }
</style>
</head>
<body>
<div id="mynetwork" data-nodes="{{ nodes|length }}" data-edges="{{ edges|length }}"></div>
<script{{ nonce_attr }}>
(function () {
  function tip(text) {  // titles become text nodes: never parsed as HTML
    var el = document.createElement("div");
    el.className = "lore-tip";
    el.textContent = text;
    return el;
  }
  var rawNodes = {{ nodes|tojson }};
  var rawEdges = {{ edges|tojson }};
  rawNodes.forEach(function (n) { if (typeof n.title === "string") n.title = tip(n.title); });
  rawEdges.forEach(function (e) { if (typeof e.title === "string") e.title = tip(e.title); });
  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var options = {{ options|safe }};  // our own settings (json.dumps), no user text
  var network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
  window.loreGraph = {network: network, nodes: nodes, edges: edges, stable: false};
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    window.loreGraph.stable = true;
  });
  network.on("click", function (params) {
    if (!params.nodes.length) return;
    var node = nodes.get(params.nodes[0]);
    if (node && /^\/(?!\/)/.test(node.url || "")) (window.top || window).location.href = node.url;
  });
  window.network = network;
})();
</script>
</body>
</html>
"""


def legend(classes=None) -> list[dict]:
    """[{"class", "color", "shape"}] for the given class IRIs (all styled classes by default)."""
    wanted = list(CLASS_STYLES) if classes is None else list(dict.fromkeys(map(str, classes)))
    return [{"class": c, "color": style(c)[0], "shape": style(c)[1]} for c in wanted]


def style(cls: str | None) -> tuple[str, str]:
    return CLASS_STYLES.get(str(cls), DEFAULT_STYLE) if cls else DEFAULT_STYLE


def build_network(data: dict, *, height: str = "100%", width: str = "100%", physics: bool = True):
    """A pyvis Network of `data` ({"nodes": [...], "edges": [...]} as kg.explore makes them).

    A node may carry "url" (a site path opened when the node is clicked) and "focus" (drawn
    larger). Labels and titles are passed as plain text (see the module docstring).
    """
    from pyvis.network import Network

    net = Network(height=height, width=width, directed=True, cdn_resources="remote")
    for node in data.get("nodes", ()):
        color, shape = style(node.get("class"))
        title = f"{node.get('label', '')}\n{node.get('class_label') or 'thing'}\n{node['id']}"
        extra = {"url": node["url"]} if node.get("url") else {}
        net.add_node(node["id"], label=str(node.get("label", "")), title=title, color=color, shape=shape,
                     size=30 if node.get("focus") else 16, borderWidth=3 if node.get("focus") else 1, **extra)
    for edge in data.get("edges", ()):
        net.add_edge(edge["source"], edge["target"], label=str(edge.get("label", "")),
                     title=f"{edge.get('label', '')}\n{edge.get('relation', '')}", arrows="to")
    net.options = _options(physics, len(data.get("nodes", ())))
    return net


def _options(physics: bool, n: int) -> dict:
    return {
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
        "edges": {"font": {"size": 10, "align": "middle", "face": "sans-serif"},
                  "color": {"color": "#999999", "highlight": "#333333"}, "smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "layout": {"improvedLayout": n <= 100},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
                    "stabilization": {"enabled": True, "iterations": 200 if n < 200 else 100}},
    }


def network_html(data: dict, *, script_url: str | None = None, css_url: str | None = None,
                 nonce: str | None = None, height: str = "100%", width: str = "100%") -> str:
    """The HTML page drawing `data`, from pyvis's `generate_html()`.

    With `script_url` and `css_url` the page loads vis-network from there (the web app serves
    pyvis's copy); without them the library is inlined, so the page stands alone. `nonce` is
    set on the inline scripts for a Content-Security-Policy.
    """
    net = build_network(data, height=height, width=width)
    env = Environment(loader=DictLoader({"lore-network.html": _TEMPLATE}), autoescape=True)
    from markupsafe import Markup

    env.globals.update(
        script_url=script_url, css_url=css_url,
        nonce_attr=Markup(' nonce="%s"') % nonce if nonce else "",
        inline_js=Markup(vis_file("vis-network.min.js")) if not script_url else "",
        inline_css=Markup(vis_file("vis-network.css")) if not script_url else "",
    )
    net.templateEnv = env
    net.path = "lore-network.html"
    return net.generate_html(name="lore-network.html")


@cache
def vis_file(name: str) -> str:
    """The text of one of pyvis's vis-network files (VIS_FILES); KeyError for any other name."""
    return resources.files("pyvis").joinpath(VIS_FILES[name]).read_text(encoding="utf-8")

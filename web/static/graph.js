// The graph page: find a node by label and focus it in the framed network.
(function () {
  "use strict";
  var form = document.getElementById("graph-search-form");
  var input = document.getElementById("graph-search");
  var status = document.getElementById("graph-search-status");
  var frame = document.getElementById("graph-frame");
  if (!form || !frame) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var graph = frame.contentWindow && frame.contentWindow.loreGraph;
    var wanted = (input.value || "").trim().toLowerCase();
    if (!graph || !wanted) return;
    var found = graph.nodes.get({filter: function (n) { return String(n.label).toLowerCase() === wanted; }});
    if (!found.length) {
      found = graph.nodes.get({filter: function (n) { return String(n.label).toLowerCase().indexOf(wanted) >= 0; }});
    }
    if (!found.length) { status.textContent = "No node matches."; return; }
    status.textContent = found.length > 1 ? found.length + " nodes match; showing the first." : "";
    graph.network.selectNodes([found[0].id]);
    graph.network.focus(found[0].id, {scale: 1.4, animation: {duration: 500}});
  });
})();

// The SPARQL console: example queries, Ctrl+Enter to run, the cursor put on a syntax error.
(function () {
  "use strict";
  var form = document.getElementById("console-form");
  var editor = document.getElementById("query");
  if (!form || !editor) return;
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      editor.value = button.getAttribute("data-query");
      editor.focus();
    });
  });
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
    }
  });
  var line = parseInt(editor.getAttribute("data-error-line") || "0", 10);
  if (line > 0) {
    var column = parseInt(editor.getAttribute("data-error-column") || "1", 10);
    var lines = editor.value.split("\n");
    var offset = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    editor.focus();
    editor.setSelectionRange(offset, Math.min(editor.value.length, offset + 1));
  }
})();

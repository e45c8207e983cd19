// mkdocs serve only (render/preview.py): the errors of the last save, above the last good page.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script.src);  // this file is assets/javascripts/govsite-preview.js
  fetch(new URL("preview-errors.json", root), { cache: "no-store" }).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (report) {
    if (!report || !report.errors || !report.errors.length) return;
    var box = document.createElement("section");
    box.className = "govsite-preview-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:relative;z-index:10;margin:0;padding:1em 1.5em;background:#fff0f0;" +
      "border-bottom:3px solid #c00;color:#1a1a1a;font-size:15px;line-height:1.6";
    var head = document.createElement("strong");
    head.textContent = report.headline;
    box.appendChild(head);
    var list = document.createElement("ol");
    report.errors.forEach(function (error) {
      var item = document.createElement("li");
      item.style.whiteSpace = "pre-wrap";
      item.textContent = error.text;
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  }).catch(function () {});
})();

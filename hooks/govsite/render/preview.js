// mkdocs serve only (render/preview.py): the errors of the last save, above the last good page.
(function () {
  "use strict";
  var errorsBox = GOVSITE_ERRORS_BOX;  // render/preview_banner.js
  var script = document.currentScript;
  var root = new URL("../../", script.src);  // this file is assets/javascripts/govsite-preview.js
  fetch(new URL("preview-errors.json", root), { cache: "no-store" }).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (report) {
    if (!report || !report.errors || !report.errors.length) return;
    var box = errorsBox(report, "position:relative;z-index:10;margin:0;border-bottom:3px solid #c00");
    document.body.insertBefore(box, document.body.firstChild);
  }).catch(function () {});
})();

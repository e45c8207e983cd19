// The errors of the last preview build (render/preview.py errors_json) as a box: one source for the site's
// pages (preview.js puts it above the page) and the form editor (admin.js, fixed at the foot of the form).
// An expression: render/preview.py writes it where those scripts say GOVSITE_ERRORS_BOX. ``placement``: the
// CSS of where the box stands and its red border.
function (report, placement) {
  var box = document.createElement("section");
  box.className = "govsite-preview-errors";
  box.setAttribute("role", "alert");
  box.style.cssText = placement + ";padding:1em 1.5em;background:#fff0f0;color:#1a1a1a;font-size:15px;line-height:1.6";
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
  return box;
}

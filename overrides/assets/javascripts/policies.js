// 政策文件 list (overrides/policies.html): shows the filter form and hides the rows that do not match
// the chosen 发布机构, 主题分类 and 有效性. Without this script every row is shown and the form stays hidden.
(function () {
  var form = document.getElementById("policy-filters");
  var table = document.getElementById("policy-table");
  if (!form || !table) return;
  var selects = form.querySelectorAll("select[data-filter]");
  var rows = table.tBodies[0].rows;
  var status = document.getElementById("policy-status");
  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], match = true;
      for (var j = 0; j < selects.length; j++) {
        var value = selects[j].value;
        if (value && row.getAttribute("data-" + selects[j].getAttribute("data-filter")) !== value) match = false;
      }
      row.hidden = !match;
      if (match) shown++;
    }
    status.textContent = shown === rows.length ? "共 " + rows.length + " 件" : "符合条件 " + shown + " 件（本页共 " + rows.length + " 件）";
  }
  for (var k = 0; k < selects.length; k++) selects[k].addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();

// 长辈模式 (elder-friendly mode) toggle: a real button with aria-pressed, remembered across pages.
// The class is applied before first paint by an inline script in <head> (main.html).
(function () {
  var button = document.getElementById("gov-elder-toggle");
  if (!button) return;
  var root = document.documentElement;
  function show() {
    var on = root.classList.contains("gov-elder");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var on = root.classList.toggle("gov-elder");
    try { localStorage.setItem("gov-elder", on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
    show();
  });
  button.hidden = false;
  show();
})();

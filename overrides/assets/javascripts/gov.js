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

// The navigation drawer (narrow screens): the header's menu control is a real button with aria-expanded
// that operates Material's hidden drawer checkbox (its CSS opens the drawer from :checked, its script
// closes it on navigation). While the drawer is closed its links are inert (not tabbed through off
// screen); opening moves focus into it, Escape closes it and returns focus to the button. A drawer a
// browser restored open (back/forward cache) is closed.
(function () {
  var button = document.getElementById("gov-menu");
  var toggle = document.getElementById("__drawer");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!button || !toggle || !drawer) return;
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  function sync() {
    var open = toggle.checked;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (narrow.matches && !open) drawer.setAttribute("inert", "");
    else drawer.removeAttribute("inert");
  }
  function close() {
    if (toggle.checked) toggle.click();  // click(): Material listens for the change event
  }
  button.addEventListener("click", function () {
    toggle.click();
    if (toggle.checked) {
      var first = drawer.querySelector("a[href], label[tabindex], button");
      if (first) first.focus();
    }
  });
  toggle.addEventListener("change", sync);
  drawer.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      close();
      button.focus();
    }
  });
  if (narrow.addEventListener) narrow.addEventListener("change", sync);
  window.addEventListener("pageshow", function () { close(); sync(); });
  button.hidden = false;
  sync();
})();

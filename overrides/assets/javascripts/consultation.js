// 意见征集 badges (overrides/document.html, consultations.html, the open ones on the home and 政府信息公开
// pages: partials/consultation-list.html): each says 征集中 (days left) or 已截止 on the day the page is read,
// not on the day it was built. Without this script the build's text stays (computed for its check date), and
// the period's dates are in the text either way. The words are views.pages.consultation_status's.
(function () {
  var badges = document.querySelectorAll(".gov-consultation-status[data-start][data-end]");
  if (!badges.length) return;
  // The dates are the administration's calendar days (UTC+8, no daylight saving), wherever the reader is.
  var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  for (var i = 0; i < badges.length; i++) {
    var badge = badges[i];
    var start = badge.getAttribute("data-start"), end = badge.getAttribute("data-end");
    if (!start || !end) continue;
    var state, text;
    if (today < start) {
      state = text = "未开始";
    } else if (today <= end) {
      var left = Math.round((Date.parse(end) - Date.parse(today)) / 86400000);
      state = "征集中";
      text = left === 0 ? "征集中（今天截止）" : "征集中（还剩 " + left + " 天）";
    } else {
      state = text = "已截止";
    }
    badge.textContent = text;
    badge.setAttribute("data-state", state);
  }
})();

// The product's additions to Decap CMS 3.16 (admin/govsite.js, loaded after decap-cms.js and before it
// initialises on DOMContentLoaded). Each part answers a way a 信息员 lost work or met English (issue 22).
(function () {
  "use strict";
  var CMS = window.CMS;
  if (!CMS) return;

  // 1. One entry per page load. Decap keeps the last entry's values in its store when it opens another
  //    entry or a "new" form by the address bar, the back button or "发布，然后新建内容" (the new form kept
  //    the last title, body and 索引号, and saving wrote over the last file). A fresh load of the page
  //    for every entry route is the one state Decap is known to start clean from; unsaved changes are
  //    kept by Decap's own local backup (it offers them back when the entry is opened again).
  //    A save reloads too, once Decap has moved to where it goes next (the saved entry, or the empty form
  //    of "发布，然后新建内容", whose address does not change): the editor then sees what is on disk.
  var ENTRY = /^#\/collections\/[^/]+\/(new|entries\/.+)$/;
  var shown = location.hash;
  function reload() {
    location.reload();  // twice is harmless; a reload skipped because another was pending left the veil up
  }
  window.addEventListener("hashchange", function () {
    var next = location.hash;
    var was = shown;
    shown = next;
    if (next !== was && ENTRY.test(next)) reload();
  });
  function cover(text) {  // nothing can be typed into the old form between a save and the reload
    var veil = document.createElement("div");
    veil.className = "govsite-saved";
    veil.setAttribute("role", "status");
    veil.textContent = text;
    veil.style.cssText = "position:fixed;inset:0;z-index:100000;display:flex;align-items:center;justify-content:center;" +
      "background:rgba(255,255,255,.92);font-size:20px;color:#1a1a1a";
    document.body.appendChild(veil);
  }
  ["postSave", "postPublish", "postUnpublish"].forEach(function (name) {
    CMS.registerEventListener({ name: name, handler: function () {
      cover("已保存。正在重新打开……");
      setTimeout(reload, 800);
    } });
  });

  // 2. "发布，然后复制内容" copies every field, 索引号 included, into a new document: never offered.
  var DUPLICATE = ["发布，然后复制内容", "复制"];
  new MutationObserver(function () {
    var items = document.querySelectorAll('[role="menuitem"]');
    for (var i = 0; i < items.length; i++) {
      if (DUPLICATE.indexOf(items[i].textContent.trim()) >= 0) items[i].remove();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  // 2b. The fields after 附件 (validity dates, 解读, 撤销, 转载…; views/cms.py FIRST) fold under 更多: a notice
  //     needs none of them. The fold opens by itself when one of them holds a value or an error.
  var FIRST_FOLDED = "有效性";
  var VALID = GOVSITE_VALID;  // 有效性's default (model/documents.py Validity.VALID): not a value the editor gave
  function fieldName(container) {
    var label = container.querySelector("label");
    return label ? label.textContent.replace(/\s*\(可选\)\s*$/, "").trim() : "";
  }
  function fold() {
    var labels = document.querySelectorAll("label");
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].textContent.replace(/\s*\(可选\)\s*$/, "").trim() !== FIRST_FOLDED) continue;
      var field = labels[i].parentElement && labels[i].parentElement.parentElement;
      var form = field && field.parentElement;
      if (!form || form.getAttribute("data-govsite-fold")) return;
      form.setAttribute("data-govsite-fold", "1");
      var folded = [];
      for (var el = field; el; el = el.nextElementSibling) folded.push(el);
      var names = folded.map(fieldName).filter(Boolean);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "govsite-more";
      button.setAttribute("aria-expanded", "false");
      button.textContent = "更多（" + names.slice(0, 4).join("、") + "……）";
      button.style.cssText = "margin:1em 0;padding:.5em 1em;border:1px solid #798291;border-radius:5px;background:#fff;cursor:pointer;font-size:15px";
      var show = function (open) {
        folded.forEach(function (el) { el.style.display = open ? "" : "none"; });
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = (open ? "收起" : "更多") + "（" + names.slice(0, 4).join("、") + "……）";
      };
      button.addEventListener("click", function () { show(button.getAttribute("aria-expanded") !== "true"); });
      form.insertBefore(button, field);
      var filled = folded.some(function (el) {
        return Array.prototype.some.call(el.querySelectorAll("input, textarea"), function (input) {
          return input.type !== "checkbox" && input.value && input.value !== VALID;
        });
      });
      show(filled);
      return;
    }
  }
  new MutationObserver(function () {
    fold();
    // an error Decap shows on a folded field opens the fold, so that the editor sees it
    var button = document.querySelector(".govsite-more");
    if (button && button.getAttribute("aria-expanded") !== "true") {
      for (var el = button.nextElementSibling; el; el = el.nextElementSibling) {
        if (el.querySelector('[class*="ControlErrorsList"], [class*="errors"]')) { button.click(); break; }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  // 2c. Attachments are never deleted from the media library (a published document links them; the local
  //     backend refuses it too): the button is not offered.
  var NO_BUTTONS = ["删除已选中项目"];
  new MutationObserver(function () {
    var buttons = document.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      if (NO_BUTTONS.indexOf(buttons[i].textContent.trim()) >= 0) buttons[i].remove();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  // 2d. The preview's errors (render/preview.py): a save the build refuses leaves the last good site
  //     served and the errors in preview-errors.json; they show at the foot of the form, in Chinese,
  //     looked up again on every move and every few seconds (a build takes a moment after a save).
  var ERRORS_EVERY = 5000;
  var errorsBox = GOVSITE_ERRORS_BOX;  // render/preview_banner.js, the same box as on the site's pages
  function showErrors(report) {
    var old = document.querySelector(".govsite-preview-errors");
    if (old) old.remove();
    if (!report || !report.errors || !report.errors.length) return;
    var box = errorsBox(report, "position:fixed;left:0;right:0;bottom:0;z-index:99999;max-height:40vh;" +
      "overflow:auto;border-top:3px solid #c00");
    document.body.appendChild(box);
  }
  function checkErrors() {
    fetch("../preview-errors.json", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(showErrors).catch(function () {});
  }
  checkErrors();
  window.addEventListener("hashchange", checkErrors);
  setInterval(checkErrors, ERRORS_EVERY);

  // 2e. Two-character searches (消防, 预算) found nothing: Decap searches an entry list with the "fuzzy"
  //     library (a subsequence match whose score adds 1, 3, 7… over consecutive characters) and keeps the
  //     hits scoring above 5 (Backend.search: score > 5), so a word of two characters scores 4 at best and
  //     is never a hit. A term found as written in the entry (a plain substring) is made to pass; every
  //     other score is left as Decap's. The library is reached through Decap's own webpack runtime (a
  //     chunk with a runtime callback): module FUZZY_MODULE in the pinned 3.16 bundle, else the module
  //     whose exports look like fuzzy's.
  var FUZZY_MODULE = 82256;
  var SEARCH_MIN_SCORE = 5;  // Decap's threshold (a hit scores more)
  function isFuzzy(m) {
    return m && typeof m.match === "function" && typeof m.filter === "function" && typeof m.simpleFilter === "function";
  }
  function patchFuzzy(require) {
    var fuzzy = null;
    try { fuzzy = require(FUZZY_MODULE); } catch (e) { fuzzy = null; }
    if (!isFuzzy(fuzzy)) {
      fuzzy = null;
      for (var id in require.m) {
        if (String(require.m[id]).indexOf("simpleFilter") < 0) continue;
        try { var m = require(id); if (isFuzzy(m)) { fuzzy = m; break; } } catch (e) { /* not this one */ }
      }
    }
    if (!fuzzy || fuzzy.govsitePatched) return;
    var match = fuzzy.match;
    fuzzy.match = function (pattern, string, options) {
      var found = match.call(this, pattern, string, options);
      if (found && found.score <= SEARCH_MIN_SCORE && pattern && typeof string === "string"
          && string.toLowerCase().indexOf(String(pattern).toLowerCase()) >= 0) {
        found.score = SEARCH_MIN_SCORE + 1;
      }
      return found;
    };
    fuzzy.govsitePatched = true;
  }
  if (window.webpackChunkDecapCms) {
    window.webpackChunkDecapCms.push([["govsite-search"], {}, patchFuzzy]);
  }

  // 2f. An editor's own organisations first. The sidebar lists every organisation (views/cms.py groups
  //     them: 县政府 › / 部门 › / 乡镇 › …); those the editor edits move to its top (CSS order: Decap's
  //     list itself is left as React made it), and the editor starts in the first of them. Who the editor
  //     is: the git user Decap signed in (a forge backend; matched to _org.yml 编辑 by user name or e-mail,
  //     not by team: the page cannot see teams), or the address's ?org=chengguan,minzheng (the local
  //     preview has no user; 政务公开办 hands each 信息员 that bookmark).
  var landing = !location.hash || location.hash === "#/";
  var ORG_PARAM = "org";
  var signedIn = null;  // read before Decap starts (it writes its own user back on sign-in)
  try { signedIn = JSON.parse(localStorage.getItem("decap-cms-user") || "null"); } catch (e) { signedIn = null; }
  function ownOrgs(editorsByOrg) {
    var own = [];
    var param = new URLSearchParams(location.search).get(ORG_PARAM);
    if (param) own = param.split(/[,，\s]+/).filter(Boolean);
    var user = signedIn;
    try { user = JSON.parse(localStorage.getItem("decap-cms-user") || "null") || signedIn; } catch (e) { user = signedIn; }
    if (user && !(user.login || user.email || user.username)) user = signedIn;
    var names = user ? [user.login, user.email, user.username].filter(Boolean).map(function (n) {
      return String(n).replace(/^@/, "").toLowerCase();
    }) : [];
    if (names.length) {
      Object.keys(editorsByOrg).forEach(function (org) {
        var listed = editorsByOrg[org].some(function (e) { return names.indexOf(e.replace(/^@/, "").toLowerCase()) >= 0; });
        if (listed && own.indexOf(org) < 0) own.push(org);
      });
    }
    return own;
  }
  function putOwnFirst(own) {
    var links = document.querySelectorAll("a[data-testid][href^='#/collections/']");
    if (!links.length) return false;
    var list = links[0].closest("ul");
    if (!list) return false;
    list.style.display = "flex";
    list.style.flexDirection = "column";
    for (var i = 0; i < links.length; i++) {
      var item = links[i].closest("li");
      var at = own.indexOf(links[i].getAttribute("data-testid"));
      if (!item) continue;
      item.style.order = at >= 0 ? String(at - own.length) : "";
      item.setAttribute("data-govsite-own", at >= 0 ? "1" : "");
      item.style.borderBottom = at === own.length - 1 ? "2px solid #dcdee2" : "";
    }
    if (landing && own.length) {
      landing = false;
      var first = links[0].getAttribute("data-testid");
      if (location.hash === "#/collections/" + first && own.indexOf(first) < 0) location.hash = "#/collections/" + own[0];
    }
    return true;
  }
  fetch("config.yml", { cache: "no-store" }).then(function (response) {
    return response.ok ? response.text() : "";
  }).then(function (text) {
    var line = /^govsite_editors: (.*)$/m.exec(text);
    var own = ownOrgs(line ? JSON.parse(line[1]) : {});
    if (!own.length) return;
    new MutationObserver(function () { putOwnFirst(own); })
      .observe(document.documentElement, { childList: true, subtree: true });
    putOwnFirst(own);
  }).catch(function () {});

  // 3. The phrases Decap's zh_Hans locale lacks (it falls back to English for them).
  var PHRASES = {
    auth: { loginWithForgejo: "使用 Forgejo 登录" },
    collection: {
      collectionTop: { viewAsList: "列表显示", viewAsGrid: "网格显示" },
      entries: { unpublishedHeader: "未发布的内容" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "%{widgetLabel}字段" } },
      editorControlPane: { widget: {
        rangeMin: "%{fieldLabel}至少要有 %{minCount} 项。",
        rangeMax: "%{fieldLabel}最多只能有 %{maxCount} 项。",
      } },
      editorInterface: { toggleNotes: "显示/隐藏备注" },
      editorNotesPane: {
        title: "备注", emptyState: "还没有备注。", addNote: "添加备注", addPlaceholder: "写一条备注……",
        editPlaceholder: "修改备注……", save: "保存", cancel: "取消", edit: "修改", delete: "删除",
        resolve: "标为已解决", unresolve: "标为未解决", confirmDelete: "确定删除这条备注吗？",
        shortcut: "按 Ctrl+Enter 可快速添加备注",
      },
      editorToolbar: {
        statusInfoTooltipDraft: "这是草稿。改好后把状态设为“待审核”，交给审核人。",
        statusInfoTooltipInReview: "正在审核，不需要再做什么；审核期间仍可修改。",
      },
      editorWidgets: {
        markdown: { strikethrough: "删除线", toggleMode: { rich: "切换到可视编辑", markdown: "切换到源码编辑" } },
        image: { chooseMultiple: "选择图片", addMore: "添加更多图片", removeAll: "移除全部图片" },
        file: { chooseMultiple: "选择文件", addMore: "添加更多文件", removeAll: "移除全部文件" },
        datetime: { setToNow: "把%{fieldLabel}设为今天" },
        list: { addType: "添加%{item}" },
        object: { expand: "展开", collapse: "收起" },
      },
    },
    mediaLibrary: { mediaLibraryModal: { close: "关闭" } },
    ui: {
      settingsDropdown: { account: "账号菜单" },
      toast: {
        noteAdded: "已添加备注", onFailToAddNote: "备注未能添加：%{details}", noteUpdated: "已修改备注",
        onFailToUpdateNote: "备注未能修改：%{details}", noteDeleted: "已删除备注",
        onFailToDeleteNote: "备注未能删除：%{details}", noteResolved: "备注已标为解决",
        noteReopened: "备注已重新打开", onFailToToggleNote: "备注状态未能修改：%{details}",
      },
    },
  };
  function merge(into, from) {
    var out = {};
    var key;
    for (key in into) out[key] = into[key];
    for (key in from) {
      out[key] = from[key] && typeof from[key] === "object" ? merge(into[key] || {}, from[key]) : from[key];
    }
    return out;
  }
  CMS.registerLocale("zh_Hans", merge(CMS.getLocale("zh_Hans") || {}, PHRASES));

  // 4. A table: pasted from Excel, WPS or Word (cells arrive separated by tabs, rows by line breaks) or
  //    typed with | between cells; written as a Markdown table, which the site shows as a bordered table.
  function cells(line) {
    var parts = line.indexOf("\t") >= 0 ? line.split("\t") : line.replace(/^\s*\|/, "").replace(/\|\s*$/, "").split("|");
    return parts.map(function (c) { return c.trim().replace(/\|/g, "／"); });
  }
  function toMarkdown(text) {
    var rows = (text || "").split(/\r?\n/).filter(function (l) { return l.trim() && !/^\s*\|?[\s:|-]+\|?\s*$/.test(l); })
      .map(cells);
    if (!rows.length) return "";
    var width = Math.max.apply(null, rows.map(function (r) { return r.length; }));
    rows = rows.map(function (r) { while (r.length < width) r.push(""); return r; });
    var line = function (r) { return "| " + r.join(" | ") + " |"; };
    var rule = "|" + rows[0].map(function () { return " --- "; }).join("|") + "|";
    return [line(rows[0]), rule].concat(rows.slice(1).map(line)).join("\n");
  }
  function fromMarkdown(block) {
    return block.split("\n").filter(function (l) { return !/^\s*\|?[\s:|-]+\|?\s*$/.test(l); })
      .map(function (l) { return cells(l).join("\t"); }).join("\n");
  }
  // A table pasted from Word, WPS or a web page arrives as HTML: its cells, a row per line, tabs between.
  function tableText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var table = doc.querySelector("table");
    if (!table) return null;
    return Array.prototype.map.call(table.querySelectorAll("tr"), function (tr) {
      return Array.prototype.map.call(tr.querySelectorAll("th, td"), function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      }).join("\t");
    }).join("\n");
  }
  document.addEventListener("paste", function (event) {
    var html = event.clipboardData && event.clipboardData.getData("text/html");
    var text = html && html.indexOf("<table") >= 0 ? tableText(html) : null;
    if (text === null) return;
    var target = event.target;
    if (target && target.tagName === "TEXTAREA") {  // the 表格 box: the table's cells, not its HTML
      event.preventDefault();
      target.focus();
      document.execCommand("insertText", false, text);
    } else if (target && target.closest && target.closest("[data-slate-editor]")) {
      // the body's editor would run every cell into one line: say where a table goes instead
      event.preventDefault();
      window.alert("表格请用正文工具栏的“＋”→“表格”，把表格粘贴到其中的“表格内容”框里。");
    }
  }, true);

  CMS.registerEditorComponent({
    id: "table",
    label: "表格",
    fields: [{ name: "rows", label: "表格内容", widget: "text",
               hint: "从 Excel、WPS 或 Word 复制表格后粘贴到这里；也可以每行一行、单元格之间用 | 隔开。第一行是表头。" }],
    pattern: /^((?:\|[^\n]*\|[ \t]*(?:\n|$))+)/,
    fromBlock: function (match) { return { rows: fromMarkdown(match[1].trim()) }; },
    toBlock: function (data) { return toMarkdown(data.rows); },
    toPreview: function (data) { return "<pre>" + toMarkdown(data.rows).replace(/</g, "&lt;") + "</pre>"; },
  });

  // 5. A picture needs its 替代文字 (GB/T 37668: a text alternative for every image).
  CMS.registerEditorComponent({
    id: "figure",
    label: "图片",
    fields: [
      { name: "src", label: "图片文件", widget: "image", media_library: { allow_multiple: false } },
      { name: "alt", label: "替代文字", widget: "string", hint: "用一句话说明图片内容，供读屏软件朗读（必填）" },
    ],
    pattern: /^!\[([^\]\n]+)\]\(([^)\s]+)\)$/,
    fromBlock: function (match) { return { alt: match[1], src: match[2] }; },
    toBlock: function (data) {
      var alt = (data.alt || "").replace(/[\[\]\n]/g, " ").trim();
      return data.src ? "![" + alt + "](" + data.src + ")" : "";  // never drop a chosen picture
    },
    toPreview: function (data) { return data.alt || ""; },
  });
})();

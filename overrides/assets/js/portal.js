/* 石首市惠企政策门户: small progressive enhancements. No inline scripts, no third-party code.
 * - copy buttons on law articles (link and citation)
 * - status badges recomputed from their dates (portal-core.js applies the rules the build emits)
 * - print button
 * - on a page reached from a search result (?h=...), the words searched for are marked
 */
(function () {
  "use strict";

  var core = window.portalCore;

  function refreshStatuses() {
    var asOf = core.today();
    document.querySelectorAll(".portal-status[data-status]").forEach(function (badge) {
      var code = core.statusOf(asOf, badge.dataset.effective, badge.dataset.expires, badge.dataset.repealed);
      if (code === badge.dataset.status) return;
      badge.classList.remove("portal-status--" + badge.dataset.status);
      badge.classList.add("portal-status--" + code);
      badge.dataset.status = code;
      badge.textContent = core.statusLabel(code);
      badge.title = "按今天（" + asOf + "）的日期重新核对";
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function announce(message) {
    var region = document.getElementById("portal-live");
    if (!region) {
      region = document.createElement("div");
      region.id = "portal-live";
      region.className = "portal-visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = message;
  }

  function onCopy(button) {
    var text = button.dataset.copy === "link"
      ? location.origin + location.pathname + "#" + encodeURIComponent(button.dataset.anchor)
      : button.dataset.citation;
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.dataset.copied = text;
    copyText(text).then(function () {
      button.textContent = "已复制";
      announce("已复制：" + text);
    }, function () {
      button.textContent = "请手动复制";
      announce("无法自动复制，请手动复制：" + text);
    });
    setTimeout(function () { button.textContent = label; }, 2500);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (button) { onCopy(button); return; }
    if (event.target.closest("button[data-print]")) { window.print(); }
  });

  /* On a page reached from a result (?h=...), mark the words searched for. */
  function highlightPage() {
    var words = (new URL(location.href).searchParams.get("h") || "").split(/\s+/).filter(Boolean);
    var content = document.querySelector(".md-content");
    if (!words.length || !content) return;
    var pattern = new RegExp("(" + words.map(core.escapeRegExp).join("|") + ")", "gi");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (pattern.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
      pattern.lastIndex = 0;
    }
    nodes.forEach(function (node) {
      var fragment = document.createDocumentFragment();
      node.nodeValue.split(pattern).forEach(function (part, i) {
        if (i % 2) {
          var mark = document.createElement("mark");
          mark.className = "portal-hit";
          mark.textContent = part;
          fragment.appendChild(mark);
        } else if (part) {
          fragment.appendChild(document.createTextNode(part));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function ready() {
    refreshStatuses();
    highlightPage();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

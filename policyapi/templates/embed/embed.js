/*! policyapi embed v1: <div data-policyapi-provision="ID"></div> (or -statement, -document),
    then <script async src="https://API/embed/v1.js"></script>. Optional data-policyapi-theme
    (light, dark, auto) and data-policyapi-accent (hex colour). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = script.src.replace(/\/embed(\/v1)?\.js([?#].*)?$/, "");
  var origin = new URL(script.src).origin;
  var registry = (window.__policyapiEmbed = window.__policyapiEmbed || {});
  if (registry[origin]) {
    // Another copy from the same API already runs: let it pick up new placeholders.
    registry[origin].scan();
    return;
  }
  var KINDS = { provision: "provisions", statement: "statements", document: "documents" };
  var MIN_HEIGHT = 60;
  var MAX_HEIGHT = 10000;
  var frames = [];

  function cardUrl(kind, id, el) {
    var url = new URL(base + "/embed/" + KINDS[kind] + "/" + encodeURIComponent(id));
    var theme = el.getAttribute("data-policyapi-theme");
    var accent = el.getAttribute("data-policyapi-accent");
    if (theme) url.searchParams.set("theme", theme);
    if (accent) url.searchParams.set("accent", accent.replace(/^#/, ""));
    return url.href;
  }

  function hello(frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "policyapi:hello" }, origin);
  }

  function loaded(frame) {
    // A frame still on about:blank has the page's origin and can be read; a loaded card on
    // another origin cannot (reading it throws).
    try {
      return frame.contentWindow.location.href !== "about:blank";
    } catch (e) {
      return true;
    }
  }

  function track(frame) {
    if (frames.indexOf(frame) !== -1) return;
    frames.push(frame);
    // Ask for the height once the card is there: it may have posted before we listened.
    frame.addEventListener("load", function () { hello(frame); });
    if (frame.contentWindow && loaded(frame)) hello(frame);
  }

  function mount(kind, el) {
    var id = el.getAttribute("data-policyapi-" + kind);
    if (!id || el.getAttribute("data-policyapi-mounted")) return;
    el.setAttribute("data-policyapi-mounted", "1");
    var frame = document.createElement("iframe");
    frame.src = cardUrl(kind, id, el);
    frame.title = el.getAttribute("data-policyapi-title") || "policyapi " + kind + " " + id;
    frame.loading = "lazy";
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("data-policyapi-embed", kind);
    frame.style.border = "0";
    frame.style.width = "100%";
    frame.style.maxWidth = "100%";
    frame.style.height = "200px";
    frame.style.display = "block";
    el.appendChild(frame);
    track(frame);
  }

  function scan() {
    Object.keys(KINDS).forEach(function (kind) {
      var found = document.querySelectorAll("[data-policyapi-" + kind + "]");
      Array.prototype.forEach.call(found, function (el) { mount(kind, el); });
    });
    // iframes pasted from oEmbed html: size them too, if they show one of our cards.
    var pasted = document.querySelectorAll("iframe[data-policyapi-embed]");
    Array.prototype.forEach.call(pasted, function (frame) {
      try {
        if (new URL(frame.src, location.href).origin === origin) track(frame);
      } catch (e) { /* not a URL: not ours */ }
    });
  }

  window.addEventListener("message", function (event) {
    // Trust only our own cards: the API origin, from an iframe this script tracks.
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "policyapi:resize" || typeof data.height !== "number") return;
    if (!isFinite(data.height)) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(data.height)));
        frames[i].style.height = height + "px";
        return;
      }
    }
  });

  registry[origin] = { scan: scan };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  scan();
})();

(function () {
  "use strict";
  // Tell the embedding page our content height; embed.js sizes the iframe to it.
  if (window.parent === window) return;
  var last = -1;
  function post(force) {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last && !force) return;
    last = height;
    // Only a height is sent: nothing private, so any embedding origin may read it.
    window.parent.postMessage({ type: "policyapi:resize", height: height }, "*");
  }
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "policyapi:hello") {
      post(true);
    }
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { post(false); }).observe(document.documentElement);
  }
  window.addEventListener("load", function () { post(true); });
  post(false);
})();

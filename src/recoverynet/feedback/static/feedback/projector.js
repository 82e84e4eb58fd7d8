/* The projector's live part by Server-Sent Events (decision 0036). While events arrive, htmx's
   polling of the same fragment is skipped; when the stream ends, is refused ("busy") or fails,
   polling carries on until the browser reconnects. Without EventSource nothing changes here. */
(function () {
  "use strict";
  var first = document.getElementById("projector-live");
  var url = first && first.getAttribute("data-stream");
  if (!url || !window.EventSource) { return; }
  var streaming = false;
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    if (streaming && e.target && e.target.id === "projector-live") { e.preventDefault(); }
  });
  var source = new EventSource(url);
  source.addEventListener("live", function (e) {
    streaming = true;
    document.documentElement.setAttribute("data-projector-stream", "live");
    var holder = document.createElement("template");
    holder.innerHTML = e.data.trim();
    var fresh = holder.content.firstElementChild;
    var current = document.getElementById("projector-live");
    if (!fresh || !current) { return; }
    current.replaceWith(fresh);
    if (window.htmx) { window.htmx.process(fresh); }
  });
  source.addEventListener("busy", function () { streaming = false; source.close(); });
  source.addEventListener("gone", function () { streaming = false; source.close(); });
  source.addEventListener("error", function () { streaming = false; });
})();

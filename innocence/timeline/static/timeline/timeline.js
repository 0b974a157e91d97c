/* The visual timeline of a case (vis-timeline, vendored). Items come from the page itself
   (a json_script block); a click opens the cited page in the documents viewer. Lanes per kind
   or per person. Re-drawn after an htmx swap of the tab (filters). */
(function () {
  "use strict";
  if (window.innocenceTimeline) { window.innocenceTimeline.render(); return; }
  var current = null;

  function groupsFor(items, lane) {
    var seen = {}, groups = [];
    items.forEach(function (it) {
      var key = lane === "person" ? it.person : it.kind_label;
      if (!seen[key]) { seen[key] = true; groups.push({ id: key, content: key }); }
    });
    return groups;
  }

  function render() {
    var host = document.getElementById("timeline-visual");
    var data = document.getElementById("timeline-items");
    var laneSelect = document.getElementById("tl-lanes");
    if (!host || !data || !window.vis) { return; }
    if (current) { current.destroy(); current = null; }
    var raw = JSON.parse(data.textContent || "[]");
    if (!raw.length) { host.textContent = "No events to draw."; return; }
    var lane = laneSelect ? laneSelect.value : "kind";
    var items = raw.map(function (it) {
      return {
        id: it.id, content: it.content, start: it.start, end: it.end, title: it.title,
        group: lane === "person" ? it.person : it.kind_label,
        type: it.end ? "range" : "box",
        className: "tl-" + it.status + (it.conflict ? " tl-conflict" : "") + (it.url ? " tl-link" : ""),
        url: it.url
      };
    });
    var byId = {};
    items.forEach(function (it) { byId[it.id] = it; });
    current = new window.vis.Timeline(host, new window.vis.DataSet(items), groupsFor(raw, lane), {
      zoomMin: 1000 * 60 * 60,                     // an hour
      zoomMax: 1000 * 60 * 60 * 24 * 365 * 100,    // a century
      stack: true, orientation: "top", margin: { item: 6 }, tooltip: { followMouse: true }
    });
    current.on("click", function (props) {
      var it = props.item && byId[props.item];
      if (it && it.url) { window.location.href = it.url; }
    });
    if (laneSelect && !laneSelect.dataset.bound) {
      laneSelect.dataset.bound = "1";
      laneSelect.addEventListener("change", render);
    }
  }

  window.innocenceTimeline = { render: render };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
  document.body.addEventListener("htmx:afterSettle", function () { render(); });
})();

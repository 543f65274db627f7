// Live updates of the story board: ask every few seconds whether the store moved, and swap in the new rows, map and
// timeline.
// Everything else works without JavaScript. The server escapes all text; nothing here builds HTML.
(function () {
  "use strict";
  var rows = document.getElementById("board-rows");
  if (!rows || !window.fetch) { return; }
  var badge = document.getElementById("live-state");
  var version = rows.getAttribute("data-version");
  var query = rows.getAttribute("data-query");
  var onFirstPage = !/(^|&)page=[1-9]/.test(window.location.search.slice(1));
  if (!onFirstPage) { return; }
  if (badge) { badge.hidden = false; }

  function known() {
    var ids = {};
    rows.querySelectorAll("a[href^='/story/']").forEach(function (a) { ids[a.getAttribute("href")] = true; });
    return ids;
  }

  function check() {
    var url = "/board/live?" + (query ? query + "&" : "") + "since=" + encodeURIComponent(version);
    fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      var next = response.headers.get("X-Board-Version");
      if (response.status !== 200 || !next) { return null; }
      return response.text().then(function (html) {
        var before = known();
        var fresh = new DOMParser().parseFromString("<table><tbody>" + html + "</tbody></table>", "text/html");
        var body = fresh.querySelector("tbody");
        rows.replaceChildren.apply(rows, Array.prototype.slice.call(body.children));
        rows.querySelectorAll("tr").forEach(function (tr) {
          var link = tr.querySelector("a[href^='/story/']");
          if (link && !before[link.getAttribute("href")]) { tr.classList.add("fresh"); }
        });
        version = next;
        rows.setAttribute("data-version", next);
        refreshOverview();
      });
    }).catch(function () { /* the console may be restarting: try again on the next tick */ });
  }
  // The map and the timeline above the rows follow them: the server draws them again for the same filters.
  function refreshOverview() {
    var overview = document.getElementById("board-overview");
    if (!overview) { return; }
    var url = "/board/overview" + (query ? "?" + query : "");
    fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.status !== 200) { return null; }
      return response.text().then(function (html) {
        var fresh = new DOMParser().parseFromString("<section>" + html + "</section>", "text/html");
        overview.replaceChildren.apply(overview, Array.prototype.slice.call(fresh.querySelector("section").childNodes));
      });
    }).catch(function () { /* keep the map as it is until the next change */ });
  }
  window.setInterval(check, 3000);
})();

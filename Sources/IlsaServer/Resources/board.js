// The board's live part: listens to the server's change stream and refreshes the page's main
// part when something changes, without a reload. A form being typed into is left alone until
// it loses focus. The stream reconnects by itself (EventSource) when the server restarts.
(function () {
  "use strict";
  var main = document.getElementById("live");
  if (!main || main.dataset.live !== "on" || !window.EventSource) return;
  var pending = false;
  var busy = false;

  function typing() {
    var active = document.activeElement;
    return active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT") && active.value !== "";
  }

  function refresh() {
    if (busy) { pending = true; return; }
    if (typing()) { pending = true; return; }
    busy = true;
    pending = false;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        if (next) { main.innerHTML = next.innerHTML; main.dataset.updated = String(Date.now()); }
      })
      .catch(function () {})
      .then(function () { busy = false; if (pending) setTimeout(refresh, 50); });
  }

  var timer = null;
  function soon() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; refresh(); }, 100);
  }

  document.addEventListener("focusout", function () { if (pending) soon(); });
  var stream = new EventSource("/api/v1/events");
  stream.addEventListener("change", soon);
  stream.addEventListener("external", soon);
  stream.addEventListener("open", function () { document.body.dataset.live = "connected"; });
  stream.addEventListener("error", function () {
    document.body.dataset.live = "reconnecting";
    // Closed for good (not a dropped connection, which EventSource retries by itself): the
    // server answered the stream with an error, as after a restart that ended the session.
    // Reloading shows the page again, or the sign-in page.
    if (stream.readyState === EventSource.CLOSED) {
      var notice = document.createElement("p");
      notice.className = "live-state problem";
      notice.textContent = "연결이 끊겼습니다. 다시 불러옵니다… Connection lost; reloading…";
      document.body.appendChild(notice);
      setTimeout(function () { window.location.reload(); }, 2000);
    }
  });
})();

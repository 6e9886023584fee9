// Keeps the progress bar of a running import up to date. The page works without it
// (a "Refresh" link); the status text changes only in steps of 10 %, so that screen
// readers are not flooded.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(box.getAttribute("data-progress-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (response.ok) {
          return response.json();
        }
        if (response.status >= 500) {
          // The server is away for a moment (a restart, a gateway): ask again later.
          window.setTimeout(poll, 5000);
        }
        return null; // otherwise (signed out, no such import) the "Refresh" link remains
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        if (state.finished) {
          window.location.reload();
          return;
        }
        bar.max = state.total || 1;
        bar.value = state.done;
        bar.textContent = state.percent + " %";
        if (text.textContent !== state.label) {
          text.textContent = state.label;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();

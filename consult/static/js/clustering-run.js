// Run page: poll the progress of a grouping run until it is done or failed.
(function () {
  var box = document.getElementById("run-progress");
  if (!box || box.dataset.finished) { return; }
  var bar = document.getElementById("run-progress-bar");
  var stage = document.getElementById("run-stage");

  function show(id) {
    var element = document.getElementById(id);
    if (element) { element.classList.remove("d-none"); }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = Math.round(100 * data.progress) + "%";
        stage.textContent = data.stage_label;
        if (data.finished) {
          box.classList.add("d-none");
          show(data.status === "done" ? "run-done" : "run-failed");
          // The heading says it at once (never "running" beside the outcome), then the page
          // reloads right away to show the counts and the duration.
          var badge = document.getElementById("run-status");
          if (badge) {
            badge.textContent = data.status_label;
            badge.className = "badge " + (data.status === "done" ? "text-bg-success" : "text-bg-danger");
          }
          window.location.reload();
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();

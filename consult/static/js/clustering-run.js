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
          // Reload once so that the counts and duration are shown.
          setTimeout(function () { window.location.reload(); }, 1200);
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();

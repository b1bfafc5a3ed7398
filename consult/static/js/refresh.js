// Pages showing background work (e.g. a large import): reload while the work goes on.
(function () {
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box) { return; }
  setTimeout(function () { window.location.reload(); }, 1000 * Number(box.dataset.refreshSeconds || 3));
})();

// Disable a POST form's submit buttons once it is sent, so a double click sends it once.
// (Disabled after the event, so that the clicked button's own value is still sent.)
// A GET form (a search, filters, a file download) changes nothing and may never leave the page (a
// download does not): it is never blocked, else a second download would wait for a reload.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  var method = (submitter && submitter.getAttribute("formmethod")) || form.getAttribute("method") || "get";
  if (method.toLowerCase() !== "post") { return; }
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});

// A form sent back with errors: the summary above it takes the focus (a screen reader reads it, a
// keyboard starts there), and each of its links moves the focus into its field.
(function () {
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();

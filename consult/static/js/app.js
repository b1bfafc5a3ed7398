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

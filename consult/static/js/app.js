// Disable a form's submit buttons once it is sent, so a double click sends it once.
// (Disabled after the event, so that the clicked button's own value is still sent.)
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});

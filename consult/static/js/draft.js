// While a proposal is being written, keep it in this tab's sessionStorage, so that switching the
// page's language (or reloading it) does not wipe it: the same form, opened again empty, gets it back.
// Sending the form forgets it. Nothing leaves the browser.
(function () {
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.sessionStorage) { return; }
  var key = "consult-draft:" + form.dataset.draftKey;
  var notice = document.getElementById("draft-restored");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.closest("[aria-hidden=true]")) { return false; }
      if (field.tagName === "TEXTAREA" || field.tagName === "SELECT") { return true; }
      return field.tagName === "INPUT" && ["text", "email", "search"].indexOf(field.type) >= 0;
    });
  }

  function save() {
    var draft = {};
    fields().forEach(function (field) { if (field.value) { draft[field.name] = field.value; } });
    try { sessionStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* full or disabled */ }
  }

  function restore() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    var typed = fields().some(function (field) { return field.tagName !== "SELECT" && field.value; });
    if (typed) { save(); return; }   // the server sent the form back filled in: it wins
    if (!saved) { return; }
    var restored = false;
    fields().forEach(function (field) {
      if (Object.prototype.hasOwnProperty.call(saved, field.name)) {
        field.value = saved[field.name];
        restored = restored || (field.tagName !== "SELECT" && !!field.value);
      }
    });
    if (restored && notice) { notice.classList.remove("d-none"); }
  }

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function () { sessionStorage.removeItem(key); });
})();

// "Add my voice" in one click from the similar-proposals box of the submission form.
// similar.js renders the box and fires "similar:rendered"; each item that can take a voice carries
// data-support-url. The labels come from the box's data attributes (the page's language), every
// text goes in with textContent, and the POST carries the form's CSRF token and a fresh token of
// its own, so that a double click counts once. Without JavaScript, the proposal's page has the form.
(function () {
  var box = document.getElementById("similar-proposals");
  var form = document.getElementById("proposal-form");
  if (!box || !form) { return; }

  function token() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(item, text, kind) {
    var note = item.querySelector(".voice-note");
    if (!note) {
      note = document.createElement("span");
      note.className = "voice-note small d-block";
      note.setAttribute("role", "status");
      item.appendChild(note);
    }
    note.className = "voice-note small d-block " + (kind === "error" ? "text-danger" : "text-success");
    note.textContent = text;
    return note;
  }

  function addVoice(item, button) {
    var csrf = form.querySelector("input[name=csrf_token]");
    var body = new FormData();
    if (csrf) { body.append("csrf_token", csrf.value); }
    body.append("support_token", button.dataset.token);
    body.append("website", "");
    button.disabled = true;
    fetch(item.dataset.supportUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return { error: box.dataset.voiceError }; })
        .then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) {
        say(item, answer.data.error || box.dataset.voiceError, "error");
        button.disabled = false;
        return;
      }
      button.remove();
      var note = say(item, answer.data.message, "success");
      if (!answer.data.email && answer.data.url) {
        var link = document.createElement("a");
        link.href = answer.data.url;
        link.className = "ms-1";
        link.textContent = box.dataset.voiceEmail;
        note.appendChild(document.createTextNode(" "));
        note.appendChild(link);
      }
    }).catch(function () {
      say(item, box.dataset.voiceError, "error");
      button.disabled = false;
    });
  }

  box.addEventListener("similar:rendered", function (event) {
    var byRef = {};
    ((event.detail && event.detail.results) || []).forEach(function (result) { byRef[result.ref] = result; });
    box.querySelectorAll("li[data-ref]").forEach(function (item) {
      var result = byRef[item.dataset.ref];
      if (!result) { return; }
      if (result.supports_label) {
        var badge = document.createElement("span");
        badge.className = "badge text-bg-light border ms-2 voice-count";
        badge.textContent = result.supports_label;
        item.appendChild(badge);
      }
      if (!result.support_url) { return; }
      item.dataset.supportUrl = result.support_url;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-primary btn-sm ms-2 voice-button";
      button.textContent = box.dataset.voiceAdd;
      button.dataset.token = token();
      var title = item.querySelector("a");
      if (title) { button.setAttribute("aria-label", box.dataset.voiceAdd + " — " + title.textContent); }
      button.addEventListener("click", function () { addVoice(item, button); });
      item.appendChild(button);
    });
  });
})();

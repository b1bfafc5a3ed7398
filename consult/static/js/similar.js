// While a citizen writes a proposal, show existing proposals that may already say it (any language).
// The server gives the heading in the page's language; every text goes in with textContent.
(function () {
  var form = document.getElementById("proposal-form");
  var box = document.getElementById("similar-proposals");
  if (!form || !box || !form.dataset.similarUrl) { return; }
  var fields = ["title", "problem", "reform"].map(function (name) { return form.elements[name]; })
    .filter(function (field) { return field; });
  var timer = null, controller = null, lastText = "";

  // The text travels in the URL: keep it under the request-line limit of servers such as gunicorn
  // (4 KB); the first few hundred characters are enough to find similar proposals.
  function currentText() {
    var text = fields.map(function (field) { return field.value.trim(); })
      .filter(function (value) { return value; }).join("\n").slice(0, 2000);
    while (encodeURIComponent(text).length > 3000) { text = text.slice(0, Math.floor(text.length * 0.8)); }
    return text;
  }

  function render(data) {
    box.replaceChildren();
    if (!data.results || !data.results.length) { return; }
    var panel = document.createElement("div");
    panel.className = "alert alert-info";
    var heading = document.createElement("p");
    heading.className = "fw-bold mb-2";
    heading.textContent = data.heading || "";
    panel.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "mb-0";
    data.results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.dir = "auto";
      link.textContent = result.title;
      var ref = document.createElement("span");
      ref.className = "text-muted small ms-2 ref";   // never broken at its hyphen
      ref.dir = "ltr";
      ref.textContent = result.ref;
      item.appendChild(link);
      item.appendChild(ref);
      item.dataset.ref = result.ref;
      list.appendChild(item);
    });
    panel.appendChild(list);
    box.appendChild(panel);
    // voice.js adds an "Add my voice" button to each item.
    box.dispatchEvent(new CustomEvent("similar:rendered", { detail: data }));
  }

  function lookUp() {
    var text = currentText();
    if (text === lastText) { return; }
    lastText = text;
    if (controller) { controller.abort(); }
    if (text.length < 12) { box.replaceChildren(); return; }
    controller = new AbortController();
    var url = form.dataset.similarUrl + (form.dataset.similarUrl.indexOf("?") < 0 ? "?" : "&") +
      "text=" + encodeURIComponent(text);
    fetch(url, { headers: { "Accept": "application/json" }, signal: controller.signal, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(render)
      .catch(function () { /* aborted or offline: the form works without it */ });
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 500);
    });
  });
})();

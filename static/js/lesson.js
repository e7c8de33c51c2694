// lesson.js: saves reflection and case answers while the person types. Without it the forms
// work as plain submits; with it every form[data-autosave] posts its text (debounced) with the
// CSRF token in the X-CSRF-Token header, gets JSON back and shows whether it was saved.
(function () {
  "use strict";

  var DELAY = 1200; // ms of quiet typing before saving

  function setup(form) {
    var area = form.querySelector("textarea[name=text]");
    var status = form.querySelector("[data-saved]");
    var tokenInput = form.querySelector("input[name=_csrf]");
    if (!area || !status || !tokenInput || !window.fetch) {
      return;
    }
    var url = form.action.split("#")[0];
    var timer = null;
    var busy = false;
    var again = false;
    var lastSaved = area.value;

    function show(kind, text) {
      status.classList.remove("kring-saved--pending", "kring-saved--error");
      if (kind) {
        status.classList.add("kring-saved--" + kind);
      }
      status.textContent = text;
    }

    function showModel(html) {
      var box = form.querySelector("[data-model-answer]");
      if (!box || !html || box.childElementCount > 0) {
        return;
      }
      var h = document.createElement("h3");
      h.className = "utrecht-heading-4";
      h.textContent = box.getAttribute("data-model-title");
      var body = document.createElement("div");
      body.className = "utrecht-rich-text";
      body.innerHTML = html; // rendered by the server from the module's own content
      box.appendChild(h);
      box.appendChild(body);
    }

    function showCertificate(href) {
      if (!href || form.querySelector("[data-certificate-link]")) {
        return;
      }
      var p = document.createElement("p");
      p.className = "utrecht-paragraph";
      var a = document.createElement("a");
      a.className = "utrecht-link";
      a.href = href;
      a.setAttribute("data-certificate-link", "");
      a.textContent = status.getAttribute("data-text-certificate");
      p.appendChild(a);
      form.appendChild(p);
    }

    function save() {
      timer = null;
      var text = area.value;
      if (text.trim() === "" || text === lastSaved) {
        return;
      }
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      show("pending", status.getAttribute("data-text-pending"));
      var body = new URLSearchParams();
      body.set("text", text);
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRF-Token": tokenInput.value
        },
        body: body.toString()
      }).then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (data) {
          if (resp.ok && data.ok) {
            lastSaved = text;
            show("", data.saved || status.getAttribute("data-text-saved"));
            showModel(data.model_answer);
            showCertificate(data.certificate);
          } else {
            show("error", status.getAttribute("data-text-error") + (data.error ? " " + data.error : ""));
          }
        });
      }).catch(function () {
        show("error", status.getAttribute("data-text-error"));
      }).then(function () {
        busy = false;
        if (again) {
          again = false;
          save();
        }
      });
    }

    area.addEventListener("input", function () {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(save, DELAY);
    });
    area.addEventListener("blur", function () {
      if (timer) {
        clearTimeout(timer);
        save();
      }
    });
    form.addEventListener("submit", function (ev) {
      if (area.value.trim() === "") {
        return; // let the server explain what is missing
      }
      ev.preventDefault();
      if (timer) {
        clearTimeout(timer);
      }
      lastSaved = lastSaved === area.value ? "\u0000" : lastSaved; // an explicit save always posts
      save();
    });
  }

  var forms = document.querySelectorAll("form[data-autosave]");
  for (var i = 0; i < forms.length; i++) {
    setup(forms[i]);
  }
})();

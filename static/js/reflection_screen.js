// reflection_screen.js: the privacy screen for reflection and case answers in a lesson, as the
// room does for case cards. While the person types, every form[data-autosave] runs
// window.KringScreen (screen.js) over its answer and lists the findings under the field: a
// warning for names, dates, addresses and numbers, an error for a BSN or e-mail address, which
// the server refuses (server/prompt_screen.go). The texts come from the form's data attributes.
(function () {
  "use strict";

  var DELAY = 400; // ms of quiet typing before screening

  function setup(form) {
    var area = form.querySelector("textarea[name=text]");
    var box = form.querySelector("[data-screen-findings]");
    var ks = window.KringScreen;
    if (!area || !box || !ks) {
      return;
    }
    var lang = document.documentElement.lang || "nl";
    var timer = null;

    function show() {
      var found = [];
      try {
        found = ks.screen(area.value) || [];
      } catch (e) {
        found = [];
      }
      while (box.firstChild) {
        box.removeChild(box.firstChild);
      }
      if (!found.length) {
        return;
      }
      var blocking = found.some(function (f) { return ks.blocking(f.kind); });
      var alert = document.createElement("div");
      alert.className = "utrecht-alert utrecht-alert--" + (blocking ? "error" : "warning");
      var p = document.createElement("p");
      p.className = "utrecht-paragraph";
      p.textContent = form.getAttribute("data-screen-warn") + (blocking ? " " + form.getAttribute("data-screen-block") : "");
      var content = document.createElement("div");
      content.className = "utrecht-alert__content";
      var message = document.createElement("div");
      message.className = "utrecht-alert__message";
      content.appendChild(message);
      alert.appendChild(content);
      message.appendChild(p);
      var ul = document.createElement("ul");
      ul.className = "utrecht-unordered-list";
      found.forEach(function (f) {
        var li = document.createElement("li");
        li.className = "utrecht-unordered-list__item";
        li.textContent = "\u201c" + f.text + "\u201d \u2014 " + ks.describe(f.kind, lang);
        ul.appendChild(li);
      });
      message.appendChild(ul);
      box.appendChild(alert);
    }

    area.addEventListener("input", function () {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(show, DELAY);
    });
    if (area.value) {
      show();
    }
  }

  document.querySelectorAll("form[data-autosave]").forEach(setup);
})();

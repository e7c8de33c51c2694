// vragen.js: toggles a favourite question without reloading the list. Without it the
// favourite buttons are plain form submits that come back to the same place.
(function () {
  "use strict";
  // A link to a question or a phase (#q-…, #fase-…, also where a favourite form comes back to)
  // opens the folded phase it is in, in browsers that do not do so themselves.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var d = target; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) {
        d.open = true;
      }
    }
    if (target && target.tagName !== "DETAILS") {
      target.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  if (!window.fetch) {
    return;
  }
  var forms = document.querySelectorAll("form[data-favourite]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (ev) {
      var form = ev.currentTarget;
      var button = form.querySelector("[data-favourite-button]");
      var token = form.querySelector("input[name=_csrf]");
      if (!button || !token) {
        return;
      }
      ev.preventDefault();
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Accept": "application/json", "X-CSRF-Token": token.value}
      }).then(function (resp) {
        if (!resp.ok) {
          throw new Error("status " + resp.status);
        }
        return resp.json();
      }).then(function (data) {
        button.textContent = (data.favourite ? "\u2605 " : "\u2606 ") + data.label;
      }).catch(function () {
        form.submit(); // fall back to the plain form
      }).then(function () {
        button.disabled = false;
      });
    });
  }
})();

// vragen.js: toggles a favourite question without reloading the list. Without it the
// favourite buttons are plain form submits that come back to the same place.
(function () {
  "use strict";
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

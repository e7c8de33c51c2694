/*
 * Sign-out clears what Kring keeps in this browser (the room's drafts and unsent actions, the
 * last event seen): every localStorage and sessionStorage key starting with "kring.". It runs on
 * forms marked data-kring-clear-storage (the layout's logout form). Plain script, no inline
 * code (strict CSP).
 */
(function () {
  'use strict';
  function clearKring(store) {
    try {
      var keys = [];
      for (var i = 0; i < store.length; i++) {
        var k = store.key(i);
        if (k && k.indexOf('kring.') === 0) { keys.push(k); }
      }
      keys.forEach(function (k) { store.removeItem(k); });
    } catch (e) { /* storage blocked: nothing kept either */ }
  }
  document.addEventListener('submit', function (e) {
    if (e.target && e.target.hasAttribute && e.target.hasAttribute('data-kring-clear-storage')) {
      clearKring(window.localStorage);
      clearKring(window.sessionStorage);
    }
  }, true);
})();

// nav.js folds the main menu behind a "Menu" button on narrow screens, so it never takes two
// or three lines of a phone. Without this script the button stays hidden and the whole menu
// shows, as before. The CSS decides by width (kring-nav--collapsible): on a wide screen the
// button is hidden and the list always shows.
(function () {
  'use strict';
  var nav = document.querySelector('.kring-nav');
  if (!nav) { return; }
  var button = nav.querySelector('.kring-nav__toggle');
  var list = nav.querySelector('.kring-nav__list');
  if (!button || !list) { return; }

  function setOpen(open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    nav.classList.toggle('kring-nav--open', open);
  }

  nav.classList.add('kring-nav--collapsible');
  button.hidden = false;
  setOpen(false);
  button.addEventListener('click', function () {
    setOpen(button.getAttribute('aria-expanded') !== 'true');
  });
  // Escape closes an open menu and puts focus back on its button.
  nav.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      setOpen(false);
      button.focus();
    }
  });
}());

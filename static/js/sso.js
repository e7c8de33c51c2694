// Sign-in with the work account: follow the link to the organisation's provider at once.
// The page is reached by submitting the sign-in form; a redirect from there to another site
// would be blocked by the page's form-action policy, a navigation by script is not.
(function () {
  'use strict';
  var link = document.querySelector('a[data-sso-continue]');
  if (link && /^https?:\/\//.test(link.href)) {
    window.location.assign(link.href);
  }
})();

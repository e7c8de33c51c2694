package server

import "kring/server/view"

// appendBase appends what views/layouts/base.html renders around a page's body, byte for
// byte, for a page written in Go instead of a template (the lesson page: the hottest page,
// where executing the layout's actions by reflection was a third of its cost). Everything in
// it is either the server's (brand, theme, translations of the page's language) or this
// request's own (language, person, CSRF token, path, navigation): nothing is kept between
// requests. body appends the page. The page has no ExtraCSS (the layout's extra style sheets). TestLessonPageMatchesTemplate renders the real layout
// and this one for every lesson, language, role and state, and requires the same bytes.
func (s *Server) appendBase(b []byte, ld *layoutData, title string, scripts []string, body func([]byte) []byte) []byte {
	lang := ld.Lang
	pt := s.texts(lang)
	t := func(b []byte, id string) []byte { return s.appendT(b, pt, id) }
	b = append(b, "<!DOCTYPE html>\n<html lang=\""...)
	b = view.AppendText(b, lang)
	b = append(b, `" class="utrecht-root `...)
	b = view.AppendText(b, s.cfg.Theme.Class)
	b = append(b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"...)
	if title != "" {
		b = view.AppendText(b, title)
		b = append(b, " · "...)
	}
	b = view.AppendText(b, s.cfg.Theme.BrandName)
	b = append(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/vendor/utrecht/component-library.css\">\n<link rel=\"stylesheet\" href=\"/static/css/kring-theme.css\">\n"...)
	if len(s.themeCSS) > 0 {
		b = append(b, "<link rel=\"stylesheet\" href=\"/theme.css\">\n"...)
	}
	b = append(b, "<link rel=\"stylesheet\" href=\"/static/css/kring.css\">\n<link rel=\"icon\" href=\"/static/img/kring.svg\" type=\"image/svg+xml\">\n</head>\n<body class=\"utrecht-body kring-page\">\n<a class=\"utrecht-skip-link utrecht-skip-link--visible-on-focus\" href=\"#main\">"...)
	b = t(b, "layout.skip")
	b = append(b, "</a>\n<header class=\"utrecht-page-header kring-header\">\n  <div class=\"kring-container kring-header__inner\">\n    <a class=\"kring-header__brand\" href=\"/\">"...)
	if len(s.brandLogo) > 0 {
		b = append(b, `<img class="kring-header__logo" src="/brand-logo" alt="">`...)
	} else {
		b = append(b, `<img class="kring-header__logo" src="/static/img/kring.svg" alt="">`...)
	}
	b = append(b, `<span class="kring-header__name">`...)
	b = view.AppendText(b, s.cfg.Theme.BrandName)
	b = append(b, "</span></a>\n    <div class=\"kring-header__tools\">\n      <form class=\"kring-lang-switch\" method=\"post\" action=\"/lang\" aria-label=\""...)
	b = t(b, "layout.language")
	b = append(b, "\">\n        <input type=\"hidden\" name=\"_csrf\" value=\""...)
	b = view.AppendText(b, ld.CSRF)
	b = append(b, "\">\n        <input type=\"hidden\" name=\"next\" value=\""...)
	b = view.AppendText(b, ld.Path)
	b = append(b, "\">\n        <ul class=\"kring-lang-switch__list\">\n          <li><button class=\"kring-lang-switch__link"...)
	if lang == "nl" {
		b = append(b, ` kring-lang-switch__link--current" type="submit" name="lang" value="nl" lang="nl" aria-current="true"`...)
	} else {
		b = append(b, `" type="submit" name="lang" value="nl" lang="nl"`...)
	}
	b = append(b, "><abbr title=\"Nederlands\">nl</abbr></button></li>\n          <li><button class=\"kring-lang-switch__link"...)
	if lang == "en" {
		b = append(b, ` kring-lang-switch__link--current" type="submit" name="lang" value="en" lang="en" aria-current="true"`...)
	} else {
		b = append(b, `" type="submit" name="lang" value="en" lang="en"`...)
	}
	b = append(b, "><abbr title=\"English\">en</abbr></button></li>\n        </ul>\n      </form>\n      "...)
	if u := ld.User; u != nil {
		b = append(b, "\n      <a class=\"utrecht-link kring-header__account\" href=\"/account\">"...)
		b = view.AppendText(b, u.Name)
		b = append(b, "<span class=\"kring-visually-hidden\"> — "...)
		b = t(b, "layout.account")
		b = append(b, "</span></a>\n      <form method=\"post\" action=\"/logout\" class=\"kring-inline-form\" data-kring-clear-storage>\n        <input type=\"hidden\" name=\"_csrf\" value=\""...)
		b = view.AppendText(b, ld.CSRF)
		b = append(b, "\">\n        <button class=\"utrecht-button utrecht-button--subtle\" type=\"submit\">"...)
		b = t(b, "layout.logout")
		b = append(b, "</button>\n      </form>\n      "...)
	}
	b = append(b, "\n    </div>\n  </div>\n  "...)
	if len(ld.Nav) > 0 {
		b = append(b, "\n  <nav class=\"utrecht-nav-bar kring-nav\" aria-label=\""...)
		b = t(b, "layout.nav")
		b = append(b, "\">\n    <div class=\"kring-container\">\n      <button class=\"utrecht-button utrecht-button--subtle kring-nav__toggle\" type=\"button\" aria-expanded=\"false\" aria-controls=\"kring-nav-list\" hidden>"...)
		b = t(b, "layout.menu")
		b = append(b, "</button>\n      <ul class=\"utrecht-nav-list kring-nav__list\" id=\"kring-nav-list\">\n        "...)
		for _, it := range ld.Nav {
			b = append(b, `<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link kring-nav__link" href="`...)
			b = view.AppendURLAttr(b, it.Href)
			b = append(b, '"')
			if it.Current {
				b = append(b, ` aria-current="page"`...)
			}
			b = append(b, '>')
			b = view.AppendText(b, it.Label)
			b = append(b, "</a></li>\n        "...)
		}
		b = append(b, "\n      </ul>\n    </div>\n  </nav>\n  "...)
	}
	b = append(b, "\n</header>\n<main id=\"main\" class=\"utrecht-page-body kring-main\" tabindex=\"-1\">\n  <div class=\"utrecht-page-content kring-container kring-stack\">\n"...)
	b = body(b)
	b = append(b, "\n  </div>\n</main>\n<footer class=\"utrecht-page-footer kring-footer\">\n  <div class=\"kring-container\">\n    <p class=\"utrecht-paragraph\">"...)
	b = t(b, "layout.footer")
	b = append(b, "</p>\n    <p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/privacy\">"...)
	b = t(b, "privacy.footer_privacy")
	b = append(b, "</a> · <a class=\"utrecht-link\" href=\"/toegankelijkheid\">"...)
	b = t(b, "privacy.footer_a11y")
	b = append(b, "</a></p>\n  </div>\n</footer>\n"...)
	if len(ld.Nav) > 0 {
		b = append(b, "<script src=\"/static/js/nav.js\" defer></script>\n"...)
	}
	if ld.User != nil {
		b = append(b, "<script src=\"/static/js/signout.js\" defer></script>\n"...)
	}
	for _, src := range scripts {
		b = append(b, `<script src="`...)
		b = view.AppendURLAttr(b, src)
		b = append(b, "\" defer></script>\n"...)
	}
	return append(b, "</body>\n</html>\n"...)
}

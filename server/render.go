package server

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
	"kring/server/view"
)

// navItem is one link of the main navigation, shown by role.
type navItem struct {
	Href, Label string
	Current     bool
}

// render fills in what every page needs (language, person, CSRF token, brand, navigation) and
// renders pages/<name> inside the base layout.
func (s *Server) render(c *fiber.Ctx, name string, data fiber.Map) error {
	return s.renderIn(c, "layouts/base", name, data)
}

// renderIn is render with another layout, such as layouts/screen for the projector view.
func (s *Server) renderIn(c *fiber.Ctx, layout, name string, data fiber.Map) error {
	if data == nil {
		data = fiber.Map{}
	}
	s.layoutOf(c).fill(s, data)
	if _, ok := data["Title"]; !ok {
		data["Title"] = ""
	}
	c.Type("html", "utf-8")
	return c.Render("pages/"+name, data, layout)
}

// layoutData is what the layout shows of the request: the page's language, the person, their
// CSRF token, the path and the navigation. The rest of the layout's data is the server's.
type layoutData struct {
	Lang, CSRF, Path string
	User             *store.User
	Nav              []navItem
}

// layoutOf is the layout's data of a request.
func (s *Server) layoutOf(c *fiber.Ctx) layoutData {
	rs := st(c)
	return layoutData{Lang: rs.lang, CSRF: rs.csrf, Path: c.Path(), User: rs.user, Nav: s.nav(c)}
}

// fill puts the layout's data into a page's data, under the names the layouts use.
func (ld layoutData) fill(s *Server, data fiber.Map) {
	data["Lang"] = ld.Lang
	data["User"] = ld.User
	data["CSRF"] = ld.CSRF
	data["Brand"] = s.cfg.Theme.BrandName
	data["ThemeClass"] = s.cfg.Theme.Class
	data["CustomTheme"] = len(s.themeCSS) > 0
	data["HasLogo"] = len(s.brandLogo) > 0
	data["Path"] = ld.Path
	data["Nav"] = ld.Nav
}

// nav lists the sections the signed-in person may open, from the permission table.
func (s *Server) nav(c *fiber.Ctx) []navItem {
	return s.navFor(currentUser(c), st(c).lang, c.Path())
}

// navFor is nav for a person (nil: nobody signed in), a language and a path.
func (s *Server) navFor(u *store.User, lang, path string) []navItem {
	if u == nil {
		return nil
	}
	role := auth.Role(u.Role)
	// Who sees every organisation gets one entry for them (the overview, which links to
	// managing them and to one organisation's dashboard), not "Organisatie" and "Organisaties".
	overview := s.policy.Allows(role, auth.ViewAllOrgs)
	items := []struct {
		href, label string
		act         auth.Action
		hide        bool
		also        []string // further path prefixes the entry is current for
	}{
		{"/", "nav.home", auth.ViewHome, false, nil},
		{"/modules", "nav.modules", auth.ViewModules, false, nil},
		{"/vragen", "nav.questions", auth.ViewQuestions, false, nil},
		{"/netwerkkaarten", "nav.netmaps", auth.KeepNetworkMaps, false, nil},
		{"/groups", "nav.groups", auth.ViewGroups, false, nil},
		{"/portfolio", "nav.portfolio", auth.ViewPortfolio, false, nil},
		{"/org", "nav.org", auth.ViewOrg, overview, nil},
		{"/gemeente", "nav.admin", auth.ViewAllOrgs, false, []string{"/admin/", "/org"}},
		{"/admin/organisations", "nav.admin", auth.ManageOrgs, overview, nil},
	}
	var out []navItem
	for _, it := range items {
		if it.hide || !s.policy.Allows(role, it.act) {
			continue
		}
		cur := path == it.href || (it.href != "/" && strings.HasPrefix(path, it.href))
		for _, p := range it.also {
			cur = cur || strings.HasPrefix(path, p)
		}
		out = append(out, navItem{Href: it.href, Label: s.msg.T(lang, it.label), Current: cur})
	}
	return out
}

// templateFuncs are the helpers every template may call.
func (s *Server) templateFuncs() map[string]any {
	return map[string]any{
		// t translates a message id: {{t .Lang "login.title"}} or with data {{t .Lang "home.welcome" "Name" .User.Name}}.
		"t": func(lang, id string, args ...any) string { return s.msg.T(lang, id, args...) },
		// dict builds the argument map of a partial: {{template "partials/field" (dict "Name" "email" ...)}}.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"list": func(v ...any) []any { return v },
		"role": func(lang, role string) string { return s.msg.T(lang, "role."+role) },
		// date and datetime format times the Dutch way (or English), in the server's time zone.
		"date":     func(lang string, t time.Time) string { return formatDate(lang, t.In(s.cfg.Location), false) },
		"datetime": func(lang string, t time.Time) string { return formatDate(lang, t.In(s.cfg.Location), true) },
		"isoDate":  func(t time.Time) string { return t.In(s.cfg.Location).Format("2006-01-02") },
		// monthLabel writes a month as "nov 2026" / "Nov 2026", for charts and their tables.
		"monthLabel": monthLabel,
		// hours writes study hours as "2,5" / "2.5".
		"hours": formatHours,
		// mapDate writes a network map's ISO date ("2026-11-30") as a date of the interface.
		"mapDate": s.mapDate,
		"isoTime": func(t time.Time) string { return t.In(s.cfg.Location).Format("2006-01-02T15:04") },
		"can": func(u *store.User, act string) bool {
			return u != nil && s.policy.Allows(auth.Role(u.Role), auth.Action(act))
		},
		"safeHTML": func(h template.HTML) template.HTML { return h },
		"add":      func(a, b int) int { return a + b },
		"pct": func(a, b int) int {
			if b <= 0 {
				return 0
			}
			return a * 100 / b
		},
	}
}

// viewTranslator lets the view engine translate {{t .Lang "id"}} once per language instead of
// on every render: render puts the page's language in every page's data as "Lang".
func (s *Server) viewTranslator() *view.Translator {
	return &view.Translator{
		Func:  "t",
		T:     func(lang, id string) string { return s.msg.T(lang, id) },
		Langs: s.msg.Languages(),
		LangOf: func(data any) string {
			if m, ok := data.(fiber.Map); ok {
				lang, _ := m["Lang"].(string)
				return lang
			}
			return ""
		},
	}
}

// monthsNL are the Dutch month names; an array, so nobody can change them.
var monthsNL = [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// formatDate writes "24 november 2026" / "24 November 2026", with ", 14:30" when withTime.
func formatDate(lang string, t time.Time, withTime bool) string {
	if t.IsZero() {
		return "—"
	}
	var d string
	if lang == "en" {
		d = t.Format("2 January 2006")
	} else {
		d = fmt.Sprintf("%d %s %d", t.Day(), monthsNL[t.Month()-1], t.Year())
	}
	if withTime {
		d += ", " + t.Format("15:04")
	}
	return d
}

// handleError is the one place errors become answers: a page for browsers with the right
// status, the error logged (with its chain) when it is the server's fault, never a stack trace
// or internal message shown to the person.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	code := statusOf(err)
	var fe *fiber.Error
	errors.As(err, &fe)
	if code >= 500 {
		s.log.Error("request failed", "method", c.Method(), "path", redactPath(c.Path()), "err", err)
	}
	if code == fiber.StatusUnauthorized && c.Method() == fiber.MethodGet {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	c.Status(code)
	key := "error.500"
	switch code {
	case 400, 401, 403, 404, 413, 429:
		key = fmt.Sprintf("error.%d", code)
	}
	if code == fiber.StatusForbidden && fe != nil && strings.HasPrefix(fe.Message, "csrf") {
		key = "error.csrf"
	}
	var pe *pageError
	if errors.As(err, &pe) {
		key = pe.key
	}
	lang := st(c).lang
	textKey := key + ".text"
	if key == "error.403" {
		// Who to ask depends on who is asking: a coordinator is not told to ask their
		// coordinator.
		if u := currentUser(c); u != nil && s.msg.Has(textKey+"."+u.Role) {
			textKey += "." + u.Role
		}
	}
	if strings.HasPrefix(c.Path(), "/static/") || strings.Contains(c.Get(fiber.HeaderAccept), "application/json") && !strings.Contains(c.Get(fiber.HeaderAccept), "text/html") {
		// Scripts show this text to the person, so it is the page's language, never Go's.
		return c.JSON(fiber.Map{"error": s.msg.T(lang, textKey), "code": strings.TrimPrefix(key, "error."), "status": code})
	}
	rerr := s.render(c, "error", fiber.Map{
		"Title":   s.msg.T(lang, key+".title"),
		"Code":    code,
		"Heading": s.msg.T(lang, key+".title"),
		"Message": s.msg.T(lang, textKey),
	})
	if rerr != nil {
		s.log.Error("error page failed", "err", rerr)
		c.Type("text/plain", "utf-8")
		return c.Status(code).SendString(fmt.Sprintf("%d", code))
	}
	c.Status(code)
	return nil
}

// statusOf is the HTTP status an error from a handler answers with: a Fiber error's own code,
// 404 for a page error or for something the store does not have, 500 for anything else. The
// error page and the request log both use it, so the log says what the person got.
func statusOf(err error) int {
	var fe *fiber.Error
	var pe *pageError
	switch {
	case err == nil:
		return fiber.StatusOK
	case errors.As(err, &pe):
		return pe.code
	case errors.As(err, &fe):
		return fe.Code
	case errors.Is(err, store.ErrNotFound):
		return fiber.StatusNotFound
	case errors.Is(err, auth.ErrBusy):
		return fiber.StatusTooManyRequests // every password-hashing slot was taken
	}
	return fiber.StatusInternalServerError
}

// pageError is an error answered with its own words instead of the status's general ones:
// "Geen certificaat met deze code" rather than "Pagina niet gevonden". key names the messages
// key.title and key.text.
type pageError struct {
	code int
	key  string
	err  error
}

func (e *pageError) Error() string { return fmt.Sprintf("%d %s: %v", e.code, e.key, e.err) }
func (e *pageError) Unwrap() error { return e.err }

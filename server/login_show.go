package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// loginShow shows the sign-in form; a signed-in person goes straight home. The button for the
// work account is there once any organisation has a provider; after signing out of a session
// that came through a provider, the page offers the provider's own sign-out.
func (s *Server) loginShow(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	ctx := c.UserContext()
	f := emptyForm()
	f.Values["next"] = safeNext(c.Query("next"))
	offered, err := s.store.SSOConfigured(ctx)
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": s.msg.T(st(c).lang, "login.title"), "Form": f, "SSOOffered": offered}
	if id, err := strconv.ParseInt(c.Query("uitgelogd"), 10, 64); err == nil && id > 0 {
		p, err := s.store.SSOProviderByID(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if p != nil {
			if u := s.sso.EndSessionURL(ctx, ssoProvider(p), s.cfg.BaseURL+"/login"); u != "" {
				data["SignedOutAt"] = u
			}
		}
	}
	return s.render(c, "login", data)
}

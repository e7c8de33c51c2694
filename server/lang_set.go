package server

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// langSet switches the interface language: stored on the person when signed in, in a cookie
// otherwise.
func (s *Server) langSet(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if !s.msg.Supported(lang) {
		return fiber.NewError(fiber.StatusBadRequest)
	}
	if u := currentUser(c); u != nil {
		if err := s.store.UpdateProfile(c.UserContext(), u.ID, u.Name, lang); err != nil {
			return err
		}
	}
	s.setCookie(c, langCookie, lang, 365*24*time.Hour)
	return c.Redirect(safeNext(c.FormValue("next")), fiber.StatusSeeOther)
}

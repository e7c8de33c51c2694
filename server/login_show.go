package server

import "github.com/gofiber/fiber/v2"

// loginShow shows the sign-in form; a signed-in person goes straight home.
func (s *Server) loginShow(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	f := emptyForm()
	f.Values["next"] = safeNext(c.Query("next"))
	return s.render(c, "login", fiber.Map{"Title": s.msg.T(st(c).lang, "login.title"), "Form": f})
}

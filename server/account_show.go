package server

import "github.com/gofiber/fiber/v2"

// accountShow lets a person change their own name, language and password.
func (s *Server) accountShow(c *fiber.Ctx) error {
	u := currentUser(c)
	f := emptyForm()
	f.Values["name"], f.Values["lang"] = u.Name, u.Lang
	return s.render(c, "account", fiber.Map{"Title": s.msg.T(st(c).lang, "account.title"), "Form": f, "PwForm": emptyForm(), "Saved": c.Query("saved"), "RemindersOff": s.remindersOff(c)})
}

package server

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// accountUpdate saves name and language; on a mistake the form comes back with what was typed.
func (s *Server) accountUpdate(c *fiber.Ctx) error {
	u := currentUser(c)
	f := readForm(c, "name", "lang")
	f.required("name")
	f.maxLen("name", 100)
	if l := f.get("lang"); l != "" && !s.msg.Supported(l) {
		f.fail("lang", "form.invalid")
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.render(c, "account", fiber.Map{"Title": s.msg.T(st(c).lang, "account.title"), "Form": f, "PwForm": emptyForm(), "RemindersOff": s.remindersOff(c)})
	}
	if err := s.store.UpdateProfile(c.UserContext(), u.ID, f.get("name"), f.get("lang")); err != nil {
		return err
	}
	if l := f.get("lang"); l != "" {
		s.setCookie(c, langCookie, l, 365*24*time.Hour)
	} else {
		s.clearCookie(c, langCookie)
	}
	return c.Redirect("/account?saved=profile", fiber.StatusSeeOther)
}

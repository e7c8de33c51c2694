package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// portfolioRegistrationUpdate keeps the register a person is in, their registration number and
// when their current registration period began; the portfolio counts its periods from that date.
func (s *Server) portfolioRegistrationUpdate(c *fiber.Ctx) error {
	f := readForm(c, "register", "number", "since")
	reg := store.Registration{Register: f.get("register"), Number: f.get("number")}
	switch reg.Register {
	case "", store.RegisterSKJ, store.RegisterRegisterplein, store.RegisterOther:
	default:
		f.fail("register", "form.invalid")
	}
	f.maxLen("number", 40)
	if reg.Register != "" && reg.Register != store.RegisterOther && reg.Number == "" {
		f.fail("number", "portfolio.register.number_needed")
	}
	if v := f.get("since"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, s.cfg.Location)
		switch {
		case err != nil:
			f.fail("since", "portfolio.register.since_invalid")
		case t.After(s.store.Now()):
			f.fail("since", "portfolio.register.since_future")
		}
		reg.Since = t
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderPortfolio(c, f, emptyForm())
	}
	if err := s.store.SetRegistration(c.UserContext(), currentUser(c).ID, reg); err != nil {
		return err
	}
	return c.Redirect("/portfolio?saved=registration#registratie", fiber.StatusSeeOther)
}

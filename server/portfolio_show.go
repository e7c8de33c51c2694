package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// portfolioShow is a professional's own record for their register: certificates and hours,
// intervision attended, totals per year and per five-year period, reflections after a series
// of meetings (with a coach's countersignature when asked) and the lesson reflections. Only
// the person themselves ever sees it.
func (s *Server) portfolioShow(c *fiber.Ctx) error {
	return s.renderPortfolio(c, emptyForm(), emptyForm())
}

func (s *Server) renderPortfolio(c *fiber.Ctx, regForm, reflForm *form) error {
	u := currentUser(c)
	r, err := s.portfolioOf(c.UserContext(), u)
	if err != nil {
		return err
	}
	if len(regForm.Values) == 0 {
		regForm.Values["register"] = r.Registration.Register
		regForm.Values["number"] = r.Registration.Number
		if !r.Registration.Since.IsZero() {
			regForm.Values["since"] = r.Registration.Since.In(s.cfg.Location).Format(time.DateOnly)
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "portfolio", fiber.Map{
		"Title": s.msg.T(st(c).lang, "portfolio.title"), "P": r, "RegForm": regForm, "ReflForm": reflForm,
		"ExtraCSS":  portfolioCSS(),
		"Registers": registerOptions(), "Choices": seriesChoices(r), "Saved": c.Query("saved"),
	})
}

// portfolioCSS brings the tables that become lists on a phone (shared with the dashboards).
func portfolioCSS() []string { return []string{"/static/css/tracking.css"} }

// registerOptions are the registers a person can name, for the select.
func registerOptions() []map[string]any {
	return []map[string]any{
		{"Value": "", "Label": "portfolio.register.none"},
		{"Value": store.RegisterSKJ, "Label": "portfolio.register.skj"},
		{"Value": store.RegisterRegisterplein, "Label": "portfolio.register.registerplein"},
		{"Value": store.RegisterOther, "Label": "portfolio.register.other"},
	}
}

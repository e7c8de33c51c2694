package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// ssoOverview shows the municipality admin every organisation's sign-in with the work account
// in one table, with the client secrets that expire within a month (or have expired) first
// in view, so no organisation is locked out by a forgotten renewal.
func (s *Server) ssoOverview(c *fiber.Ctx) error {
	ps, err := s.store.SSOProviders(c.UserContext())
	if err != nil {
		return err
	}
	now := s.store.Now()
	type row struct {
		P      *store.SSOProvider
		Expiry string
	}
	rows := make([]row, 0, len(ps))
	warn := 0
	for _, p := range ps {
		e := secretExpiry(p, now)
		if e != "" {
			warn++
		}
		rows = append(rows, row{P: p, Expiry: e})
	}
	return s.render(c, "sso_overview", fiber.Map{"Title": s.msg.T(st(c).lang, "sso.overview.title"), "Rows": rows, "Warnings": warn})
}

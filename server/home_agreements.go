package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// myAgreement is one line of "Mijn afspraken" on the home page: an open agreement of the
// signed-in person, with its date as a time for the date helper and whether it has passed.
type myAgreement struct {
	store.Agreement
	DueAt   time.Time
	Overdue bool
}

// addMyAgreements puts the signed-in person's own open agreements ("Mijn afspraken") into the
// home page's data. Only agreements they own are listed, never other people's.
func (s *Server) addMyAgreements(c *fiber.Ctx, u *store.User, data fiber.Map) error {
	as, err := s.store.OpenAgreementsOf(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	today := s.store.Now().In(s.cfg.Location).Format(time.DateOnly)
	out := make([]myAgreement, 0, len(as))
	for _, a := range as {
		ma := myAgreement{Agreement: a, Overdue: a.Overdue(today)}
		if d, err := time.ParseInLocation(time.DateOnly, a.Due, s.cfg.Location); err == nil {
			ma.DueAt = d.Add(12 * time.Hour) // midday: the same day in any reading of the zone
		}
		out = append(out, ma)
	}
	data["MyAgreements"] = out
	data["ExtraCSS"] = []string{"/static/css/agreements.css"}
	return nil
}

package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
	"kring/server/store"
)

// mapCreate makes a new map of today with the default sectors: from the list's form, or from
// an exercise (kind practice or own, with its title). A title with a BSN or e-mail address is
// refused, with the list shown again.
func (s *Server) mapCreate(c *fiber.Ctx) error {
	lang := st(c).lang
	f := readForm(c, "title", "kind")
	kind := f.get("kind")
	if kind != store.MapOwn && kind != store.MapPractice && kind != store.MapClient {
		f.fail("kind", "form.invalid")
	}
	m := netmap.New(f.get("title"), s.store.Now().In(s.cfg.Location), s.sectorLabel(lang))
	if _, err := netmap.Validate(m); err != nil {
		var inv *netmap.Invalid
		if !errors.As(err, &inv) {
			return err
		}
		for _, p := range inv.Problems {
			if p.Field == "title" {
				f.Errors["title"] = s.problemText(lang, p)
			}
		}
		if len(f.Errors) == 0 {
			return err
		}
	}
	if !f.ok() {
		// The form partial translates message ids; a privacy message is already text.
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderMapList(c, f)
	}
	body, err := m.JSON()
	if err != nil {
		return err
	}
	id, err := s.store.CreateNetworkMap(c.UserContext(), store.NewNetworkMap{OwnerID: currentUser(c).ID, Kind: kind, Title: m.Title, Date: m.Date, Body: body})
	if err != nil {
		return err
	}
	return c.Redirect("/netwerkkaarten/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

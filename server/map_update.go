package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
)

// mapUpdate saves the editor's form as a new dated version of the map. A refused map (a BSN or
// e-mail address in a label, a missing label, too many people) changes nothing: the editor
// comes back with the values as typed and a message at every field.
func (s *Server) mapUpdate(c *fiber.Ctx) error {
	rec, prev, err := s.loadMap(c)
	if err != nil {
		return err
	}
	m, problems := readMapForm(c, prev)
	if _, err := netmap.Validate(m); err != nil {
		var inv *netmap.Invalid
		if !errors.As(err, &inv) {
			return err
		}
		problems = append(problems, inv.Problems...)
	}
	if len(problems) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderEditor(c, rec, m, problems)
	}
	body, err := m.JSON()
	if err != nil {
		return err
	}
	n, err := s.store.SaveNetworkMap(c.UserContext(), currentUser(c).ID, rec.ID, m.Title, m.Date, body)
	if err != nil {
		return err
	}
	return c.Redirect("/netwerkkaarten/"+strconv.FormatInt(rec.ID, 10)+"?opgeslagen="+strconv.Itoa(n), fiber.StatusSeeOther)
}

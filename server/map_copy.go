package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// mapCopy makes a copy of a map dated today, remembering where it came from, so the person can
// change it to fit the situation now and compare then and now.
func (s *Server) mapCopy(c *fiber.Ctx) error {
	rec, m, err := s.loadMap(c)
	if err != nil {
		return err
	}
	m.Date = s.store.Now().In(s.cfg.Location).Format("2006-01-02")
	body, err := m.JSON()
	if err != nil {
		return err
	}
	id, err := s.store.CreateNetworkMap(c.UserContext(), store.NewNetworkMap{OwnerID: currentUser(c).ID, Kind: rec.Kind, Title: m.Title, Date: m.Date, Body: body, CopiedFrom: rec.ID})
	if err != nil {
		return err
	}
	return c.Redirect("/netwerkkaarten/"+strconv.FormatInt(id, 10)+"?kopie=1", fiber.StatusSeeOther)
}

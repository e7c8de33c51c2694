package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
	"kring/server/store"
)

// mapListItem is one map in the list.
type mapListItem struct {
	Rec    *store.NetworkMap
	Kind   string
	Count  int
	Origin string
}

// mapList shows the signed-in person's network maps (only their own: maps are private like
// reflections) and the form for a new one.
func (s *Server) mapList(c *fiber.Ctx) error {
	return s.renderMapList(c, emptyForm())
}

// renderMapList renders the list with the new-map form f (its values and errors).
func (s *Server) renderMapList(c *fiber.Ctx, f *form) error {
	lang := st(c).lang
	recs, err := s.store.NetworkMaps(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	dates := map[int64]string{}
	for _, r := range recs {
		dates[r.ID] = r.Date
	}
	items := make([]mapListItem, 0, len(recs))
	for _, r := range recs {
		m, _, err := netmap.Parse(r.Body)
		if err != nil {
			return err
		}
		it := mapListItem{Rec: r, Kind: s.msg.T(lang, "netmap.kind."+r.Kind), Count: len(m.People)}
		if d, ok := dates[r.CopiedFrom]; ok {
			it.Origin = d
		}
		items = append(items, it)
	}
	if f.Values["kind"] == "" {
		f.Values["kind"] = store.MapClient
	}
	return s.render(c, "maps", fiber.Map{
		"Title":    s.msg.T(lang, "netmap.title"),
		"Maps":     items,
		"Form":     f,
		"Kinds":    []mapOption{{store.MapClient, s.msg.T(lang, "netmap.kind.client")}, {store.MapOwn, s.msg.T(lang, "netmap.kind.own")}, {store.MapPractice, s.msg.T(lang, "netmap.kind.practice")}},
		"ExtraCSS": []string{"/static/css/netmap.css"},
	})
}

package server

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
)

// mapCompare shows a copy beside the map it was copied from (then and now), each drawn with its
// summary, and the list of what changed. A map that is no copy, or whose origin is gone, is 404.
func (s *Server) mapCompare(c *fiber.Ctx) error {
	rec, now, err := s.loadMap(c)
	if err != nil {
		return err
	}
	if rec.CopiedFrom == 0 {
		return fiber.ErrNotFound
	}
	orig, err := s.store.NetworkMap(c.UserContext(), currentUser(c).ID, rec.CopiedFrom)
	if err != nil {
		return err
	}
	then, _, err := netmap.Parse(orig.Body)
	if err != nil {
		return fmt.Errorf("network map %d: %w", orig.ID, err)
	}
	lang := st(c).lang
	return s.render(c, "map_compare", fiber.Map{
		"Title":    s.msg.T(lang, "netmap.compare.title") + " · " + now.Title,
		"Rec":      rec,
		"Then":     then,
		"Now":      now,
		"ThenSVG":  s.drawMap(lang, then, "then-", false),
		"NowSVG":   s.drawMap(lang, now, "now-", false),
		"ThenSum":  s.viewSummary(lang, then),
		"NowSum":   s.viewSummary(lang, now),
		"Changes":  s.describeChanges(lang, then, now),
		"ExtraCSS": []string{"/static/css/netmap.css"},
	})
}

// describeChanges writes netmap.Compare's list in words.
func (s *Server) describeChanges(lang string, then, now netmap.Map) []string {
	sector := func(id string) string {
		if sec, ok := now.SectorByID(id); ok {
			return sec.Label
		}
		if sec, ok := then.SectorByID(id); ok {
			return sec.Label
		}
		return id
	}
	word := func(kind, v string) string {
		switch kind {
		case "sector":
			return sector(v)
		case "quality":
			return s.msg.T(lang, "netmap.quality."+v)
		case "direction", "frequency":
			if v == "" {
				v = "none"
			}
			return s.msg.T(lang, "netmap."+kind+"."+v)
		case "support":
			if v == "" {
				return s.msg.T(lang, "netmap.summary.none")
			}
			var parts []string
			for _, k := range strings.Fields(v) {
				parts = append(parts, s.msg.T(lang, "netmap.support."+k))
			}
			return strings.Join(parts, ", ")
		}
		return v
	}
	var out []string
	for _, ch := range netmap.Compare(then, now) {
		out = append(out, s.msg.T(lang, "netmap.change."+ch.Kind, "Label", ch.Label, "From", word(ch.Kind, ch.From), "To", word(ch.Kind, ch.To)))
	}
	return out
}

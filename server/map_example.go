package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
)

// mapExample shows the worked example map of Kevin with its summary and its people as a table,
// so the lesson can link to a drawn map that everyone can read.
func (s *Server) mapExample(c *fiber.Ctx) error {
	lang := st(c).lang
	m, err := netmap.Example()
	if err != nil {
		return err
	}
	type row struct{ Label, Sector, Circle, Quality, Support string }
	var rows []row
	for _, p := range m.People {
		sec, _ := m.SectorByID(p.Sector)
		sup := ""
		for i, k := range p.Support {
			if i > 0 {
				sup += ", "
			}
			sup += s.msg.T(lang, "netmap.support."+k)
		}
		rows = append(rows, row{p.Label, sec.Label, s.msg.T(lang, fmt.Sprintf("netmap.circle.%d", p.Circle)), s.msg.T(lang, fmt.Sprintf("netmap.quality.%d", p.Quality)), sup})
	}
	return s.render(c, "map_example", fiber.Map{
		"Title":    s.msg.T(lang, "netmap.example.title"),
		"SVG":      s.drawMap(lang, m, "", false),
		"Summary":  s.viewSummary(lang, m),
		"Rows":     rows,
		"ExtraCSS": []string{"/static/css/netmap.css"},
	})
}

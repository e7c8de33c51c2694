package server

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// personalDataJSON is the same data as a download (the AVG's right to data portability):
// one object per section, each a list of rows keyed by column name, times in RFC 3339 UTC.
func (s *Server) personalDataJSON(c *fiber.Ctx) error {
	u := currentUser(c)
	secs, err := s.store.PersonalData(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	doc := map[string]any{"exported_at": s.store.Now().UTC(), "service": s.cfg.Theme.BrandName}
	for _, sec := range secs {
		doc[sec.Key] = sec.Rows
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("personal data json: %w", err)
	}
	s.audit(c, auditPersonalExport, "user:"+strconv.FormatInt(u.ID, 10), auditNoOrg, map[string]string{"format": "json"})
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="kring-mijn-gegevens.json"`)
	return c.Send(b)
}

package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
)

// mapSVG sends a map as an SVG file, drawn by the server from the stored JSON (the same
// drawing as on the page and in print); the editor's PNG download draws this file on a canvas.
func (s *Server) mapSVG(c *fiber.Ctx) error {
	rec, m, err := s.loadMap(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="netwerkkaart-%d-%s.svg"`, rec.ID, m.Date))
	return s.sendSVG(c, m)
}

// mapExampleSVG sends the example map of the module's lessons, for an image in a lesson.
func (s *Server) mapExampleSVG(c *fiber.Ctx) error {
	m, err := netmap.Example()
	if err != nil {
		return err
	}
	return s.sendSVG(c, m)
}

func (s *Server) sendSVG(c *fiber.Ctx, m netmap.Map) error {
	c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return c.SendString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + netmap.Render(m, s.mapOptions(st(c).lang, m, "", false)))
}

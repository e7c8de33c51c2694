package server

import "github.com/gofiber/fiber/v2"

// personEnable lets a disabled person sign in again (same rule as personDisable).
func (s *Server) personEnable(c *fiber.Ctx) error { return s.setPersonDisabled(c, false) }

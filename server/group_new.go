package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupNew shows the form to start an intervision group.
func (s *Server) groupNew(c *fiber.Ctx) error { return s.renderGroupNew(c, emptyForm()) }

func (s *Server) renderGroupNew(c *fiber.Ctx, f *form) error {
	data := fiber.Map{"Title": s.msg.T(st(c).lang, "groups.new"), "Form": f}
	if auth.Role(currentUser(c).Role) == auth.MuniAdmin {
		coaches, err := s.store.ListUsers(c.UserContext(), store.UsersFilter{Role: string(auth.Coach)})
		if err != nil {
			return err
		}
		data["Coaches"] = coaches
	}
	return s.render(c, "group_new", data)
}

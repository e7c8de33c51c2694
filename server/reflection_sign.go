package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// reflectionsToSign lists, for a coach, the series reflections whose authors asked them to
// countersign (only of groups the coach leads).
func (s *Server) reflectionsToSign(c *fiber.Ctx) error {
	rs, err := s.store.ReflectionsToSign(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	reg, err := s.store.Registration(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "reflections_sign", fiber.Map{"Title": s.msg.T(st(c).lang, "portfolio.sign.title"), "Reflections": rs,
		"Registration": reg, "Signed": c.Query("signed") != ""})
}

// reflectionSign countersigns a reflection: only the coach of its group, only when its author
// asked, once; the signature carries the coach's own register and number.
func (s *Server) reflectionSign(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	ctx := c.UserContext()
	u := currentUser(c)
	r, err := s.store.SeriesReflection(ctx, int64(id))
	if err != nil {
		return err
	}
	if r.CoachID != u.ID || r.SignRequestedAt.IsZero() {
		return fiber.ErrNotFound
	}
	reg, err := s.store.Registration(ctx, u.ID)
	if err != nil {
		return err
	}
	err = s.store.SignReflection(ctx, r.ID, store.Signature{By: u.ID, Name: u.Name, Register: reg.Register, Number: reg.Number})
	if err != nil && !errors.Is(err, store.ErrReflectionSigned) {
		return err
	}
	return c.Redirect("/reflecties?signed=1", fiber.StatusSeeOther)
}

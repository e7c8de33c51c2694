package server

import "github.com/gofiber/fiber/v2"

// accountRemindersUpdate turns a person's reminder e-mails (the day before a meeting) on or off.
func (s *Server) accountRemindersUpdate(c *fiber.Ctx) error {
	off := c.FormValue("reminders") == ""
	if err := s.store.SetRemindersOff(c.UserContext(), currentUser(c).ID, off); err != nil {
		return err
	}
	return c.Redirect("/account?saved=reminders#reminders", fiber.StatusSeeOther)
}

// remindersOff says whether the signed-in person opted out of reminders, for the account page;
// a failed read shows reminders as on (the default) and is logged.
func (s *Server) remindersOff(c *fiber.Ctx) bool {
	off, err := s.store.RemindersOff(c.UserContext(), currentUser(c).ID)
	if err != nil {
		s.log.Warn("reminder choice not read", "err", err)
	}
	return off
}

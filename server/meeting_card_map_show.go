package server

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
	"kring/server/room"
)

// roomStates is the part of the room registry that reads a meeting's current state; the
// registry has it, a stand-in in a test may not (then there are no drawings).
type roomStates interface {
	State(ctx context.Context, meetingID int64) (room.State, error)
}

// meetingCardMapShow draws the network map on a case card of a meeting
// (`/meetings/{id}/kaart/{card}`) for everyone in the room, from the copy the card carries, in
// the reader's language: one renderer (netmap.Render) for the editor, the room and the report.
// A card that is gone, hidden from the reader or without a map is 404.
func (s *Server) meetingCardMapShow(c *fiber.Ctx) error {
	m, _, err := s.meetingAccess(c, false)
	if err != nil {
		return err
	}
	cardID, err := strconv.ParseInt(c.Params("card"), 10, 64)
	if err != nil || cardID <= 0 {
		return fiber.ErrNotFound
	}
	rs, ok := s.rooms.(roomStates)
	if !ok {
		return fiber.ErrNotFound
	}
	state, err := rs.State(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	card := state.Card(cardID)
	if card == nil || card.Map == nil || card.Hidden && card.Author != currentUser(c).ID {
		return fiber.ErrNotFound
	}
	var nm netmap.Map
	if err := json.Unmarshal(card.Map, &nm); err != nil {
		return fiber.ErrNotFound
	}
	lang := st(c).lang
	c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return c.SendString(netmap.Render(nm, s.mapOptions(lang, nm, "card-"+strconv.FormatInt(cardID, 10)+"-", false)))
}

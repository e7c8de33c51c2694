package room

import (
	"slices"

	"kring/server/store"
)

// What each person may see. Most of a room is the same for everyone, but a silent phase hides a
// card's text from all but its author until the coach reveals it, and a running vote shows each
// person only their own dots (the coach sees all) until the coach reveals the result. The
// server never sends what a person may not see: snapshots go through view, events through
// eventFrames.

// outFrame is an event frame as it goes out: the full frame for the people allowed to see all
// of it, a redacted one for everyone else.
type outFrame struct {
	full []byte
	pub  []byte  // nil: everyone gets full
	only []int64 // who gets full when pub is set
}

// to is the frame for one person.
func (f outFrame) to(user int64) []byte {
	if f.pub == nil || slices.Contains(f.only, user) {
		return f.full
	}
	return f.pub
}

// eventFrames builds the outgoing frames of an event, given the state just before it. In an
// anonymous meeting a card's events reach everyone but its author without `by` and `name`.
func eventFrames(ev Event, before *State) outFrame {
	out := outFrame{full: eventFrame(ev)}
	switch ev.Op {
	case OpCardAdd, OpCardEdit, OpCardRemove, OpCardMap:
		author := ev.By
		if c := before.Card(ev.Card); ev.Op != OpCardAdd && c != nil {
			author = c.Author
		}
		hidden := ev.Op == OpCardAdd && ev.Hidden || ev.Op == OpCardEdit && before.Card(ev.Card) != nil && before.Card(ev.Card).Hidden
		if !hidden && !before.Anonymous {
			break
		}
		pub := ev
		if hidden {
			pub.Text, pub.Owner, pub.Due = "", "", ""
		}
		if before.Anonymous {
			pub.By, pub.Name = 0, ""
		}
		out.pub, out.only = eventFrame(pub), []int64{author}
	case OpCardVote, OpCardUnvote:
		if c := before.Card(ev.Card); c != nil && before.votesHidden(c.Board) {
			pub := ev
			pub.Card = 0
			out.pub, out.only = eventFrame(pub), []int64{ev.By, before.CoachID}
		}
	}
	return out
}

// view is the state as user may see it: hidden cards of others without their text, on a board
// whose vote is still secret only the user's own dots (unless the user is the coach), and in
// an anonymous meeting no author but the user's own. It returns s itself when nothing needs
// hiding.
func (s *State) view(user int64) *State {
	need := false
	for _, c := range s.Cards {
		if c.Hidden && c.Author != user || user != s.CoachID && len(c.Votes) > 0 && s.votesHidden(c.Board) ||
			s.Anonymous && c.Author != user {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	v := s.Clone()
	for _, c := range v.Cards {
		if c.Hidden && c.Author != user {
			c.Text, c.Owner, c.Due = "", "", ""
		}
		if s.Anonymous && c.Author != user {
			c.Author, c.AuthorName = 0, ""
		}
		if user != s.CoachID && s.votesHidden(c.Board) {
			if n := c.Votes[user]; n > 0 {
				c.Votes = map[int64]int{user: n}
			} else {
				c.Votes = nil
			}
		}
	}
	return &v
}

// replay folds a meeting's stored events into its state. For every event, each (when not nil)
// gets the stored event, the decoded one and the state just before it. Loading a room, a
// resync and reading a room that is not loaded all go through here.
func replay(m Meeting, stored []store.Event, each func(se store.Event, ev Event, before *State)) (State, error) {
	st := NewState(m)
	for _, se := range stored {
		ev, err := decodeEvent(se)
		if err != nil {
			return State{}, err
		}
		if each != nil {
			each(se, ev, &st)
		}
		st.apply(ev)
	}
	return st, nil
}

package room

import (
	"slices"
	"strings"
)

// Grouping. The coach gathers cards of one board that belong together (by dragging one onto
// another, or by keyboard) into a group with a title. Unlike card.merge nothing is joined: each
// card keeps its text, author and votes, and only points at its group (Card.Group). Groups are
// flat, so a card is in at most one group and there are no cycles; a group that drops below two
// cards (one taken out, removed or merged away) dissolves. A group's id is the seq of the
// card.group event that made it, so ids are the same in every fold.

// maxGroupTitle limits a group's title in characters: it heads a list, it is not a card.
const maxGroupTitle = 80

// Group is a set of cards on one board under a title the coach gives it. Its cards are the
// cards whose Group is its ID, in card order.
type Group struct {
	ID    int64  `json:"id"`
	Board string `json:"board"`
	Title string `json:"title,omitempty"`
}

// groupOp tells the grouping ops apart from the others, so decide and apply hand them here.
func groupOp(op string) bool {
	return op == OpCardGroup || op == OpCardUngroup || op == OpGroupTitle
}

// Group finds a group by id, or nil.
func (s *State) Group(id int64) *Group {
	for _, g := range s.Groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

// GroupCards lists a group's cards in card order.
func (s *State) GroupCards(id int64) []*Card {
	var out []*Card
	for _, c := range s.Cards {
		if c.Group == id {
			out = append(out, c)
		}
	}
	return out
}

// decideGroup checks a grouping action (coach only, checked by decide) and fills in its event.
func (d *decider) decideGroup(f *inFrame, ev Event) (Event, *frameError) {
	st := d.st
	switch f.Op {
	case OpCardGroup:
		dst, src, e := d.cardPair(f, "group_board")
		if e != nil {
			return ev, e
		}
		if dst.Group != 0 && dst.Group == src.Group {
			return ev, ferr(CodeInvalid, "same_group")
		}
		ev.Card, ev.From, ev.Group = dst.ID, src.ID, dst.Group
	case OpCardUngroup:
		c, e := d.card(f)
		if e != nil {
			return ev, e
		}
		if c.Group == 0 {
			return ev, ferr(CodeInvalid, "not_grouped")
		}
		ev.Card, ev.Group = c.ID, c.Group
	case OpGroupTitle:
		if f.Group == nil {
			return ev, ferr(CodeMissingField, "missing_field", "group")
		}
		g := st.Group(*f.Group)
		if g == nil {
			return ev, ferr(CodeNotFound, "group_not_found")
		}
		if f.Text == nil {
			return ev, ferr(CodeMissingField, "missing_field", "text")
		}
		ev.Group = g.ID
		if strings.TrimSpace(*f.Text) == "" { // an empty title clears it
			return ev, nil
		}
		var e *frameError
		if ev.Text, e = cleanText(f.Text, "text", maxGroupTitle); e != nil {
			return ev, e
		}
		if e := d.screen(ev.Text); e != nil {
			return ev, e
		}
	}
	return ev, nil
}

// applyGroup folds a grouping event. Like every apply it never fails: an event that no longer
// fits changes nothing.
func (s *State) applyGroup(ev Event) {
	switch ev.Op {
	case OpCardGroup:
		dst, src := s.Card(ev.Card), s.Card(ev.From)
		if dst == nil || src == nil || dst == src || dst.Board != src.Board {
			return
		}
		if dst.Group == 0 || s.Group(dst.Group) == nil {
			s.Groups = append(s.Groups, &Group{ID: ev.Seq, Board: dst.Board})
			dst.Group = ev.Seq
		}
		src.Group = dst.Group
	case OpCardUngroup:
		if c := s.Card(ev.Card); c != nil {
			c.Group = 0
		}
	case OpGroupTitle:
		if g := s.Group(ev.Group); g != nil {
			g.Title = ev.Text
		}
	}
	s.tidyGroups()
}

// tidyGroups dissolves the groups left with fewer than two cards, so a group always holds what
// its title stands for.
func (s *State) tidyGroups() {
	if len(s.Groups) == 0 {
		return
	}
	n := map[int64]int{}
	for _, c := range s.Cards {
		if c.Group != 0 {
			n[c.Group]++
		}
	}
	s.Groups = slices.DeleteFunc(s.Groups, func(g *Group) bool { return n[g.ID] < 2 })
	for _, c := range s.Cards {
		if c.Group != 0 && n[c.Group] < 2 {
			c.Group = 0
		}
	}
}

// groupMessage holds the messages of grouping errors in Dutch and English.
func groupMessage(key string) ([2]string, bool) {
	switch key {
	case "group_board":
		return [2]string{"Groeperen kan alleen met een andere kaart op hetzelfde bord.", "Group only with another card on the same board."}, true
	case "same_group":
		return [2]string{"Deze kaartjes zitten al in dezelfde groep.", "These cards are already in the same group."}, true
	case "not_grouped":
		return [2]string{"Dit kaartje zit niet in een groep.", "This card is not in a group."}, true
	case "group_not_found":
		return [2]string{"Deze groep bestaat niet (meer).", "This group does not exist (any more)."}, true
	}
	return [2]string{}, false
}

// ReportGroup is a group as the verslag shows it: its board, its title and its cards.
type ReportGroup struct {
	Board string       `json:"board"`
	Title string       `json:"title"`
	Cards []ReportCard `json:"cards"`
}

// reportGroups lists the groups per board, in board order and within a board in the order
// they were made, each with its cards as card renders them.
func reportGroups(st *State, card func(*Card) ReportCard) []ReportGroup {
	var out []ReportGroup
	for _, b := range Boards() {
		for _, g := range st.Groups {
			if g.Board != b {
				continue
			}
			rg := ReportGroup{Board: g.Board, Title: g.Title}
			for _, c := range st.GroupCards(g.ID) {
				rg.Cards = append(rg.Cards, card(c))
			}
			out = append(out, rg)
		}
	}
	return out
}

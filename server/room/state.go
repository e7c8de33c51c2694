package room

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"

	"kring/server/store"
)

// The boards of a room. The method's phase says which are open and which one is voted on; a
// chosen card is marked as discussed; agreement cards carry an owner. Ideas hold what the
// group offers the case-bringer: diagnoses, positions, suggestions, compliments.
const (
	BoardCase       = "case"
	BoardSuccess    = "success"
	BoardBottleneck = "bottleneck"
	BoardIdea       = "idea"
	BoardAgreement  = "agreement"
)

// Boards lists the boards in the order the page and the report show them.
func Boards() []string {
	return []string{BoardCase, BoardSuccess, BoardBottleneck, BoardIdea, BoardAgreement}
}

// BoardLabel names a board as people read it, in Dutch or (lang "en") English.
func BoardLabel(board, lang string) string {
	labels := map[string][2]string{
		BoardCase:       {"Casussen", "Cases"},
		BoardSuccess:    {"Succesfactoren", "Success factors"},
		BoardBottleneck: {"Knelpunten", "Bottlenecks"},
		BoardIdea:       {"Ideeën en adviezen", "Ideas and advice"},
		BoardAgreement:  {"Afspraken", "Agreements"},
	}
	if l, ok := labels[board]; ok {
		return l[langIndex(lang)]
	}
	return board
}

// Themes is the fixed list of themes a coach can tag a card with; the municipality's trend
// charts count them, so free text is not allowed.
func Themes() []string {
	return []string{"tijd", "collegas", "organisatie", "client-weerstand", "netwerk", "samenwerking", "kennis", "overig"}
}

func validBoard(b string) bool { return slices.Contains(Boards(), b) }
func validTheme(t string) bool { return slices.Contains(Themes(), t) }

// Event is one change in a room. Seq and ClientID travel outside the JSON (in the frame and in
// their own columns); every other field is the event's data, identical in the database, in
// replay and in the live broadcast (except a scale answer's value, which is never broadcast).
// All times are absolute Unix milliseconds decided when the event was made, so Apply needs no
// clock and any client can compute the timer from the event alone.
type Event struct {
	Seq      int64  `json:"-"`
	ClientID string `json:"-"`

	Op string `json:"op"`
	By int64  `json:"by"`
	At int64  `json:"at"`

	Name  string `json:"name,omitempty"`  // card.add: the author's display name
	Board string `json:"board,omitempty"` // card.add
	Text  string `json:"text,omitempty"`  // card.add/edit/merge, question.show, scale.open
	Owner string `json:"owner,omitempty"` // card.add/edit on the agreement board
	Theme string `json:"theme,omitempty"` // card.tag ("" clears)
	Card  int64  `json:"card,omitempty"`  // the card acted on (merge: the card kept)
	From  int64  `json:"from,omitempty"`  // card.merge: the card merged away
	On    bool   `json:"on,omitempty"`    // card.discuss
	User  int64  `json:"user,omitempty"`  // hand.lower: whose hand
	QID   string `json:"qid,omitempty"`   // question.show: id in the question bank or method
	Due   string `json:"due,omitempty"`   // card.add/edit on the agreement board: YYYY-MM-DD
	Note  int64  `json:"note,omitempty"`  // note.edit/remove: the note acted on
	Group int64  `json:"group,omitempty"` // card.group (0: a new group), card.ungroup, group.title

	Phase   int    `json:"phase,omitempty"` // meeting.start, phase.next/prev: the new phase index
	Minutes int    `json:"minutes,omitempty"`
	Timer   *Timer `json:"timer,omitempty"` // phase and timer events: the timer afterwards

	Scale  int64        `json:"scale,omitempty"`  // scale.answer/reveal: the scale's id
	Value  *int         `json:"value,omitempty"`  // scale.answer, stored only
	Result *ScaleResult `json:"result,omitempty"` // scale.reveal: the spread

	Hidden bool `json:"hidden,omitempty"` // card.add in a silent phase
	// Reveal lists the hidden cards made visible (cards.reveal, and every phase change or
	// close), with their texts, so a client that was shown them blank can fill them in.
	Reveal []Revealed `json:"reveal,omitempty"`
	// Tally is the full vote count (card → user → dots) of the voting board, sent when its
	// votes are revealed (votes.reveal, and a phase change or close that ends the vote).
	Tally map[int64]map[int64]int `json:"tally,omitempty"`

	// card.map: a copy of the network map put on the card (absent: the map is removed);
	// map.highlight: the ids of the people the coach highlights (absent: none).
	Map json.RawMessage `json:"map,omitempty"`
	IDs []string        `json:"ids,omitempty"`
	// agreement.mark: the earlier agreement marked and its outcome (agreements.go).
	priorEvent
}

// Revealed is a hidden card's content at the moment it is revealed.
type Revealed struct {
	Card  int64  `json:"card"`
	Text  string `json:"text"`
	Owner string `json:"owner,omitempty"`
}

// Timer is the phase timer. Running: it ends at EndsAt (Unix ms). Paused: Remaining ms are
// left. Duration is the phase length plus added minutes, for a progress bar.
type Timer struct {
	Running   bool  `json:"running"`
	EndsAt    int64 `json:"endsAt"`
	Remaining int64 `json:"remaining"`
	Duration  int64 `json:"duration"`
}

// Card is one card on a board. Its ID is the sequence number of the event that added it, so ids
// are unique per meeting and the same in every fold.
type Card struct {
	ID         int64         `json:"id"`
	Board      string        `json:"board"`
	Text       string        `json:"text"`
	Author     int64         `json:"author"`
	AuthorName string        `json:"authorName"`
	Owner      string        `json:"owner,omitempty"`
	Theme      string        `json:"theme,omitempty"`
	Votes      map[int64]int `json:"votes,omitempty"` // user id → dots
	Discussed  bool          `json:"discussed,omitempty"`
	Merged     []int64       `json:"merged,omitempty"` // ids of cards merged into this one
	// Parts are the texts of the cards merged into this one, its own first, kept apart for the
	// verslag.
	Parts []string `json:"parts,omitempty"`
	// Due is an agreement's deadline (YYYY-MM-DD).
	Due string `json:"due,omitempty"`
	// Group is the id of the group the coach put the card in (0: none); see group.go.
	Group int64 `json:"group,omitempty"`
	// ChosenSeq is the seq of the card.discuss event that chose the card: of the cards chosen,
	// the latest is the one being discussed, and notes written now belong to it.
	ChosenSeq int64 `json:"chosenSeq,omitempty"`
	// Hidden cards were written in a silent phase: only the author sees the text until the
	// coach reveals them.
	Hidden bool `json:"hidden,omitempty"`
	// Phase is the phase the card was written in (-1: before the start).
	Phase   int   `json:"phase"`
	Created int64 `json:"created"`
	Edited  int64 `json:"edited,omitempty"`
	// A case card's network map (cardmap.go): a copy taken when it was attached, the seq of
	// that event (a version for the drawing's address) and the people the coach highlights.
	Map       json.RawMessage `json:"map,omitempty"`
	MapSeq    int64           `json:"mapSeq,omitempty"`
	Highlight []string        `json:"highlight,omitempty"`
}

// VoteCount is the card's total number of dots.
func (c *Card) VoteCount() int {
	n := 0
	for _, v := range c.Votes {
		n += v
	}
	return n
}

// Note is what the coach or the scribe wrote down in a phase: the case-bringer's question, the
// questions asked, advice, the reflection. Its ID is the seq of the note.add event; Card is the
// card chosen for discussion when it was written, so the verslag keeps notes with their case.
type Note struct {
	ID     int64  `json:"id"`
	Phase  int    `json:"phase"`
	Card   int64  `json:"card,omitempty"`
	Text   string `json:"text"`
	By     int64  `json:"by"`
	Name   string `json:"name"`
	At     int64  `json:"at"`
	Edited int64  `json:"edited,omitempty"`
}

// Hand is a raised hand; the list is in the order hands went up.
type Hand struct {
	User int64  `json:"user"`
	Name string `json:"name"`
	At   int64  `json:"at"`
}

// Asked is a question the coach showed, in the phase it was shown in.
type Asked struct {
	Phase int    `json:"phase"`
	Text  string `json:"text"`
}

// Question is the question the coach shows to everyone.
type Question struct {
	ID   string `json:"id,omitempty"`
	Text string `json:"text"`
}

// Scale is a 0–10 scale question. Its ID is the seq of the scale.open event. Answers stay on
// the server (json:"-") so nobody sees another's answer; Answered lists who answered, and
// Result the spread once the coach reveals it.
type Scale struct {
	ID       int64         `json:"id"`
	Question string        `json:"question"`
	Open     bool          `json:"open"`
	Revealed bool          `json:"revealed"`
	Answered []int64       `json:"answered"`
	Answers  map[int64]int `json:"-"`
	Result   *ScaleResult  `json:"result,omitempty"`
}

// ScaleResult is the spread of a scale question: N answers, mean, median and the count per
// value 0..10.
type ScaleResult struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	Dist   [11]int `json:"dist"`
}

// State is a room's state: the fold of its events over the meeting's fixed facts (title,
// coach, method, members). It is what a snapshot frame carries.
type State struct {
	Seq       int64            `json:"seq"`
	MeetingID int64            `json:"meetingId"`
	Title     string           `json:"title"`
	Status    string           `json:"status"` // planned | live | closed | cancelled
	CoachID   int64            `json:"coachId"`
	Members   map[int64]string `json:"members"`
	Method    MethodInfo       `json:"method"`
	Phase     int              `json:"phase"` // -1 until the coach starts the meeting
	StartedAt int64            `json:"startedAt,omitempty"`
	ClosedAt  int64            `json:"closedAt,omitempty"`
	Timer     Timer            `json:"timer"`
	Question  *Question        `json:"question"`
	Scales    []*Scale         `json:"scales"`
	Cards     []*Card          `json:"cards"` // in id order
	Hands     []Hand           `json:"hands"`
	// Asked lists every question the coach showed, with its phase, for the verslag.
	Asked []Asked `json:"asked"`
	// Notes are in id order; Scribe is the participant the coach named to take notes (0: none).
	Notes  []*Note `json:"notes"`
	Scribe int64   `json:"scribe,omitempty"`
	// Anonymous meetings never show who wrote a card: the author is kept for the author's own
	// edit rights but sent to nobody else (see view.go) and left out of the report.
	Anonymous bool `json:"anonymous,omitempty"`
	// cardsEver counts the cards ever added, removed ones too: once there is one it is too late
	// to make the meeting anonymous, as its author was already shown.
	cardsEver int
	// Opened lists the boards the coach opened by hand for the rest of the current phase.
	Opened []string `json:"opened"`
	// VotesRevealed tells whether the coach has shown the current phase's vote; until then
	// each person sees only their own dots (the coach sees all).
	VotesRevealed bool `json:"votesRevealed"`
	// Prior are the open agreements of the group's earlier meetings, with what this meeting
	// decided about each (agreements.go).
	Prior []Prior `json:"prior"`
	// Groups are the coach's groups of cards, in the order they were made (group.go).
	Groups []*Group `json:"groups"`
	// ScaleAllowed tells whether the coach asked the scale question by hand in this phase
	// (scale_phase.go).
	ScaleAllowed bool `json:"scaleAllowed,omitempty"`
}

// NewState is the state of a meeting before any event.
func NewState(m Meeting) State {
	st := State{
		MeetingID: m.ID,
		Title:     m.Title,
		Status:    m.Status,
		CoachID:   m.CoachID,
		Members:   maps.Clone(m.Members),
		Method:    m.Method,
		Phase:     -1,
		Scales:    []*Scale{},
		Cards:     []*Card{},
		Hands:     []Hand{},
		Opened:    []string{},
		Notes:     []*Note{},
		Asked:     []Asked{},
		Groups:    []*Group{},
	}
	st.Prior = clonePrior(m.Prior)
	if st.Status == "" {
		st.Status = "planned"
	}
	if st.Members == nil {
		st.Members = map[int64]string{}
	}
	if _, ok := st.Members[m.CoachID]; !ok && m.CoachID != 0 {
		st.Members[m.CoachID] = ""
	}
	return st
}

// Closed reports whether the meeting accepts no more actions.
func (s *State) Closed() bool { return s.Status == "closed" || s.Status == "cancelled" }

// Card finds a card by id, or nil.
func (s *State) Card(id int64) *Card {
	i := sort.Search(len(s.Cards), func(i int) bool { return s.Cards[i].ID >= id })
	if i < len(s.Cards) && s.Cards[i].ID == id {
		return s.Cards[i]
	}
	return nil
}

// Note finds a note by id, or nil.
func (s *State) Note(id int64) *Note {
	i := sort.Search(len(s.Notes), func(i int) bool { return s.Notes[i].ID >= id })
	if i < len(s.Notes) && s.Notes[i].ID == id {
		return s.Notes[i]
	}
	return nil
}

// Chosen is the card being discussed: of the cards marked for discussion the one chosen last
// (cards chosen in turn are discussed in turn), or nil. Notes written now belong to it.
func (s *State) Chosen() *Card {
	var chosen *Card
	for _, c := range s.Cards {
		if c.Discussed && (chosen == nil || c.ChosenSeq > chosen.ChosenSeq) {
			chosen = c
		}
	}
	return chosen
}

// OpenScale is the scale question currently taking answers, or nil.
func (s *State) OpenScale() *Scale {
	if n := len(s.Scales); n > 0 && s.Scales[n-1].Open {
		return s.Scales[n-1]
	}
	return nil
}

// VotesBy counts the dots a person has on a board.
func (s *State) VotesBy(user int64, board string) int {
	n := 0
	for _, c := range s.Cards {
		if c.Board == board {
			n += c.Votes[user]
		}
	}
	return n
}

// CurrentPhase is the phase the meeting is in, or nil before the start (or for a method
// without phases).
func (s *State) CurrentPhase() *PhaseInfo {
	if s.Phase < 0 || s.Phase >= len(s.Method.Phases) {
		return nil
	}
	return &s.Method.Phases[s.Phase]
}

// BoardOpen tells whether new cards may be added to a board now: before the start every board
// is open (people may bring cases in advance); afterwards the phase's boards and those the
// coach opened by hand.
func (s *State) BoardOpen(board string) bool {
	p := s.CurrentPhase()
	if p == nil || p.Boards == nil {
		return true
	}
	return slices.Contains(p.Boards, board) || slices.Contains(s.Opened, board)
}

// VoteBoard is the board voted on in the current phase, or "".
func (s *State) VoteBoard() string {
	if p := s.CurrentPhase(); p != nil && !s.Closed() {
		return p.Vote
	}
	return ""
}

// votesHidden tells whether the dots on a board are still secret: it is being voted on and
// the coach has not revealed the result.
func (s *State) votesHidden(board string) bool {
	return board != "" && board == s.VoteBoard() && !s.VotesRevealed
}

// hiddenCards lists the hidden cards with their content, for an event that reveals them.
func (s *State) hiddenCards() []Revealed {
	var out []Revealed
	for _, c := range s.Cards {
		if c.Hidden {
			out = append(out, Revealed{Card: c.ID, Text: c.Text, Owner: c.Owner})
		}
	}
	return out
}

// tally is the full vote count of a board, for an event that reveals it.
func (s *State) tally(board string) map[int64]map[int64]int {
	t := map[int64]map[int64]int{}
	for _, c := range s.Cards {
		if c.Board == board && len(c.Votes) > 0 {
			t[c.ID] = maps.Clone(c.Votes)
		}
	}
	return t
}

// Clone deep-copies the state, so a cached state can be handed out while the room goes on.
func (s State) Clone() State {
	c := s
	c.Members = maps.Clone(s.Members)
	c.Method.Phases = slices.Clone(s.Method.Phases)
	if s.Question != nil {
		q := *s.Question
		c.Question = &q
	}
	c.Scales = make([]*Scale, len(s.Scales))
	for i, sc := range s.Scales {
		x := *sc
		x.Answered = slices.Clone(sc.Answered)
		x.Answers = maps.Clone(sc.Answers)
		if sc.Result != nil {
			r := *sc.Result
			x.Result = &r
		}
		c.Scales[i] = &x
	}
	c.Cards = make([]*Card, len(s.Cards))
	for i, cd := range s.Cards {
		x := *cd
		x.Votes = maps.Clone(cd.Votes)
		x.Merged = slices.Clone(cd.Merged)
		x.Parts = slices.Clone(cd.Parts)
		x.Highlight = slices.Clone(cd.Highlight)
		c.Cards[i] = &x
	}
	c.Notes = make([]*Note, len(s.Notes))
	for i, n := range s.Notes {
		x := *n
		c.Notes[i] = &x
	}
	c.Hands = slices.Clone(s.Hands)
	c.Opened = slices.Clone(s.Opened)
	c.Asked = slices.Clone(s.Asked)
	c.Prior = clonePrior(s.Prior)
	c.Groups = make([]*Group, len(s.Groups))
	for i, g := range s.Groups {
		x := *g
		c.Groups[i] = &x
	}
	return c
}

// Apply returns the state after one event, leaving s untouched. It is deterministic: it reads
// nothing but its arguments, so folding the same events always gives the same state. The live
// room uses the in-place form (*State).apply on its cached state.
func Apply(s State, ev Event) State {
	c := s.Clone()
	c.apply(ev)
	return c
}

// Fold builds a meeting's state from its events in order.
func Fold(m Meeting, evs []Event) State {
	st := NewState(m)
	for _, ev := range evs {
		st.apply(ev)
	}
	return st
}

// apply changes s in place. An event that no longer fits (a card already gone) changes nothing
// but the seq, so a fold never fails.
func (s *State) apply(ev Event) {
	s.Seq = ev.Seq
	for _, r := range ev.Reveal {
		if c := s.Card(r.Card); c != nil {
			c.Hidden, c.Text, c.Owner = false, r.Text, r.Owner
		}
	}
	for id, votes := range ev.Tally {
		if c := s.Card(id); c != nil {
			c.Votes = maps.Clone(votes)
		}
	}
	if groupOp(ev.Op) {
		s.applyGroup(ev)
		return
	}
	switch ev.Op {
	case OpCardAdd:
		s.cardsEver++
		s.Cards = append(s.Cards, &Card{
			ID: ev.Seq, Board: ev.Board, Text: ev.Text, Owner: ev.Owner, Due: ev.Due, Hidden: ev.Hidden,
			Author: ev.By, AuthorName: ev.Name, Phase: s.Phase, Created: ev.At,
		})
	case OpCardEdit:
		if c := s.Card(ev.Card); c != nil {
			c.Text, c.Owner, c.Due, c.Edited = ev.Text, ev.Owner, ev.Due, ev.At
		}
	case OpCardRemove:
		s.removeCard(ev.Card)
	case OpCardMerge:
		dst, src := s.Card(ev.Card), s.Card(ev.From)
		if dst == nil || src == nil || dst == src {
			return
		}
		if len(dst.Parts) == 0 {
			dst.Parts = []string{dst.Text}
		}
		if len(src.Parts) > 0 {
			dst.Parts = append(dst.Parts, src.Parts...)
		} else {
			dst.Parts = append(dst.Parts, src.Text)
		}
		dst.Text, dst.Edited = ev.Text, ev.At
		if dst.Votes == nil && len(src.Votes) > 0 {
			dst.Votes = map[int64]int{}
		}
		for u, n := range src.Votes {
			dst.Votes[u] += n
		}
		dst.Discussed = dst.Discussed || src.Discussed
		dst.ChosenSeq = max(dst.ChosenSeq, src.ChosenSeq)
		if dst.Theme == "" {
			dst.Theme = src.Theme
		}
		if dst.Owner == "" {
			dst.Owner, dst.Due = src.Owner, src.Due
		}
		dst.Merged = append(dst.Merged, src.ID)
		dst.Merged = append(dst.Merged, src.Merged...)
		s.removeCard(src.ID)
	case OpCardTag:
		if c := s.Card(ev.Card); c != nil {
			c.Theme = ev.Theme
		}
	case OpCardVote:
		if c := s.Card(ev.Card); c != nil {
			if c.Votes == nil {
				c.Votes = map[int64]int{}
			}
			c.Votes[ev.By]++
		}
	case OpCardUnvote:
		if c := s.Card(ev.Card); c != nil && c.Votes[ev.By] > 0 {
			c.Votes[ev.By]--
			if c.Votes[ev.By] == 0 {
				delete(c.Votes, ev.By)
			}
			if len(c.Votes) == 0 {
				c.Votes = nil
			}
		}
	case OpCardDiscuss:
		if c := s.Card(ev.Card); c != nil {
			c.Discussed = ev.On
			c.ChosenSeq = 0
			if ev.On {
				c.ChosenSeq = ev.Seq
			}
		}
	case OpHandRaise:
		for _, h := range s.Hands {
			if h.User == ev.By {
				return
			}
		}
		s.Hands = append(s.Hands, Hand{User: ev.By, Name: ev.Name, At: ev.At})
	case OpHandLower:
		u := ev.User
		if u == 0 {
			u = ev.By
		}
		s.Hands = slices.DeleteFunc(s.Hands, func(h Hand) bool { return h.User == u })
	case OpMeetingStart:
		s.Status = "live"
		s.StartedAt = ev.At
		s.setPhase(ev)
	case OpPhaseNext, OpPhasePrev:
		s.setPhase(ev)
	case OpTimerStart, OpTimerPause, OpTimerAdd:
		if ev.Timer != nil {
			s.Timer = *ev.Timer
		}
	case OpQuestionShow:
		s.Question = &Question{ID: ev.QID, Text: ev.Text}
		s.Asked = append(s.Asked, Asked{Phase: s.Phase, Text: ev.Text})
	case OpQuestionHide:
		s.Question = nil
	case OpScaleAllow:
		s.ScaleAllowed = true
	case OpBoardOpen:
		if !slices.Contains(s.Opened, ev.Board) {
			s.Opened = append(s.Opened, ev.Board)
		}
	case OpVotesReveal:
		s.VotesRevealed = true
	case OpNoteAdd:
		s.Notes = append(s.Notes, &Note{ID: ev.Seq, Phase: s.Phase, Card: ev.Card, Text: ev.Text,
			By: ev.By, Name: ev.Name, At: ev.At})
	case OpNoteEdit:
		if n := s.Note(ev.Note); n != nil {
			n.Text, n.Edited = ev.Text, ev.At
		}
	case OpNoteRemove:
		s.Notes = slices.DeleteFunc(s.Notes, func(n *Note) bool { return n.ID == ev.Note })
	case OpScribeSet:
		s.Scribe = ev.User
	case OpCardMap, OpMapHighlight:
		s.applyMap(ev)
	case OpMeetingAnonymous:
		s.Anonymous = ev.On
	case OpAgreementMark:
		s.applyMark(ev)
	case OpScaleOpen:
		if sc := s.OpenScale(); sc != nil {
			sc.Open = false
		}
		s.Scales = append(s.Scales, &Scale{ID: ev.Seq, Question: ev.Text, Open: true, Answered: []int64{}})
	case OpScaleAnswer:
		sc := s.OpenScale()
		if sc == nil || sc.ID != ev.Scale {
			return
		}
		if _, ok := sc.Answers[ev.By]; !ok {
			sc.Answered = append(sc.Answered, ev.By)
		}
		if ev.Value != nil {
			if sc.Answers == nil {
				sc.Answers = map[int64]int{}
			}
			sc.Answers[ev.By] = *ev.Value
		}
	case OpScaleReveal:
		for _, sc := range s.Scales {
			if sc.ID == ev.Scale {
				sc.Open, sc.Revealed = false, true
				if ev.Result != nil {
					r := *ev.Result
					sc.Result = &r
				}
			}
		}
	case OpMeetingClose:
		s.Status = "closed"
		s.ClosedAt = ev.At
		if s.Timer.Running {
			s.Timer.Remaining = max(0, s.Timer.EndsAt-ev.At)
			s.Timer.Running, s.Timer.EndsAt = false, 0
		}
		if sc := s.OpenScale(); sc != nil {
			sc.Open = false
		}
		s.Hands = []Hand{}
	}
}

// setPhase moves to a phase: its timer, and nothing of the phase before carried over but the
// cards (a question shown belongs to its phase; boards opened by hand close; a new vote starts
// hidden).
func (s *State) setPhase(ev Event) {
	s.Phase = ev.Phase
	if ev.Timer != nil {
		s.Timer = *ev.Timer
	}
	s.Question = nil
	s.Opened = []string{}
	s.VotesRevealed = false
	s.ScaleAllowed = false
}

func (s *State) removeCard(id int64) {
	s.Cards = slices.DeleteFunc(s.Cards, func(c *Card) bool { return c.ID == id })
	s.tidyGroups()
}

// computeResult is the spread of a scale's answers.
func computeResult(answers map[int64]int) ScaleResult {
	var r ScaleResult
	vals := make([]int, 0, len(answers))
	for _, v := range answers {
		if v >= 0 && v <= 10 {
			vals = append(vals, v)
			r.Dist[v]++
		}
	}
	r.N = len(vals)
	if r.N == 0 {
		return r
	}
	sort.Ints(vals)
	sum := 0
	for _, v := range vals {
		sum += v
	}
	r.Mean = float64(sum) / float64(r.N)
	if r.N%2 == 1 {
		r.Median = float64(vals[r.N/2])
	} else {
		r.Median = float64(vals[r.N/2-1]+vals[r.N/2]) / 2
	}
	return r
}

// decodeEvent turns a stored event back into an Event.
func decodeEvent(e store.Event) (Event, error) {
	var ev Event
	if err := json.Unmarshal(e.Data, &ev); err != nil {
		return Event{}, fmt.Errorf("room: decode event %d of meeting %d: %w", e.Seq, e.MeetingID, err)
	}
	ev.Seq, ev.ClientID = e.Seq, e.ClientID
	if ev.Op == "" {
		ev.Op = e.Op
	}
	return ev, nil
}

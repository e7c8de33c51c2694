package room

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// cleanText trims a text and checks it is non-empty valid UTF-8 of at most limit characters.
// Control characters other than newline and tab are refused.
func cleanText(p *string, field string, limit int) (string, *frameError) {
	if p == nil {
		return "", ferr(CodeMissingField, "missing_field", field)
	}
	t := strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
	if !utf8.ValidString(t) {
		return "", ferr(CodeInvalid, "bad_text")
	}
	for _, r := range t {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return "", ferr(CodeInvalid, "bad_text")
		}
	}
	if t == "" {
		return "", ferr(CodeInvalid, "empty_text")
	}
	if utf8.RuneCountInString(t) > limit {
		return "", ferr(CodeTooLong, "too_long", limit)
	}
	return t, nil
}

const maxOwner = 100

// decider turns a client's action into an event, checked against the room's latest state (the
// committed state plus events still being committed). It changes nothing itself.
type decider struct {
	cfg Config
	st  *State
	p   Participant
	now int64
}

// screen refuses text with blocking personal data (a BSN, an e-mail address), naming the kinds
// found. Every text people type into a room is screened: cards on every board end up in the
// report, which the municipality reads.
func (d *decider) screen(text string) *frameError {
	var kinds []string
	for _, f := range d.cfg.Screen(text) {
		if f.Kind.Blocking() && !slices.Contains(kinds, string(f.Kind)) {
			kinds = append(kinds, string(f.Kind))
		}
	}
	if len(kinds) == 0 {
		return nil
	}
	e := ferr(CodePersonalData, "personal_data")
	e.kinds = kinds
	return e
}

// questionText checks the text of a question the coach shows or a scale the coach opens: the
// same limits and the same privacy screen as a card.
func (d *decider) questionText(f *inFrame) (string, *frameError) {
	text, e := cleanText(f.Text, "text", d.cfg.MaxQuestionText)
	if e != nil {
		return "", e
	}
	if e := d.screen(text); e != nil {
		return "", e
	}
	return text, nil
}

// ownCard is the card a frame names, when its sender may change it: its author, or the coach.
func (d *decider) ownCard(f *inFrame) (*Card, *frameError) {
	c, e := d.card(f)
	if e != nil {
		return nil, e
	}
	if c.Author != d.p.UserID && !d.coach() {
		return nil, ferr(CodeForbidden, "not_author")
	}
	return c, nil
}

func (d *decider) card(f *inFrame) (*Card, *frameError) {
	if f.Card == nil {
		return nil, ferr(CodeMissingField, "missing_field", "card")
	}
	c := d.st.Card(*f.Card)
	if c == nil {
		return nil, ferr(CodeNotFound, "card_not_found")
	}
	return c, nil
}

func (d *decider) coach() bool { return d.p.UserID == d.st.CoachID }

// timerAfterPhase is the timer of a phase just begun: it runs at once for the phase's minutes
// (the coach can pause it), so the method keeps time without an extra click.
func (d *decider) timerAfterPhase(phase int) *Timer {
	var ms int64
	if phase >= 0 && phase < len(d.st.Method.Phases) {
		ms = int64(d.st.Method.Phases[phase].Minutes) * 60_000
	}
	if ms == 0 {
		return &Timer{}
	}
	return &Timer{Running: true, EndsAt: d.now + ms, Duration: ms}
}

// endPhase puts into a phase-ending event (next, previous, close) what the phase left secret:
// its hidden cards and its unrevealed vote become visible to everyone.
func (d *decider) endPhase(ev *Event) {
	ev.Reveal = d.st.hiddenCards()
	if vb := d.st.VoteBoard(); vb != "" && !d.st.VotesRevealed {
		if t := d.st.tally(vb); len(t) > 0 {
			ev.Tally = t
		}
	}
}

// votesPerPerson is the number of dots each person has in the current phase.
func (d *decider) votesPerPerson() int {
	if p := d.st.CurrentPhase(); p != nil && p.Votes > 0 {
		return p.Votes
	}
	return d.cfg.VotesPerPerson
}

// noteText checks a note: up to MaxNoteText characters, screened like a card.
func (d *decider) noteText(f *inFrame) (string, *frameError) {
	text, e := cleanText(f.Text, "text", d.cfg.MaxNoteText)
	if e != nil {
		return "", e
	}
	if e := d.screen(text); e != nil {
		return "", e
	}
	return text, nil
}

// due checks an agreement's deadline: a date YYYY-MM-DD, on the agreement board only; "" or a
// missing field is no deadline.
func (d *decider) due(f *inFrame, board string) (string, *frameError) {
	if f.Due == nil || strings.TrimSpace(*f.Due) == "" {
		return "", nil
	}
	if board != BoardAgreement {
		return "", ferr(CodeInvalid, "owner_agreement")
	}
	v := strings.TrimSpace(*f.Due)
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", ferr(CodeInvalid, "bad_due")
	}
	return v, nil
}

// coachOps are the ops only the meeting's coach may send.
func coachOp(op string) bool {
	switch op {
	case OpCardMerge, OpCardTag, OpCardDiscuss, OpBoardOpen, OpCardsReveal, OpVotesReveal,
		OpScribeSet, OpMeetingAnonymous, OpMeetingStart, OpPhaseNext, OpPhasePrev,
		OpTimerStart, OpTimerPause, OpTimerAdd, OpQuestionShow, OpQuestionHide,
		OpScaleOpen, OpScaleReveal, OpMeetingClose,
		OpCardGroup, OpCardUngroup, OpGroupTitle, OpScaleAllow, OpMapHighlight:
		return true
	}
	return false
}

func knownOp(op string) bool {
	switch op {
	case OpCardAdd, OpCardEdit, OpCardRemove, OpCardVote, OpCardUnvote, OpHandRaise, OpHandLower, OpScaleAnswer,
		OpNoteAdd, OpNoteEdit, OpNoteRemove, OpCardMap, OpAgreementMark:
		return true
	}
	return coachOp(op)
}

// decide checks an action (not hello) and returns the event it makes.
func (d *decider) decide(f *inFrame) (Event, *frameError) {
	if !knownOp(f.Op) {
		return Event{}, ferr(CodeUnknownOp, "unknown_op", f.Op)
	}
	if _, ok := d.st.Members[d.p.UserID]; !ok {
		return Event{}, ferr(CodeForbidden, "not_member")
	}
	if coachOp(f.Op) && !d.coach() {
		return Event{}, ferr(CodeForbidden, "coach_only")
	}
	if d.st.Closed() {
		return Event{}, ferr(CodeClosed, "closed")
	}
	ev := Event{Op: f.Op, By: d.p.UserID, At: d.now}
	if groupOp(f.Op) {
		return d.decideGroup(f, ev)
	}
	if f.Op == OpScaleAllow {
		return d.decideScaleAllow(ev)
	}
	st := d.st
	switch f.Op {
	case OpCardAdd:
		if f.Board == nil {
			return ev, ferr(CodeMissingField, "missing_field", "board")
		}
		if !validBoard(*f.Board) {
			return ev, ferr(CodeBadBoard, "bad_board", *f.Board)
		}
		text, e := cleanText(f.Text, "text", d.cfg.MaxCardText)
		if e != nil {
			return ev, e
		}
		if !st.BoardOpen(*f.Board) {
			return ev, ferr(CodeBoardClosed, "board_closed", boardArg(*f.Board))
		}
		ev.Board, ev.Text = *f.Board, text
		if p := st.CurrentPhase(); p != nil && p.Silent {
			ev.Hidden = true
		}
		if f.Owner != nil && strings.TrimSpace(*f.Owner) != "" {
			if ev.Board != BoardAgreement {
				return ev, ferr(CodeInvalid, "owner_agreement")
			}
			if ev.Owner, e = cleanText(f.Owner, "owner", maxOwner); e != nil {
				return ev, e
			}
		}
		if ev.Due, e = d.due(f, ev.Board); e != nil {
			return ev, e
		}
		if e := d.screen(text); e != nil {
			return ev, e
		}
		ev.Name = st.Members[d.p.UserID]
		if ev.Name == "" {
			ev.Name = d.p.Name
		}
	case OpCardEdit:
		c, e := d.ownCard(f)
		if e != nil {
			return ev, e
		}
		if f.Text == nil && f.Owner == nil && f.Due == nil {
			return ev, ferr(CodeMissingField, "missing_field", "text")
		}
		ev.Card, ev.Text, ev.Owner, ev.Due = c.ID, c.Text, c.Owner, c.Due
		if f.Due != nil {
			if ev.Due, e = d.due(f, c.Board); e != nil {
				return ev, e
			}
		}
		if f.Text != nil {
			if ev.Text, e = cleanText(f.Text, "text", d.cfg.MaxCardText); e != nil {
				return ev, e
			}
			if e := d.screen(ev.Text); e != nil {
				return ev, e
			}
		}
		if f.Owner != nil {
			if c.Board != BoardAgreement {
				return ev, ferr(CodeInvalid, "owner_agreement")
			}
			ev.Owner = ""
			if strings.TrimSpace(*f.Owner) != "" {
				if ev.Owner, e = cleanText(f.Owner, "owner", maxOwner); e != nil {
					return ev, e
				}
			}
		}
	case OpCardRemove:
		c, e := d.ownCard(f)
		if e != nil {
			return ev, e
		}
		ev.Card = c.ID
	case OpCardMerge:
		dst, src, e := d.cardPair(f, "same_board")
		if e != nil {
			return ev, e
		}
		ev.Card, ev.From = dst.ID, src.ID
		if f.Text != nil {
			if ev.Text, e = cleanText(f.Text, "text", d.cfg.MaxCardText); e != nil {
				return ev, e
			}
			if e := d.screen(ev.Text); e != nil {
				return ev, e
			}
		} else {
			ev.Text = dst.Text + "\n\n" + src.Text
			if utf8.RuneCountInString(ev.Text) > d.cfg.MaxCardText {
				return ev, ferr(CodeTooLong, "too_long", d.cfg.MaxCardText)
			}
		}
	case OpCardTag:
		c, e := d.card(f)
		if e != nil {
			return ev, e
		}
		if f.Theme == nil {
			return ev, ferr(CodeMissingField, "missing_field", "theme")
		}
		if *f.Theme != "" && !validTheme(*f.Theme) {
			return ev, ferr(CodeInvalid, "bad_theme", *f.Theme)
		}
		ev.Card, ev.Theme = c.ID, *f.Theme
	case OpCardVote, OpCardUnvote:
		c, e := d.card(f)
		if e != nil {
			return ev, e
		}
		vb := st.VoteBoard()
		if vb == "" {
			return ev, ferr(CodeNotVoting, "not_voting")
		}
		if c.Board != vb {
			return ev, ferr(CodeNotVoting, "vote_board", boardArg(vb))
		}
		if c.Hidden {
			return ev, ferr(CodeInvalid, "hidden_card")
		}
		if n := d.votesPerPerson(); f.Op == OpCardVote && st.VotesBy(d.p.UserID, vb) >= n {
			return ev, ferr(CodeVoteLimit, "vote_limit", n)
		}
		if f.Op == OpCardUnvote && c.Votes[d.p.UserID] == 0 {
			return ev, ferr(CodeInvalid, "no_vote")
		}
		ev.Card = c.ID
	case OpCardDiscuss:
		c, e := d.card(f)
		if e != nil {
			return ev, e
		}
		if c.Board == BoardAgreement {
			return ev, ferr(CodeInvalid, "not_agreement")
		}
		if c.Hidden {
			return ev, ferr(CodeInvalid, "hidden_card")
		}
		ev.Card, ev.On = c.ID, f.On == nil || *f.On
	case OpBoardOpen:
		if st.Phase < 0 {
			return ev, ferr(CodeNotStarted, "not_started")
		}
		if f.Board == nil {
			return ev, ferr(CodeMissingField, "missing_field", "board")
		}
		if !validBoard(*f.Board) {
			return ev, ferr(CodeBadBoard, "bad_board", *f.Board)
		}
		if st.BoardOpen(*f.Board) {
			return ev, ferr(CodeInvalid, "board_open", boardArg(*f.Board))
		}
		ev.Board = *f.Board
	case OpCardsReveal:
		if ev.Reveal = st.hiddenCards(); len(ev.Reveal) == 0 {
			return ev, ferr(CodeInvalid, "nothing_hidden")
		}
	case OpVotesReveal:
		vb := st.VoteBoard()
		if vb == "" || st.VotesRevealed {
			return ev, ferr(CodeNotVoting, "not_voting")
		}
		ev.Board, ev.Tally = vb, st.tally(vb)
	case OpHandRaise:
		ev.Name = st.Members[d.p.UserID]
		for _, h := range st.Hands {
			if h.User == d.p.UserID {
				return ev, ferr(codeNoop, "")
			}
		}
	case OpHandLower:
		if f.User != nil && *f.User != d.p.UserID {
			if !d.coach() {
				return ev, ferr(CodeForbidden, "coach_only")
			}
			ev.User = *f.User
		}
	case OpMeetingStart:
		if st.Phase >= 0 {
			return ev, ferr(CodeInvalid, "started")
		}
		ev.Phase, ev.Timer = 0, d.timerAfterPhase(0)
	case OpPhaseNext, OpPhasePrev:
		if st.Phase < 0 {
			return ev, ferr(CodeNotStarted, "not_started")
		}
		next := st.Phase + 1
		if f.Op == OpPhasePrev {
			next = st.Phase - 1
		}
		if next < 0 {
			return ev, ferr(CodeInvalid, "first_phase")
		}
		if next >= len(st.Method.Phases) {
			return ev, ferr(CodeInvalid, "last_phase")
		}
		d.endPhase(&ev)
		ev.Phase, ev.Timer = next, d.timerAfterPhase(next)
	case OpTimerStart, OpTimerPause, OpTimerAdd:
		if st.Phase < 0 {
			return ev, ferr(CodeNotStarted, "not_started")
		}
		t := st.Timer
		left := t.Remaining
		if t.Running {
			left = max(0, t.EndsAt-d.now)
		}
		switch f.Op {
		case OpTimerStart:
			if left <= 0 {
				return ev, ferr(CodeInvalid, "timer_zero")
			}
			t = Timer{Running: true, EndsAt: d.now + left, Duration: t.Duration}
		case OpTimerPause:
			t = Timer{Remaining: left, Duration: t.Duration}
		case OpTimerAdd:
			if f.Minutes == nil {
				return ev, ferr(CodeMissingField, "missing_field", "minutes")
			}
			m := *f.Minutes
			if m == 0 || m < -120 || m > 120 {
				return ev, ferr(CodeInvalid, "bad_minutes")
			}
			ev.Minutes = m
			delta := int64(m) * 60_000
			left = max(0, left+delta)
			t.Duration = max(0, t.Duration+delta)
			if t.Running {
				t.EndsAt = d.now + left
			} else {
				t.Remaining = left
			}
		}
		ev.Timer = &t
	case OpQuestionShow:
		var e *frameError
		if ev.Text, e = d.questionText(f); e != nil {
			return ev, e
		}
		if f.QID != nil {
			if *f.QID != "" && !validClientID(*f.QID) {
				return ev, ferr(CodeInvalid, "bad_id")
			}
			ev.QID = *f.QID
		}
	case OpQuestionHide:
	case OpScaleOpen:
		var e *frameError
		if ev.Text, e = d.questionText(f); e != nil {
			return ev, e
		}
		if e := d.scaleClosed(); e != nil {
			return ev, e
		}
	case OpScaleAnswer:
		sc := st.OpenScale()
		if sc == nil {
			return ev, ferr(CodeInvalid, "no_scale")
		}
		if f.Value == nil {
			return ev, ferr(CodeMissingField, "missing_field", "value")
		}
		if *f.Value < 0 || *f.Value > 10 {
			return ev, ferr(CodeInvalid, "bad_value")
		}
		if e := d.scaleClosed(); e != nil {
			return ev, e
		}
		v := *f.Value
		ev.Scale, ev.Value = sc.ID, &v
	case OpScaleReveal:
		sc := st.OpenScale()
		if sc == nil {
			return ev, ferr(CodeInvalid, "no_scale")
		}
		r := computeResult(sc.Answers)
		ev.Scale, ev.Result = sc.ID, &r
	case OpNoteAdd:
		if !d.coach() && st.Scribe != d.p.UserID {
			return ev, ferr(CodeForbidden, "scribe_only")
		}
		if st.Phase < 0 {
			return ev, ferr(CodeNotStarted, "not_started")
		}
		var e *frameError
		if ev.Text, e = d.noteText(f); e != nil {
			return ev, e
		}
		if c := st.Chosen(); c != nil {
			ev.Card = c.ID
		}
		ev.Name = st.Members[d.p.UserID]
	case OpNoteEdit, OpNoteRemove:
		if f.Note == nil {
			return ev, ferr(CodeMissingField, "missing_field", "note")
		}
		n := st.Note(*f.Note)
		if n == nil {
			return ev, ferr(CodeNotFound, "note_not_found")
		}
		if n.By != d.p.UserID && !d.coach() {
			return ev, ferr(CodeForbidden, "not_note_author")
		}
		ev.Note = n.ID
		if f.Op == OpNoteEdit {
			var e *frameError
			if ev.Text, e = d.noteText(f); e != nil {
				return ev, e
			}
		}
	case OpScribeSet:
		if f.User == nil {
			return ev, ferr(CodeMissingField, "missing_field", "user")
		}
		if _, member := st.Members[*f.User]; *f.User != 0 && !member {
			return ev, ferr(CodeInvalid, "not_a_member")
		}
		ev.User = *f.User
	case OpMeetingAnonymous:
		if f.On == nil {
			return ev, ferr(CodeMissingField, "missing_field", "on")
		}
		if st.cardsEver > 0 {
			return ev, ferr(CodeInvalid, "anonymous_late")
		}
		ev.On = *f.On
	case OpCardMap, OpMapHighlight:
		if e := d.decideMap(f, &ev); e != nil {
			return ev, e
		}
	case OpMeetingClose:
		d.endPhase(&ev)
	case OpAgreementMark:
		if e := d.markPrior(f, &ev); e != nil {
			return ev, e
		}
	}
	return ev, nil
}

// cardPair is the pair of visible cards on one board that a merge or a grouping acts on: the
// frame's card (the target) and its from card. boardKey names the message for a pair that is
// one card or spans two boards.
func (d *decider) cardPair(f *inFrame, boardKey string) (dst, src *Card, e *frameError) {
	dst, e = d.card(f)
	if e != nil {
		return nil, nil, e
	}
	if f.From == nil {
		return nil, nil, ferr(CodeMissingField, "missing_field", "from")
	}
	src = d.st.Card(*f.From)
	if src == nil {
		return nil, nil, ferr(CodeNotFound, "card_not_found")
	}
	if src.ID == dst.ID || src.Board != dst.Board {
		return nil, nil, ferr(CodeInvalid, boardKey)
	}
	if src.Hidden || dst.Hidden {
		return nil, nil, ferr(CodeInvalid, "hidden_card")
	}
	return dst, src, nil
}

package room

// The room's protocol in one place: the ops, the error codes, the client frame as read and the
// server frames as written. docs/protocol.md is its description; keep the two in step.

import (
	"encoding/json"
	"time"
)

// The ops of client frames, which are also the ops of the events they make (but hello, which
// makes none). docs/protocol.md describes each.
const (
	OpHello            = "hello"
	OpCardAdd          = "card.add"
	OpCardEdit         = "card.edit"
	OpCardRemove       = "card.remove"
	OpCardMerge        = "card.merge"
	OpCardTag          = "card.tag"
	OpCardVote         = "card.vote"
	OpCardUnvote       = "card.unvote"
	OpCardDiscuss      = "card.discuss"
	OpBoardOpen        = "board.open"
	OpCardsReveal      = "cards.reveal"
	OpVotesReveal      = "votes.reveal"
	OpHandRaise        = "hand.raise"
	OpHandLower        = "hand.lower"
	OpMeetingStart     = "meeting.start"
	OpMeetingAnonymous = "meeting.anonymous"
	OpMeetingClose     = "meeting.close"
	OpPhaseNext        = "phase.next"
	OpPhasePrev        = "phase.prev"
	OpTimerStart       = "timer.start"
	OpTimerPause       = "timer.pause"
	OpTimerAdd         = "timer.add"
	OpQuestionShow     = "question.show"
	OpQuestionHide     = "question.hide"
	OpScaleOpen        = "scale.open"
	OpScaleAnswer      = "scale.answer"
	OpScaleReveal      = "scale.reveal"
	OpNoteAdd          = "note.add"
	OpNoteEdit         = "note.edit"
	OpNoteRemove       = "note.remove"
	OpScribeSet        = "scribe.set"
)

// Network maps on case cards (cardmap.go): attach or remove a copy of a saved map, and the
// coach's highlight of people on it.
const (
	OpCardMap      = "card.map"
	OpMapHighlight = "map.highlight"
)

// Agreements that come back (agreements.go): marking an earlier meeting's agreement.
const OpAgreementMark = "agreement.mark"

// Grouping cards under a title instead of merging them (group.go).
const (
	OpCardGroup   = "card.group"
	OpCardUngroup = "card.ungroup"
	OpGroupTitle  = "group.title"
)

// The scale question asked by hand in a phase whose method does not ask it (scale_phase.go).
const OpScaleAllow = "scale.allow"

// Error codes of error frames; docs/protocol.md lists them with their meaning. A code is stable
// for programs; the message is for people and follows the participant's language.
const (
	CodeBadFrame     = "bad_frame"
	CodeTooLarge     = "too_large"
	CodeHelloFirst   = "hello_first"
	CodeUnknownOp    = "unknown_op"
	CodeMissingField = "missing_field"
	CodeInvalid      = "invalid"
	CodeBadBoard     = "bad_board"
	CodeTooLong      = "too_long"
	CodeForbidden    = "forbidden"
	CodeNotFound     = "not_found"
	CodeClosed       = "closed"
	CodeNotStarted   = "not_started"
	CodePersonalData = "personal_data"
	CodeRateLimited  = "rate_limited"
	CodeVoteLimit    = "vote_limit"
	CodeUnavailable  = "unavailable"
	CodeKicked       = "kicked"
	CodeBoardClosed  = "board_closed"
	CodeNotVoting    = "not_voting"
	CodeReplaced     = "replaced"
)

// CodeScaleClosed refuses a scale question opened or answered in a phase that does not ask it.
const CodeScaleClosed = "scale_closed"

// codeNoop marks an action that is accepted but changes nothing (a hand raised twice): the
// sender gets an ack with the current seq, nobody gets an event.
const codeNoop = "noop"

// inFrame is every field a client frame may carry; which ones an op needs is checked in decide.
// Pointers tell "missing" from a zero value.
type inFrame struct {
	Op      string  `json:"op"`
	ID      string  `json:"id"`
	Since   *int64  `json:"since"`
	Board   *string `json:"board"`
	Text    *string `json:"text"`
	Owner   *string `json:"owner"`
	Theme   *string `json:"theme"`
	Card    *int64  `json:"card"`
	From    *int64  `json:"from"`
	On      *bool   `json:"on"`
	User    *int64  `json:"user"`
	Minutes *int    `json:"minutes"`
	Value   *int    `json:"value"`
	QID     *string `json:"qid"`
	Due     *string `json:"due"`
	Note    *int64  `json:"note"`
	mapFrame
	priorFrame
	Group *int64 `json:"group"`
}

// parseFrame reads one client frame: a JSON object with a string op.
func parseFrame(data []byte) (inFrame, *frameError) {
	var f inFrame
	if err := json.Unmarshal(data, &f); err != nil {
		// Recover the id if the frame is at least an object with one, so the client can match
		// the error to its outbox item.
		var idOnly struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(data, &idOnly)
		f.ID = idOnly.ID
		return f, ferr(CodeBadFrame, "bad_frame")
	}
	if f.Op == "" {
		return f, ferr(CodeMissingField, "missing_field", "op")
	}
	return f, nil
}

// validClientID keeps ids short and printable: they are stored and echoed.
func validClientID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':') {
			return false
		}
	}
	return true
}

// person is one entry of a presence frame.
type person struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Coach bool   `json:"coach"`
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen: frames hold only plain values
		panic(err)
	}
	return b
}

// eventFrame is the broadcast form of an event; a scale answer's value is left out so nobody
// learns another's answer.
func eventFrame(ev Event) []byte {
	if ev.Value != nil {
		ev.Value = nil
	}
	return mustJSON(struct {
		Type  string `json:"type"`
		Seq   int64  `json:"seq"`
		Event Event  `json:"event"`
	}{"event", ev.Seq, ev})
}

func snapshotFrame(st *State, now time.Time) []byte {
	return mustJSON(struct {
		Type  string `json:"type"`
		Seq   int64  `json:"seq"`
		Now   int64  `json:"now"`
		State *State `json:"state"`
	}{"snapshot", st.Seq, now.UnixMilli(), st})
}

func ackFrame(id string, seq int64) []byte {
	return mustJSON(struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		Seq  int64  `json:"seq"`
	}{"ack", id, seq})
}

func errorFrame(id string, fe *frameError, lang string) []byte {
	return mustJSON(struct {
		Type    string   `json:"type"`
		ID      string   `json:"id"`
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Kinds   []string `json:"kinds,omitempty"`
	}{"error", id, fe.code, fe.message(lang), fe.kinds})
}

func presenceFrame(people []person) []byte {
	return mustJSON(struct {
		Type   string   `json:"type"`
		People []person `json:"people"`
	}{"presence", people})
}

func reportFrame(meetingID int64) []byte {
	return mustJSON(struct {
		Type      string `json:"type"`
		MeetingID int64  `json:"meetingId"`
	}{"report", meetingID})
}

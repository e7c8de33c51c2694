package room

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Agreements that come back. The agreements (cards on the agreement board, with an owner and
// an optional date) of a group's closed meetings are listed again in the opening phase of its
// next meeting: the Directory supplies them when the room loads (PriorSource), the owner or the
// coach marks each one done or carried over (op agreement.mark, an event like any other, so it
// is durable, replayed and in the snapshot), and the report records the outcome. The server
// stores what the report says, in the same transaction as the report.

// Outcomes of an earlier agreement, as marked in the room; "" is not (yet) looked at.
const (
	OutcomeDone    = "done"
	OutcomeCarried = "carried"
)

// Prior is an agreement made in an earlier meeting of the group, as this meeting deals with
// it. ID is the agreement's id in the store; OwnerID the member it names (0 when not clear):
// that member and the coach may mark it.
type Prior struct {
	ID        int64  `json:"id"`
	Text      string `json:"text"`
	Owner     string `json:"owner,omitempty"`
	OwnerID   int64  `json:"ownerId,omitempty"`
	Due       string `json:"due,omitempty"`
	MeetingID int64  `json:"meetingId"`
	// Held is the date (YYYY-MM-DD, Amsterdam) of the meeting it was made in.
	Held string `json:"held"`
	// Carried tells it was carried over before, in an earlier meeting than this one.
	Carried bool `json:"carried,omitempty"`
	// Outcome is what this meeting decided: OutcomeDone, OutcomeCarried or "" (not looked at);
	// By and At who marked it and when (Unix ms).
	Outcome string `json:"outcome,omitempty"`
	By      int64  `json:"by,omitempty"`
	At      int64  `json:"at,omitempty"`
	// ByName names who marked it, in the report only.
	ByName string `json:"byName,omitempty"`
}

// PriorSource is what a Directory implements when it knows the open agreements of earlier
// meetings: the room asks once, when it loads. A Directory without it lists none.
type PriorSource interface {
	Prior(ctx context.Context, meetingID int64) ([]Prior, error)
}

// priorFrame holds the fields of an agreement.mark frame, embedded in inFrame.
type priorFrame struct {
	Agreement *int64  `json:"agreement"`
	Outcome   *string `json:"outcome"`
}

// priorEvent holds the fields of an agreement.mark event, embedded in Event.
type priorEvent struct {
	Agreement int64  `json:"agreement,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
}

// withPrior adds the earlier agreements to a looked-up meeting, when the directory knows them.
func (reg *Registry) withPrior(ctx context.Context, m Meeting) (Meeting, error) {
	src, ok := reg.dir.(PriorSource)
	if !ok {
		return m, nil
	}
	prior, err := src.Prior(ctx, m.ID)
	if err != nil {
		return m, fmt.Errorf("room: earlier agreements of meeting %d: %w", m.ID, err)
	}
	m.Prior = prior
	return m, nil
}

// markPrior checks an agreement.mark: the agreement is one this meeting lists, the outcome is
// known, and the sender is its owner or the coach.
func (d *decider) markPrior(f *inFrame, ev *Event) *frameError {
	if f.Agreement == nil {
		return ferr(CodeMissingField, "missing_field", "agreement")
	}
	if f.Outcome == nil {
		return ferr(CodeMissingField, "missing_field", "outcome")
	}
	p := d.st.prior(*f.Agreement)
	if p == nil {
		return ferr(CodeNotFound, "agreement_not_found")
	}
	switch *f.Outcome {
	case OutcomeDone, OutcomeCarried, "":
	default:
		return ferr(CodeInvalid, "bad_outcome")
	}
	if !d.coach() && (p.OwnerID == 0 || p.OwnerID != d.p.UserID) {
		return ferr(CodeForbidden, "not_agreement_owner")
	}
	if p.Outcome == *f.Outcome {
		return ferr(codeNoop, "")
	}
	ev.Agreement, ev.Outcome = p.ID, *f.Outcome
	return nil
}

// prior finds an earlier agreement by id, or nil.
func (s *State) prior(id int64) *Prior {
	for i := range s.Prior {
		if s.Prior[i].ID == id {
			return &s.Prior[i]
		}
	}
	return nil
}

// applyMark records an agreement.mark in the state; a mark of an agreement no longer listed
// changes nothing.
func (s *State) applyMark(ev Event) {
	if p := s.prior(ev.Agreement); p != nil {
		p.Outcome, p.By, p.At = ev.Outcome, ev.By, ev.At
		if ev.Outcome == "" {
			p.By, p.At = 0, 0
		}
	}
}

// ownerID is the member an agreement's owner names: the one whose name it is (ignoring case
// and spacing), or else the one whose first name it is; 0 when none or several fit.
func ownerID(members map[int64]string, owner string) int64 {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	want := norm(owner)
	if want == "" {
		return 0
	}
	match := func(fit func(name string) bool) int64 {
		var found []int64
		for id, name := range members {
			if id != 0 && name != "" && fit(norm(name)) {
				found = append(found, id)
			}
		}
		if len(found) != 1 {
			return 0
		}
		return found[0]
	}
	if id := match(func(n string) bool { return n == want }); id != 0 {
		return id
	}
	return match(func(n string) bool { f := strings.Fields(n); return len(f) > 0 && f[0] == want })
}

// outcomeLabel names an outcome in the verslag.
func outcomeLabel(outcome string, lang string) string {
	labels := map[string][2]string{
		OutcomeDone:    {"gedaan", "done"},
		OutcomeCarried: {"doorgeschoven naar de volgende keer", "carried over to next time"},
		"":             {"niet besproken, blijft open", "not discussed, stays open"},
	}
	return labels[outcome][langIndex(lang)]
}

// writePrior adds the section "Afspraken van de vorige keer" to the verslag: each earlier
// agreement with its owner, date and outcome. Nothing when there were none.
func writePrior(b *strings.Builder, prior []Prior, lang string, esc func(string) string) {
	if len(prior) == 0 {
		return
	}
	tr := func(nl, en string) string {
		if lang == "en" {
			return en
		}
		return nl
	}
	date := func(d string) string {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return esc(d)
		}
		return reportDate(t, lang)
	}
	fmt.Fprintf(b, "## %s\n\n", tr("Afspraken van de vorige keer", "Agreements from last time"))
	for _, p := range prior {
		line := esc(p.Text)
		if p.Owner != "" {
			line += " — " + tr("wie", "who") + ": " + esc(p.Owner)
		}
		if p.Due != "" {
			line += " — " + tr("uiterlijk", "by") + " " + date(p.Due)
		}
		if p.Held != "" {
			line += " — " + tr("afgesproken op", "agreed on") + " " + date(p.Held)
		}
		line += ": " + outcomeLabel(p.Outcome, lang)
		if p.Outcome != "" && p.ByName != "" {
			line += " (" + esc(p.ByName) + ")"
		}
		fmt.Fprintf(b, "- %s\n", line)
	}
	b.WriteString("\n")
}

// clonePrior copies the list of earlier agreements; never nil, so a snapshot always has it.
func clonePrior(p []Prior) []Prior {
	if p == nil {
		return []Prior{}
	}
	return slices.Clone(p)
}

// reportPrior is the list of earlier agreements as the report keeps it: with the name of who
// marked each one.
func reportPrior(prior []Prior, names map[int64]string) []Prior {
	out := clonePrior(prior)
	for i := range out {
		if out[i].Outcome != "" {
			out[i].ByName = names[out[i].By]
		}
	}
	return out
}

// priorMessage holds the error messages of agreement.mark, in Dutch and English.
func priorMessage(key string) ([2]string, bool) {
	switch key {
	case "agreement_not_found":
		return [2]string{"Deze afspraak staat niet op de lijst van deze bijeenkomst.", "This agreement is not on this meeting's list."}, true
	case "bad_outcome":
		return [2]string{"Kies gedaan of doorschuiven.", "Choose done or carry over."}, true
	case "not_agreement_owner":
		return [2]string{"Alleen wie de afspraak heeft of de coach kan haar afvinken.", "Only the agreement's owner or the coach can mark it."}, true
	}
	return [2]string{}, false
}

package room

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// setMethod gives the test meeting another method; call it before anyone connects.
func (e *env) setMethod(m MethodInfo) {
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	mt := e.dir.m[e.meeting]
	mt.Method = m
	e.dir.m[e.meeting] = mt
}

// raw reads frames as text until one contains want, and returns everything read.
func (c *wsClient) rawUntil(want string) string {
	c.t.Helper()
	var all strings.Builder
	for {
		_ = c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			c.t.Fatalf("user %d read: %v (waiting for %q; got %s)", c.user, err, want, all.String())
		}
		all.Write(data)
		all.WriteByte('\n')
		if strings.Contains(string(data), want) {
			return all.String()
		}
	}
}

func TestCardOnClosedBoardIsRefused(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a := e.dial(coachID), e.dial(annaID)
	coach.hello(0)
	a.hello(0)
	// Before the start every board is open: people bring cases in advance.
	a.ok("card.add", map[string]any{"board": "success", "text": "vooraf"})
	coach.ok("meeting.start", nil)
	before := e.state()
	f := a.fail("card.add", map[string]any{"board": "success", "text": "te vroeg"})
	if f.Code != CodeBoardClosed || f.Message != "Het bord Succesfactoren is in deze fase dicht. De coach kan het openen." {
		t.Fatalf("card on a closed board: %+v", f)
	}
	if after := e.state(); after.Seq != before.Seq || len(after.Cards) != len(before.Cards) {
		t.Fatalf("refused card changed the room: seq %d → %d", before.Seq, after.Seq)
	}
	if f := a.fail("board.open", map[string]any{"board": "success"}); f.Code != CodeForbidden {
		t.Fatalf("participant opens a board: %+v", f)
	}
	if f := coach.fail("board.open", map[string]any{"board": "case"}); f.Code != CodeInvalid {
		t.Fatalf("open an open board: %+v", f)
	}
	// The coach opens it by hand for the rest of the phase; the opening replays.
	coach.ok("board.open", map[string]any{"board": "success"})
	a.ok("card.add", map[string]any{"board": "success", "text": "nu wel"})
	late := e.dial(bramID)
	if st := late.hello(0).state(); len(st.Opened) != 1 || st.Opened[0] != BoardSuccess {
		t.Fatalf("opened boards in the snapshot: %v", st.Opened)
	}
	e.stop()
	e.start()
	if st := e.state(); !st.BoardOpen(BoardSuccess) {
		t.Fatal("board opened by hand is closed again after a restart")
	}
	coach, a = e.dial(coachID), e.dial(annaID, "lang=en")
	coach.n, a.n = 100, 100 // new ids: the old ones are remembered across the restart
	coach.hello(0)
	a.hello(0)
	coach.ok("phase.next", nil)
	if f := a.fail("card.add", map[string]any{"board": "success", "text": "volgende fase"}); f.Code != CodeBoardClosed ||
		f.Message != "The board Success factors is closed in this phase. The coach can open it." {
		t.Fatalf("opened board stays open in the next phase: %+v", f)
	}
}

func TestVoteOutsideVotingPhaseIsRefused(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	c1 := a.ok("card.add", map[string]any{"board": "case", "text": "casus"})
	if f := b.fail("card.vote", map[string]any{"card": c1}); f.Code != CodeNotVoting || f.Message != "In deze fase wordt niet gestemd." {
		t.Fatalf("vote before the start: %+v", f)
	}
	coach.ok("meeting.start", nil) // phase 0 votes on cases
	coach.ok("board.open", map[string]any{"board": "success"})
	s1 := a.ok("card.add", map[string]any{"board": "success", "text": "succes"})
	if f := b.fail("card.vote", map[string]any{"card": s1}); f.Code != CodeNotVoting || f.Message != "In deze fase stem je op Casussen." {
		t.Fatalf("vote on another board: %+v", f)
	}
	b.ok("card.vote", map[string]any{"card": c1})
	coach.ok("phase.next", nil) // no vote in phase 1
	before := e.state()
	if f := b.fail("card.vote", map[string]any{"card": c1}); f.Code != CodeNotVoting {
		t.Fatalf("vote in a phase without a vote: %+v", f)
	}
	if f := b.fail("card.unvote", map[string]any{"card": c1}); f.Code != CodeNotVoting {
		t.Fatalf("unvote in a phase without a vote: %+v", f)
	}
	if after := e.state(); after.Seq != before.Seq || after.Card(c1).VoteCount() != 1 {
		t.Fatalf("refused votes changed the room: %+v", after.Card(c1))
	}
}

// successenEnKnelpunten is the demo method's core: silent knelpunten, then a vote on them.
var successenEnKnelpunten = MethodInfo{Slug: "successen-en-knelpunten", Name: "Successen en knelpunten", Phases: []PhaseInfo{
	{ID: "knelpunten", Name: "Knelpunten", Minutes: 15, Boards: []string{BoardBottleneck}, Silent: true},
	{ID: "knelpunt-kiezen", Name: "Knelpunt kiezen", Minutes: 5, Boards: []string{}, Vote: BoardBottleneck, Votes: 2},
	{ID: "knelpunt-uitwerken", Name: "Knelpunt uitwerken", Minutes: 20, Boards: []string{BoardSuccess}},
}}

func TestKnelpuntVotedOnInKnelpuntKiezen(t *testing.T) {
	e := newEnv(t, Config{})
	e.setMethod(successenEnKnelpunten)
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	coach.ok("meeting.start", nil)
	k1 := a.ok("card.add", map[string]any{"board": "bottleneck", "text": "Geen tijd door de wachtlijst"})
	k2 := b.ok("card.add", map[string]any{"board": "bottleneck", "text": "Collega's kennen SNV niet"})
	coach.ok("phase.next", nil) // Knelpunt kiezen: the knelpunten are revealed, the vote opens
	st := e.state()
	if st.VoteBoard() != BoardBottleneck || st.Card(k1).Hidden || st.Card(k2).Hidden {
		t.Fatalf("knelpunt kiezen: vote on %q, hidden %v %v", st.VoteBoard(), st.Card(k1).Hidden, st.Card(k2).Hidden)
	}
	a.ok("card.vote", map[string]any{"card": k2})
	b.ok("card.vote", map[string]any{"card": k2})
	b.ok("card.vote", map[string]any{"card": k1})
	if f := b.fail("card.vote", map[string]any{"card": k1}); f.Code != CodeVoteLimit || !strings.Contains(f.Message, "2 stemmen") {
		t.Fatalf("third vote with two per person: %+v", f)
	}
	// Until the coach reveals the result, each person sees only their own dots.
	late := e.dial(annaID)
	for _, c := range late.hello(0).state().Cards {
		for u := range c.Votes {
			if u != annaID {
				t.Fatalf("Anna sees %d's vote before the reveal: %+v", u, c.Votes)
			}
		}
	}
	if got := e.dial(coachID).hello(0).state(); len(got.Cards[1].Votes) != 2 {
		t.Fatalf("the coach sees the votes as they come: %+v", got.Cards[1].Votes)
	}
	coach.ok("votes.reveal", nil)
	var rev Event
	for rev.Op != "votes.reveal" {
		rev = a.next("event").event()
	}
	if rev.Tally[k2][annaID] != 1 || rev.Tally[k2][bramID] != 1 || rev.Tally[k1][bramID] != 1 {
		t.Fatalf("revealed tally %+v", rev.Tally)
	}
	coach.ok("card.discuss", map[string]any{"card": k2})
	coach.ok("phase.next", nil)
	st = e.state()
	if c := st.Card(k2); !c.Discussed || c.VoteCount() != 2 || st.Card(k1).VoteCount() != 1 {
		t.Fatalf("chosen knelpunt not carried into the next phase: %+v", c)
	}
	if f := a.fail("card.vote", map[string]any{"card": k1}); f.Code != CodeNotVoting {
		t.Fatalf("vote after the voting phase: %+v", f)
	}
}

func TestHiddenCardsAreNotSentBeforeReveal(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	coach.ok("meeting.start", nil)
	coach.ok("phase.next", nil) // Vragen: silent ideas
	const secret = "Mijn stille diagnose"
	id := a.do("card.add", map[string]any{"board": "idea", "text": secret})
	mine := a.rawUntil(`"id":"` + id + `"`)
	if !strings.Contains(mine, secret) {
		t.Fatalf("the author does not see her own hidden card: %s", mine)
	}
	for _, c := range []*wsClient{b, coach} {
		got := c.rawUntil(`"hidden":true`)
		if strings.Contains(got, secret) {
			t.Fatalf("user %d got the hidden text live: %s", c.user, got)
		}
	}
	a.ok("card.edit", map[string]any{"card": e.state().Seq, "text": secret + " (bijgewerkt)"})
	if got := b.rawUntil(`"card.edit"`); strings.Contains(got, secret) {
		t.Fatalf("edit of a hidden card leaked: %s", got)
	}
	// Neither a snapshot nor a replay carries it.
	fresh := e.dial(bramID)
	fresh.send(map[string]any{"op": "hello", "since": 0})
	if got := fresh.rawUntil(`"snapshot"`); strings.Contains(got, secret) {
		t.Fatalf("snapshot leaked the hidden text: %s", got)
	}
	replayed := e.dial(bramID)
	replayed.send(map[string]any{"op": "hello", "since": 2})
	if got := replayed.rawUntil(`"card.edit"`); strings.Contains(got, secret) {
		t.Fatalf("replay leaked the hidden text: %s", got)
	}
	if f := b.fail("card.vote", map[string]any{"card": e.state().Seq - 1}); f.Code != CodeNotVoting {
		t.Fatalf("vote in a phase without vote: %+v", f)
	}
	coach.ok("cards.reveal", nil)
	if got := b.rawUntil(`"cards.reveal"`); !strings.Contains(got, secret+" (bijgewerkt)") {
		t.Fatalf("the reveal does not carry the text: %s", got)
	}
	if f := coach.fail("cards.reveal", nil); f.Code != CodeInvalid {
		t.Fatalf("reveal with nothing hidden: %+v", f)
	}
}

func TestHandRaiseTwiceIsANoop(t *testing.T) {
	e := newEnv(t, Config{})
	a := e.dial(annaID)
	a.hello(0)
	first := a.ok("hand.raise", nil)
	if again := a.ok("hand.raise", nil); again != first {
		t.Fatalf("second raise made event %d", again)
	}
	if st := e.state(); st.Seq != first || len(st.Hands) != 1 {
		t.Fatalf("seq %d hands %+v", st.Seq, st.Hands)
	}
}

func TestReportKeepsMergedTextsApart(t *testing.T) {
	m := Meeting{ID: 1, CoachID: coachID, Title: "T", Members: map[int64]string{coachID: "Coach Cor", annaID: "Anna"}, Method: testMethod}
	evs := []Event{
		{Seq: 1, Op: "card.add", By: annaID, Name: "Anna", Board: BoardCase, Text: "Geen tijd"},
		{Seq: 2, Op: "card.add", By: annaID, Name: "Anna", Board: BoardCase, Text: "Wachtlijst"},
		{Seq: 3, Op: "card.add", By: annaID, Name: "Anna", Board: BoardCase, Text: "Te veel cliënten"},
		{Seq: 4, Op: "card.merge", By: coachID, Card: 1, From: 2, Text: "Geen tijd\n\nWachtlijst"},
		{Seq: 5, Op: "card.merge", By: coachID, Card: 3, From: 1, Text: "Tijd"},
	}
	md := BuildReport(Fold(m, evs), nil, time.Minute).Markdown("nl", nil)
	want := "- Casus: samengevoegd uit 3 kaartjes (Anna):\n  - Te veel cliënten\n  - Geen tijd\n  - Wachtlijst\n"
	if !strings.Contains(md, want) {
		t.Fatalf("merged texts not kept apart; want\n%s\nin\n%s", want, md)
	}
	if !strings.Contains(md, "### Vooraf") || !strings.Contains(md, "## Afwezig\n\n- Anna\n- Coach Cor") {
		t.Fatalf("report:\n%s", md)
	}
}

// In an anonymous meeting no frame, snapshot, replay or report tells anyone but the author who
// wrote a card.
func TestAnonymousAuthorsAreSentToNobody(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	coach.ok("meeting.anonymous", map[string]any{"on": true})
	c1 := a.ok("card.add", map[string]any{"board": "case", "text": "Anoniem een"})
	a.ok("card.edit", map[string]any{"card": c1, "text": "Anoniem een (bijgewerkt)"})
	c2 := a.ok("card.add", map[string]any{"board": "case", "text": "Anoniem twee"})
	a.ok("card.remove", map[string]any{"card": c2})
	coach.ok("meeting.start", nil)
	coach.ok("phase.next", nil) // silent ideas: hidden and anonymous at once
	a.ok("card.add", map[string]any{"board": "idea", "text": "Stil en anoniem"})
	leaks := func(who string, frames string) {
		t.Helper()
		var cards []string // presence frames name everyone who is here, by design
		for _, line := range strings.Split(frames, "\n") {
			if !strings.HasPrefix(line, `{"type":"presence"`) {
				cards = append(cards, line)
			}
		}
		frames = strings.Join(cards, "\n")
		for _, bad := range []string{`"authorName":"Anna"`, `"author":2`, `"by":2`, `"name":"Anna"`} {
			if strings.Contains(frames, bad) {
				t.Errorf("%s got %s:\n%s", who, bad, frames)
			}
		}
	}
	last := e.state().Seq
	want := `"seq":` + fmt.Sprint(last) + `,`
	for _, c := range []*wsClient{b, coach} {
		leaks(fmt.Sprintf("live events to user %d", c.user), c.rawUntil(want))
	}
	// The author herself still sees her cards as hers.
	mineConn := e.dial(annaID)
	mineConn.send(map[string]any{"op": "hello", "since": 1})
	if mine := mineConn.rawUntil(want); !strings.Contains(mine, `"by":2`) || !strings.Contains(mine, "Stil en anoniem") {
		t.Errorf("the author's own events lack her id: %s", mine)
	}
	if f := coach.fail("meeting.anonymous", map[string]any{"on": false}); f.Code != CodeInvalid {
		t.Fatalf("switching after cards were written: %+v", f)
	}
	for _, since := range []int64{0, 1} {
		c := e.dial(bramID)
		c.send(map[string]any{"op": "hello", "since": since})
		leaks(fmt.Sprintf("hello since %d", since), c.rawUntil(want))
		cc := e.dial(coachID)
		cc.send(map[string]any{"op": "hello", "since": since})
		leaks(fmt.Sprintf("coach hello since %d", since), cc.rawUntil(want))
	}
	own := e.dial(annaID)
	if st := own.hello(0).state(); st.Card(c1) == nil || st.Card(c1).Author != annaID {
		t.Fatalf("the author lost her own card's authorship: %+v", st.Card(c1))
	}
	coach.ok("meeting.close", nil)
	for {
		if f := b.next("event", "report"); f.Type == "report" {
			break
		}
	}
	md, data, _, err := e.store.Report(context.Background(), e.meeting)
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Anoniem een \\(bijgewerkt\\)") || strings.Contains(md, "(Anna)") ||
		!strings.Contains(rep.Text("nl", nil), "- Casus: Anoniem een (bijgewerkt)\n") {
		t.Errorf("report:\n%s", md)
	}
	leaks("the report's data", string(data))
	if strings.Contains(string(data), `"author":"Anna"`) {
		t.Errorf("report data names the author: %s", data)
	}
}

// A report stored before the verslag had phases (only per-board lists) still shows its cards.
func TestOldReportsStillShowTheirCards(t *testing.T) {
	old := Report{Title: "Oud", Cases: []ReportCard{{ID: 1, Text: "Oude casus", Author: "Anna", Votes: 2, Discussed: true}},
		Bottlenecks: []ReportCard{{ID: 2, Text: "Oud knelpunt", Theme: "tijd"}}}
	md := old.Text("nl", nil)
	for _, want := range []string{"## Casussen\n\n- Oude casus — 2 stemmen — besproken (Anna)\n", "## Knelpunten\n\n- Oud knelpunt — thema: Tijd\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("old report lacks %q:\n%s", want, md)
		}
	}
}

package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/demo"
	"kring/server/room"
	"kring/server/store"
)

// roomConn is a signed-in person's websocket to one meeting's room, for tests that act in it.
type roomConn struct {
	t    *testing.T
	conn *websocket.Conn
	who  string
	n    int
}

// roomFrame is any server frame, decoded loosely.
type roomFrame struct {
	Type  string          `json:"type"`
	ID    string          `json:"id"`
	Seq   int64           `json:"seq"`
	Code  string          `json:"code"`
	State json.RawMessage `json:"state"`
}

// dialRoom opens meeting id's room as the signed-in client hc and returns the connection with
// its snapshot's state.
func dialRoom(t *testing.T, base string, hc *http.Client, who string, id int64) (*roomConn, room.State) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(base, "http") + "/meetings/" + strconv.FormatInt(id, 10) + "/ws"
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, resp, err := d.Dial(u, wsHeader(hc, base, base))
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("%s: dial the room of meeting %d: %v (status %d)", who, id, err, status)
	}
	t.Cleanup(func() { conn.Close() })
	rc := &roomConn{t: t, conn: conn, who: who}
	if err := conn.WriteJSON(map[string]any{"op": "hello", "since": 0}); err != nil {
		t.Fatal(err)
	}
	f := rc.until("snapshot")
	var st room.State
	if err := json.Unmarshal(f.State, &st); err != nil {
		t.Fatal(err)
	}
	return rc, st
}

func (rc *roomConn) read() roomFrame {
	rc.t.Helper()
	_ = rc.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var f roomFrame
	if err := rc.conn.ReadJSON(&f); err != nil {
		rc.t.Fatalf("%s: read: %v", rc.who, err)
	}
	return f
}

// until reads frames until one of the given type.
func (rc *roomConn) until(typ string) roomFrame {
	rc.t.Helper()
	for {
		if f := rc.read(); f.Type == typ {
			return f
		}
	}
}

// act sends an action and returns the ack or error frame that answers it.
func (rc *roomConn) act(op string, fields map[string]any) roomFrame {
	rc.t.Helper()
	rc.n++
	// Client ids are unique per person and meeting across connections, as room.js makes them.
	id := fmt.Sprintf("%s-%d-%d", strings.Split(rc.who, "@")[0], time.Now().UnixNano(), rc.n)
	msg := map[string]any{"op": op, "id": id}
	for k, v := range fields {
		msg[k] = v
	}
	if err := rc.conn.WriteJSON(msg); err != nil {
		rc.t.Fatal(err)
	}
	for {
		if f := rc.read(); (f.Type == "ack" || f.Type == "error") && f.ID == id {
			return f
		}
	}
}

// ok sends an action that must be acknowledged.
func (rc *roomConn) ok(op string, fields map[string]any) {
	rc.t.Helper()
	if f := rc.act(op, fields); f.Type != "ack" {
		rc.t.Fatalf("%s: %s %v refused: %+v", rc.who, op, fields, f)
	}
}

// agreementWorld is a fresh group (coach and two demo trainees) with three planned meetings a
// week apart, and a second group of the same people with one meeting in between.
type agreementWorld struct {
	ts                   *testServer
	base                 string
	group, other         int64
	m1, m2, m3, otherMtg int64
	sanne, youssef       int64
	http                 map[string]*http.Client
}

func newAgreementWorld(t *testing.T) *agreementWorld {
	t.Helper()
	ts, base := liveServer(t)
	ctx := context.Background()
	w := &agreementWorld{ts: ts, base: base, http: map[string]*http.Client{}}
	coach := ts.userID("coach@kring.example")
	w.sanne, w.youssef = ts.userID("deelnemer1@kring.example"), ts.userID("deelnemer2@kring.example")
	var err error
	for _, g := range []*int64{&w.group, &w.other} {
		if *g, err = ts.store.CreateGroup(ctx, fmt.Sprintf("Afsprakengroep %p", g), "", coach); err != nil {
			t.Fatal(err)
		}
		for _, u := range []int64{w.sanne, w.youssef} {
			if err := ts.store.AddMember(ctx, *g, u); err != nil {
				t.Fatal(err)
			}
		}
	}
	start := time.Now().Add(time.Hour).Truncate(time.Minute)
	plan := func(g int64, weeks int) int64 {
		id, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: g, Title: fmt.Sprintf("Week %d", weeks), Method: demo.Method,
			StartsAt: start.AddDate(0, 0, 7*weeks), Minutes: 90, Location: "Zaal", By: coach})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.m1, w.m2, w.m3 = plan(w.group, 0), plan(w.group, 2), plan(w.group, 4)
	w.otherMtg = plan(w.other, 3)
	for _, e := range []string{"coach@kring.example", "deelnemer1@kring.example", "deelnemer2@kring.example"} {
		w.http[e] = signInHTTP(t, base, e)
	}
	return w
}

func (w *agreementWorld) dial(t *testing.T, email string, meeting int64) (*roomConn, room.State) {
	t.Helper()
	return dialRoom(t, w.base, w.http[email], email, meeting)
}

// home is the signed-in home page of a demo account, as HTML.
func (w *agreementWorld) home(t *testing.T, email string) string {
	t.Helper()
	p := w.ts.as(email).get("/")
	if p.Status != http.StatusOK {
		t.Fatalf("%s: home page status %d", email, p.Status)
	}
	return p.Body
}

// myAgreementTexts lists the texts under "Mijn afspraken" on a home page.
func myAgreementTexts(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, li := range parseHTML(t, body).findAll("li") {
		if strings.Contains(" "+li.attr("class")+" ", " kring-agreements__item ") {
			out = append(out, strings.TrimSpace(li.find("p").textOf()))
		}
	}
	return out
}

func priorTexts(st room.State) map[string]room.Prior {
	out := map[string]room.Prior{}
	for _, p := range st.Prior {
		out[p.Text] = p
	}
	return out
}

// closeMeeting closes a meeting as its coach and waits until the report is stored.
func (w *agreementWorld) closeMeeting(t *testing.T, coach *roomConn, id int64) string {
	t.Helper()
	coach.ok(room.OpMeetingClose, nil)
	deadline := time.Now().Add(5 * time.Second)
	for {
		md, _, _, err := w.ts.store.Report(context.Background(), id)
		if err == nil {
			return md
		}
		if time.Now().After(deadline) {
			t.Fatalf("no report of meeting %d: %v", id, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An agreement made in one meeting comes back in the group's next meeting (not in another
// group's), where its owner marks it done (another participant may not) and the coach carries
// another over; the marks survive the room being reloaded from its events; after the close
// the done one has left its owner's "Mijn afspraken", the carried one is still there and comes
// back at the meeting after, and the report records what happened to each.
func TestAgreementsComeBack(t *testing.T) {
	w := newAgreementWorld(t)
	ctx := context.Background()

	// Meeting 1: three agreements, one for Sanne (by first name, with a date), one for
	// Youssef (by full name) and one nobody owns.
	coach, _ := w.dial(t, "coach@kring.example", w.m1)
	coach.ok(room.OpMeetingStart, nil)
	due := time.Now().AddDate(0, 0, -3).Format(time.DateOnly) // already passed: overdue
	coach.ok(room.OpCardAdd, map[string]any{"board": "agreement", "text": "Netwerkkaart maken met mevrouw", "owner": "sanne", "due": due})
	coach.ok(room.OpCardAdd, map[string]any{"board": "agreement", "text": "Wijkagent bellen", "owner": "Youssef El Idrissi"})
	coach.ok(room.OpCardAdd, map[string]any{"board": "agreement", "text": "Zaal reserveren"})
	w.closeMeeting(t, coach, w.m1)

	// A report saved again (a crash between the report and its broadcast) doubles nothing.
	md, data, _, err := w.ts.store.Report(ctx, w.m1)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ts.store.SaveReport(ctx, w.m1, md, data); err != nil {
		t.Fatal(err)
	}
	if as, err := w.ts.store.AgreementsForMeeting(ctx, w.m2); err != nil || len(as) != 3 {
		t.Fatalf("meeting 2 looks back at %d agreements (%v), want 3", len(as), err)
	}

	// Mijn afspraken: each owner sees their own, with the overdue one marked; nobody else's.
	sanneHome := w.home(t, "deelnemer1@kring.example")
	if got := myAgreementTexts(t, sanneHome); len(got) != 1 || got[0] != "Netwerkkaart maken met mevrouw" {
		t.Fatalf("Sanne's agreements on her home page: %q", got)
	}
	if !strings.Contains(sanneHome, "kring-agreements__item--overdue") || !strings.Contains(sanneHome, "te laat") {
		t.Error("Sanne's overdue agreement is not marked as overdue")
	}
	if got := myAgreementTexts(t, w.home(t, "deelnemer2@kring.example")); len(got) != 1 || got[0] != "Wijkagent bellen" {
		t.Fatalf("Youssef's agreements on his home page: %q", got)
	}
	for _, got := range myAgreementTexts(t, w.home(t, "deelnemer3@kring.example")) {
		if strings.Contains(got, "Netwerkkaart maken met mevrouw") || strings.Contains(got, "Wijkagent bellen") || strings.Contains(got, "Zaal reserveren") {
			t.Errorf("someone else sees %q among their own agreements", got)
		}
	}
	if got := myAgreementTexts(t, w.home(t, w.ts.outsider())); len(got) != 0 {
		t.Fatalf("someone in no group sees agreements: %q", got)
	}

	// Meeting 2 of the same group lists all three; the other group's meeting none.
	_, other := w.dial(t, "deelnemer1@kring.example", w.otherMtg)
	if len(other.Prior) != 0 {
		t.Fatalf("another group's meeting lists %d earlier agreements", len(other.Prior))
	}
	coach, st := w.dial(t, "coach@kring.example", w.m2)
	sanne, _ := w.dial(t, "deelnemer1@kring.example", w.m2)
	youssef, _ := w.dial(t, "deelnemer2@kring.example", w.m2)
	prior := priorTexts(st)
	kaart, bellen, zaal := prior["Netwerkkaart maken met mevrouw"], prior["Wijkagent bellen"], prior["Zaal reserveren"]
	if len(prior) != 3 || kaart.OwnerID != w.sanne || kaart.Due != due || bellen.OwnerID != w.youssef || zaal.OwnerID != 0 || zaal.ID == 0 {
		t.Fatalf("meeting 2's earlier agreements: %+v", st.Prior)
	}
	coach.ok(room.OpMeetingStart, nil)

	refusals := []struct {
		name   string
		by     *roomConn
		fields map[string]any
		code   string
	}{
		{"someone else's agreement", youssef, map[string]any{"agreement": kaart.ID, "outcome": "done"}, room.CodeForbidden},
		{"an agreement without owner", sanne, map[string]any{"agreement": zaal.ID, "outcome": "done"}, room.CodeForbidden},
		{"an unknown agreement", coach, map[string]any{"agreement": 999999, "outcome": "done"}, room.CodeNotFound},
		{"an unknown outcome", sanne, map[string]any{"agreement": kaart.ID, "outcome": "half"}, room.CodeInvalid},
		{"no outcome", sanne, map[string]any{"agreement": kaart.ID}, room.CodeMissingField},
	}
	for _, r := range refusals {
		if f := r.by.act(room.OpAgreementMark, r.fields); f.Type != "error" || f.Code != r.code {
			t.Errorf("%s: %+v, want an error frame with code %s", r.name, f, r.code)
		}
	}
	sanne.ok(room.OpAgreementMark, map[string]any{"agreement": kaart.ID, "outcome": "done"})
	coach.ok(room.OpAgreementMark, map[string]any{"agreement": bellen.ID, "outcome": "carried"})

	// Everyone leaves and the coach comes back: the snapshot has the marks. (The room package's
	// TestAgreementMarksSurviveARestart restarts the registry itself.)
	for _, c := range []*roomConn{coach, sanne, youssef} {
		c.conn.Close()
	}
	coach, st = w.dial(t, "coach@kring.example", w.m2)
	prior = priorTexts(st)
	if p := prior["Netwerkkaart maken met mevrouw"]; p.Outcome != room.OutcomeDone || p.By != w.sanne {
		t.Fatalf("after reloading, the done mark is %+v", p)
	}
	if p := prior["Wijkagent bellen"]; p.Outcome != room.OutcomeCarried {
		t.Fatalf("after reloading, the carried mark is %+v", p)
	}
	md = w.closeMeeting(t, coach, w.m2)
	for _, want := range []string{"## Afspraken van de vorige keer", "Netwerkkaart maken met mevrouw", "gedaan (Sanne Visser)",
		"Wijkagent bellen", "doorgeschoven naar de volgende keer (Hanneke de Wit)", "Zaal reserveren", "niet besproken, blijft open"} {
		if !strings.Contains(md, want) {
			t.Errorf("meeting 2's report lacks %q:\n%s", want, md)
		}
	}

	// The store follows the report: done with where and by whom; carried stays open.
	byText := map[string]store.Agreement{}
	for _, id := range []int64{w.sanne, w.youssef} {
		as, err := w.ts.store.OpenAgreementsOf(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			byText[a.Text] = a
		}
	}
	if _, open := byText["Netwerkkaart maken met mevrouw"]; open {
		t.Error("the agreement marked done is still open")
	}
	if a := byText["Wijkagent bellen"]; a.Status != store.AgreementCarried || a.CarriedMeetingID != w.m2 {
		t.Errorf("the carried agreement is %+v", a)
	}
	if got := myAgreementTexts(t, w.home(t, "deelnemer1@kring.example")); len(got) != 0 {
		t.Errorf("Sanne's home page still lists %q after she marked it done", got)
	}
	youssefHome := w.home(t, "deelnemer2@kring.example")
	if got := myAgreementTexts(t, youssefHome); len(got) != 1 || got[0] != "Wijkagent bellen" || !strings.Contains(youssefHome, "doorgeschoven") {
		t.Errorf("Youssef's home page after meeting 2: %q", got)
	}

	// Meeting 3: the carried one and the one nobody looked at come back; the done one does not.
	_, st = w.dial(t, "deelnemer2@kring.example", w.m3)
	prior = priorTexts(st)
	if len(prior) != 2 || !prior["Wijkagent bellen"].Carried || prior["Zaal reserveren"].ID != zaal.ID {
		t.Fatalf("meeting 3's earlier agreements: %+v", st.Prior)
	}
}

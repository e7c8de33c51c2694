package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"kring/server/demo"
	"kring/server/store"
)

var plannedLocRe = regexp.MustCompile(`^/meetings/(\d+)/planned$`)

// planForm is a valid planning form for the demo group, starting at local 14:00 on day.
func planForm(day time.Time, extra ...string) url.Values {
	f := url.Values{"title": {"Reeks Noord"}, "date": {day.Format("2006-01-02")}, "time": {"14:00"}, "method": {demo.Method},
		"format": {"in_person"}, "location": {"Wijkcentrum De Schakel"}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

// dstDay returns a Monday 13 days before the spring daylight-saving change of next year, so a
// series every 2 weeks crosses it.
func dstDay(t *testing.T, ams *time.Location) time.Time {
	t.Helper()
	y := time.Now().Year() + 1
	d := time.Date(y, 3, 31, 12, 0, 0, 0, ams)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d.AddDate(0, 0, -13)
}

func parseICS(t *testing.T, body string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the .ics does not parse: %v\n%s", err, body)
	}
	return cal
}

func icsMethod(cal *ics.Calendar) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			return p.Value
		}
	}
	return ""
}

// A coach plans a series across a daylight-saving change: a confirmation page (not the room),
// every meeting at 14:00 in Amsterdam in the store and in the .ics (parsed back by the same
// library); moving one raises its SEQUENCE only; changing "this and later" moves the later ones
// and leaves the earlier one; cancelling gives METHOD:CANCEL; a closed meeting cannot be moved.
func TestMeetingSeriesPlanEditCancel(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	gid := ts.demoMeeting().GroupID
	gPath := "/groups/" + strconv.FormatInt(gid, 10)
	coach := ts.as("coach@kring.example")
	first := dstDay(t, ams)

	p := coach.post(gPath+"/meetings", planForm(first, "every", "2", "count", "4"))
	m := plannedLocRe.FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("plan series: status %d location %q, want 303 to the confirmation page", p.Status, p.Location)
	}
	firstID, _ := strconv.ParseInt(m[1], 10, 64)
	fm, err := ts.store.Meeting(ctx, firstID)
	if err != nil || fm.SeriesID == 0 {
		t.Fatalf("first meeting %+v (%v): not in a series", fm, err)
	}
	series, _ := ts.store.MeetingsOfSeries(ctx, fm.SeriesID)
	if len(series) != 4 {
		t.Fatalf("%d meetings in the series, want 4", len(series))
	}
	offsets := map[int]bool{}
	for i, sm := range series {
		l := sm.StartsAt.In(ams)
		want := time.Date(first.Year(), first.Month(), first.Day()+14*i, 14, 0, 0, 0, ams)
		if !l.Equal(want) {
			t.Errorf("meeting %d starts %v, want %v", i, l, want)
		}
		_, off := l.Zone()
		offsets[off] = true
	}
	if len(offsets) != 2 {
		t.Fatalf("the series does not cross a daylight-saving change (offsets %v): the test proves nothing", offsets)
	}
	conf := coach.get(p.Location)
	if conf.Status != http.StatusOK || !strings.Contains(conf.Body, "Reeks van 4 bijeenkomsten gepland") ||
		strings.Count(conf.Body, `/calendar.ics"`) < 5 || !strings.Contains(conf.Body, "/series/"+strconv.FormatInt(fm.SeriesID, 10)+"/calendar.ics") {
		t.Fatalf("confirmation page: status %d, lacks the title or the .ics links", conf.Status)
	}

	// The series .ics: four entries, 14:00 in Amsterdam on both sides of the change.
	sp := coach.get("/series/" + strconv.FormatInt(fm.SeriesID, 10) + "/calendar.ics")
	if sp.Status != http.StatusOK || !strings.HasPrefix(sp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("series .ics: status %d type %q", sp.Status, sp.Header.Get("Content-Type"))
	}
	cal := parseICS(t, sp.Body)
	if len(cal.Events()) != 4 || icsMethod(cal) != "PUBLISH" {
		t.Fatalf("series .ics: %d events, method %q", len(cal.Events()), icsMethod(cal))
	}
	for i, ev := range cal.Events() {
		st, err := ev.GetStartAt()
		if err != nil || !st.Equal(series[i].StartsAt) || st.In(ams).Hour() != 14 {
			t.Errorf("event %d starts %v (%v), want %v", i, st.In(ams), err, series[i].StartsAt.In(ams))
		}
		if p := ev.GetProperty(ics.ComponentPropertyOrganizer); p == nil || p.Value != "mailto:coach@kring.example" {
			t.Errorf("event %d organizer %v", i, p)
		}
		if n := len(ev.Attendees()); n != 6 {
			t.Errorf("event %d has %d attendees, want the 6 members", i, n)
		}
	}

	// Bad changes are refused with a message and change nothing.
	second := series[1]
	edit := "/meetings/" + strconv.FormatInt(second.ID, 10) + "/edit"
	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"http video link", planForm(first, "format", "online_video", "video_url", "http://meet.example/abc", "scope", "one"), "begint met https://"},
		{"javascript link", planForm(first, "format", "online_video", "video_url", "javascript:alert(1)", "scope", "one"), "begint met https://"},
		{"link in person", planForm(first, "video_url", "https://meet.example/abc", "scope", "one"), "Een bijeenkomst op locatie heeft geen videolink"},
		{"bad form", planForm(first, "format", "hologram", "scope", "one"), "Deze keuze is niet geldig."},
		{"bad scope", planForm(first, "scope", "all"), "Deze keuze is niet geldig."},
		{"past date", planForm(time.Now().AddDate(0, 0, -3), "scope", "one"), "Deze datum ligt in het verleden."},
	}
	for _, b := range bad {
		p := coach.post(edit, b.form)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, b.want) {
			t.Errorf("edit with %s: status %d, want 422 with %q", b.name, p.Status, b.want)
		}
	}
	if again, _ := ts.store.Meeting(ctx, second.ID); again.Sequence != 0 || !again.StartsAt.Equal(second.StartsAt) {
		t.Fatalf("a refused edit changed the meeting: %+v", again)
	}

	// Move only the second meeting a day later, to 15:30, online with a link.
	moved := second.StartsAt.In(ams).AddDate(0, 0, 1)
	p = coach.post(edit, planForm(moved, "time", "15:30", "format", "online_video", "location", "", "video_url", "https://meet.example/noord", "scope", "one"))
	if p.Status != http.StatusSeeOther || p.Location != "/meetings/"+strconv.FormatInt(second.ID, 10)+"/planned?changed=1" {
		t.Fatalf("move one: status %d location %q", p.Status, p.Location)
	}
	after, _ := ts.store.MeetingsOfSeries(ctx, fm.SeriesID)
	if l := after[1].StartsAt.In(ams); after[1].Sequence != 1 || l.Day() != moved.Day() || l.Hour() != 15 || l.Minute() != 30 ||
		!after[1].Online || !after[1].Video || after[1].VideoURL != "https://meet.example/noord" {
		t.Errorf("moved meeting: %+v at %v", after[1], l)
	}
	for _, i := range []int{0, 2, 3} {
		if after[i].Sequence != 0 || !after[i].StartsAt.Equal(series[i].StartsAt) {
			t.Errorf("meeting %d changed with a move of another one: %+v", i, after[i])
		}
	}
	one := coach.get("/meetings/" + strconv.FormatInt(second.ID, 10) + "/calendar.ics")
	ev := parseICS(t, one.Body).Events()
	if len(ev) != 1 || ev[0].GetProperty(ics.ComponentPropertySequence).Value != "1" {
		t.Fatalf("moved meeting's .ics lacks SEQUENCE:1:\n%s", one.Body)
	}
	if st, _ := ev[0].GetStartAt(); st.In(ams).Hour() != 15 || ev[0].Id() != calUID(second.ID) {
		t.Errorf("moved .ics starts %v with UID %q", st.In(ams), ev[0].Id())
	}

	// Change the third "and all later ones": one week later, 10:00, online without video.
	third := after[2]
	p = coach.post("/meetings/"+strconv.FormatInt(third.ID, 10)+"/edit",
		planForm(third.StartsAt.In(ams).AddDate(0, 0, 7), "time", "10:00", "format", "online_novideo", "location", "", "scope", "later", "title", "Later"))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("change later: status %d", p.Status)
	}
	whole, _ := ts.store.MeetingsOfSeries(ctx, fm.SeriesID)
	for i, w := range whole {
		l := w.StartsAt.In(ams)
		switch i {
		case 0, 1:
			if w.Title != "Reeks Noord" {
				t.Errorf("meeting %d before the changed one was changed: %+v", i, w)
			}
		default:
			want := series[i].StartsAt.In(ams).AddDate(0, 0, 7)
			if w.Title != "Later" || w.Sequence != 1 || l.Hour() != 10 || l.Day() != want.Day() || !w.Online || w.Video {
				t.Errorf("meeting %d not changed with the series: %+v at %v", i, w, l)
			}
		}
	}

	// Cancel the last one: METHOD:CANCEL in its .ics, SEQUENCE raised, no edit link any more.
	last := whole[3]
	p = coach.post("/meetings/"+strconv.FormatInt(last.ID, 10)+"/cancel", url.Values{"scope": {"one"}})
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "cancelled=1") {
		t.Fatalf("cancel: status %d location %q", p.Status, p.Location)
	}
	cp := coach.get("/meetings/" + strconv.FormatInt(last.ID, 10) + "/calendar.ics")
	cc := parseICS(t, cp.Body)
	if icsMethod(cc) != "CANCEL" || cc.Events()[0].GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" ||
		cc.Events()[0].GetProperty(ics.ComponentPropertySequence).Value != "2" {
		t.Errorf("cancelled .ics:\n%s", cp.Body)
	}
	if p := coach.post("/meetings/"+strconv.FormatInt(last.ID, 10)+"/edit", planForm(first, "scope", "one")); p.Status != http.StatusConflict ||
		!strings.Contains(p.Body, "kan niet meer worden gewijzigd") {
		t.Errorf("edit of a cancelled meeting: status %d, want 409 with a message", p.Status)
	}
	// A closed meeting cannot be moved either.
	if err := ts.store.SetMeetingStatus(ctx, whole[0].ID, "closed", time.Now()); err != nil {
		t.Fatal(err)
	}
	if p := coach.post("/meetings/"+strconv.FormatInt(whole[0].ID, 10)+"/edit", planForm(first, "scope", "one")); p.Status != http.StatusConflict {
		t.Errorf("move of a closed meeting: status %d, want 409", p.Status)
	}
	if c, _ := ts.store.Meeting(ctx, whole[0].ID); !c.StartsAt.Equal(whole[0].StartsAt) {
		t.Error("a closed meeting was moved")
	}

	// Members may download the .ics but not change or cancel; outsiders see nothing.
	member := ts.as("deelnemer1@kring.example")
	if p := member.get("/meetings/" + strconv.FormatInt(second.ID, 10) + "/calendar.ics"); p.Status != http.StatusOK {
		t.Errorf("member .ics: status %d", p.Status)
	}
	for _, path := range []string{edit} {
		if p := member.get(path); p.Status != http.StatusForbidden {
			t.Errorf("member GET %s: status %d, want 403", path, p.Status)
		}
	}
	outsider := ts.as(ts.outsider())
	if p := outsider.get("/meetings/" + strconv.FormatInt(second.ID, 10) + "/calendar.ics"); p.Status != http.StatusNotFound {
		t.Errorf("outsider .ics: status %d, want 404", p.Status)
	}
	if p := outsider.get("/series/" + strconv.FormatInt(fm.SeriesID, 10) + "/calendar.ics"); p.Status != http.StatusNotFound {
		t.Errorf("outsider series .ics: status %d, want 404", p.Status)
	}
}

func calUID(id int64) string { return "kring-meeting-" + strconv.FormatInt(id, 10) + "@example.com" }

// Planning refuses a series without an end, with both ends, too long, and a bad link; nothing
// is planned.
func TestMeetingPlanRefusesBadSeries(t *testing.T) {
	ts := newTestServer(t).withDemo()
	gid := ts.demoMeeting().GroupID
	gPath := "/groups/" + strconv.FormatInt(gid, 10)
	coach := ts.as("coach@kring.example")
	day := time.Now().AddDate(0, 0, 10)
	before, _ := ts.store.MeetingsOfGroup(context.Background(), gid)
	cases := []struct {
		name string
		form url.Values
		want string
	}{
		{"no end", planForm(day, "every", "2"), "Vul bij een reeks het aantal bijeenkomsten of een einddatum in"},
		{"both ends", planForm(day, "every", "2", "count", "3", "until", day.AddDate(0, 2, 0).Format("2006-01-02")), "niet allebei"},
		{"too many", planForm(day, "every", "1", "count", "60"), "Kies tussen 2 en 52 bijeenkomsten."},
		{"until before start", planForm(day, "every", "1", "until", day.AddDate(0, 0, -1).Format("2006-01-02")), "Kies een einddatum na de eerste bijeenkomst"},
		{"bad interval", planForm(day, "every", "40", "count", "3"), "Deze keuze is niet geldig."},
		{"http link", planForm(day, "format", "online_video", "video_url", "http://x.example"), "begint met https://"},
	}
	for _, c := range cases {
		p := coach.post(gPath+"/meetings", c.form)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, c.want) {
			t.Errorf("%s: status %d, want 422 with %q", c.name, p.Status, c.want)
		}
	}
	if ms, _ := ts.store.MeetingsOfGroup(context.Background(), gid); len(ms) != len(before) {
		t.Errorf("%d meetings after refused plans, want the %d of before", len(ms), len(before))
	}
	// Until a date: every week until two weeks later gives three meetings.
	p := coach.post(gPath+"/meetings", planForm(day, "every", "1", "until", day.AddDate(0, 0, 14).Format("2006-01-02")))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("until: status %d", p.Status)
	}
	if ms, _ := ts.store.MeetingsOfGroup(context.Background(), gid); len(ms) != len(before)+3 {
		t.Errorf("%d meetings, want the %d of before and 3", len(ms), len(before))
	}
}

// messagesTo returns the sent messages for an address whose subject or body holds what.
func messagesTo(msgs []string, addr, what string) int {
	n := 0
	for _, m := range msgs {
		if strings.Contains(m, "To: "+addr+"\r\n") && strings.Contains(m, what) {
			n++
		}
	}
	return n
}

// With SMTP, planning mails every member an invitation with the .ics attached (METHOD:REQUEST),
// a cancel mails METHOD:CANCEL, a member added later gets the future invitations and a removed
// member gets their cancellations.
func TestMeetingInvitationsMailed(t *testing.T) {
	smtpd := newFakeSMTP(t)
	ts := newTestServer(t, func(_ *Config, d *Deps) {
		d.Mailer = SMTPMailer{Addr: smtpd.addr, From: "kring@gemeente.example"}
	}).withDemo()
	ctx := context.Background()
	gid := ts.demoMeeting().GroupID
	gPath := "/groups/" + strconv.FormatInt(gid, 10)
	coach := ts.as("coach@kring.example")
	p := coach.post(gPath+"/meetings", planForm(time.Now().AddDate(0, 0, 10), "title", "Uitnodiging Noord"))
	m := plannedLocRe.FindStringSubmatch(p.Location)
	if m == nil {
		t.Fatalf("plan: status %d location %q", p.Status, p.Location)
	}
	if !strings.Contains(coach.get(p.Location).Body, "krijgen een uitnodiging per e-mail") {
		t.Error("the confirmation page does not say the members are mailed")
	}
	if err := ts.srv.sched.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := smtpd.sent()
	for i := 1; i <= 6; i++ {
		addr := "deelnemer" + strconv.Itoa(i) + "@kring.example"
		if n := messagesTo(msgs, addr, "multipart/mixed"); n != 1 {
			t.Errorf("%s got %d invitations, want 1", addr, n)
		}
	}
	if len(msgs) == 0 {
		t.Fatal("nothing mailed")
	}
	if cal := attachedICS(t, msgs[0]); icsMethod(cal) != "REQUEST" || len(cal.Events()) != 1 {
		t.Errorf("invitation .ics: method %q", icsMethod(cal))
	}
	if !strings.Contains(msgs[0], "method=REQUEST") || !strings.Contains(msgs[0], "Message-ID: <kring-mail-") {
		t.Errorf("invitation lacks the calendar part's method or a Message-ID:\n%s", msgs[0])
	}
	// A new member gets the future meetings (the demo one and ours); a removed one the cancels.
	future, _ := ts.store.FuturePlannedMeetings(ctx, gid)
	if len(future) < 2 {
		t.Fatalf("%d future meetings, want at least the demo one and ours", len(future))
	}
	newbie := ts.outsider()
	if p := coach.post(gPath+"/members", url.Values{"user": {strconv.FormatInt(ts.userID(newbie), 10)}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add member: status %d", p.Status)
	}
	if p := coach.post(gPath+"/members/"+strconv.FormatInt(ts.userID("deelnemer6@kring.example"), 10)+"/remove", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("remove member: status %d", p.Status)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	if p := coach.post("/meetings/"+strconv.FormatInt(id, 10)+"/cancel", url.Values{"scope": {"one"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("cancel: status %d", p.Status)
	}
	if err := ts.srv.sched.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	msgs = smtpd.sent()
	if n := messagesTo(msgs, newbie, "method=REQUEST"); n != len(future) {
		t.Errorf("new member got %d invitations, want %d (the future meetings)", n, len(future))
	}
	if n := messagesTo(msgs, "deelnemer6@kring.example", "method=CANCEL"); n != len(future) {
		t.Errorf("removed member got %d cancellations, want %d", n, len(future))
	}
	for _, addr := range []string{"deelnemer1@kring.example", newbie} {
		if n := messagesTo(msgs, addr, "method=CANCEL"); n != 1 {
			t.Errorf("%s got %d cancellations of the cancelled meeting, want 1", addr, n)
		}
	}
	for _, msg := range msgs {
		if strings.Contains(msg, "To: deelnemer1@kring.example") && strings.Contains(msg, "method=CANCEL") {
			if cal := attachedICS(t, msg); icsMethod(cal) != "CANCEL" || cal.Events()[0].Id() != calUID(id) {
				t.Errorf("cancellation .ics: method %q UID %q", icsMethod(cal), cal.Events()[0].Id())
			}
		}
	}
}

var b64PartRe = regexp.MustCompile(`(?s)Content-Type: text/calendar[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)`)

// attachedICS decodes the calendar part of a sent message.
func attachedICS(t *testing.T, msg string) *ics.Calendar {
	t.Helper()
	m := b64PartRe.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("no calendar part in:\n%s", msg)
	}
	raw, err := decodeB64(strings.ReplaceAll(m[1], "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("attached .ics does not parse: %v", err)
	}
	return cal
}

// A reminder is mailed once the day before, to everyone who did not opt out, also when the
// scheduler crashed between claiming a mail and sending it, and across restarts.
func TestReminderSentOnceAcrossRestart(t *testing.T) {
	smtpd := newFakeSMTP(t)
	withSMTP := func(_ *Config, d *Deps) { d.Mailer = SMTPMailer{Addr: smtpd.addr, From: "kring@gemeente.example"} }
	ts := newTestServer(t, withSMTP).withDemo()
	ctx := context.Background()
	gid := ts.demoMeeting().GroupID
	// deelnemer2 opts out on /account.
	d2 := ts.as("deelnemer2@kring.example")
	if p := d2.post("/account/reminders", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("opt out: status %d", p.Status)
	}
	if !strings.Contains(d2.get("/account").Body, `id="f-reminders" name="reminders" value="1">`) {
		t.Error("the account page still shows reminders as on")
	}
	coachID := ts.userID("coach@kring.example")
	mid, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: gid, Title: "Herinnering Noord", Method: demo.Method,
		StartsAt: time.Now().Add(20 * time.Hour), Minutes: 90, Location: "Stadhuis", By: coachID})
	if err != nil {
		t.Fatal(err)
	}
	// A meeting two days away gets no reminder yet.
	if _, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: gid, Title: "Overmorgen Noord", Method: demo.Method,
		StartsAt: time.Now().Add(48 * time.Hour), Minutes: 90, Location: "Stadhuis", By: coachID}); err != nil {
		t.Fatal(err)
	}
	// First run: the reminders are queued, then the process "crashes" after claiming one.
	if err := ts.srv.sched.queueReminders(ctx); err != nil {
		t.Fatal(err)
	}
	due, err := ts.store.DueMail(ctx, time.Minute, 100)
	if err != nil || len(due) == 0 {
		t.Fatalf("no reminders queued (%v)", err)
	}
	if ok, err := ts.store.ClaimMail(ctx, due[0].ID, time.Minute); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	// Restarts: new servers on the same database; the first with a lease already over.
	for i := 0; i < 3; i++ {
		st, err := store.Open(ctx, filepath.Join(ts.dir, "kring.db"))
		if err != nil {
			t.Fatal(err)
		}
		again := newTestServer(t, withSMTP, func(_ *Config, d *Deps) { d.Store = st })
		t.Cleanup(func() { st.Close() })
		if i == 0 {
			again.srv.sched.lease = -time.Second
		}
		for k := 0; k < 2; k++ {
			if err := again.srv.sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	msgs := smtpd.sent()
	for i := 1; i <= 6; i++ {
		addr := "deelnemer" + strconv.Itoa(i) + "@kring.example"
		want := 1
		if i == 2 {
			want = 0
		}
		if n := messagesTo(msgs, addr, "Herinnering Noord"); n != want {
			t.Errorf("%s got %d reminders, want %d", addr, n, want)
		}
	}
	if n := messagesTo(msgs, "coach@kring.example", "Herinnering Noord"); n != 1 {
		t.Errorf("coach got %d reminders, want 1", n)
	}
	for _, m := range msgs {
		if strings.Contains(m, "Herinnering Noord") && !strings.Contains(m, "Message-ID: <kring-mail-") {
			t.Errorf("a reminder without a stable Message-ID:\n%s", m)
		}
		if strings.Contains(m, "Overmorgen") {
			t.Error("a meeting two days away was reminded")
		}
	}
	_ = mid
}

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

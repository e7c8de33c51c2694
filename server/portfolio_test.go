package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"kring/server/store"
)

// portfolioFixture is the demo data with a trainee (deelnemer1) who attended two closed
// meetings of the demo group (one online without video, with two overlapping tabs; one face
// to face across midnight) and holds one certificate.
type portfolioFixture struct {
	ts *testServer
	// the demo's own history of the trainee, before the fixture's meetings
	baseMeetings, baseMinutes int
	user                      int64
	groupID                   int64
	cert                      string
}

func newPortfolioFixture(t *testing.T) *portfolioFixture {
	t.Helper()
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	f := &portfolioFixture{ts: ts, user: ts.userID("deelnemer1@kring.example")}
	gs, err := ts.store.GroupsFor(ctx, ts.userID("coach@kring.example"), false)
	if err != nil || len(gs) == 0 {
		t.Fatalf("demo group: %v %v", gs, err)
	}
	f.groupID = gs[0].ID
	before, err := ts.store.MeetingsAttended(ctx, f.user)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range before {
		if m.GroupID == f.groupID {
			f.baseMeetings++
			f.baseMinutes += m.Minutes
		}
	}
	method := ts.srv.catalog.Methods[0].Slug
	meeting := func(start time.Time, minutes int, online, noVideo bool, spans ...[2]time.Duration) {
		id, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: f.groupID, Method: method, StartsAt: start, Minutes: minutes, Online: online, NoVideo: noVideo})
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.SetMeetingStatus(ctx, id, "live", start); err != nil {
			t.Fatal(err)
		}
		if err := ts.store.SetMeetingStatus(ctx, id, "closed", start.Add(time.Duration(minutes)*time.Minute)); err != nil {
			t.Fatal(err)
		}
		for _, sp := range spans {
			if err := ts.store.RecordAttendance(ctx, id, f.user, start.Add(sp[0]), start.Add(sp[1])); err != nil {
				t.Fatal(err)
			}
		}
	}
	ams := ts.srv.cfg.Location
	// Online without video; two tabs overlap (0–60 and 30–90 min): 90 minutes, not 120.
	meeting(time.Date(2026, 3, 10, 14, 0, 0, 0, ams), 120, true, true, [2]time.Duration{0, 60 * time.Minute}, [2]time.Duration{30 * time.Minute, 90 * time.Minute})
	// Face to face from 22:30 on New Year's Eve to 00:30: counts in 2025, 120 minutes.
	meeting(time.Date(2025, 12, 31, 22, 30, 0, 0, ams), 120, false, false, [2]time.Duration{-10 * time.Minute, 130 * time.Minute})
	c, err := ts.store.IssueCertificate(ctx, store.NewCertificate{UserID: f.user, Module: "snv-visie", ModuleTitle: "De visie achter SNV", ModuleVersion: 1, Hours: 2.5,
		IssuedAt: time.Date(2026, 2, 1, 10, 0, 0, 0, ams)})
	if err != nil {
		t.Fatal(err)
	}
	f.cert = c.Code
	return f
}

func TestPortfolioShowsOwnRecordOnly(t *testing.T) {
	f := newPortfolioFixture(t)
	me := f.ts.as("deelnemer1@kring.example")
	p := me.get("/portfolio")
	if p.Status != 200 {
		t.Fatalf("GET /portfolio: HTTP %d", p.Status)
	}
	for _, want := range []string{f.cert, "De visie achter SNV", "online, zonder beeld", "op locatie", ">90<", ">120<", ">2025<", ">2026<"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("portfolio lacks %q", want)
		}
	}
	if cc := p.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control %q", cc)
	}
	other := f.ts.as("deelnemer2@kring.example").get("/portfolio")
	if other.Status != 200 || strings.Contains(other.Body, f.cert) {
		t.Errorf("another trainee's portfolio shows deelnemer1's certificate (HTTP %d)", other.Status)
	}
	if p := f.ts.as("gemeente@kring.example").get("/portfolio"); p.Status != http.StatusForbidden {
		t.Errorf("the municipality admin: HTTP %d, want 403", p.Status)
	}
}

func TestPortfolioRegistration(t *testing.T) {
	f := newPortfolioFixture(t)
	me := f.ts.as("deelnemer1@kring.example")
	bad := []struct {
		form url.Values
		says string
	}{
		{url.Values{"register": {"hbo"}}, "niet geldig"},
		{url.Values{"register": {"skj"}, "number": {""}}, "registratienummer"},
		{url.Values{"register": {"skj"}, "number": {"110012345"}, "since": {"2999-01-01"}}, "toekomst"},
		{url.Values{"register": {"skj"}, "number": {"110012345"}, "since": {"1-1-2022"}}, "Vul een datum in"},
	}
	for _, b := range bad {
		if p := me.post("/portfolio/registratie", b.form); p.Status != 422 || !strings.Contains(p.Body, b.says) {
			t.Errorf("%v: HTTP %d, want 422 with %q", b.form, p.Status, b.says)
		}
	}
	if r, _ := f.ts.store.Registration(context.Background(), f.user); r.Register != "" {
		t.Fatalf("bad input saved %+v", r)
	}
	if p := me.post("/portfolio/registratie", url.Values{"register": {"skj"}, "number": {"110012345"}, "since": {"2022-01-15"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("valid registration: HTTP %d", p.Status)
	}
	p := me.get("/portfolio")
	// The current period runs from the registration date.
	if !strings.Contains(p.Body, "15 januari 2022") || !strings.Contains(p.Body, "huidige registratieperiode") {
		t.Error("the period from the registration date is not shown")
	}
}

var exportRe = regexp.MustCompile(`^/portfolio/export/([A-Z0-9-]+)$`)

func TestPortfolioSeriesReflectionAndExport(t *testing.T) {
	f := newPortfolioFixture(t)
	ctx := context.Background()
	me := f.ts.as("deelnemer1@kring.example")
	group := strconvI(f.groupID)
	// A BSN in a reflection is refused; nothing is saved.
	if p := me.post("/portfolio/reflecties", url.Values{"group": {group}, "technical": {"BSN 111222333 besproken"}, "normative": {"x"}, "personal": {"y"}}); p.Status != 422 {
		t.Errorf("BSN in a reflection: HTTP %d, want 422", p.Status)
	}
	if p := me.post("/portfolio/reflecties", url.Values{"group": {"999999"}, "technical": {"a"}, "normative": {"b"}, "personal": {"c"}}); p.Status != 422 {
		t.Errorf("a group without attended meetings: HTTP %d, want 422", p.Status)
	}
	if rs, _ := f.ts.store.SeriesReflectionsOf(ctx, f.user); len(rs) != 0 {
		t.Fatalf("refused reflections were saved: %d", len(rs))
	}
	text := "Ik vroeg eerder door naar wie er al helpt."
	if p := me.post("/portfolio/reflecties", url.Values{"group": {group}, "technical": {text}, "normative": {"Regie laten bij de cliënt."}, "personal": {"Geduld."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reflection: HTTP %d", p.Status)
	}
	rs, _ := f.ts.store.SeriesReflectionsOf(ctx, f.user)
	if len(rs) != 1 || rs[0].Meetings != f.baseMeetings+2 || rs[0].Minutes != f.baseMinutes+210 {
		t.Fatalf("reflection %+v", *rs[0])
	}
	coach := f.ts.as("coach@kring.example")
	if p := coach.get("/reflecties"); strings.Contains(p.Body, text) {
		t.Error("the coach reads a reflection nobody asked them to sign")
	}
	if p := coach.post("/reflecties/"+strconvI(rs[0].ID)+"/ondertekenen", nil); p.Status != http.StatusNotFound {
		t.Errorf("signing unasked: HTTP %d, want 404", p.Status)
	}
	if p := f.ts.as("deelnemer2@kring.example").post("/portfolio/reflecties/"+strconvI(rs[0].ID)+"/ondertekenen", nil); p.Status != http.StatusNotFound {
		t.Errorf("another trainee asking for a signature: HTTP %d, want 404", p.Status)
	}
	me.post("/portfolio/reflecties/"+strconvI(rs[0].ID)+"/ondertekenen", nil)
	if p := coach.get("/reflecties"); !strings.Contains(p.Body, text) {
		t.Error("the coach does not see the reflection they were asked to sign")
	}
	if p := coach.post("/reflecties/"+strconvI(rs[0].ID)+"/ondertekenen", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("sign: HTTP %d", p.Status)
	}
	if r, _ := f.ts.store.SeriesReflection(ctx, rs[0].ID); !r.Signed() || r.SignedName == "" {
		t.Errorf("not signed: %+v", r)
	}

	// Export: a code, a printable page and a PDF for the owner only, a public check.
	p := me.post("/portfolio/export", nil)
	m := exportRe.FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("export: HTTP %d to %q", p.Status, p.Location)
	}
	code := m[1]
	if p := me.get(p.Location); p.Status != 200 || !strings.Contains(p.Body, code) || !strings.Contains(p.Body, text) {
		t.Errorf("printable export: HTTP %d", p.Status)
	}
	if p := f.ts.as("deelnemer2@kring.example").get("/portfolio/export/" + code); p.Status != http.StatusNotFound {
		t.Errorf("someone else's export: HTTP %d, want 404", p.Status)
	}
	pdfPage := me.get("/portfolio/export/" + code + "/pdf")
	if pdfPage.Status != 200 || pdfPage.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: HTTP %d, %s", pdfPage.Status, pdfPage.Header.Get("Content-Type"))
	}
	pdfText := pdfPlainText(t, []byte(pdfPage.Body))
	for _, want := range []string{"Sanne Visser", code, f.cert, "2,5", text} {
		if !strings.Contains(pdfText, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	anon := f.ts.client()
	v := anon.get("/portfolio/controle/" + code)
	if v.Status != 200 || !strings.Contains(v.Body, "Sanne Visser") || !strings.Contains(v.Body, f.cert) {
		t.Fatalf("public check: HTTP %d", v.Status)
	}
	for _, secret := range []string{text, "Intervisiegroep", "deelnemer1@kring.example"} {
		if strings.Contains(v.Body, secret) {
			t.Errorf("the public check shows %q", secret)
		}
	}
	j := anon.get("/portfolio/controle/" + code + "/json")
	var got portfolioVerifyView
	if err := json.Unmarshal([]byte(j.Body), &got); err != nil || got.Code != code || got.Name != "Sanne Visser" || len(got.Years) < 2 {
		t.Errorf("JSON check: %v %+v", err, got)
	}
	if p := anon.get("/portfolio/controle/AAAA-BBBB-CCCC-DDDD"); p.Status != http.StatusNotFound {
		t.Errorf("unknown code: HTTP %d", p.Status)
	}
}

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }

// pdfPlainText is the text of every page of a PDF, as a reader's copy-paste sees it.
func pdfPlainText(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a PDF: %v", err)
	}
	var sb strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				sb.WriteString(w.S)
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kring/server/netmap"
)

var mapIDRe = regexp.MustCompile(`^/netwerkkaarten/(\d+)`)

// createMapAs creates a map through the list's form and returns its path.
func createMapAs(t *testing.T, c *client, title, kind string) string {
	t.Helper()
	p := c.post("/netwerkkaarten", url.Values{"title": {title}, "kind": {kind}})
	if p.Status != http.StatusSeeOther || !mapIDRe.MatchString(p.Location) {
		t.Fatalf("create map: status %d location %q\n%s", p.Status, p.Location, p.Body)
	}
	return p.Location
}

// mapEditorForm is the editor's form as a browser without JavaScript sends it: the stored values
// of every row, changed by edit.
func mapEditorForm(m netmap.Map) url.Values {
	f := url.Values{"title": {m.Title}, "date": {m.Date}, "note": {m.Note}}
	for i, s := range m.Sectors {
		k := "s." + mapItoa(i) + "."
		f.Set(k+"id", s.ID)
		f.Set(k+"label", s.Label)
		if s.Professional {
			f.Set(k+"prof", "1")
		}
	}
	f.Set("s."+mapItoa(len(m.Sectors))+".id", "")
	f.Set("s."+mapItoa(len(m.Sectors))+".label", "")
	for i, p := range m.People {
		k := "p." + mapItoa(i) + "."
		f.Set(k+"id", p.ID)
		f.Set(k+"label", p.Label)
		f.Set(k+"sector", p.Sector)
		f.Set(k+"circle", mapItoa(p.Circle))
		f.Set(k+"quality", mapItoa(p.Quality))
		f.Set(k+"direction", p.Direction)
		f.Set(k+"frequency", p.Frequency)
		f.Set(k+"note", p.Note)
		f[k+"support"] = p.Support
	}
	for i, l := range m.Lines {
		k := "l." + mapItoa(i) + "."
		f.Set(k+"from", l.From)
		f.Set(k+"to", l.To)
		f.Set(k+"kind", l.Kind)
	}
	return f
}

func mapItoa(n int) string { return strconv.Itoa(n) }

func storedNetworkMap(t *testing.T, ts *testServer, owner string, path string) netmap.Map {
	t.Helper()
	id := mapID64(t, mapIDRe.FindStringSubmatch(path)[1])
	rec, err := ts.store.NetworkMap(context.Background(), ts.userID(owner), id)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := netmap.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMapCreateEditSaveAsVersion(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	path := createMapAs(t, c, "Kaart van K. (27)", "client")
	p := c.get(path)
	if p.Status != 200 {
		t.Fatalf("editor: %d", p.Status)
	}
	for _, want := range []string{`data-netmap-svg=""`, `src="/static/js/netmap.js"`, `href="/static/css/netmap.css"`, `name="p.0.label"`, `Wie noem je als eerste?`, `gezin van herkomst`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("editor lacks %q", want)
		}
	}
	if strings.Contains(p.Body, "style=") {
		t.Error("the editor has a style attribute (the CSP forbids it)")
	}
	m := storedNetworkMap(t, ts, "deelnemer1@kring.example", path)
	// Add two people through the blank row (as without JavaScript, one per save).
	f := mapEditorForm(m)
	f.Set("p.0.id", "")
	f.Set("p.0.label", "zus")
	f.Set("p.0.sector", "origin")
	f.Set("p.0.circle", "1")
	f.Set("p.0.quality", "5")
	f["p.0.support"] = []string{"practical", "emotional"}
	f.Set("p.0.direction", "both")
	f.Set("p.1.label", "buurman")
	f.Set("p.1.sector", "neighbours")
	f.Set("p.1.circle", "3")
	f.Set("p.1.quality", "3")
	p = c.post(path, f)
	if p.Status != http.StatusSeeOther || p.Location != path+"?opgeslagen=2" {
		t.Fatalf("save: %d %q\n%s", p.Status, p.Location, p.Body)
	}
	m = storedNetworkMap(t, ts, "deelnemer1@kring.example", path)
	if len(m.People) != 2 || m.People[0].Label != "zus" || m.People[0].Circle != 1 || m.People[1].Sector != "neighbours" {
		t.Fatalf("stored people %+v", m.People)
	}
	// A line from the client to the sister, then move the sister out and remove the neighbour.
	f = mapEditorForm(m)
	f.Set("l.0.from", "ik")
	f.Set("l.0.to", m.People[0].ID)
	f.Set("l.0.kind", "support")
	f.Set("p.0.circle", "2")
	f.Set("p.1.remove", "1")
	if p = c.post(path, f); p.Status != http.StatusSeeOther {
		t.Fatalf("second save: %d\n%s", p.Status, p.Body)
	}
	m = storedNetworkMap(t, ts, "deelnemer1@kring.example", path)
	if len(m.People) != 1 || m.People[0].Circle != 2 || len(m.Lines) != 1 {
		t.Fatalf("after second save %+v", m)
	}
	p = c.get(path + "?opgeslagen=3")
	if !strings.Contains(p.Body, "Opgeslagen als versie 3.") || !strings.Contains(p.Body, `class="nm-line nm-line--support"`) {
		t.Errorf("the saved map is not shown with its line and version")
	}
}

func TestMapRefusesBadInputAndChangesNothing(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	path := createMapAs(t, c, "Oefenkaart", "practice")
	before := storedNetworkMap(t, ts, "deelnemer1@kring.example", path)
	cases := []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"BSN in a label", func(f url.Values) { f.Set("p.0.label", "nr 123456782") }, "BSN"},
		{"e-mail in a note", func(f url.Values) { f.Set("p.0.label", "zus"); f.Set("p.0.note", "zus@example.nl") }, "E-mailadres"},
		{"circle 9", func(f url.Values) { f.Set("p.0.label", "zus"); f.Set("p.0.circle", "9") }, "Kies cirkel 1, 2 of 3."},
		{"bad date", func(f url.Values) { f.Set("date", "gisteren") }, "Kies een geldige datum."},
		{"no title", func(f url.Values) { f.Set("title", "") }, "Vul dit in."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := mapEditorForm(before)
			f.Set("p.0.id", "")
			f.Set("p.0.sector", "friends")
			f.Set("p.0.circle", "2")
			f.Set("p.0.quality", "3")
			tc.edit(f)
			p := c.post(path, f)
			if p.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", p.Status)
			}
			if !strings.Contains(p.Body, tc.want) || !strings.Contains(p.Body, "De kaart is niet opgeslagen.") {
				t.Errorf("the page does not say %q", tc.want)
			}
			after := storedNetworkMap(t, ts, "deelnemer1@kring.example", path)
			if len(after.People) != 0 || after.Title != before.Title {
				t.Errorf("a refused save changed the map: %+v", after)
			}
		})
	}
	// A name with initials is kept, with a warning on the page.
	f := mapEditorForm(before)
	f.Set("p.0.label", "J. de Vries")
	f.Set("p.0.sector", "friends")
	f.Set("p.0.circle", "2")
	f.Set("p.0.quality", "3")
	if p := c.post(path, f); p.Status != http.StatusSeeOther {
		t.Fatalf("a warning blocked the save: %d", p.Status)
	}
	if p := c.get(path); !strings.Contains(p.Body, "Controleer op persoonsgegevens") {
		t.Error("no privacy warning for a name with initials")
	}
}

// Maps are private: another person (whatever their role) gets 404 for every map route, and
// their own list does not show it.
func TestMapOwnerOnly(t *testing.T) {
	ts := newTestServer(t).withDemo()
	owner := ts.as("deelnemer1@kring.example")
	path := createMapAs(t, owner, "Mijn netwerk", "own")
	if p := owner.post(path+"/kopie", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("copy: %d", p.Status)
	}
	copyPath := strings.TrimSuffix(owner.post(path+"/kopie", url.Values{}).Location, "?kopie=1")
	for _, email := range []string{"deelnemer2@kring.example", "coach@kring.example", "coordinator@kring.example", "gemeente@kring.example"} {
		other := ts.as(email)
		for _, get := range []string{path, path + "/kaart.svg", copyPath + "/vergelijk", "/netwerkkaarten/abc", "/netwerkkaarten/999999"} {
			if p := other.get(get); p.Status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", email, get, p.Status)
			}
		}
		for _, post := range []string{path, path + "/kopie"} {
			if p := other.post(post, url.Values{"title": {"overgenomen"}, "date": {"2026-11-30"}, "s.0.label": {"x"}}); p.Status != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", email, post, p.Status)
			}
		}
		if p := other.get("/netwerkkaarten"); p.Status != 200 || strings.Contains(p.Body, "Mijn netwerk") {
			t.Errorf("%s sees the map in their list (status %d)", email, p.Status)
		}
	}
	if m := storedNetworkMap(t, ts, "deelnemer1@kring.example", path); m.Title != "Mijn netwerk" {
		t.Errorf("the map changed: %q", m.Title)
	}
}

func TestMapCopyCompareAndDownload(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("coach@kring.example")
	path := createMapAs(t, c, "Kaart van B.", "client")
	f := mapEditorForm(storedNetworkMap(t, ts, "coach@kring.example", path))
	f.Set("p.0.label", "moeder")
	f.Set("p.0.sector", "origin")
	f.Set("p.0.circle", "1")
	f.Set("p.0.quality", "4")
	c.post(path, f)
	p := c.post(path+"/kopie", url.Values{})
	if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Location, "?kopie=1") {
		t.Fatalf("copy: %d %q", p.Status, p.Location)
	}
	copyPath := strings.TrimSuffix(p.Location, "?kopie=1")
	if c.get(path+"/vergelijk").Status != http.StatusNotFound {
		t.Error("a map that is no copy has a compare page")
	}
	m := storedNetworkMap(t, ts, "coach@kring.example", copyPath)
	f = mapEditorForm(m)
	f.Set("p.0.circle", "3")
	f.Set("p.1.label", "buurvrouw")
	f.Set("p.1.sector", "neighbours")
	f.Set("p.1.circle", "2")
	f.Set("p.1.quality", "4")
	c.post(copyPath, f)
	p = c.get(copyPath + "/vergelijk")
	if p.Status != 200 {
		t.Fatalf("compare: %d", p.Status)
	}
	for _, want := range []string{"moeder: van cirkel 1 naar cirkel 3.", "buurvrouw is erbij gekomen.", `id="then-title"`, `id="now-title"`, "Personen: 1 toen, 2 nu."} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
	if p := c.get(copyPath); !strings.Contains(p.Body, copyPath+"/vergelijk") {
		t.Error("the copy does not link to the comparison")
	}
	p = c.get(path + "/kaart.svg")
	if p.Status != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(p.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("svg: %d %v", p.Status, p.Header)
	}
	if !strings.HasPrefix(p.Body, "<?xml") || !strings.Contains(p.Body, ">moeder</text>") || strings.Contains(p.Body, "tabindex") {
		t.Errorf("svg body: %.300s", p.Body)
	}
}

func TestMapExercisePagesAndExample(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer2@kring.example")
	p := c.get("/netwerkkaarten/oefenen")
	if p.Status != 200 || !strings.Contains(p.Body, "Kevin is 27") || !strings.Contains(p.Body, `name="kind" value="practice"`) || !strings.Contains(p.Body, `name="kind" value="own"`) {
		t.Fatalf("exercise page: %d", p.Status)
	}
	path := createMapAs(t, c, "Oefening: Kevin (27)", "practice")
	p = c.get(path)
	if !strings.Contains(p.Body, "Feedback op je oefenkaart") || !strings.Contains(p.Body, "Je hebt 0 van de 11 mensen") {
		t.Errorf("a practice map has no feedback")
	}
	p = c.get("/netwerkkaarten/voorbeeld")
	if p.Status != 200 || !strings.Contains(p.Body, ">begeleider</text>") || !strings.Contains(p.Body, "Wie staat er op de kaart") {
		t.Errorf("example page: %d", p.Status)
	}
	p = c.get("/netwerkkaarten/voorbeeld.svg")
	if p.Status != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "image/svg+xml") || p.Header.Get("Content-Disposition") != "" {
		t.Errorf("example svg: %d %v", p.Status, p.Header)
	}
	if p := c.get("/netwerkkaarten"); !strings.Contains(p.Body, "Oefening: Kevin (27)") || !strings.Contains(p.Body, `href="/netwerkkaarten" aria-current="page"`) {
		t.Errorf("the list lacks the new map or the navigation mark")
	}
}

func mapID64(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

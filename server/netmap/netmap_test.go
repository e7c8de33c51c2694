package netmap

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"kring/server/privacy"
)

// vectors reads the test vectors shared with static/js/netmap.js.
func vectors(t *testing.T) []struct {
	Name    string          `json:"name"`
	Map     json.RawMessage `json:"map"`
	Summary json.RawMessage `json:"summary"`
} {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Cases []struct {
			Name    string          `json:"name"`
			Map     json.RawMessage `json:"map"`
			Summary json.RawMessage `json:"summary"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) < 5 {
		t.Fatalf("vectors.json: %d cases, want at least 5", len(v.Cases))
	}
	return v.Cases
}

func TestSummaryVectors(t *testing.T) {
	for _, c := range vectors(t) {
		t.Run(c.Name, func(t *testing.T) {
			m, warn, err := Parse(c.Map)
			if err != nil {
				t.Fatalf("the vector's map is not valid: %v", err)
			}
			if len(warn) > 0 {
				t.Errorf("privacy warnings on a vector: %+v", warn)
			}
			var want Summary
			dec := json.NewDecoder(strings.NewReader(string(c.Summary)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&want); err != nil {
				t.Fatal(err)
			}
			got := Summarize(m)
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Errorf("summary\n got %s\nwant %s", g, c.Summary)
			}
			// The JSON the script compares with has no nulls.
			if b, _ := json.Marshal(got); strings.Contains(string(b), "null") {
				t.Errorf("summary JSON has null: %s", b)
			}
		})
	}
}

func validMap() Map {
	m := New("Kaart van Kevin", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), func(id string) string { return "sector " + id })
	m.People = []Person{
		{ID: "a", Label: "moeder", Sector: "origin", Circle: 1, Support: []string{Practical, Emotional}, Direction: Both, Frequency: "weekly", Quality: 5},
		{ID: "b", Label: "buurman", Sector: "neighbours", Circle: 3, Support: []string{}, Quality: 3},
	}
	m.Lines = []Line{{From: Centre, To: "a", Kind: "support"}, {From: "a", To: "b", Kind: "stress"}}
	return m
}

func TestNewHasTheDefaultSectors(t *testing.T) {
	m := New("x", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), func(id string) string { return id })
	if m.Date != "2026-01-02" || len(m.Sectors) != 7 || m.Version != SchemaVersion {
		t.Fatalf("New: %+v", m)
	}
	var prof []string
	for _, s := range m.Sectors {
		if s.Professional {
			prof = append(prof, s.ID)
		}
	}
	if !reflect.DeepEqual(prof, []string{"professionals"}) {
		t.Errorf("professional sectors %v", prof)
	}
	if _, err := Validate(m); err != nil {
		t.Errorf("a new map is invalid: %v", err)
	}
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("x", MaxLabelRunes+1)
	cases := []struct {
		name   string
		change func(*Map)
		field  string // "" = valid
		code   string
	}{
		{"valid", func(m *Map) {}, "", ""},
		{"label of 40 runes is fine", func(m *Map) { m.People[0].Label = strings.Repeat("é", MaxLabelRunes) }, "", ""},
		{"other version", func(m *Map) { m.Version = 2 }, "version", "version"},
		{"no title", func(m *Map) { m.Title = "  " }, "title", "required"},
		{"bad date", func(m *Map) { m.Date = "30-11-2026" }, "date", "date"},
		{"no sectors", func(m *Map) { m.Sectors = nil; m.People = nil; m.Lines = nil }, "sectors", "no_sectors"},
		{"too many sectors", func(m *Map) {
			for i := 0; i < MaxSectors; i++ {
				m.Sectors = append(m.Sectors, Sector{ID: "s" + itoa(i), Label: "s"})
			}
		}, "sectors", "too_many_sectors"},
		{"duplicate sector id", func(m *Map) { m.Sectors[1].ID = m.Sectors[0].ID }, "sectors.1.id", "id"},
		{"sector id with capitals", func(m *Map) { m.Sectors[0].ID = "Huis" }, "sectors.0.id", "id"},
		{"empty sector label", func(m *Map) { m.Sectors[2].Label = "" }, "sectors.2.label", "required"},
		{"too many people", func(m *Map) {
			for i := 0; i < MaxPeople; i++ {
				m.People = append(m.People, Person{ID: "x" + itoa(i), Label: "x", Sector: "friends", Circle: 2, Quality: 3})
			}
		}, "people", "too_many_people"},
		{"label too long", func(m *Map) { m.People[1].Label = long }, "people.1.label", "too_long"},
		{"label empty", func(m *Map) { m.People[1].Label = "" }, "people.1.label", "required"},
		{"label with a newline", func(m *Map) { m.People[1].Label = "a\nb" }, "people.1.label", "invalid"},
		{"person id ik is the centre", func(m *Map) { m.People[0].ID = Centre }, "people.0.id", "id"},
		{"duplicate person id", func(m *Map) { m.People[1].ID = "a" }, "people.1.id", "id"},
		{"unknown sector", func(m *Map) { m.People[0].Sector = "kerk" }, "people.0.sector", "sector"},
		{"circle 0", func(m *Map) { m.People[0].Circle = 0 }, "people.0.circle", "circle"},
		{"circle 4", func(m *Map) { m.People[0].Circle = 4 }, "people.0.circle", "circle"},
		{"quality 6", func(m *Map) { m.People[0].Quality = 6 }, "people.0.quality", "quality"},
		{"direction", func(m *Map) { m.People[0].Direction = "neemt" }, "people.0.direction", "direction"},
		{"frequency", func(m *Map) { m.People[0].Frequency = "hourly" }, "people.0.frequency", "frequency"},
		{"unknown support", func(m *Map) { m.People[0].Support = []string{"money"} }, "people.0.support", "support"},
		{"support twice", func(m *Map) { m.People[0].Support = []string{Practical, Practical} }, "people.0.support", "support"},
		{"note too long", func(m *Map) { m.People[0].Note = strings.Repeat("n", MaxPersonNote+1) }, "people.0.note", "too_long"},
		{"line to nobody", func(m *Map) { m.Lines[0].To = "zz" }, "lines.0", "line_ends"},
		{"line to itself", func(m *Map) { m.Lines[0].From = "a" }, "lines.0", "line_ends"},
		{"line kind", func(m *Map) { m.Lines[1].Kind = "love" }, "lines.1.kind", "line_kind"},
		{"BSN in a label", func(m *Map) { m.People[0].Label = "nr 123456782" }, "people.0.label", "privacy"},
		{"e-mail in a note", func(m *Map) { m.People[1].Note = "mail: kees@example.nl" }, "people.1.note", "privacy"},
		{"e-mail in the map's note", func(m *Map) { m.Note = "kees@example.nl" }, "note", "privacy"},
		{"BSN in a sector label", func(m *Map) { m.Sectors[0].Label = "123456782" }, "sectors.0.label", "privacy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := validMap()
			c.change(&m)
			_, err := Validate(m)
			if c.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var inv *Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("want *Invalid, got %v", err)
			}
			for _, p := range inv.Problems {
				if p.Field == c.field && p.Code == c.code {
					return
				}
			}
			t.Errorf("problems %+v, want %s: %s", inv.Problems, c.field, c.code)
		})
	}
}

// Names with initials and phone numbers are warned, not refused: a label such as "J. de Vries"
// may be a pseudonym, and the author decides.
func TestValidateWarnsOnOtherPersonalData(t *testing.T) {
	m := validMap()
	m.People[0].Label = "J. de Vries"
	m.People[1].Note = "bel 06-12345678"
	warn, err := Validate(m)
	if err != nil {
		t.Fatalf("warnings must not block: %v", err)
	}
	got := map[string]privacy.Kind{}
	for _, w := range warn {
		got[w.Field] = w.Kind
	}
	want := map[string]privacy.Kind{"people.0.label": privacy.NameInitials, "people.1.note": privacy.Phone}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings %v, want %v", got, want)
	}
}

func TestParseIsStrict(t *testing.T) {
	good, err := validMap().JSON()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Parse(good); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	cases := map[string]string{
		"unknown field":  strings.Replace(string(good), `"title"`, `"colour":"red","title"`, 1),
		"trailing data":  string(good) + `{}`,
		"not json":       `{"version":1`,
		"wrong type":     strings.Replace(string(good), `"circle":1`, `"circle":"1"`, 1),
		"invalid values": strings.Replace(string(good), `"circle":1`, `"circle":7`, 1),
	}
	for name, in := range cases {
		if _, _, err := Parse([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestJSONIsStable(t *testing.T) {
	m := validMap()
	m.Lines = nil
	m.People[1].Support = nil
	a, _ := m.JSON()
	back, _, err := Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := back.JSON()
	if string(a) != string(b) || strings.Contains(string(a), "null") {
		t.Errorf("not stable or has null:\n%s\n%s", a, b)
	}
}

func TestCompare(t *testing.T) {
	then := validMap()
	now := validMap()
	now.People[0].Circle = 2
	now.People[0].Support = []string{Emotional}
	now.People[0].Quality = 4
	now.People[0].Sector = "family"
	now.People = append(now.People[:1], Person{ID: "c", Label: "vriendin", Sector: "friends", Circle: 1, Quality: 4})
	got := Compare(then, now)
	want := []Change{
		{Kind: "circle", ID: "a", Label: "moeder", From: "1", To: "2"},
		{Kind: "sector", ID: "a", Label: "moeder", From: "origin", To: "family"},
		{Kind: "quality", ID: "a", Label: "moeder", From: "5", To: "4"},
		{Kind: "support", ID: "a", Label: "moeder", From: "practical emotional", To: "emotional"},
		{Kind: "added", ID: "c", Label: "vriendin"},
		{Kind: "removed", ID: "b", Label: "buurman"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare\n got %+v\nwant %+v", got, want)
	}
	same := validMap()
	same.People[0].Support = []string{Emotional, Practical}
	if c := Compare(validMap(), same); len(c) != 0 {
		t.Errorf("reordered support is no change: %+v", c)
	}
}

func TestExampleIsValid(t *testing.T) {
	m, err := Example()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.People) != 11 {
		t.Errorf("example has %d people, the practice case has 11", len(m.People))
	}
	s := Summarize(m)
	if s.Stressful != 1 || s.Receives != 1 || s.Professionals != 1 {
		t.Errorf("example summary %+v", s)
	}
}

// Package netmap is the network map (netwerkkaart) of Sociale Netwerkversterking as data: the
// versioned JSON schema, its strict validation (limits and the privacy screen on every label
// and note), the summary a professional reads beside the map, and the changes between two
// maps. It speaks no SQL and no HTTP, so the store keeps the JSON, the handlers read forms
// into a Map, and the editor's script (static/js/netmap.js) applies the same summary rules,
// checked against the same test vectors (testdata/vectors.json).
//
// The model follows the method: the client ("ik") in the centre, three circles of closeness
// (1 is closest), sectors of life (configurable per map, the defaults below), and per person
// the kinds of support of Tracy and Whittaker's Social Network Map (practical, emotional,
// information and advice, company, and criticism), the direction of support, how often there
// is contact and the quality of the relationship on the five-level Dutch scale from
// stressful (destructief) to close (intiem). Lines between people (or between a person and
// the client) mark support or stress.
package netmap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"kring/server/privacy"
)

// SchemaVersion is the version of the JSON a map is stored in. A stored map says its version,
// so a later schema can read old maps instead of guessing.
const SchemaVersion = 1

// Limits keep a map drawable on one A4 page and a request small; the editor shows them too.
const (
	MaxPeople      = 60
	MaxSectors     = 10
	MinSectors     = 1
	MaxLines       = 80
	MaxLabelRunes  = 40
	MaxTitleRunes  = 80
	MaxNoteRunes   = 500
	MaxPersonNote  = 200
	Circles        = 3
	QualityMin     = 1
	QualityMax     = 5
	QualityDefault = 3
)

// Centre is the id lines use for the client in the middle of the map.
const Centre = "ik"

// The kinds of support, after Tracy and Whittaker's Social Network Map.
const (
	Practical = "practical"
	Emotional = "emotional"
	Advice    = "advice"
	Company   = "company"
	Criticism = "criticism"
)

// SupportKinds lists the kinds of support in the order the form shows them.
var SupportKinds = [...]string{Practical, Emotional, Advice, Company, Criticism}

// Directions of support between the client and a person: the person gives to the client,
// receives from the client, or both (reciprocity).
const (
	Gives    = "gives"
	Receives = "receives"
	Both     = "both"
)

// DirectionValues lists the directions; "" means not asked yet.
var DirectionValues = [...]string{Gives, Receives, Both}

// FrequencyValues are the contact frequencies; "" means not asked yet.
var FrequencyValues = [...]string{"daily", "weekly", "monthly", "less"}

// LineKinds are the kinds of line: support flows, or the relationship causes stress.
var LineKinds = [...]string{"support", "stress"}

// Sector is one part of the client's life. Professional marks the sector whose people are paid
// to help, so the summary can tell the share of professionals on a map with renamed sectors.
type Sector struct {
	ID           string `json:"id"`
	Label        string `json:"label"`
	Professional bool   `json:"professional,omitempty"`
}

// Person is one marker on the map. Labels are roles or initials ("zus", "buurman", "J."),
// never full names: the privacy screen runs on every label.
type Person struct {
	ID        string   `json:"id"`
	Label     string   `json:"label"`
	Sector    string   `json:"sector"`
	Circle    int      `json:"circle"`
	Support   []string `json:"support"`
	Direction string   `json:"direction"`
	Frequency string   `json:"frequency"`
	Quality   int      `json:"quality"`
	Note      string   `json:"note,omitempty"`
}

// Line joins two people, or a person and the client (Centre), with support or stress.
type Line struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"`
}

// Map is one dated network map, the unit that is stored, drawn, summarised and compared.
type Map struct {
	Version int      `json:"version"`
	Title   string   `json:"title"`
	Date    string   `json:"date"`
	Sectors []Sector `json:"sectors"`
	People  []Person `json:"people"`
	Lines   []Line   `json:"lines"`
	Note    string   `json:"note,omitempty"`
}

// DefaultSectorIDs are the sectors a new map starts with, in the order they go round the
// circle; their labels come from the interface language (i18n key "netmap.sector.<id>").
var DefaultSectorIDs = [...]string{"household", "origin", "family", "friends", "neighbours", "work", "professionals"}

// New returns an empty map of today with the default sectors; label names the sectors
// (id -> label in the interface language).
func New(title string, date time.Time, label func(id string) string) Map {
	m := Map{Version: SchemaVersion, Title: title, Date: date.Format("2006-01-02"), People: []Person{}, Lines: []Line{}}
	for _, id := range DefaultSectorIDs {
		m.Sectors = append(m.Sectors, Sector{ID: id, Label: label(id), Professional: id == "professionals"})
	}
	return m
}

// Problem is one thing wrong with a map: where (a field path such as "people.2.label") and
// what (a message id of the interface, "netmap.err.<code>"). Kind and Text are set for privacy
// findings, so the form can say what was found.
type Problem struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Kind  privacy.Kind   `json:"kind,omitempty"`
	Text  string         `json:"text,omitempty"`
	Args  map[string]any `json:"-"`
}

// Invalid is the error Validate returns: every refused field at once, so the form can mark
// them all.
type Invalid struct{ Problems []Problem }

func (e *Invalid) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		parts = append(parts, p.Field+": "+p.Code)
	}
	return "netmap: invalid map: " + strings.Join(parts, "; ")
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,23}$`)

// Parse reads a stored or posted map strictly: unknown fields, trailing data and another
// schema version are refused, then the map is validated. Warnings are privacy findings that do
// not block (a name with initials, a phone number).
func Parse(b []byte) (Map, []Problem, error) {
	var m Map
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Map{}, nil, fmt.Errorf("netmap: decode: %w", err)
	}
	if dec.More() {
		return Map{}, nil, fmt.Errorf("netmap: decode: trailing data")
	}
	warn, err := Validate(m)
	return m, warn, err
}

// Validate checks a map against the schema and its limits and screens every text for personal
// data. It returns the warnings (privacy findings that do not block) and an *Invalid error
// listing everything refused. A BSN or an e-mail address is refused; they are never needed on
// a network map.
func Validate(m Map) ([]Problem, error) {
	var bad, warn []Problem
	fail := func(field, code string) { bad = append(bad, Problem{Field: field, Code: code}) }
	text := func(field, v string, max int, required bool) {
		switch {
		case required && strings.TrimSpace(v) == "":
			fail(field, "required")
			return
		case utf8.RuneCountInString(v) > max:
			fail(field, "too_long")
			return
		case !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\n\t") && max <= MaxTitleRunes:
			fail(field, "invalid")
			return
		}
		for _, f := range privacy.Screen(v) {
			p := Problem{Field: field, Code: "privacy", Kind: f.Kind, Text: f.Text}
			if f.Kind.Blocking() {
				bad = append(bad, p)
			} else {
				warn = append(warn, p)
			}
		}
	}
	if m.Version != SchemaVersion {
		fail("version", "version")
	}
	text("title", m.Title, MaxTitleRunes, true)
	if _, err := time.Parse("2006-01-02", m.Date); err != nil {
		fail("date", "date")
	}
	text("note", m.Note, MaxNoteRunes, false)
	switch {
	case len(m.Sectors) < MinSectors:
		fail("sectors", "no_sectors")
	case len(m.Sectors) > MaxSectors:
		fail("sectors", "too_many_sectors")
	}
	sectors := map[string]bool{}
	for i, s := range m.Sectors {
		f := fmt.Sprintf("sectors.%d", i)
		if !idRe.MatchString(s.ID) || sectors[s.ID] {
			fail(f+".id", "id")
		}
		sectors[s.ID] = true
		text(f+".label", s.Label, MaxLabelRunes, true)
	}
	if len(m.People) > MaxPeople {
		fail("people", "too_many_people")
	}
	people := map[string]bool{Centre: true}
	for i, p := range m.People {
		f := fmt.Sprintf("people.%d", i)
		if !idRe.MatchString(p.ID) || people[p.ID] {
			fail(f+".id", "id")
		}
		people[p.ID] = true
		text(f+".label", p.Label, MaxLabelRunes, true)
		text(f+".note", p.Note, MaxPersonNote, false)
		if !sectors[p.Sector] {
			fail(f+".sector", "sector")
		}
		if p.Circle < 1 || p.Circle > Circles {
			fail(f+".circle", "circle")
		}
		if p.Quality < QualityMin || p.Quality > QualityMax {
			fail(f+".quality", "quality")
		}
		if p.Direction != "" && !in(DirectionValues[:], p.Direction) {
			fail(f+".direction", "direction")
		}
		if p.Frequency != "" && !in(FrequencyValues[:], p.Frequency) {
			fail(f+".frequency", "frequency")
		}
		seen := map[string]bool{}
		for _, k := range p.Support {
			if !in(SupportKinds[:], k) || seen[k] {
				fail(f+".support", "support")
				break
			}
			seen[k] = true
		}
	}
	if len(m.Lines) > MaxLines {
		fail("lines", "too_many_lines")
	}
	for i, l := range m.Lines {
		f := fmt.Sprintf("lines.%d", i)
		if !people[l.From] || !people[l.To] || l.From == l.To {
			fail(f, "line_ends")
		}
		if !in(LineKinds[:], l.Kind) {
			fail(f+".kind", "line_kind")
		}
	}
	if len(bad) > 0 {
		return warn, &Invalid{Problems: bad}
	}
	return warn, nil
}

func in(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Has reports whether the person gives or is marked with support kind k.
func (p Person) Has(k string) bool { return in(p.Support, k) }

// SectorByID finds a sector of the map.
func (m Map) SectorByID(id string) (Sector, bool) {
	for _, s := range m.Sectors {
		if s.ID == id {
			return s, true
		}
	}
	return Sector{}, false
}

// PersonByID finds a person of the map.
func (m Map) PersonByID(id string) (Person, bool) {
	for _, p := range m.People {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

// JSON encodes the map for storage; the encoding is stable (fields in schema order, nil
// lists as []), so two saves of the same map store the same bytes.
func (m Map) JSON() ([]byte, error) {
	if m.People == nil {
		m.People = []Person{}
	}
	if m.Lines == nil {
		m.Lines = []Line{}
	}
	for i := range m.People {
		if m.People[i].Support == nil {
			m.People[i].Support = []string{}
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("netmap: encode: %w", err)
	}
	return b, nil
}

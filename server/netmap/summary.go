package netmap

// The summary rules. static/js/netmap.js applies the same rules in the same order; both are
// checked against testdata/vectors.json, so change them together.
//
//   - total: people on the map; byCircle: people per circle (closest first); bySector: per
//     sector in the map's order, with its people per circle.
//   - professionals: people in a sector marked professional; professionalShare: their share
//     in whole percent, rounded half up ((200*prof + total) / (2*total), integer division).
//   - direction counts: reciprocal (both), gives (the person gives, the client only
//     receives), receives (the client gives), unknown (not asked).
//   - practicalHelpers: the labels, in map order, of people with practical support whose
//     direction is not "receives" (a person the client helps is not the client's helper).
//   - emptySectors: ids of sectors without people, in the map's order.
//   - stressful: people whose relationship is rated 1 (destructief).
//   - gaps, in this order, each a question the professional can ask:
//     no_people (the map is empty; no other gap follows);
//     sick (no one outside the professionals gives practical help);
//     talk (no one outside the professionals gives emotional support);
//     advice (no one at all gives information and advice);
//     company (no one outside the professionals gives company);
//     reciprocity (the client gives to no one: no "receives" or "both");
//     inner (no one outside the professionals in the closest circle);
//     professionals (half or more of the people are professionals);
//     one_helper (exactly one practical helper; label says who);
//     empty (one per empty sector that is not professional; sector says which);
//     stress (at least one stressful relationship).

// SectorCount is one sector's line of the summary.
type SectorCount struct {
	ID      string       `json:"id"`
	Count   int          `json:"count"`
	Circles [Circles]int `json:"circles"`
}

// Gap is a question to ask, found from what the map lacks. Code names the rule (and the
// interface message "netmap.gap.<code>"); Sector and Label fill in the question.
type Gap struct {
	Code   string `json:"code"`
	Sector string `json:"sector,omitempty"`
	Label  string `json:"label,omitempty"`
}

// Summary is what the server shows beside the map, and what the page recomputes as the map
// changes. Lists are never nil, so its JSON is the same as the script's.
type Summary struct {
	Total             int           `json:"total"`
	ByCircle          [Circles]int  `json:"byCircle"`
	BySector          []SectorCount `json:"bySector"`
	Professionals     int           `json:"professionals"`
	ProfessionalShare int           `json:"professionalShare"`
	Reciprocal        int           `json:"reciprocal"`
	Gives             int           `json:"gives"`
	Receives          int           `json:"receives"`
	UnknownDirection  int           `json:"unknownDirection"`
	PracticalHelpers  []string      `json:"practicalHelpers"`
	EmptySectors      []string      `json:"emptySectors"`
	Stressful         int           `json:"stressful"`
	Gaps              []Gap         `json:"gaps"`
}

// Summarize applies the summary rules to a map. It trusts the map to be valid: a person in an
// unknown sector or circle is counted in the totals only.
func Summarize(m Map) Summary {
	s := Summary{Total: len(m.People), BySector: []SectorCount{}, PracticalHelpers: []string{}, EmptySectors: []string{}, Gaps: []Gap{}}
	prof := map[string]bool{}
	idx := map[string]int{}
	for i, sec := range m.Sectors {
		prof[sec.ID] = sec.Professional
		idx[sec.ID] = i
		s.BySector = append(s.BySector, SectorCount{ID: sec.ID})
	}
	var practicalOthers, emotionalOthers, advice, companyOthers, innerOthers bool
	for _, p := range m.People {
		ok := p.Circle >= 1 && p.Circle <= Circles
		if ok {
			s.ByCircle[p.Circle-1]++
		}
		if i, found := idx[p.Sector]; found {
			s.BySector[i].Count++
			if ok {
				s.BySector[i].Circles[p.Circle-1]++
			}
		}
		isProf := prof[p.Sector]
		if isProf {
			s.Professionals++
		}
		switch p.Direction {
		case Both:
			s.Reciprocal++
		case Gives:
			s.Gives++
		case Receives:
			s.Receives++
		default:
			s.UnknownDirection++
		}
		helps := p.Direction != Receives
		if helps && p.Has(Practical) {
			s.PracticalHelpers = append(s.PracticalHelpers, p.Label)
			if !isProf {
				practicalOthers = true
			}
		}
		if helps && p.Has(Emotional) && !isProf {
			emotionalOthers = true
		}
		if helps && p.Has(Advice) {
			advice = true
		}
		if helps && p.Has(Company) && !isProf {
			companyOthers = true
		}
		if p.Circle == 1 && !isProf {
			innerOthers = true
		}
		if p.Quality == QualityMin {
			s.Stressful++
		}
	}
	for _, sc := range s.BySector {
		if sc.Count == 0 {
			s.EmptySectors = append(s.EmptySectors, sc.ID)
		}
	}
	if s.Total > 0 {
		s.ProfessionalShare = (200*s.Professionals + s.Total) / (2 * s.Total)
	}
	gap := func(code string) { s.Gaps = append(s.Gaps, Gap{Code: code}) }
	if s.Total == 0 {
		gap("no_people")
		return s
	}
	if !practicalOthers {
		gap("sick")
	}
	if !emotionalOthers {
		gap("talk")
	}
	if !advice {
		gap("advice")
	}
	if !companyOthers {
		gap("company")
	}
	if s.Reciprocal+s.Receives == 0 {
		gap("reciprocity")
	}
	if !innerOthers {
		gap("inner")
	}
	if 2*s.Professionals >= s.Total {
		gap("professionals")
	}
	if len(s.PracticalHelpers) == 1 {
		s.Gaps = append(s.Gaps, Gap{Code: "one_helper", Label: s.PracticalHelpers[0]})
	}
	for _, id := range s.EmptySectors {
		if !prof[id] {
			s.Gaps = append(s.Gaps, Gap{Code: "empty", Sector: id})
		}
	}
	if s.Stressful > 0 {
		gap("stress")
	}
	return s
}

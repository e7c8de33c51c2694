package netmap

import (
	"slices"
	"strconv"
)

// Change is one difference between an earlier map (then) and a later one (now) of the same
// client, matched by person id (a copy keeps the ids). Kind is added, removed, circle, sector,
// quality, direction, frequency or support; From and To say what it was and became (circle
// numbers, sector ids, quality levels, direction and frequency values, support kinds joined
// by a space).
type Change struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Label string `json:"label"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// Compare lists what changed from then to now: people of now in map order (added or changed),
// then the people who left, in then's order.
func Compare(then, now Map) []Change {
	var out []Change
	for _, p := range now.People {
		q, ok := then.PersonByID(p.ID)
		if !ok {
			out = append(out, Change{Kind: "added", ID: p.ID, Label: p.Label})
			continue
		}
		add := func(kind, from, to string) {
			if from != to {
				out = append(out, Change{Kind: kind, ID: p.ID, Label: p.Label, From: from, To: to})
			}
		}
		add("circle", itoa(q.Circle), itoa(p.Circle))
		add("sector", q.Sector, p.Sector)
		add("quality", itoa(q.Quality), itoa(p.Quality))
		add("direction", q.Direction, p.Direction)
		add("frequency", q.Frequency, p.Frequency)
		add("support", kinds(q.Support), kinds(p.Support))
	}
	for _, q := range then.People {
		if _, ok := now.PersonByID(q.ID); !ok {
			out = append(out, Change{Kind: "removed", ID: q.ID, Label: q.Label})
		}
	}
	return out
}

// kinds writes support kinds in the schema's order, so a reordering is not a change.
func kinds(list []string) string {
	s := ""
	for _, k := range SupportKinds {
		if slices.Contains(list, k) {
			if s != "" {
				s += " "
			}
			s += k
		}
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

package room

// Network maps on case cards (issue 16, "in intervision"). The author of a case card (or the
// coach) attaches one of their own saved maps: the server loads it through the Directory,
// checks it is the sender's, validates it with kring/server/netmap and screens every label and
// note, and stores a COPY of its JSON in the card.map event, so the meeting's record never
// depends on the map as it is edited later. While the group asks questions the coach
// highlights people on it (map.highlight). Both are events like any other: durable, replayed,
// in the snapshot and in the report.

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"kring/server/netmap"
	"kring/server/privacy"
	"kring/server/store"
)

// MapSource is what a Directory also implements when case cards may carry network maps: the
// JSON of one of the person's own saved maps, store.ErrNotFound when there is no such map or it
// is someone else's (the room never learns which). A Directory without it refuses card.map.
type MapSource interface {
	OwnMap(ctx context.Context, userID, mapID int64) ([]byte, error)
}

// MaxMapBytes bounds the copy of a map an event carries. A map within netmap's limits (60
// people with short notes, 80 lines) stays well below it; it keeps an event, its broadcast and
// every snapshot small.
const MaxMapBytes = 48 << 10

// mapFrame holds the fields of the map ops in a client frame, and the map card.map loaded
// before the room's lock was taken (loading touches the disk).
type mapFrame struct {
	Map *int64   `json:"map"` // card.map: the id of the sender's saved map; 0 removes the card's map
	IDs []string `json:"ids"` // map.highlight: the people to highlight; [] clears

	body    []byte
	loadErr *frameError
}

// loadMap fetches the map a card.map frame names, outside the room's lock; decideMap checks it.
func (r *room) loadMap(user int64, f *inFrame) {
	if f.Map == nil || *f.Map <= 0 {
		return
	}
	src, ok := r.reg.dir.(MapSource)
	if !ok {
		f.loadErr = ferr(CodeNotFound, "map_not_found")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	body, err := src.OwnMap(ctx, user, *f.Map)
	switch {
	case errors.Is(err, store.ErrNotFound):
		f.loadErr = ferr(CodeNotFound, "map_not_found")
	case err != nil:
		r.reg.logger.Warn("room: load map", "meeting", r.id, "user", user, "map", *f.Map, "err", err)
		f.loadErr = ferr(CodeUnavailable, "unavailable")
	default:
		f.body = body
	}
}

// decideMap checks card.map and map.highlight and fills in their event.
func (d *decider) decideMap(f *inFrame, ev *Event) *frameError {
	if f.Op == OpMapHighlight {
		return d.decideHighlight(f, ev)
	}
	c, e := d.ownCard(f)
	if e != nil {
		return e
	}
	if c.Board != BoardCase {
		return ferr(CodeInvalid, "map_case_only")
	}
	if c.Hidden {
		return ferr(CodeInvalid, "hidden_card")
	}
	if f.Map == nil {
		return ferr(CodeMissingField, "missing_field", "map")
	}
	ev.Card = c.ID
	switch {
	case *f.Map == 0:
		if c.Map == nil {
			return ferr(codeNoop, "")
		}
		return nil
	case *f.Map < 0:
		return ferr(CodeInvalid, "map_not_found")
	case f.loadErr != nil:
		return f.loadErr
	case len(f.body) > MaxMapBytes:
		return ferr(CodeTooLarge, "map_too_large")
	}
	m, warnings, err := netmap.Parse(f.body)
	var kinds []string
	addKinds := func(ps []netmap.Problem) {
		for _, p := range ps {
			if p.Code == "privacy" && !slices.Contains(kinds, string(p.Kind)) {
				kinds = append(kinds, string(p.Kind))
			}
		}
	}
	var inv *netmap.Invalid
	if errors.As(err, &inv) {
		addKinds(inv.Problems)
	}
	// On a map shown to a group every finding refuses it, warnings too: labels are roles or
	// initials, and the author cannot fix a copy in the room.
	addKinds(warnings)
	if len(kinds) > 0 {
		slices.SortFunc(kinds, func(a, b string) int { return privacyRank(a) - privacyRank(b) })
		fe := ferr(CodePersonalData, "map_personal_data")
		fe.kinds = kinds
		return fe
	}
	if err != nil {
		return ferr(CodeInvalid, "bad_map")
	}
	body, err := m.JSON()
	if err != nil || len(body) > MaxMapBytes {
		return ferr(CodeTooLarge, "map_too_large")
	}
	ev.Map = body
	return nil
}

// privacyRank orders the kinds found the way privacy lists them, so the message is stable.
func privacyRank(k string) int {
	return slices.Index(privacy.Kinds(), privacy.Kind(k))
}

// decideHighlight checks the coach's highlight: every id a person on the card's map, each once.
func (d *decider) decideHighlight(f *inFrame, ev *Event) *frameError {
	c, e := d.card(f)
	if e != nil {
		return e
	}
	if c.Map == nil {
		return ferr(CodeInvalid, "no_map")
	}
	if f.IDs == nil {
		return ferr(CodeMissingField, "missing_field", "ids")
	}
	var m netmap.Map
	if err := json.Unmarshal(c.Map, &m); err != nil {
		return ferr(CodeInvalid, "no_map")
	}
	ids := []string{}
	for _, id := range f.IDs {
		if _, ok := m.PersonByID(id); !ok {
			return ferr(CodeNotFound, "map_person_not_found")
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if slices.Equal(ids, c.Highlight) {
		return ferr(codeNoop, "")
	}
	ev.Card, ev.IDs = c.ID, ids
	return nil
}

// applyMap folds the map events into a card: a new map clears the highlight.
func (s *State) applyMap(ev Event) {
	c := s.Card(ev.Card)
	if c == nil {
		return
	}
	switch ev.Op {
	case OpCardMap:
		c.Map, c.MapSeq, c.Highlight = nil, 0, nil
		if len(ev.Map) > 0 {
			c.Map, c.MapSeq = ev.Map, ev.Seq
		}
	case OpMapHighlight:
		c.Highlight = nil
		if len(ev.IDs) > 0 {
			c.Highlight = slices.Clone(ev.IDs)
		}
	}
}

// ReportMap is a case card's network map as the meeting left it: the copy attached and the
// people highlighted last. The report page draws it and summarises it beside the text.
type ReportMap struct {
	Card      int64           `json:"card"`
	Text      string          `json:"text"`
	Map       json.RawMessage `json:"map"`
	Highlight []string        `json:"highlight,omitempty"`
}

// reportMaps lists the maps on the cards of a state, in card order.
func reportMaps(st State) []ReportMap {
	var out []ReportMap
	for _, c := range st.Cards {
		if c.Map != nil {
			out = append(out, ReportMap{Card: c.ID, Text: c.Text, Map: c.Map, Highlight: slices.Clone(c.Highlight)})
		}
	}
	return out
}

// mapMessageText holds the map ops' error messages in Dutch and English.
func mapMessageText(key string) ([2]string, bool) {
	switch key {
	case "map_not_found":
		return [2]string{"Deze netwerkkaart staat niet bij jouw kaarten. Je kunt alleen een eigen kaart toevoegen.", "This network map is not among your maps. You can only add a map of your own."}, true
	case "map_case_only":
		return [2]string{"Alleen een casus kan een netwerkkaart krijgen.", "Only a case can carry a network map."}, true
	case "map_too_large":
		return [2]string{"Deze netwerkkaart is te groot om te delen.", "This network map is too large to share."}, true
	case "map_personal_data":
		return [2]string{"Deze netwerkkaart bevat persoonsgegevens (%s) in een naam of notitie. Gebruik rollen of initialen (‘zus’, ‘buurman’, ‘J.’), pas de kaart aan bij Netwerkkaarten en voeg haar opnieuw toe.",
			"This network map contains personal data (%s) in a label or note. Use roles or initials (‘sister’, ‘neighbour’, ‘J.’), change the map under Network maps and add it again."}, true
	case "bad_map":
		return [2]string{"Deze netwerkkaart is niet geldig. Open en bewaar haar eerst bij Netwerkkaarten.", "This network map is not valid. Open and save it under Network maps first."}, true
	case "no_map":
		return [2]string{"Deze casus heeft geen netwerkkaart.", "This case has no network map."}, true
	case "map_person_not_found":
		return [2]string{"Deze persoon staat niet op de netwerkkaart van deze casus.", "This person is not on this case's network map."}, true
	}
	return [2]string{}, false
}

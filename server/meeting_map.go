package server

// Network maps in the live room (issue 16, "in intervision"): the room's side of loading a
// person's own saved map (room.MapSource), the maps a person may put on a case card, the
// words roommap.js shows, and the maps in the report. The rules of the map itself live in
// kring/server/netmap; the room's rules (who may attach, what is screened) in room/cardmap.go.

import (
	"context"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"kring/server/netmap"
	"kring/server/room"
	"kring/server/store"
)

var _ room.MapSource = (*MeetingDirectory)(nil)

// OwnMap implements room.MapSource: the JSON of one of the person's maps of a client or an
// exercise. A map of the person's own network stays private (like a reflection) and is not
// offered to a group: it is ErrNotFound here, as is anyone else's map.
func (d *MeetingDirectory) OwnMap(ctx context.Context, userID, mapID int64) ([]byte, error) {
	m, err := d.store.NetworkMap(ctx, userID, mapID)
	if err != nil {
		return nil, err
	}
	if m.Kind == store.MapOwn {
		return nil, store.ErrNotFound
	}
	return m.Body, nil
}

// roomMapChoice is one map the person can put on a case card.
type roomMapChoice struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date"`
}

// roomMapData is what static/js/roommap.js needs: the person's maps to choose from, where the
// room's drawings are, and its words in the page's language.
func (s *Server) roomMapData(ctx context.Context, lang string, userID, meetingID int64) (map[string]any, error) {
	choices := []roomMapChoice{}
	if userID != 0 {
		recs, err := s.store.NetworkMaps(ctx, userID)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.Kind != store.MapOwn {
				choices = append(choices, roomMapChoice{ID: r.ID, Title: r.Title, Date: s.mapDate(lang, r.Date)})
			}
		}
	}
	t := s.msg.Prefixed(lang, "roommap.")
	for k := range t {
		if strings.HasPrefix(k, "report.") {
			delete(t, k) // the verslag's words, not the script's
		}
	}
	return map[string]any{
		"maps":    choices,
		"svgUrl":  "/meetings/" + strconv.FormatInt(meetingID, 10) + "/kaart/",
		"mapsUrl": "/netwerkkaarten",
		"t":       t,
	}, nil
}

// reportMapView is a case card's map as the report page shows it: the case, the drawing, the
// summary beside it and who was highlighted.
type reportMapView struct {
	Case      string
	SVG       template.HTML
	Summary   mapSummaryView
	Highlight string
}

// reportMaps draws and summarises the maps of a report; a map that no longer reads (it cannot
// happen: the room validated it) is left out rather than failing the whole report.
func (s *Server) reportMaps(lang string, rep room.Report) []reportMapView {
	var out []reportMapView
	for _, rm := range rep.Maps {
		var m netmap.Map
		if err := json.Unmarshal(rm.Map, &m); err != nil {
			continue
		}
		out = append(out, reportMapView{
			Case:      rm.Text,
			SVG:       s.drawMap(lang, m, "report-"+strconv.FormatInt(rm.Card, 10)+"-", false),
			Summary:   s.viewSummary(lang, m),
			Highlight: highlightLabels(m, rm.Highlight),
		})
	}
	return out
}

// highlightLabels names the highlighted people by their labels, in the map's order.
func highlightLabels(m netmap.Map, ids []string) string {
	var labels []string
	for _, p := range m.People {
		for _, id := range ids {
			if id == p.ID {
				labels = append(labels, p.Label)
			}
		}
	}
	return strings.Join(labels, ", ")
}

// reportMapsText is the maps' part of the text download: per case card its map's summary,
// the same lines the report page and the map's own page show.
func (s *Server) reportMapsText(lang string, rep room.Report) string {
	views := s.reportMaps(lang, rep)
	if len(views) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n" + s.msg.T(lang, "roommap.report.heading") + "\n")
	b.WriteString(strings.Repeat("=", len([]rune(s.msg.T(lang, "roommap.report.heading")))) + "\n")
	for _, v := range views {
		b.WriteString("\n" + s.msg.T(lang, "roommap.report.case", "Case", firstLine(v.Case)) + "\n")
		for _, f := range v.Summary.Facts {
			b.WriteString("- " + f.Label + ": " + f.Value + "\n")
		}
		if v.Highlight != "" {
			b.WriteString("- " + s.msg.T(lang, "roommap.highlighted") + ": " + v.Highlight + "\n")
		}
		if len(v.Summary.Gaps) > 0 {
			b.WriteString(s.msg.T(lang, "roommap.report.questions") + "\n")
			for _, g := range v.Summary.Gaps {
				b.WriteString("- " + g + "\n")
			}
		}
	}
	return b.String()
}

// firstLine is the first line of a card's text, for a heading.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

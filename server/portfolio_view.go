package server

import (
	"context"
	"sort"
	"time"

	"kring/modules"
	"kring/server/portfolio"
	"kring/server/store"
)

// portfolioRecord is everything a person's portfolio shows, gathered once for the page, the
// export snapshot and the PDF. It holds nothing of anyone else but the names of the groups,
// their facilitators and a countersigning coach.
type portfolioRecord struct {
	Name         string                      `json:"name"`
	Registration portfolioRegistration       `json:"registration"`
	Summary      portfolio.Summary           `json:"summary"`
	Certificates []portfolioCertificate      `json:"certificates"`
	Meetings     []portfolioMeeting          `json:"meetings"`
	Series       []*store.SeriesReflection   `json:"series_reflections"`
	Lessons      []portfolioLessonReflection `json:"-"` // private; never in an export
}

type portfolioRegistration struct {
	Register string    `json:"register"`
	Number   string    `json:"number"`
	Since    time.Time `json:"since"`
}

type portfolioCertificate struct {
	Code     string    `json:"code"`
	Title    string    `json:"title"`
	Hours    float64   `json:"hours"`
	IssuedAt time.Time `json:"issued_at"`
	Revoked  bool      `json:"revoked"`
}

type portfolioMeeting struct {
	Date        time.Time `json:"date"`
	GroupID     int64     `json:"-"`
	Group       string    `json:"group"`
	Method      string    `json:"method"`
	Facilitator string    `json:"facilitator"`
	Minutes     int       `json:"minutes"`
	Online      bool      `json:"online"`
	Contact     bool      `json:"contact"`
}

// portfolioLessonReflection is one answered reflection prompt of a lesson.
type portfolioLessonReflection struct {
	Module, ModuleTitle, Question, Text string
	UpdatedAt                           time.Time
}

// portfolioOf gathers a person's portfolio in a handful of queries.
func (s *Server) portfolioOf(ctx context.Context, u *store.User) (*portfolioRecord, error) {
	reg, err := s.store.Registration(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	certs, err := s.store.CertificatesOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	attended, err := s.store.MeetingsAttended(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	series, err := s.store.SeriesReflectionsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	progress, err := s.store.AllProgress(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	r := &portfolioRecord{Name: u.Name, Registration: portfolioRegistration(reg), Series: series}
	var pc []portfolio.Certificate
	for _, c := range certs {
		r.Certificates = append(r.Certificates, portfolioCertificate{Code: c.Code, Title: c.ModuleTitle, Hours: c.Hours, IssuedAt: c.IssuedAt, Revoked: c.Revoked()})
		pc = append(pc, portfolio.Certificate{Code: c.Code, Title: c.ModuleTitle, Hours: c.Hours, IssuedAt: c.IssuedAt, Revoked: c.Revoked()})
	}
	sort.Slice(r.Certificates, func(i, j int) bool { return r.Certificates[i].IssuedAt.After(r.Certificates[j].IssuedAt) })
	var pm []portfolio.Meeting
	for i := len(attended) - 1; i >= 0; i-- {
		m := attended[i]
		method := m.Method
		if mm, ok := s.catalog.Method(m.Method); ok {
			method = mm.Name
		}
		r.Meetings = append(r.Meetings, portfolioMeeting{Date: m.StartedAt, GroupID: m.GroupID, Group: m.GroupName, Method: method,
			Facilitator: m.Facilitator, Minutes: m.Minutes, Online: m.Online, Contact: m.Contact()})
		pm = append(pm, portfolio.Meeting{StartedAt: m.StartedAt, Minutes: m.Minutes, Contact: m.Contact()})
	}
	r.Summary = portfolio.Summarise(pc, pm, reg.Since, s.store.Now(), s.cfg.Location)
	for _, mod := range s.catalog.Modules {
		p := progress[mod.Slug]
		if p == nil {
			continue
		}
		for _, pr := range mod.Prompts() {
			if pr.Type != modules.Reflection {
				continue
			}
			if a := p.Answers[pr.ID]; a != nil && a.Text != "" {
				r.Lessons = append(r.Lessons, portfolioLessonReflection{Module: mod.Slug, ModuleTitle: mod.Title, Question: pr.Question, Text: a.Text, UpdatedAt: a.UpdatedAt})
			}
		}
	}
	return r, nil
}

// seriesChoice is a group a person can reflect on, with how often they were there.
type seriesChoice struct {
	GroupID  int64
	Group    string
	Meetings int
	Minutes  int
}

// seriesChoices are the groups of the meetings a person attended, most recent first.
func seriesChoices(r *portfolioRecord) []seriesChoice {
	var out []seriesChoice
	idx := map[int64]int{}
	for _, m := range r.Meetings {
		i, ok := idx[m.GroupID]
		if !ok {
			idx[m.GroupID] = len(out)
			out = append(out, seriesChoice{GroupID: m.GroupID, Group: m.Group})
			i = len(out) - 1
		}
		out[i].Meetings++
		out[i].Minutes += m.Minutes
	}
	return out
}

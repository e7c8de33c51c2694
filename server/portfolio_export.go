package server

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/pdfdoc"
	"kring/server/portfolio"
	"kring/server/store"
)

// portfolioSnapshot is a portfolio as exported: stored under its verification code, so the
// printed page, the PDF and the public check always agree with each other.
type portfolioSnapshot struct {
	Version      int                       `json:"version"`
	ExportedAt   time.Time                 `json:"exported_at"`
	Name         string                    `json:"name"`
	Registration portfolioRegistration     `json:"registration"`
	Summary      portfolio.Summary         `json:"summary"`
	Certificates []portfolioCertificate    `json:"certificates"`
	Meetings     []portfolioMeeting        `json:"meetings"`
	Series       []*store.SeriesReflection `json:"series_reflections"`
}

// portfolioExportCreate freezes the person's portfolio as it stands under a new verification
// code and shows the printable version, with the PDF one click away.
func (s *Server) portfolioExportCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	r, err := s.portfolioOf(c.UserContext(), u)
	if err != nil {
		return err
	}
	snap := portfolioSnapshot{Version: 1, ExportedAt: s.store.Now(), Name: r.Name, Registration: r.Registration, Summary: r.Summary,
		Certificates: r.Certificates, Meetings: r.Meetings, Series: r.Series}
	data, err := json.Marshal(snap)
	if err != nil {
		return fmt.Errorf("portfolio export: %w", err)
	}
	code, err := s.store.SavePortfolioExport(c.UserContext(), u.ID, string(data))
	if err != nil {
		return err
	}
	return c.Redirect("/portfolio/export/"+code, fiber.StatusSeeOther)
}

// ownExport is the person's own export with this code; anyone else's is a 404.
func (s *Server) ownExport(c *fiber.Ctx) (*store.PortfolioExport, *portfolioSnapshot, error) {
	e, snap, err := s.exportByCode(c)
	if err != nil {
		return nil, nil, err
	}
	if e.UserID != currentUser(c).ID {
		return nil, nil, fiber.ErrNotFound
	}
	return e, snap, nil
}

func (s *Server) exportByCode(c *fiber.Ctx) (*store.PortfolioExport, *portfolioSnapshot, error) {
	code := store.NormaliseCode(c.Params("code"))
	if code == "" {
		return nil, nil, fiber.ErrNotFound
	}
	e, err := s.store.PortfolioExportByCode(c.UserContext(), code)
	if err != nil {
		return nil, nil, err
	}
	var snap portfolioSnapshot
	if err := json.Unmarshal([]byte(e.Data), &snap); err != nil {
		return nil, nil, fmt.Errorf("portfolio export %s: %w", code, err)
	}
	return e, &snap, nil
}

// portfolioExportShow is the printable portfolio of one export, for its owner.
func (s *Server) portfolioExportShow(c *fiber.Ctx) error {
	e, snap, err := s.ownExport(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "portfolio_export", fiber.Map{"Title": s.msg.T(st(c).lang, "portfolio.export.title"), "E": e, "S": snap, "ExtraCSS": portfolioCSS(),
		"VerifyURL": s.cfg.BaseURL + "/portfolio/controle/" + e.Code})
}

// portfolioExportPDF is the same export as a PDF for the register, with the verification code
// and address on every page.
func (s *Server) portfolioExportPDF(c *fiber.Ctx) error {
	e, snap, err := s.ownExport(c)
	if err != nil {
		return err
	}
	lang := st(c).lang
	doc := s.portfolioPDF(lang, e, snap)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="portfolio-`+e.Code+`.pdf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return pdfdoc.Write(c.Response().BodyWriter(), doc)
}

// portfolioPDF lays out an export as a document, in the person's language.
func (s *Server) portfolioPDF(lang string, e *store.PortfolioExport, snap *portfolioSnapshot) pdfdoc.Doc {
	t := func(id string, args ...any) string { return s.msg.T(lang, id, args...) }
	date := func(v time.Time) string { return formatDate(lang, v.In(s.cfg.Location), false) }
	hours := func(h float64) string { return formatHours(lang, roundTenth(h)) }
	url := s.cfg.BaseURL + "/portfolio/controle/" + e.Code
	doc := pdfdoc.Doc{
		Title:    t("portfolio.export.pdf_title", "Name", snap.Name),
		Subtitle: t("portfolio.export.exported", "Date", date(snap.ExportedAt)),
		Author:   snap.Name,
		Footer:   t("portfolio.export.footer", "Code", e.Code, "URL", url),
	}
	reg := snap.Registration
	pairs := pdfdoc.Pairs{{t("portfolio.register.label"), registerName(t, reg.Register)}}
	if reg.Number != "" {
		pairs = append(pairs, [2]string{t("portfolio.register.number"), reg.Number})
	}
	if !reg.Since.IsZero() {
		pairs = append(pairs, [2]string{t("portfolio.register.since"), date(reg.Since)})
	}
	pairs = append(pairs, [2]string{t("portfolio.export.code"), e.Code}, [2]string{t("portfolio.export.check_at"), url})
	doc.Blocks = append(doc.Blocks, pdfdoc.Heading{Text: t("portfolio.registration")}, pairs)

	totals := pdfdoc.Table{Columns: []pdfdoc.Column{{Title: t("portfolio.period"), Width: 3}, {Title: t("portfolio.cert_hours"), Width: 1.3, Right: true},
		{Title: t("portfolio.meetings"), Width: 1.3, Right: true}, {Title: t("portfolio.intervision_hours"), Width: 1.5, Right: true}, {Title: t("portfolio.contact_hours"), Width: 1.5, Right: true}}}
	for _, p := range snap.Summary.Periods {
		totals.Rows = append(totals.Rows, []string{date(p.From) + " – " + date(p.To.AddDate(0, 0, -1)), hours(p.CertHours), fmt.Sprint(p.Meetings), hours(p.IntervisionHours()), hours(p.ContactHours())})
	}
	for _, y := range snap.Summary.Years {
		totals.Rows = append(totals.Rows, []string{fmt.Sprint(y.Year), hours(y.CertHours), fmt.Sprint(y.Meetings), hours(y.IntervisionHours()), hours(y.ContactHours())})
	}
	doc.Blocks = append(doc.Blocks, pdfdoc.Heading{Text: t("portfolio.totals")}, totals)

	certs := pdfdoc.Table{Columns: []pdfdoc.Column{{Title: t("portfolio.module"), Width: 4}, {Title: t("portfolio.date"), Width: 1.6}, {Title: t("portfolio.hours"), Width: 0.9, Right: true}, {Title: t("portfolio.code"), Width: 2}}}
	for _, c := range snap.Certificates {
		title := c.Title
		if c.Revoked {
			title += " (" + t("portfolio.revoked") + ")"
		}
		certs.Rows = append(certs.Rows, []string{title, date(c.IssuedAt), hours(c.Hours), c.Code})
	}
	doc.Blocks = append(doc.Blocks, pdfdoc.Heading{Text: t("portfolio.certificates")})
	if len(certs.Rows) == 0 {
		doc.Blocks = append(doc.Blocks, pdfdoc.Paragraph{Text: t("portfolio.no_certificates")})
	} else {
		doc.Blocks = append(doc.Blocks, certs)
	}

	meets := pdfdoc.Table{Columns: []pdfdoc.Column{{Title: t("portfolio.date"), Width: 1.5}, {Title: t("portfolio.group"), Width: 2.2}, {Title: t("portfolio.method"), Width: 2},
		{Title: t("portfolio.facilitator"), Width: 1.7}, {Title: t("portfolio.minutes"), Width: 0.9, Right: true}, {Title: t("portfolio.meeting_form"), Width: 1.6}}}
	for _, m := range snap.Meetings {
		meets.Rows = append(meets.Rows, []string{date(m.Date), m.Group, m.Method, m.Facilitator, fmt.Sprint(m.Minutes), t(meetingForm(m))})
	}
	doc.Blocks = append(doc.Blocks, pdfdoc.Heading{Text: t("portfolio.intervision")})
	if len(meets.Rows) == 0 {
		doc.Blocks = append(doc.Blocks, pdfdoc.Paragraph{Text: t("portfolio.no_meetings")})
	} else {
		doc.Blocks = append(doc.Blocks, meets, pdfdoc.Paragraph{Text: t("portfolio.contact_note"), Small: true})
	}

	if len(snap.Series) > 0 {
		doc.Blocks = append(doc.Blocks, pdfdoc.Heading{Text: t("portfolio.series.title")})
		for _, r := range snap.Series {
			doc.Blocks = append(doc.Blocks,
				pdfdoc.Paragraph{Text: t("portfolio.series.about", "Group", r.GroupName, "Meetings", r.Meetings, "Date", date(r.CreatedAt))},
				pdfdoc.Pairs{{t("portfolio.series.technical"), r.Technical}, {t("portfolio.series.normative"), r.Normative}, {t("portfolio.series.personal"), r.Personal}})
			if r.Signed() {
				sig := t("portfolio.series.signed_by", "Name", r.SignedName, "Date", date(r.SignedAt))
				if r.SignedNumber != "" {
					sig += " · " + registerName(t, r.SignedRegister) + " " + r.SignedNumber
				}
				doc.Blocks = append(doc.Blocks, pdfdoc.Paragraph{Text: sig, Small: true})
			} else {
				doc.Blocks = append(doc.Blocks, pdfdoc.Paragraph{Text: t("portfolio.series.unsigned"), Small: true})
			}
		}
	}
	return doc
}

// meetingForm names how a meeting was held, as registers distinguish it.
func meetingForm(m portfolioMeeting) string {
	switch {
	case !m.Online:
		return "portfolio.form.face_to_face"
	case m.Contact:
		return "portfolio.form.online_video"
	}
	return "portfolio.form.online_no_video"
}

// registerName is the register's name in the person's language.
func registerName(t func(string, ...any) string, reg string) string {
	if reg == "" {
		return t("portfolio.register.none")
	}
	return t("portfolio.register." + reg)
}

// roundTenth rounds hours to one decimal, as registers count them.
func roundTenth(h float64) float64 { return math.Round(h*10) / 10 }

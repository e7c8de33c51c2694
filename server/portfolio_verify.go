package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// portfolioVerifyRow is one year or period of a portfolio as the public check shows it.
type portfolioVerifyRow struct {
	Label            string  `json:"label"`
	CertificateHours float64 `json:"certificate_hours"`
	Meetings         int     `json:"meetings"`
	IntervisionHours float64 `json:"intervision_hours"`
	ContactHours     float64 `json:"contact_hours"`
}

// portfolioVerifyView is what anyone holding the code may see: the name, when it was
// exported, the certificates (module, date, hours, status) and the totals; no groups, no
// reflections, no e-mail address.
type portfolioVerifyView struct {
	Code         string                 `json:"code"`
	Name         string                 `json:"name"`
	ExportedAt   time.Time              `json:"exported_at"`
	Issuer       string                 `json:"issuer"`
	Certificates []portfolioCertificate `json:"certificates"`
	Periods      []portfolioVerifyRow   `json:"periods"`
	Years        []portfolioVerifyRow   `json:"years"`
}

func (s *Server) portfolioVerifyData(c *fiber.Ctx) (*portfolioVerifyView, error) {
	e, snap, err := s.exportByCode(c)
	if err != nil {
		return nil, err
	}
	lang := st(c).lang
	v := &portfolioVerifyView{Code: e.Code, Name: snap.Name, ExportedAt: snap.ExportedAt, Issuer: s.cfg.Theme.BrandName, Certificates: snap.Certificates}
	for _, p := range snap.Summary.Periods {
		v.Periods = append(v.Periods, portfolioVerifyRow{Label: formatDate(lang, p.From.In(s.cfg.Location), false) + " – " + formatDate(lang, p.To.AddDate(0, 0, -1).In(s.cfg.Location), false),
			CertificateHours: roundTenth(p.CertHours), Meetings: p.Meetings, IntervisionHours: roundTenth(p.IntervisionHours()), ContactHours: roundTenth(p.ContactHours())})
	}
	for _, y := range snap.Summary.Years {
		v.Years = append(v.Years, portfolioVerifyRow{Label: strconv.Itoa(y.Year), CertificateHours: roundTenth(y.CertHours), Meetings: y.Meetings,
			IntervisionHours: roundTenth(y.IntervisionHours()), ContactHours: roundTenth(y.ContactHours())})
	}
	return v, nil
}

// portfolioVerify is the public check of an exported portfolio, for a register's reviewer.
func (s *Server) portfolioVerify(c *fiber.Ctx) error {
	v, err := s.portfolioVerifyData(c)
	if err != nil {
		return err
	}
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "portfolio_verify", fiber.Map{"Title": s.msg.T(st(c).lang, "portfolio.verify.title"), "V": v, "ExtraCSS": portfolioCSS()})
}

// portfolioVerifyJSON is the same check for other systems.
func (s *Server) portfolioVerifyJSON(c *fiber.Ctx) error {
	v, err := s.portfolioVerifyData(c)
	if err != nil {
		return err
	}
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}

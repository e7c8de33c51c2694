package server

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/gofiber/fiber/v2"

	"kring/server/pdfdoc"
	"kring/server/store"
)

// certificateByParam is the certificate named in the path (any spelling of its code), or a 404.
func (s *Server) certificateByParam(c *fiber.Ctx) (*store.Certificate, error) {
	code := store.NormaliseCode(c.Params("code"))
	if code == "" {
		return nil, fiber.ErrNotFound
	}
	return s.store.CertificateByCode(c.UserContext(), code)
}

// certificateQR is a QR code of the certificate's public verification address, for the printed
// certificate: a reviewer points a phone at it instead of typing the code.
func (s *Server) certificateQR(c *fiber.Ctx) error {
	cert, err := s.certificateByParam(c)
	if err != nil {
		return err
	}
	img, err := qrImage(s.cfg.BaseURL+"/certificates/"+cert.Code, 240)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.Send(img)
}

// qrImage encodes text as a PNG QR code of about size pixels, with medium error correction (a
// printed code survives a fold or a stain).
func qrImage(text string, size int) ([]byte, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, err
	}
	scaled, err := barcode.Scale(code, size, size)
	if err != nil {
		return nil, err
	}
	// Eight-bit grey: the barcode's own colour model encodes as 16-bit PNG, which PDF writers
	// refuse, and a QR code needs only black and white.
	gray := image.NewGray(scaled.Bounds())
	draw.Draw(gray, gray.Bounds(), scaled, scaled.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, gray); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// certificateStatus is the public check for other systems: no more than the page shows.
type certificateStatus struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Module    string  `json:"module"`
	IssuedOn  string  `json:"issued_on"`
	Hours     float64 `json:"hours"`
	Issuer    string  `json:"issuer"`
	Status    string  `json:"status"` // valid or revoked
	RevokedOn string  `json:"revoked_on,omitempty"`
	VerifyURL string  `json:"verify_url"`
}

// certificateJSON answers the public check as JSON.
func (s *Server) certificateJSON(c *fiber.Ctx) error {
	cert, err := s.certificateByParam(c)
	if err != nil {
		return err
	}
	st := certificateStatus{Code: cert.Code, Name: cert.Name, Module: cert.ModuleTitle, IssuedOn: cert.IssuedAt.In(s.cfg.Location).Format("2006-01-02"),
		Hours: cert.Hours, Issuer: s.cfg.CertIssuer, Status: "valid", VerifyURL: s.cfg.BaseURL + "/certificates/" + cert.Code}
	if cert.Revoked() {
		st.Status = "revoked"
		st.RevokedOn = cert.RevokedAt.In(s.cfg.Location).Format("2006-01-02")
	}
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(st)
}

// certificatePDF is the certificate as a PDF for its holder: issuer and responsible person,
// module, learning goals, study load, accreditation, the holder's registration number, the
// verification code with a QR code to the public check.
func (s *Server) certificatePDF(c *fiber.Ctx) error {
	cert, err := s.certificateByParam(c)
	if err != nil {
		return err
	}
	if u := currentUser(c); u == nil || u.ID != cert.UserID {
		return fiber.ErrNotFound
	}
	reg, err := s.store.Registration(c.UserContext(), cert.UserID)
	if err != nil {
		return err
	}
	lang := st(c).lang
	t := func(id string, args ...any) string { return s.msg.T(lang, id, args...) }
	url := s.cfg.BaseURL + "/certificates/" + cert.Code
	qrPNG, err := qrImage(url, 300)
	if err != nil {
		return err
	}
	pairs := pdfdoc.Pairs{
		{t("learning.certificate.awarded_to"), cert.Name},
		{t("learning.certificate.for_module"), cert.ModuleTitle},
		{t("learning.certificate.date"), formatDate(lang, cert.IssuedAt.In(s.cfg.Location), false)},
		{t("learning.certificate.hours"), t("learning.certificate.hours_value", "Hours", formatHours(lang, cert.Hours))},
	}
	if cert.Accreditation != "" {
		pairs = append(pairs, [2]string{t("certificate.accreditation"), cert.Accreditation})
	}
	if reg.Number != "" {
		pairs = append(pairs, [2]string{t("certificate.holder_number"), registerName(t, reg.Register) + " " + reg.Number})
	}
	pairs = append(pairs, [2]string{t("certificate.issuer"), s.cfg.CertIssuer})
	if s.cfg.CertSignatory != "" {
		pairs = append(pairs, [2]string{t("certificate.signatory"), s.cfg.CertSignatory})
	}
	status := t("learning.certificate.valid")
	if cert.Revoked() {
		status = t("learning.certificate.revoked")
	}
	pairs = append(pairs, [2]string{t("learning.certificate.status"), status}, [2]string{t("learning.certificate.code"), cert.Code})
	doc := pdfdoc.Doc{Title: t("learning.certificate.title"), Subtitle: cert.ModuleTitle, Author: s.cfg.CertIssuer,
		Footer: t("portfolio.export.footer", "Code", cert.Code, "URL", url)}
	doc.Blocks = append(doc.Blocks, pairs)
	goals := s.certificateGoals(cert)
	if len(goals) > 0 {
		doc.Blocks = append(doc.Blocks, pdfdoc.Heading{Text: t("certificate.goals")}, pdfdoc.Paragraph{Text: "• " + strings.Join(goals, "\n• ")})
	}
	doc.Blocks = append(doc.Blocks, pdfdoc.Image{PNG: qrPNG, Size: 110, Caption: t("learning.certificate.verify_at") + " " + url})
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="certificaat-`+cert.Code+`.pdf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return pdfdoc.Write(c.Response().BodyWriter(), doc)
}

// certificateGoals are the learning goals the certificate was earned under; for a certificate
// from before goals were kept, those of the module if it is still the same version.
func (s *Server) certificateGoals(cert *store.Certificate) []string {
	if len(cert.Goals) > 0 {
		return cert.Goals
	}
	if m, ok := s.catalog.Module(cert.Module); ok && m.Version == cert.ModuleVersion {
		return m.Goals
	}
	return nil
}

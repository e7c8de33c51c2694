package server

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// auditPageSize is how many entries one page of the audit log shows.
const auditPageSize = 50

// auditRow is one audit entry as the page shows it.
type auditRow struct {
	At, Actor, Action, Subject, Detail string
}

// orgAuditShow is the audit log of the organisation admin's own organisation, newest first.
// The municipality admin, who has no organisation, reads every entry at /admin/audit.
func (s *Server) orgAuditShow(c *fiber.Ctx) error {
	u := currentUser(c)
	if auth.Role(u.Role) == auth.MuniAdmin {
		return c.Redirect("/admin/audit", fiber.StatusSeeOther)
	}
	if u.OrgID == 0 {
		return fiber.ErrForbidden
	}
	return s.renderAudit(c, u.OrgID, "/org/audit")
}

// adminAuditShow is the whole audit log for the municipality admin, newest first.
func (s *Server) adminAuditShow(c *fiber.Ctx) error { return s.renderAudit(c, 0, "/admin/audit") }

// renderAudit shows one page (?p=, from 1) of the entries of orgID (0: all).
func (s *Server) renderAudit(c *fiber.Ctx, orgID int64, path string) error {
	p, err := strconv.Atoi(c.Query("p", "1"))
	if err != nil || p < 1 || p > 100000 {
		p = 1
	}
	entries, more, err := s.store.AuditPage(c.UserContext(), orgID, (p-1)*auditPageSize, auditPageSize)
	if err != nil {
		return err
	}
	lang := st(c).lang
	rows := make([]auditRow, 0, len(entries))
	for _, e := range entries {
		var detail []string
		for _, k := range []string{"name", "user", "from", "to", "format"} {
			if v := e.Detail[k]; v != "" {
				detail = append(detail, s.msg.T(lang, "audit.detail."+k)+": "+v)
			}
		}
		rows = append(rows, auditRow{At: formatDate(lang, e.At.In(s.cfg.Location), true), Actor: e.ActorName,
			Action: s.msg.T(lang, "audit.action."+e.Action), Subject: e.Subject, Detail: strings.Join(detail, ", ")})
	}
	data := fiber.Map{"Title": s.msg.T(lang, "audit.title"), "Rows": rows, "Page": p, "Path": path,
		"All": orgID == 0, "Retention": s.retentionWords(lang), "ExtraCSS": []string{"/static/css/privacy.css"}}
	if p > 1 {
		data["Prev"] = path + "?p=" + strconv.Itoa(p-1)
	}
	if more {
		data["Next"] = path + "?p=" + strconv.Itoa(p+1)
	}
	return s.render(c, "audit", data)
}

package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// The audit log's actions: stable keys, shown through the i18n catalogue (audit.action.*).
const (
	auditRecordView     = "record.view"     // an organisation's dashboard or one person's training record
	auditRecordExport   = "record.export"   // training records as CSV or XLSX
	auditReportView     = "report.view"     // a meeting report
	auditRoleChange     = "role.change"     // a person's role
	auditMemberAdd      = "member.add"      // someone added to a group
	auditMemberRemove   = "member.remove"   // someone taken out of a group
	auditDefinitionSet  = "definition.set"  // what counts as trained in an organisation
	auditPersonDisable  = "person.disable"  // a person disabled
	auditPersonEnable   = "person.enable"   // a person enabled again
	auditAccountDelete  = "account.delete"  // a person deleted their own account
	auditPersonalExport = "personal.export" // a person downloaded their own data
)

// auditNoOrg, as audit's orgID, keeps an entry from every organisation admin: only the
// municipality admin reads it (a person exercising their own rights is not their employer's
// business).
const auditNoOrg int64 = -1

// audit records that the signed-in person did action to subject (e.g. "user:12"), for the
// admins of organisation orgID (0: the actor's own organisation; auditNoOrg: none, only the
// municipality admin). It is one line in a handler; a failed write is logged, not shown: the
// person's action has already happened.
func (s *Server) audit(c *fiber.Ctx, action, subject string, orgID int64, detail map[string]string) {
	e := store.AuditEntry{Action: action, Subject: subject, OrgID: orgID, Detail: detail}
	if u := currentUser(c); u != nil {
		e.ActorID, e.ActorName = u.ID, u.Name
		if orgID == 0 {
			e.OrgID = u.OrgID
		}
	}
	if e.OrgID == auditNoOrg {
		e.OrgID = 0
	}
	if err := s.store.AddAudit(c.UserContext(), e); err != nil {
		s.log.Warn("audit entry not written", "action", action, "subject", subject, "err", err)
	}
}

package server

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"kring/server/auth"
)

// Route is one entry of the route table: what a request may do is decided by the action it
// names (empty: open to everyone). The authorisation matrix test walks this table.
type Route struct {
	Method string
	Path   string
	Action auth.Action
	h      fiber.Handler
}

// Routes lists every page and endpoint Kring serves, in one place.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET", "/healthz", "", s.healthz},
		// Open Badges 3.0: the issuer profile and the key that verifies its credentials.
		{"GET", "/issuer", "", s.issuerShow},
		{"GET", "/.well-known/jwks.json", "", s.jwksShow},
		{"GET", "/readyz", "", s.readyz},
		{"GET", "/metrics", "", s.showMetrics},
		{"GET", "/theme.css", "", s.themeStylesheet},
		{"GET", "/brand-logo", "", s.brandLogoImage},

		{"GET", "/login", "", s.loginShow},
		{"POST", "/login", "", s.loginSubmit},
		{"POST", "/logout", "", s.logout},
		{"POST", "/login/sso", "", s.ssoStart},
		{"GET", "/login/oidc/callback", "", s.ssoCallback},
		{"POST", "/lang", "", s.langSet},
		{"GET", "/setup/:token", "", s.setupShow},
		{"POST", "/setup/:token", "", s.setupSubmit},
		{"GET", "/privacy", "", s.privacyShow},
		{"GET", "/toegankelijkheid", "", s.accessibilityShow},
		{"GET", "/invite/:token", "", s.inviteShow},
		{"POST", "/invite/:token", "", s.inviteAccept},

		{"GET", "/", auth.ViewHome, s.homeShow},
		{"GET", "/account", auth.EditProfile, s.accountShow},
		{"POST", "/account", auth.EditProfile, s.accountUpdate},
		{"POST", "/account/password", auth.EditProfile, s.passwordUpdate},
		{"POST", "/account/reminders", auth.EditProfile, s.accountRemindersUpdate},
		{"GET", "/ws/ping", auth.ViewHome, s.wsPing},
		// Privacy (AVG): one's own data as a page and as JSON, deleting one's account; the audit log.
		{"GET", "/account/gegevens", auth.EditProfile, s.personalDataShow},
		{"GET", "/account/gegevens.json", auth.EditProfile, s.personalDataJSON},
		{"POST", "/account/verwijderen", auth.EditProfile, s.accountDelete},
		{"GET", "/org/audit", auth.ViewAudit, s.orgAuditShow},
		{"GET", "/admin/audit", auth.ManageOrgs, s.adminAuditShow},

		// Learning: modules, lessons, prompts, the question bank, certificates (public check).
		{"GET", "/modules", auth.ViewModules, s.moduleList},
		{"GET", "/modules/:slug", auth.ViewModules, s.moduleShow},
		{"GET", "/modules/:slug/:lesson", auth.ViewModules, s.lessonShow},
		{"POST", "/modules/:slug/:lesson/prompts/:id", auth.AnswerPrompts, s.promptAnswer},
		{"POST", "/modules/:slug/:lesson/complete", auth.AnswerPrompts, s.lessonComplete},
		{"GET", "/vragen", auth.ViewQuestions, s.vragenList},
		{"GET", "/vragen/oefenen", auth.ViewQuestions, s.vragenPractice},
		{"POST", "/vragen/:id/favoriet", auth.KeepFavourites, s.questionFavourite},
		{"GET", "/certificates/:code", "", s.certificateShow},
		{"GET", "/certificates/:code/qr.png", "", s.certificateQR},
		{"GET", "/certificates/:code/json", "", s.certificateJSON},
		{"GET", "/certificates/:code/pdf", auth.ViewOwnCerts, s.certificatePDF},
		{"GET", "/certificates/:code/credential.jwt", auth.ViewOwnCerts, s.certificateCredential},
		{"POST", "/certificates/:code/revoke", auth.ManageOrgs, s.certificateRevoke},

		// The portfolio for a register: one's own record, reflections, exports and their public check.
		{"GET", "/portfolio", auth.ViewPortfolio, s.portfolioShow},
		{"POST", "/portfolio/registratie", auth.ViewPortfolio, s.portfolioRegistrationUpdate},
		{"POST", "/portfolio/reflecties", auth.ViewPortfolio, s.portfolioReflectionCreate},
		{"POST", "/portfolio/reflecties/:id/ondertekenen", auth.ViewPortfolio, s.portfolioReflectionRequest},
		{"POST", "/portfolio/export", auth.ViewPortfolio, s.portfolioExportCreate},
		{"GET", "/portfolio/export/:code", auth.ViewPortfolio, s.portfolioExportShow},
		{"GET", "/portfolio/export/:code/pdf", auth.ViewPortfolio, s.portfolioExportPDF},
		{"GET", "/portfolio/controle/:code", "", s.portfolioVerify},
		{"GET", "/portfolio/controle/:code/json", "", s.portfolioVerifyJSON},
		{"GET", "/reflecties", auth.SignReflections, s.reflectionsToSign},
		{"POST", "/reflecties/:id/ondertekenen", auth.SignReflections, s.reflectionSign},

		// Network maps: private to their owner (another person's map is 404). The fixed paths come
		// before /netwerkkaarten/:id, which would match them too.
		{"GET", "/netwerkkaarten", auth.KeepNetworkMaps, s.mapList},
		{"POST", "/netwerkkaarten", auth.KeepNetworkMaps, s.mapCreate},
		{"GET", "/netwerkkaarten/oefenen", auth.KeepNetworkMaps, s.mapExercise},
		{"GET", "/netwerkkaarten/voorbeeld", auth.KeepNetworkMaps, s.mapExample},
		{"GET", "/netwerkkaarten/voorbeeld.svg", auth.KeepNetworkMaps, s.mapExampleSVG},
		{"GET", "/netwerkkaarten/:id", auth.KeepNetworkMaps, s.mapShow},
		{"POST", "/netwerkkaarten/:id", auth.KeepNetworkMaps, s.mapUpdate},
		{"POST", "/netwerkkaarten/:id/kopie", auth.KeepNetworkMaps, s.mapCopy},
		{"GET", "/netwerkkaarten/:id/vergelijk", auth.KeepNetworkMaps, s.mapCompare},
		{"GET", "/netwerkkaarten/:id/kaart.svg", auth.KeepNetworkMaps, s.mapSVG},

		{"GET", "/groups", auth.ViewGroups, s.groupsList},
		{"GET", "/groups/new", auth.ManageGroups, s.groupNew},
		{"POST", "/groups", auth.ManageGroups, s.groupCreate},
		{"GET", "/groups/:id", auth.ViewGroups, s.groupShow},
		{"POST", "/groups/:id/members", auth.ManageGroups, s.groupMemberAdd},
		{"POST", "/groups/:id/coach", auth.ManageOrgs, s.groupCoachUpdate},
		{"POST", "/groups/:id/organisations", auth.ManageOrgs, s.groupOrganisationsUpdate},
		{"POST", "/groups/:id/members/:uid/remove", auth.ManageGroups, s.groupMemberRemove},
		{"POST", "/groups/:id/meetings", auth.ManageGroups, s.meetingCreate},
		{"GET", "/meetings/:id/planned", auth.ManageGroups, s.meetingPlanned},
		{"GET", "/meetings/:id/edit", auth.ManageGroups, s.meetingEdit},
		{"POST", "/meetings/:id/edit", auth.ManageGroups, s.meetingUpdate},
		{"POST", "/meetings/:id/cancel", auth.ManageGroups, s.meetingCancel},
		{"GET", "/meetings/:id/calendar.ics", auth.ViewGroups, s.meetingCalendar},
		{"GET", "/series/:id/calendar.ics", auth.ViewGroups, s.seriesCalendar},
		{"GET", "/meetings/:id", auth.JoinMeeting, s.meetingShow},
		{"GET", "/meetings/:id/ws", auth.JoinMeeting, s.meetingSocket},
		{"GET", "/meetings/:id/scherm", auth.JoinMeeting, s.meetingScreenShow},
		{"GET", "/meetings/:id/report", auth.ViewReports, s.meetingReport},
		{"POST", "/meetings/:id/agreements/:agreement", auth.ViewReports, s.agreementUpdate},
		{"GET", "/meetings/:id/kaart/:card", auth.JoinMeeting, s.meetingCardMapShow},

		// Track: the organisation's training dashboard, one person's record, the definition of
		// "trained", the exports; the municipality's overview of every organisation.
		{"GET", "/org", auth.ViewOrg, s.orgShow},
		{"POST", "/org/invites", auth.InviteStaff, s.orgInviteCreate},
		{"GET", "/org/people/:id", auth.ViewOrg, s.orgPersonShow},
		{"GET", "/org/settings", auth.SetTrainingDefinition, s.orgSettingsShow},
		{"POST", "/org/settings", auth.SetTrainingDefinition, s.orgSettingsUpdate},
		{"GET", "/org/training.csv", auth.ExportTraining, s.orgTrainingCSV},
		{"GET", "/org/training.xlsx", auth.ExportTraining, s.orgTrainingXLSX},
		{"GET", "/gemeente", auth.ViewAllOrgs, s.gemeenteShow},
		{"GET", "/gemeente/organisaties.csv", auth.ViewAllOrgs, s.gemeenteCSV},
		{"GET", "/gemeente/organisaties.xlsx", auth.ViewAllOrgs, s.gemeenteXLSX},
		{"POST", "/org/invites/:id/revoke", auth.InviteStaff, s.inviteRevoke},
		{"POST", "/org/people/:id/disable", auth.ManageStaff, s.personDisable},
		{"POST", "/org/people/:id/enable", auth.ManageStaff, s.personEnable},
		{"GET", "/org/sso", auth.ConfigureSSO, s.ssoSettingsShow},
		{"POST", "/org/sso", auth.ConfigureSSO, s.ssoSettingsUpdate},
		{"POST", "/org/sso/delete", auth.ConfigureSSO, s.ssoSettingsDelete},

		// The municipality: themes of bottlenecks and successes across all closed meetings.
		{"GET", "/gemeente/thema", auth.ViewMunicipalty, s.themeList},
		{"GET", "/gemeente/thema.csv", auth.ViewMunicipalty, s.themeExport},
		{"GET", "/gemeente/thema/:theme", auth.ViewMunicipalty, s.themeShow},

		{"GET", "/admin/organisations", auth.ManageOrgs, s.adminOrgsShow},
		{"POST", "/admin/organisations", auth.ManageOrgs, s.adminOrgCreate},
		{"GET", "/admin/organisations/:id", auth.ManageOrgs, s.adminOrgShow},
		{"POST", "/admin/organisations/:id/invites", auth.ManageOrgs, s.adminOrgInviteCreate},
		{"POST", "/admin/users/:id/role", auth.ManageOrgs, s.adminRoleUpdate},
		{"GET", "/admin/sso", auth.ManageOrgs, s.ssoOverview},
		{"GET", "/admin/organisations/:id/sso", auth.ManageOrgs, s.ssoSettingsShow},
		{"POST", "/admin/organisations/:id/sso", auth.ManageOrgs, s.ssoSettingsUpdate},
		{"POST", "/admin/organisations/:id/sso/delete", auth.ManageOrgs, s.ssoSettingsDelete},
	}
}

// routes installs the middleware chain and the route table.
func (s *Server) routes() {
	app := s.app
	app.Use(recover.New())
	app.Use(s.securityHeaders)
	app.Use("/static", filesystem.New(filesystem.Config{
		Root:   httpFS(s.staticFS),
		MaxAge: int((24 * time.Hour).Seconds()),
	}))
	app.Use(s.noStore) // after static files, before anything that can fail
	app.Use(s.logRequests)
	app.Use(s.loadSession)
	app.Use(s.csrf)
	for _, r := range s.Routes() {
		handlers := []fiber.Handler{r.h}
		if r.Action != "" {
			handlers = []fiber.Handler{s.require(r.Action), r.h}
		}
		app.Add(r.Method, r.Path, handlers...)
	}
	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

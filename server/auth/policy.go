package auth

import "sort"

// Action is something a signed-in person may try to do. Every route names one, and the policy
// decides; later features add rows here instead of if-chains in handlers.
type Action string

// The actions of Kring. Ownership rules (only your own group, only your own organisation, a
// report of a meeting you were in) are named rules in scope.go, asked by the handler after the
// policy allows the action at all.
const (
	ViewHome        Action = "home.view"          // the role's home page
	EditProfile     Action = "profile.edit"       // own name, password, language
	ViewModules     Action = "modules.view"       // catalogue and lessons
	AnswerPrompts   Action = "modules.answer"     // save reflections, check answers, progress
	ViewQuestions   Action = "questions.view"     // the question bank and practice mode
	KeepNetworkMaps Action = "netmaps.own"        // one's own network maps (private, like reflections)
	KeepFavourites  Action = "questions.favorite" // a personal list of favourite questions
	ViewOwnCerts    Action = "certificates.own"   // own certificates
	ViewGroups      Action = "groups.view"        // groups one belongs to or coaches
	ManageGroups    Action = "groups.manage"      // create groups, add members, plan meetings
	JoinMeeting     Action = "meetings.join"      // the live room, as member or coach
	ViewReports     Action = "meetings.report"    // reports of one's groups
	ViewOrg         Action = "org.view"           // the organisation's people and records
	ViewPortfolio   Action = "portfolio.own"      // one's own portfolio for a register, its exports
	SignReflections Action = "portfolio.sign"     // countersign reflections of one's own groups' members
	InviteStaff     Action = "org.invite"         // invite staff of the organisation, revoke invites
	ManageStaff     Action = "org.staff"          // disable and enable people of the organisation
	ExportTraining  Action = "org.export"         // training records as CSV and XLSX
	ConfigureSSO    Action = "org.sso"            // the organisation's sign-in with the work account
	// SetTrainingDefinition is the coordinator's own: what counts as trained in their organisation.
	SetTrainingDefinition Action = "org.training_definition"
	ManageOrgs            Action = "admin.orgs"        // create organisations, appoint coaches and admins
	ViewAllOrgs           Action = "admin.overview"    // every organisation side by side
	ViewMetrics           Action = "metrics.view"      // Prometheus metrics in the browser
	ViewMunicipalty       Action = "municipality.view" // municipality-wide dashboards (themes over time)
	// ViewAudit reads the audit log: an organisation admin their own organisation's entries,
	// the municipality admin all of them (the AVG's accountability, article 5.2).
	ViewAudit Action = "audit.view"
)

// Policy is the permission table: for each action, the roles that may do it. It is built once
// and passed to the server, so a test can walk every row.
type Policy struct {
	rows map[Action]map[Role]bool
}

// DefaultPolicy is Kring's table. Read it as the answer to "who may do this?".
func DefaultPolicy() *Policy {
	all := []Role{Trainee, Coach, OrgAdmin, MuniAdmin}
	table := map[Action][]Role{
		ViewHome:              all,
		EditProfile:           all,
		ViewModules:           all,
		AnswerPrompts:         all,
		ViewQuestions:         all,
		KeepNetworkMaps:       all,
		KeepFavourites:        all,
		ViewOwnCerts:          all,
		ViewGroups:            {Trainee, Coach, MuniAdmin},
		ManageGroups:          {Coach, MuniAdmin},
		JoinMeeting:           {Trainee, Coach},
		ViewReports:           {Trainee, Coach}, // the municipality sees anonymised aggregates only
		ViewOrg:               {OrgAdmin, MuniAdmin},
		ViewPortfolio:         {Trainee, Coach, OrgAdmin},
		SignReflections:       {Coach},
		InviteStaff:           {OrgAdmin, MuniAdmin},
		ManageStaff:           {OrgAdmin, MuniAdmin},
		ExportTraining:        {OrgAdmin, MuniAdmin},
		ConfigureSSO:          {OrgAdmin},
		SetTrainingDefinition: {OrgAdmin},
		ManageOrgs:            {MuniAdmin},
		ViewAllOrgs:           {MuniAdmin},
		ViewMetrics:           {MuniAdmin},
		ViewMunicipalty:       {MuniAdmin},
		ViewAudit:             {OrgAdmin, MuniAdmin},
	}
	p := &Policy{rows: make(map[Action]map[Role]bool, len(table))}
	for a, roles := range table {
		p.rows[a] = make(map[Role]bool, len(roles))
		for _, r := range roles {
			p.rows[a][r] = true
		}
	}
	return p
}

// Allows reports whether a person with role r may do a. An unknown action is refused, so a
// typo fails closed.
func (p *Policy) Allows(r Role, a Action) bool { return p.rows[a][r] }

// Actions lists every action in the table, sorted, for the authorisation matrix test.
func (p *Policy) Actions() []Action {
	out := make([]Action, 0, len(p.rows))
	for a := range p.rows {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

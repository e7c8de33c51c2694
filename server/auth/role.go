package auth

// Role is what a person is in Kring; the permission table is keyed on it.
type Role string

// The four roles of design.md. Stored as these strings in the users table.
const (
	Trainee   Role = "trainee"    // deelnemer: learns, joins intervision groups
	Coach     Role = "coach"      // coach / procesbegeleider: runs intervision groups
	OrgAdmin  Role = "org_admin"  // coördinator: the staff of one organisation
	MuniAdmin Role = "muni_admin" // gemeente / beheerder: all organisations
)

// Roles lists every role in display order; forms and the authorisation matrix test use it.
func Roles() []Role { return []Role{Trainee, Coach, OrgAdmin, MuniAdmin} }

// Valid reports whether r is one of the four roles, for input from forms and the command line.
func (r Role) Valid() bool {
	switch r {
	case Trainee, Coach, OrgAdmin, MuniAdmin:
		return true
	}
	return false
}

// MessageID is the key of the role's name in the interface's message catalogues.
func (r Role) MessageID() string { return "role." + string(r) }

package auth

import "time"

// The ownership rules. The permission table (policy.go) answers "may this role do this at
// all?"; the rules below answer "may this person do it to this thing?": their own group, their
// own organisation, a report of a meeting they were in. Handlers load the facts from the store
// and ask here, so the rules are read, tested and changed in one place. Every rule fails closed:
// a zero fact (unknown coach, no organisation) grants nothing.

// Person is the signed-in person as the rules see them.
type Person struct {
	ID       int64
	Role     Role
	OrgID    int64 // 0: no organisation (a municipality admin)
	Disabled bool
}

// Group is what the rules need to know about a group and the person asking.
type Group struct {
	CoachID int64
	// Member: the person is a member now.
	Member bool
	// OpenTo lists the organisations whose trainees the coach may pick from.
	OpenTo []int64
}

// Meeting is what the rules need to know about a meeting and the person asking.
type Meeting struct {
	// CoachID is the coach of the meeting's group.
	CoachID int64
	// Member: the person is a member of the group now.
	Member bool
	// MemberAtTheTime: the person was a member of the group at some moment while the meeting
	// was held (see HeldDuring), so they may read its report even after leaving the group.
	MemberAtTheTime bool
}

// isCoachOf: the person is the group's coach and still has the coach role (a coach who became
// a trainee or coordinator no longer steers the group).
func isCoachOf(p Person, coachID int64) bool {
	return p.ID != 0 && p.ID == coachID && StillCoaches(p)
}

// CanSeeGroup: the group's coach, a member, or a municipality admin (who oversees all groups).
func CanSeeGroup(p Person, g Group) bool {
	if p.Disabled || p.ID == 0 {
		return false
	}
	return isCoachOf(p, g.CoachID) || g.Member || p.Role == MuniAdmin
}

// CanManageGroup: the group's own coach or a municipality admin may add and remove members and
// plan meetings; nobody else, not even another coach.
func CanManageGroup(p Person, g Group) bool {
	if p.Disabled || p.ID == 0 {
		return false
	}
	return isCoachOf(p, g.CoachID) || p.Role == MuniAdmin
}

// CanSetGroupOrganisations: only the municipality admin decides which organisations a group is
// open to after it exists (the coach picks once, at creation).
func CanSetGroupOrganisations(p Person) bool { return !p.Disabled && p.Role == MuniAdmin }

// CanHandOverGroup: only the municipality admin gives a group another coach, or picks the coach
// of a group they create (a coach leads the groups they create).
func CanHandOverGroup(p Person) bool { return !p.Disabled && p.Role == MuniAdmin }

// SeesAllGroups: the municipality admin's list of groups holds every group; everyone else's only
// the groups they lead or belong to.
func SeesAllGroups(p Person) bool { return !p.Disabled && p.Role == MuniAdmin }

// StillCoaches: a group's coach steers its room only while they have the coach role (one who
// became a trainee or coordinator no longer does, until the group is handed over).
func StillCoaches(coach Person) bool { return coach.Role == Coach && !coach.Disabled }

// Candidate is a person a group's manager wants to add.
type Candidate struct {
	Role     Role
	OrgID    int64
	Disabled bool
}

// CanPickMember: a trainee who can sign in and whose organisation the group is open to may be
// picked from the list. byExactEmail lifts the organisation rule: someone from elsewhere is
// added only by typing their exact e-mail address, never found by browsing.
func CanPickMember(g Group, c Candidate, byExactEmail bool) bool {
	if c.Role != Trainee || c.Disabled {
		return false
	}
	return byExactEmail || OpenTo(g, c.OrgID)
}

// OpenTo reports whether the group is open to the organisation.
func OpenTo(g Group, orgID int64) bool {
	if orgID == 0 {
		return false
	}
	for _, o := range g.OpenTo {
		if o == orgID {
			return true
		}
	}
	return false
}

// CanLeadGroup: a group is led by someone with the coach role who can sign in.
func CanLeadGroup(c Candidate) bool { return c.Role == Coach && !c.Disabled }

// CanJoinMeeting: the live room is for the group's coach and its current members only.
func CanJoinMeeting(p Person, m Meeting) bool {
	if p.Disabled || p.ID == 0 {
		return false
	}
	return isCoachOf(p, m.CoachID) || (p.Role == Trainee || p.Role == Coach) && m.Member
}

// SteersMeeting: the group's coach steers the live room (phases, timer, closing).
func SteersMeeting(p Person, m Meeting) bool { return isCoachOf(p, m.CoachID) }

// CanReadReport: a report (case texts included) belongs to the group's coach and the people
// who were members while the meeting was held. A trainee who joined later is refused; a member
// who left keeps the reports of meetings they were in. Municipality admins are refused: they
// get the anonymised aggregates, never case texts.
func CanReadReport(p Person, m Meeting) bool {
	if p.Disabled || p.ID == 0 {
		return false
	}
	return isCoachOf(p, m.CoachID) || m.MemberAtTheTime
}

// SameOrganisation: both belong to one organisation (0 is nobody's organisation).
func SameOrganisation(p Person, orgID int64) bool { return p.OrgID != 0 && p.OrgID == orgID }

// CanManagePerson: an organisation admin manages the people of their own organisation (disable,
// enable), a municipality admin those of every organisation. Nobody manages themselves or a
// municipality admin, so no one locks out the last administrator.
func CanManagePerson(actor Person, target Person) bool {
	if actor.Disabled || actor.ID == 0 || actor.ID == target.ID || target.Role == MuniAdmin {
		return false
	}
	switch actor.Role {
	case MuniAdmin:
		return target.OrgID != 0
	case OrgAdmin:
		return SameOrganisation(actor, target.OrgID)
	}
	return false
}

// CanSetRole: a municipality admin appoints trainees, coaches and organisation admins within an
// organisation; not themselves, not another municipality admin, and never to municipality admin
// (that is `kring admin create`).
func CanSetRole(actor Person, target Person, to Role) bool {
	if actor.Disabled || actor.Role != MuniAdmin || actor.ID == target.ID {
		return false
	}
	if target.Role == MuniAdmin || target.OrgID == 0 {
		return false
	}
	return to == Trainee || to == Coach || to == OrgAdmin
}

// CanManageInvite: an invite is revoked by who may make it: the organisation admin for their
// own organisation, the municipality admin for any.
func CanManageInvite(actor Person, inviteOrgID int64) bool {
	if actor.Disabled {
		return false
	}
	switch actor.Role {
	case MuniAdmin:
		return true
	case OrgAdmin:
		return SameOrganisation(actor, inviteOrgID)
	}
	return false
}

// Stay is one period of membership: from Joined until Left (zero: still a member).
type Stay struct {
	Joined, Left time.Time
}

// HeldDuring reports whether any of the stays overlaps the time the meeting was held, from its
// start until its close (zero close: not closed yet, open-ended). A stay that ended before the
// start or began after the close does not count.
func HeldDuring(stays []Stay, start, closed time.Time) bool {
	for _, s := range stays {
		if !closed.IsZero() && !s.Joined.Before(closed) {
			continue
		}
		if !s.Left.IsZero() && !s.Left.After(start) {
			continue
		}
		return true
	}
	return false
}

package auth

// SeesOrganisation is the ownership rule of the training records: a municipality admin sees
// every organisation, an organisation admin only their own (own is their organisation's id, 0
// for none), nobody else any. The policy table decides whether the route may be opened at all;
// this decides whose records it shows.
func SeesOrganisation(r Role, own, org int64) bool {
	switch r {
	case MuniAdmin:
		return org != 0
	case OrgAdmin:
		return own != 0 && own == org
	}
	return false
}

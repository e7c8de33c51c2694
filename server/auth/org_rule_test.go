package auth

import "testing"

func TestSeesOrganisation(t *testing.T) {
	cases := []struct {
		role     Role
		own, org int64
		want     bool
	}{
		{MuniAdmin, 0, 7, true},
		{MuniAdmin, 0, 0, false},
		{OrgAdmin, 3, 3, true},
		{OrgAdmin, 3, 4, false},
		{OrgAdmin, 0, 0, false},
		{Coach, 3, 3, false},
		{Trainee, 3, 3, false},
	}
	for _, tc := range cases {
		if got := SeesOrganisation(tc.role, tc.own, tc.org); got != tc.want {
			t.Errorf("%s (own %d) sees %d: %v, want %v", tc.role, tc.own, tc.org, got, tc.want)
		}
	}
}

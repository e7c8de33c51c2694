package server

import (
	"context"
	"reflect"
	"testing"
	"time"

	"kring/server/demo"
	"kring/server/store"
	"kring/server/training"
)

// summariesFromRecords is the overview as it was computed before store.StaffOverview: from every
// person's whole record (staffViews, the path of /org and the exports). The lean path must give
// the same figures.
func summariesFromRecords(t *testing.T, s *Server) ([]*orgSummary, []*orgCoverage) {
	t.Helper()
	views, err := s.staffViews(context.Background(), "nl", 0)
	if err != nil {
		t.Fatal(err)
	}
	from := s.store.Now().AddDate(0, -recentMonths, 0)
	var sums []*orgSummary
	var covs []*orgCoverage
	for _, v := range views {
		cur := v.Now()
		sum := &orgSummary{ID: v.ID, Name: v.Name, Staff: cur.Staff, Trained: cur.Trained, Percent: cur.Percent()}
		groups, meetings := map[int64]bool{}, map[int64]bool{}
		for _, r := range v.Rows {
			for _, c := range r.Rec.Certificates {
				if c.IssuedAt.After(from) && !c.Revoked() {
					sum.Certificates++
				}
			}
			for _, g := range r.Rec.Groups {
				groups[g.ID] = true
			}
			for _, m := range r.Rec.Meetings {
				if m.HeldAt.After(from) {
					meetings[m.MeetingID] = true
				}
			}
			if r.Rec.LastActivity.After(sum.LastActivity) {
				sum.LastActivity = r.Rec.LastActivity
			}
		}
		sum.Groups, sum.Meetings = len(groups), len(meetings)
		sums = append(sums, sum)
		covs = append(covs, &orgCoverage{ID: v.ID, Name: v.Name, Coverage: v.Coverage})
	}
	return sums, covs
}

// TestOrgSummariesAgree checks the municipality's overview (lean facts, store.StaffOverview)
// against the same figures computed from the full records, on a generated municipality with a
// revoked certificate, a disabled account and an organisation's own definition.
func TestOrgSummariesAgree(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	size := demo.Size{Orgs: 4, People: 80, Groups: 6, Meetings: 40, Years: 2, Seed: 3, End: time.Now(), PasswordHash: "x"}
	if _, err := demo.Generate(ctx, ts.store, size); err != nil {
		t.Fatal(err)
	}
	recs, err := ts.store.StaffTraining(ctx, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var revoked, disabled bool
	var orgID, coordID int64
	for _, r := range recs {
		for _, c := range r.Certificates {
			if !revoked && c.IssuedAt.After(time.Now().AddDate(0, -recentMonths, 0)) {
				if err := ts.store.RevokeCertificate(ctx, c.Code, "test"); err != nil {
					t.Fatal(err)
				}
				revoked = true
			}
		}
		if !disabled && len(r.Meetings) > 0 {
			if err := ts.store.SetDisabled(ctx, r.UserID, true); err != nil {
				t.Fatal(err)
			}
			disabled = true
		} else if orgID == 0 && r.Role == "org_admin" {
			orgID, coordID = r.OrgID, r.UserID
		}
	}
	if !revoked || !disabled || orgID == 0 {
		t.Fatalf("generated set lacks a case: revoked %v, disabled %v, organisation %d", revoked, disabled, orgID)
	}
	// An answer saved now is someone's latest activity (the generator writes none).
	last := recs[len(recs)-1]
	if _, err := ts.store.SaveAnswer(ctx, store.Answer{UserID: last.UserID, Module: "snv-visie", PromptID: "x", Text: "antwoord", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}
	def := store.TrainingDefinition{Modules: []string{"snv-visie"}, MinMeetings: 1, WindowMonths: 6}
	if err := ts.store.SetTrainingDefinition(ctx, orgID, coordID, def, def); err != nil {
		t.Fatal(err)
	}

	// Person by person, the lean facts are the full record's.
	since := historySince(ts.store.Now(), training.MaxWindowMonths)
	recs, err = ts.store.StaffTraining(ctx, 0, since)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := ts.store.StaffOverview(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*store.StaffFacts{}
	for _, f := range facts {
		byID[f.UserID] = f
	}
	if len(facts) != len(recs) {
		t.Errorf("%d people in the facts, %d records", len(facts), len(recs))
	}
	for _, r := range recs {
		f := byID[r.UserID]
		if f == nil {
			t.Errorf("%s: no facts", r.Email)
			continue
		}
		want := &store.StaffFacts{UserID: r.UserID, OrgID: r.OrgID, Joined: r.Joined, Left: r.Left, LastActivity: r.LastActivity}
		for _, c := range r.Certificates {
			want.Certificates = append(want.Certificates, store.CertificateFact{Module: c.Module, IssuedAt: c.IssuedAt, RevokedAt: c.RevokedAt})
		}
		for _, m := range r.Meetings {
			want.Meetings = append(want.Meetings, store.MeetingFact{MeetingID: m.MeetingID, HeldAt: m.HeldAt})
		}
		for _, g := range r.Groups {
			want.Groups = append(want.Groups, g.ID)
		}
		if !reflect.DeepEqual(f, want) {
			t.Errorf("%s: facts %+v, record says %+v", r.Email, *f, *want)
		}
	}

	sums, covs, err := ts.srv.orgSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantSums, wantCovs := summariesFromRecords(t, ts.srv)
	if len(sums) != size.Orgs {
		t.Fatalf("%d organisations, want %d", len(sums), size.Orgs)
	}
	var trained, meetings, certs int
	for i := range wantSums {
		if !reflect.DeepEqual(sums[i], wantSums[i]) {
			t.Errorf("organisation %d: lean %+v, full %+v", i, *sums[i], *wantSums[i])
		}
		// The current month's At is the clock's now, read twice: compare the figures.
		if covs[i].ID != wantCovs[i].ID || !reflect.DeepEqual(figures(covs[i].Coverage), figures(wantCovs[i].Coverage)) {
			t.Errorf("organisation %d: coverage differs:\nlean %+v\nfull %+v", i, covs[i].Coverage, wantCovs[i].Coverage)
		}
		trained, meetings, certs = trained+sums[i].Trained, meetings+sums[i].Meetings, certs+sums[i].Certificates
	}
	if trained == 0 || meetings == 0 || certs == 0 {
		t.Errorf("a comparison of zeros: trained %d, meetings %d, certificates %d", trained, meetings, certs)
	}
}

// figures are a coverage series without its moments of measurement: month, staff, trained.
func figures(ms []training.Month) [][3]int64 {
	out := make([][3]int64, len(ms))
	for i, m := range ms {
		out[i] = [3]int64{m.Start.Unix(), int64(m.Staff), int64(m.Trained)}
	}
	return out
}

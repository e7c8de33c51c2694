package portfolio

import (
	"testing"
	"time"
)

func TestSummarise(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	now := at("2026-11-30 12:00")
	certs := []Certificate{
		{Code: "A", Hours: 4, IssuedAt: at("2025-03-01 10:00")},
		{Code: "B", Hours: 2.5, IssuedAt: at("2026-02-01 10:00")},
		{Code: "C", Hours: 3, IssuedAt: at("2026-05-01 10:00"), Revoked: true},
	}
	meetings := []Meeting{
		// New Year's Eve until past midnight: counts wholly in 2025, the year it started.
		{StartedAt: at("2025-12-31 22:30"), Minutes: 120, Contact: true},
		// Online without image for everyone: intervision time, not contact time.
		{StartedAt: at("2026-03-10 14:00"), Minutes: 90, Contact: false},
		{StartedAt: at("2026-09-10 14:00"), Minutes: 100, Contact: true},
		// Long ago, outside the rolling five years.
		{StartedAt: at("2019-06-01 14:00"), Minutes: 60, Contact: true},
	}
	t.Run("per year", func(t *testing.T) {
		s := Summarise(certs, meetings, time.Time{}, now, ams)
		want := map[int]Totals{
			2026: {CertHours: 2.5, Certificates: 1, Meetings: 2, Minutes: 190, ContactMinutes: 100},
			2025: {CertHours: 4, Certificates: 1, Meetings: 1, Minutes: 120, ContactMinutes: 120},
			2019: {Meetings: 1, Minutes: 60, ContactMinutes: 60},
		}
		if len(s.Years) != len(want) || s.Years[0].Year != 2026 || s.Years[2].Year != 2019 {
			t.Fatalf("years %+v", s.Years)
		}
		for _, y := range s.Years {
			if y.Totals != want[y.Year] {
				t.Errorf("%d: %+v, want %+v", y.Year, y.Totals, want[y.Year])
			}
		}
		if s.All.CertHours != 6.5 || s.All.Minutes != 370 {
			t.Errorf("all %+v", s.All)
		}
	})
	t.Run("rolling five years without a registration date", func(t *testing.T) {
		s := Summarise(certs, meetings, time.Time{}, now, ams)
		if len(s.Periods) != 1 || !s.Periods[0].Rolling || !s.Periods[0].Current {
			t.Fatalf("periods %+v", s.Periods)
		}
		p := s.Periods[0]
		if p.Meetings != 3 || p.Minutes != 310 || p.ContactMinutes != 220 || p.CertHours != 6.5 {
			t.Errorf("rolling period %+v (the 2019 meeting must fall outside)", p.Totals)
		}
	})
	t.Run("registration periods from the registration date", func(t *testing.T) {
		s := Summarise(certs, meetings, at("2022-01-15 00:00"), now, ams)
		if len(s.Periods) != 2 {
			t.Fatalf("want the current period and the one before it (back to 2019): %+v", s.Periods)
		}
		cur := s.Periods[0]
		if !cur.Current || !cur.From.Equal(at("2022-01-15 00:00")) || !cur.To.Equal(at("2027-01-15 00:00")) {
			t.Errorf("current period %v – %v", cur.From, cur.To)
		}
		if cur.Meetings != 3 || cur.Minutes != 310 || cur.ContactMinutes != 220 || cur.CertHours != 6.5 {
			t.Errorf("current period totals %+v", cur.Totals)
		}
		if prev := s.Periods[1]; prev.Current || prev.Meetings != 1 || prev.Minutes != 60 || !prev.From.Equal(at("2017-01-15 00:00")) {
			t.Errorf("2017–2022 period %+v from %v", prev.Totals, prev.From)
		}
		// A registration renewed after the last meeting: the new period is empty, the old one full.
		s = Summarise(certs, meetings, at("2026-10-01 00:00"), now, ams)
		if s.Periods[0].Meetings != 0 || !s.Periods[0].Current || s.Periods[1].Meetings != 3 {
			t.Errorf("renewed registration: %+v", s.Periods)
		}
	})
}

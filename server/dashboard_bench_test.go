package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/demo"
)

// benchPage is one page of the dashboards benchmark and the account that opens it ("" for
// none). To measure another page, add a row; "{deelnemer1}" in a path is that person's id.
type benchPage struct {
	name, path, email string
}

// dashboardPages are the pages measured at realistic size. The first row is the reference: a
// static file served by the same app in the same run, so the figures are ratios that hold on a
// shared machine.
func dashboardPages() []benchPage {
	const muni, coord = "gemeente@kring.example", "coordinator@kring.example"
	return []benchPage{
		{"reference-static-css", "/static/css/kring.css", ""},
		{"themes", "/gemeente/thema", muni},
		{"themes-filtered", "/gemeente/thema?board=bottleneck&org=3&from=2025-Q3&to=2026-Q2", muni},
		{"theme-drilldown", "/gemeente/thema/tijd", muni},
		{"theme-drilldown-page-3", "/gemeente/thema/samenwerking?page=3", muni},
		{"themes-csv-export", "/gemeente/thema.csv", muni},
		{"theme-cards-csv-export", "/gemeente/thema.csv?theme=tijd", muni},
		{"gemeente-overview", "/gemeente", muni},
		{"gemeente-organisations-csv", "/gemeente/organisaties.csv", muni},
		{"gemeente-organisations-xlsx", "/gemeente/organisaties.xlsx", muni},
		{"org-coordinator", "/org", coord},
		{"org-person", "/org/people/{deelnemer1}", coord},
		{"org-training-csv-municipality", "/org/training.csv", muni},
		{"org-training-xlsx-municipality", "/org/training.xlsx", muni},
	}
}

// BenchmarkDashboards generates the realistic data set (demo.DefaultSize: 40 organisations,
// 2,000 people, 150 groups, 600 closed meetings over two years) once into a temporary folder,
// then requests every page of dashboardPages through the real Fiber app, signed in as the row's
// account, as many times as fit in -benchtime. It reports the median and p99 page time and the
// median as a multiple of the static reference. Run it with `make bench`; the figures are in
// docs/performance.md.
func BenchmarkDashboards(b *testing.B) {
	ts := newTestServer(b)
	hash, err := ts.srv.hasher.Hash(demo.Password)
	if err != nil {
		b.Fatal(err)
	}
	size := demo.DefaultSize()
	size.PasswordHash = hash
	size.End = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	started := time.Now()
	out, err := demo.Generate(context.Background(), ts.store, size)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated in %s: %+v", time.Since(started).Round(time.Millisecond), out)
	clients := map[string]*client{"": ts.client()}
	var reference time.Duration
	for _, p := range dashboardPages() {
		c, ok := clients[p.email]
		if !ok {
			c = ts.as(p.email)
			clients[p.email] = c
		}
		path := strings.ReplaceAll(p.path, "{deelnemer1}", strconv.FormatInt(ts.userID("deelnemer1@kring.example"), 10))
		b.Run(p.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				t0 := time.Now()
				pg := c.do(httptest.NewRequest(http.MethodGet, path, nil))
				times = append(times, time.Since(t0))
				if pg.Status != http.StatusOK {
					b.Fatalf("%s: status %d", path, pg.Status)
				}
			}
			slices.Sort(times)
			median := times[len(times)/2]
			p99 := times[min(len(times)-1, len(times)*99/100)]
			b.ReportMetric(float64(median.Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(p99.Microseconds())/1000, "ms-p99")
			if reference == 0 {
				reference = median
			}
			b.ReportMetric(float64(median)/float64(reference), "x-static")
		})
	}
}

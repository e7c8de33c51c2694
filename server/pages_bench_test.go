package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"kring/server/store"
)

// The lesson the pages benchmark (and bench-pages.sh) reads: the first lesson of the first
// module, with a check question and a reflection.
const (
	benchModule = "snv-visie"
	benchLesson = "procesbegeleider-geen-hulpverlener"
)

// BenchmarkPages measures the hottest pages as the server itself handles them: each request
// goes straight into the Fiber app's fasthttp handler (middleware, session look-up, queries,
// templates), without a network or a test transport in between. The first row is the
// reference, a static file of the same app; x-static is a page's median time as a multiple of
// the reference's, so 2 means half the static file's throughput on one core (the goal of
// docs/performance.md's "Pages": 2 or less). The wrk comparison over real connections is
// `make bench-pages`.
func BenchmarkPages(b *testing.B) {
	ts := newTestServer(b).withDemo()
	ctx := context.Background()
	trainee := ts.as("deelnemer1@kring.example")
	uid := ts.userID("deelnemer1@kring.example")
	m, ok := ts.srv.catalog.Module(benchModule)
	if !ok {
		b.Fatalf("no module %s", benchModule)
	}
	l, ok := m.Lesson(benchLesson)
	if !ok {
		b.Fatalf("no lesson %s", benchLesson)
	}
	// The trainee answered the lesson's reflection and completed the lesson before, so the page
	// shows an answer and a completion, as it does for most visits.
	for _, bl := range l.Blocks {
		if bl.Prompt != nil && bl.Prompt.Options == nil {
			if _, err := ts.store.SaveAnswer(ctx, store.Answer{UserID: uid, Module: m.Slug, PromptID: bl.Prompt.ID, Text: "Ik stap terug en vraag door.", Option: -1}, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := ts.store.CompleteLesson(ctx, uid, m.Slug, l.Slug, nil); err != nil {
		b.Fatal(err)
	}
	lesson := "/modules/" + benchModule + "/" + benchLesson
	session := "kring_session=" + trainee.cookies[sessionCookie]
	pages := []struct{ name, path, cookie, want string }{
		{"reference-static-css", "/static/css/kring.css", "", ".kring-"},
		{"login", "/login", "", `name="password"`},
		{"lesson", lesson, session, "Ik stap terug en vraag door."},
		{"module", "/modules/" + benchModule, session, `href="` + lesson + `"`},
		{"home", "/", session, "deelnemer"},
	}
	handler := ts.srv.App().Handler()
	var reference time.Duration
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			var req fasthttp.Request
			req.SetRequestURI(p.path)
			req.Header.SetHost("127.0.0.1:8080")
			req.Header.Set("Accept", "text/html")
			if p.cookie != "" {
				req.Header.Set("Cookie", p.cookie)
			}
			var fc fasthttp.RequestCtx
			fc.Init(&req, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}, nil)
			handler(&fc)
			if code := fc.Response.StatusCode(); code != http.StatusOK || !strings.Contains(string(fc.Response.Body()), p.want) {
				b.Fatalf("%s: status %d, want 200 with %q", p.path, code, p.want)
			}
			times := make([]time.Duration, 0, 1024)
			for b.Loop() {
				fc.Response.Reset()
				t0 := time.Now()
				handler(&fc)
				if err := fc.Response.BodyWriteTo(io.Discard); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			if code := fc.Response.StatusCode(); code != http.StatusOK {
				b.Fatalf("%s: status %d", p.path, code)
			}
			slices.Sort(times)
			median := times[len(times)/2]
			b.ReportMetric(float64(median.Nanoseconds())/1000, "us-median")
			if reference == 0 {
				reference = median
			}
			b.ReportMetric(float64(median)/float64(reference), "x-static")
		})
	}
}

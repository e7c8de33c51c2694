package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/auth"
)

// BenchmarkMeetingSocketJoin is one person joining a loaded room over real HTTP: the
// middleware, the access check, the admission, the upgrade, hello and the snapshot.
// cpu-µs/op is the process's CPU per join (the dialling client included), less noisy than the
// wall time on a shared machine. Profile it with -cpuprofile to see where a join's CPU goes.
// Every join uses the same session, as a browser does that has just loaded the meeting page;
// BenchmarkMeetingSocketJoinNewSession gives each join a session not read before.
func BenchmarkMeetingSocketJoin(b *testing.B) {
	ts, base := liveServer(b)
	hc := signInHTTP(b, base, "deelnemer1@kring.example")
	keep := openRoom(b, ts, base, hc) // keeps the room loaded, as the other people in it do
	_ = keep
	u := "ws" + strings.TrimPrefix(base, "http") + "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10) + "/ws"
	h := wsHeader(hc, base, base)
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	start := processCPU(b)
	for b.Loop() {
		joinOnce(b, d, u, h)
	}
	b.ReportMetric(float64((processCPU(b)-start).Microseconds())/float64(b.N), "cpu-µs/op")
}

// BenchmarkMeetingSocketJoinNewSession is BenchmarkMeetingSocketJoin with a session of its own
// for every join, written to the store beforehand (as `kring loadtest` prepares its people):
// the join is the first request that reads it.
func BenchmarkMeetingSocketJoinNewSession(b *testing.B) {
	ts, base := liveServer(b)
	hc := signInHTTP(b, base, "deelnemer1@kring.example")
	keep := openRoom(b, ts, base, hc)
	_ = keep
	me, err := ts.store.UserByEmail(context.Background(), "deelnemer1@kring.example")
	if err != nil {
		b.Fatal(err)
	}
	u := "ws" + strings.TrimPrefix(base, "http") + "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10) + "/ws"
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	headers := make([]http.Header, b.N)
	for i := range headers {
		tok := auth.NewToken()
		if err := ts.store.CreateSession(context.Background(), auth.HashToken(tok), me.ID, time.Hour); err != nil {
			b.Fatal(err)
		}
		headers[i] = http.Header{"Origin": {base}, "Cookie": {sessionCookie + "=" + tok}}
	}
	b.ResetTimer()
	start := processCPU(b)
	for i := 0; i < b.N; i++ {
		joinOnce(b, d, u, headers[i])
	}
	b.ReportMetric(float64((processCPU(b)-start).Microseconds())/float64(b.N), "cpu-µs/op")
}

// joinOnce dials the room, says hello, waits for the snapshot and hangs up.
func joinOnce(b *testing.B, d websocket.Dialer, u string, h http.Header) {
	conn, _, err := d.Dial(u, h)
	if err != nil {
		b.Fatal(err)
	}
	if err := conn.WriteJSON(map[string]any{"op": "hello", "since": 0}); err != nil {
		b.Fatal(err)
	}
	for {
		var f struct{ Type string }
		if err := conn.ReadJSON(&f); err != nil {
			b.Fatal(err)
		}
		if f.Type == "snapshot" {
			break
		}
	}
	conn.Close()
}

// processCPU is the CPU time the process has used so far, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

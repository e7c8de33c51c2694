package server

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// BenchmarkMeetingSocketJoin is one person joining a loaded room over real HTTP: the
// middleware, the access check, the admission, the upgrade, hello and the snapshot.
// cpu-µs/op is the process's CPU per join (the dialling client included), less noisy than the
// wall time on a shared machine. Profile it with -cpuprofile to see where a join's CPU goes.
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
	b.ReportMetric(float64((processCPU(b)-start).Microseconds())/float64(b.N), "cpu-µs/op")
}

// processCPU is the CPU time the process has used so far, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// kringProcess is the real kring binary running in demo mode as a child process, so the test
// can kill it the hard way.
type kringProcess struct {
	t    *testing.T
	bin  string
	data string
	addr string
	cmd  *exec.Cmd
	log  *strings.Builder
}

func buildKring(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kring")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (p *kringProcess) start() {
	p.t.Helper()
	p.log = &strings.Builder{}
	p.cmd = exec.Command(p.bin, "-demo", "-addr", p.addr, "-data", p.data)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("kring did not become healthy:\n%s", p.log)
}

func (p *kringProcess) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signIn signs a demo account in through the real form and returns its cookie jar.
func signIn(t *testing.T, base, email string) http.CookieJar {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on /login")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"email": {email}, "password": {"kring-demo"}, "_csrf": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/" {
		t.Fatalf("sign-in as %s ended on %s", email, resp.Request.URL.Path)
	}
	return jar
}

func dialRoom(t *testing.T, base string, jar http.CookieJar, meeting int) *websocket.Conn {
	t.Helper()
	u, _ := url.Parse(base)
	h := http.Header{"Origin": {base}}
	var parts []string
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	h.Set("Cookie", strings.Join(parts, "; "))
	conn, resp, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/meetings/%d/ws", u.Host, meeting), h)
	if err != nil {
		code := 0
		if resp != nil {
			code = resp.StatusCode
		}
		t.Fatalf("dial room: %v (status %d)", err, code)
	}
	if err := conn.WriteJSON(map[string]any{"op": "hello", "since": 0}); err != nil {
		t.Fatal(err)
	}
	return conn
}

type frame struct {
	Type  string          `json:"type"`
	ID    string          `json:"id"`
	Seq   int64           `json:"seq"`
	Code  string          `json:"code"`
	State json.RawMessage `json:"state"`
}

// snapshotCards reads frames until the snapshot and returns its cards' texts.
func snapshotCards(t *testing.T, conn *websocket.Conn) []string {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f frame
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for snapshot: %v", err)
		}
		if f.Type != "snapshot" {
			continue
		}
		var st struct {
			Cards []struct {
				Text string `json:"text"`
			} `json:"cards"`
		}
		if err := json.Unmarshal(f.State, &st); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range st.Cards {
			out = append(out, c.Text)
		}
		return out
	}
}

// TestAcknowledgedCardsSurviveSIGKILL is design.md's durability bar as a test: people stream
// cards into a room, the server is killed with SIGKILL mid-stream, and after a restart every
// card that was acknowledged is there exactly once; resending everything with the same client
// ids adds the missing ones and duplicates nothing.
func TestAcknowledgedCardsSurviveSIGKILL(t *testing.T) {
	p := &kringProcess{t: t, bin: buildKring(t), data: t.TempDir(), addr: freeAddr(t)}
	p.start()
	t.Cleanup(p.kill)
	base := "http://" + p.addr
	people := []string{"coach@kring.example", "deelnemer1@kring.example", "deelnemer2@kring.example", "deelnemer3@kring.example"}
	jars := make([]http.CookieJar, len(people))
	for i, email := range people {
		jars[i] = signIn(t, base, email)
	}
	const meeting, perPerson = 1, 10
	text := func(i, j int) string { return fmt.Sprintf("crash-kaart %d-%d", i, j) }
	id := func(i, j int) string { return fmt.Sprintf("crash-%d-%d", i, j) }

	var mu sync.Mutex
	acked := map[string]int64{}
	var wg sync.WaitGroup
	conns := make([]*websocket.Conn, len(people))
	for i := range people {
		conns[i] = dialRoom(t, base, jars[i], meeting)
		snapshotCards(t, conns[i])
		wg.Add(1)
		go func(conn *websocket.Conn) {
			defer wg.Done()
			for {
				var f frame
				if err := conn.ReadJSON(&f); err != nil {
					return
				}
				if f.Type == "ack" {
					mu.Lock()
					acked[f.ID] = f.Seq
					mu.Unlock()
				}
			}
		}(conns[i])
	}
	// Everyone streams cards while the server is killed: some are committed and acknowledged,
	// some are in flight, some never leave the client.
	for i, conn := range conns {
		go func(i int, conn *websocket.Conn) {
			for j := 0; j < perPerson; j++ {
				if conn.WriteJSON(map[string]any{"op": "card.add", "id": id(i, j), "board": "success", "text": text(i, j)}) != nil {
					return
				}
				time.Sleep(3 * time.Millisecond)
			}
		}(i, conn)
	}
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 10 })
	p.kill()
	wg.Wait()
	mu.Lock()
	ackedNow := map[string]int64{}
	for k, v := range acked {
		ackedNow[k] = v
	}
	mu.Unlock()
	if len(ackedNow) == 0 {
		t.Fatal("nothing was acknowledged before the kill")
	}

	p.start()
	check := dialRoom(t, base, jars[0], meeting)
	defer check.Close()
	count := map[string]int{}
	for _, tx := range snapshotCards(t, check) {
		count[tx]++
	}
	for i := range people {
		for j := 0; j < perPerson; j++ {
			if _, ok := ackedNow[id(i, j)]; ok && count[text(i, j)] != 1 {
				t.Errorf("acknowledged card %s is there %d times after the crash", id(i, j), count[text(i, j)])
			}
		}
	}

	// Resend everything with the same ids: acknowledged ones get their old seq back.
	for i := range people {
		conn := dialRoom(t, base, jars[i], meeting)
		snapshotCards(t, conn)
		for j := 0; j < perPerson; j++ {
			if err := conn.WriteJSON(map[string]any{"op": "card.add", "id": id(i, j), "board": "success", "text": text(i, j)}); err != nil {
				t.Fatal(err)
			}
		}
		got := 0
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		for got < perPerson {
			var f frame
			if err := conn.ReadJSON(&f); err != nil {
				t.Fatalf("%s: waiting for acks of the resend: %v", people[i], err)
			}
			switch f.Type {
			case "ack":
				got++
				if old, ok := ackedNow[f.ID]; ok && old != f.Seq {
					t.Errorf("resend of %s acknowledged as seq %d, first time %d", f.ID, f.Seq, old)
				}
			case "error":
				t.Fatalf("%s: resend refused: %s", people[i], f.Code)
			}
		}
		conn.Close()
	}
	final := dialRoom(t, base, jars[0], meeting)
	defer final.Close()
	count = map[string]int{}
	for _, tx := range snapshotCards(t, final) {
		count[tx]++
	}
	for i := range people {
		for j := 0; j < perPerson; j++ {
			if count[text(i, j)] != 1 {
				t.Errorf("card %s is there %d times after the resend, want once", id(i, j), count[text(i, j)])
			}
		}
	}
	t.Logf("%d of %d cards acknowledged before SIGKILL; all %d present once after restart and resend", len(ackedNow), len(people)*perPerson, len(people)*perPerson)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatal("timed out")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// roomState is the part of a snapshot the durability checks read.
type roomState struct {
	Phase int `json:"phase"`
	Cards []struct {
		ID     int64          `json:"id"`
		Author int64          `json:"author"`
		Votes  map[string]int `json:"votes"`
	} `json:"cards"`
	Notes []struct {
		Text string `json:"text"`
	} `json:"notes"`
}

func snapshotState(t *testing.T, conn *websocket.Conn) roomState {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f frame
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for snapshot: %v", err)
		}
		if f.Type == "snapshot" {
			var st roomState
			if err := json.Unmarshal(f.State, &st); err != nil {
				t.Fatal(err)
			}
			return st
		}
	}
}

// act sends one action and waits for its ack, failing on an error frame.
func act(t *testing.T, conn *websocket.Conn, action map[string]any) int64 {
	t.Helper()
	if err := conn.WriteJSON(action); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f frame
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for the ack of %v: %v", action, err)
		}
		switch {
		case f.Type == "ack" && f.ID == action["id"]:
			return f.Seq
		case f.Type == "error" && f.ID == action["id"]:
			t.Fatalf("%v refused: %s", action, f.Code)
		}
	}
}

// TestAcknowledgedNotesAndVotesSurviveSIGKILL holds notes and votes to the same bar as cards:
// in the demo method's "Knelpunt kiezen", participants stream votes on the knelpunten and the
// coach streams notes while the server is killed; after a restart every acknowledged vote and
// note is there once, and resending everything with the same ids leaves each person with
// exactly their votes and each note once.
func TestAcknowledgedNotesAndVotesSurviveSIGKILL(t *testing.T) {
	p := &kringProcess{t: t, bin: buildKring(t), data: t.TempDir(), addr: freeAddr(t)}
	p.start()
	t.Cleanup(p.kill)
	base := "http://" + p.addr
	people := []string{"coach@kring.example", "deelnemer1@kring.example", "deelnemer2@kring.example", "deelnemer3@kring.example"}
	jars := make([]http.CookieJar, len(people))
	conns := make([]*websocket.Conn, len(people))
	const meeting, notes, votes = 1, 12, 3
	for i, email := range people {
		jars[i] = signIn(t, base, email)
		conns[i] = dialRoom(t, base, jars[i], meeting)
		snapshotState(t, conns[i])
	}
	// Before the start every board is open: each participant brings a knelpunt. Then the
	// coach moves on to "Knelpunt kiezen", where the knelpunten are voted on.
	var knelpunten []int64
	for i := 1; i < len(people); i++ {
		knelpunten = append(knelpunten, act(t, conns[i], map[string]any{"op": "card.add", "id": fmt.Sprintf("k-%d", i),
			"board": "bottleneck", "text": fmt.Sprintf("knelpunt %d", i)}))
	}
	act(t, conns[0], map[string]any{"op": "meeting.start", "id": "start"})
	for n := 0; n < 3; n++ {
		act(t, conns[0], map[string]any{"op": "phase.next", "id": fmt.Sprintf("next-%d", n)})
	}
	for _, c := range conns {
		c.Close()
	}

	actions := func(i int) []map[string]any {
		var out []map[string]any
		if i == 0 {
			for j := 0; j < notes; j++ {
				out = append(out, map[string]any{"op": "note.add", "id": fmt.Sprintf("note-%d", j), "text": fmt.Sprintf("crash-notitie %d", j)})
			}
			return out
		}
		for j := 0; j < votes; j++ {
			out = append(out, map[string]any{"op": "card.vote", "id": fmt.Sprintf("vote-%d-%d", i, j), "card": knelpunten[(i+j)%len(knelpunten)]})
		}
		return out
	}
	var mu sync.Mutex
	acked := map[string]int64{}
	var wg sync.WaitGroup
	for i := range people {
		conn := dialRoom(t, base, jars[i], meeting)
		snapshotState(t, conn)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var f frame
				if err := conn.ReadJSON(&f); err != nil {
					return
				}
				if f.Type == "ack" {
					mu.Lock()
					acked[f.ID] = f.Seq
					mu.Unlock()
				}
			}
		}()
		go func(i int) {
			for _, a := range actions(i) {
				if conn.WriteJSON(a) != nil {
					return
				}
				time.Sleep(3 * time.Millisecond)
			}
		}(i)
	}
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 8 })
	p.kill()
	wg.Wait()
	mu.Lock()
	ackedNow := map[string]bool{}
	for k := range acked {
		ackedNow[k] = true
	}
	mu.Unlock()

	// The coach sees every vote, also before the reveal.
	check := func(when string, wantAll bool) {
		t.Helper()
		conn := dialRoom(t, base, jars[0], meeting)
		defer conn.Close()
		st := snapshotState(t, conn)
		noteCount := map[string]int{}
		for _, n := range st.Notes {
			noteCount[n.Text]++
		}
		for j := 0; j < notes; j++ {
			id, text := fmt.Sprintf("note-%d", j), fmt.Sprintf("crash-notitie %d", j)
			if (wantAll || ackedNow[id]) && noteCount[text] != 1 {
				t.Errorf("%s: note %s is there %d times", when, id, noteCount[text])
			}
			if noteCount[text] > 1 {
				t.Errorf("%s: note %s is there %d times", when, id, noteCount[text])
			}
		}
		for i := 1; i < len(people); i++ {
			want := 0
			for j := 0; j < votes; j++ {
				if wantAll || ackedNow[fmt.Sprintf("vote-%d-%d", i, j)] {
					want++
				}
			}
			// Participant i wrote knelpunt i, so that card's author is their user id.
			var voter string
			for _, c := range st.Cards {
				if c.ID == knelpunten[i-1] {
					voter = strconv.FormatInt(c.Author, 10)
				}
			}
			got := 0
			for _, c := range st.Cards {
				got += c.Votes[voter]
			}
			if wantAll && got != want || !wantAll && got < want {
				t.Errorf("%s: %s has %d votes, want %d", when, people[i], got, want)
			}
		}
	}
	p.start()
	check("after the crash", false)
	for i := range people {
		conn := dialRoom(t, base, jars[i], meeting)
		snapshotState(t, conn)
		for _, a := range actions(i) {
			act(t, conn, a)
		}
		conn.Close()
	}
	check("after the resend", true)
	t.Logf("%d of %d notes and votes acknowledged before SIGKILL", len(ackedNow), notes+votes*(len(people)-1))
}

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

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/store"
)

// TestBackupOfLiveServer runs the real server, streams room cards into a meeting from four
// people over websockets, runs `kring backup` in the middle of the stream (from another
// process, as an operator would), and finds in the copy every card the server acknowledged
// before the backup started.
func TestBackupOfLiveServer(t *testing.T) {
	p := &kringProcess{t: t, bin: buildKring(t), data: t.TempDir(), addr: freeAddr(t)}
	p.start()
	t.Cleanup(p.kill)
	base := "http://" + p.addr
	people := []string{"coach@kring.example", "deelnemer1@kring.example", "deelnemer2@kring.example", "deelnemer3@kring.example"}
	const meeting, perPerson = 1, 10 // the room allows 10 cards per person per minute

	var mu sync.Mutex
	acked := map[string]bool{}
	var readers, writers sync.WaitGroup
	conns := make([]*websocket.Conn, len(people))
	for i, email := range people {
		conns[i] = dialRoom(t, base, signIn(t, base, email), meeting)
		snapshotCards(t, conns[i])
		readers.Add(1)
		go func(conn *websocket.Conn) {
			defer readers.Done()
			for {
				var f frame
				if err := conn.ReadJSON(&f); err != nil {
					return
				}
				if f.Type == "ack" {
					mu.Lock()
					acked[f.ID] = true
					mu.Unlock()
				}
			}
		}(conns[i])
	}
	for i, conn := range conns {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for j := range perPerson {
				if conn.WriteJSON(map[string]any{"op": "card.add", "id": fmt.Sprintf("bk-%d-%d", i, j), "board": "success",
					"text": fmt.Sprintf("backup-kaart %d-%d", i, j)}) != nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 8 })
	mu.Lock()
	before := make(map[string]bool, len(acked))
	for k := range acked {
		before[k] = true
	}
	mu.Unlock()
	to := filepath.Join(t.TempDir(), "copy.db")
	var out, errb bytes.Buffer
	if err := run([]string{"backup", "-data", p.data, "-to", to}, &out, &errb); err != nil {
		t.Fatalf("backup of the live server: %v\n%s", err, errb.String())
	}
	writers.Wait()
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) == len(people)*perPerson })
	if resp, err := http.Get(base + "/readyz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("server not ready after the backup: %v", err)
	} else {
		resp.Body.Close()
	}
	for _, c := range conns {
		c.Close()
	}
	readers.Wait()

	cp, err := store.Open(context.Background(), to)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	evs, err := cp.MeetingEvents(context.Background(), meeting)
	if err != nil {
		t.Fatal(err)
	}
	inCopy := map[string]int{}
	for _, e := range evs {
		if e.Op == "card.add" {
			inCopy[e.ClientID]++
		}
	}
	for id := range before {
		if inCopy[id] != 1 {
			t.Errorf("card %s was acknowledged before the backup but is in the copy %d times", id, inCopy[id])
		}
	}
	t.Logf("%d cards acknowledged before the backup, %d in the copy, %d streamed in all", len(before), len(inCopy), len(people)*perPerson)
}

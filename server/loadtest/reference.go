package loadtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	// The reference keeps its own database with the same driver as Kring's store. Its SQL lives
	// here on purpose: the reference must not share any of Kring's code paths.
	_ "github.com/mattn/go-sqlite3"
)

// Reference is the minimal room server Kring is measured against: net/http and
// gorilla/websocket, one hub per room, one group-commit writer to SQLite with synchronous=FULL
// before the ack. It speaks the part of Kring's protocol the load uses (hello, card.add; ack,
// event, snapshot frames) with the plan's session tokens, so the same load drives both.
type Reference struct {
	db       *sql.DB
	people   map[string]refPerson // by token
	upgrader websocket.Upgrader

	mu    sync.Mutex
	rooms map[int64]*refRoom

	qmu   sync.Mutex
	queue []refEvent
	wake  chan struct{}
}

type refPerson struct {
	id    int64
	name  string
	rooms map[int64]bool
}

type refRoom struct {
	id      int64
	mu      sync.Mutex
	seq     int64 // committed
	next    int64 // assigned
	clients map[*refClient]struct{}
}

type refClient struct {
	conn *websocket.Conn
	send chan []byte
	p    refPerson
	once sync.Once
	done chan struct{}
}

type refEvent struct {
	room     *refRoom
	seq      int64
	by       int64
	clientID string
	data     []byte // the event object
	from     *refClient
}

// OpenReference opens (creating) the reference's database in dir and reads the plan there.
func OpenReference(dir string) (*Reference, error) {
	plan, err := ReadPlan(dir)
	if err != nil {
		return nil, err
	}
	dsn := "file:" + filepath.Join(dir, "reference.db") + "?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=10000&_txlock=immediate"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS events (meeting_id INTEGER NOT NULL, seq INTEGER NOT NULL,
		user_id INTEGER NOT NULL, client_id TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (meeting_id, seq),
		UNIQUE (meeting_id, user_id, client_id))`); err != nil {
		db.Close()
		return nil, fmt.Errorf("reference: schema: %w", err)
	}
	ref := &Reference{db: db, people: map[string]refPerson{}, rooms: map[int64]*refRoom{},
		wake: make(chan struct{}, 1),
		upgrader: websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, WriteBufferPool: &sync.Pool{},
			CheckOrigin: func(*http.Request) bool { return true }}}
	for _, r := range plan.Rooms {
		for _, p := range r.People {
			rp, ok := ref.people[p.Token]
			if !ok {
				rp = refPerson{id: p.UserID, name: p.Name, rooms: map[int64]bool{}}
			}
			rp.rooms[r.MeetingID] = true
			ref.people[p.Token] = rp
		}
	}
	return ref, nil
}

// Serve answers on ln until ctx ends; the committer runs alongside.
func (ref *Reference) Serve(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	mux.HandleFunc("GET /meetings/{id}/ws", ref.socket)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go ref.commit()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, ref.db.Close())
}

func (ref *Reference) socket(w http.ResponseWriter, req *http.Request) {
	id, err := strconv.ParseInt(req.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, req)
		return
	}
	ck, err := req.Cookie("kring_session")
	if err != nil {
		http.NotFound(w, req)
		return
	}
	p, ok := ref.people[ck.Value]
	if !ok || !p.rooms[id] {
		http.NotFound(w, req)
		return
	}
	conn, err := ref.upgrader.Upgrade(w, req, nil)
	if err != nil {
		return
	}
	ref.mu.Lock()
	r := ref.rooms[id]
	if r == nil {
		r = &refRoom{id: id, clients: map[*refClient]struct{}{}}
		ref.rooms[id] = r
	}
	ref.mu.Unlock()
	c := &refClient{conn: conn, send: make(chan []byte, 64), p: p, done: make(chan struct{})}
	go c.write()
	go ref.read(r, c)
}

func (c *refClient) stop() {
	c.once.Do(func() { close(c.done); _ = c.conn.Close() })
}

func (c *refClient) enqueue(b []byte) {
	select {
	case c.send <- b:
	case <-c.done:
	default:
		c.stop() // too slow, as Kring drops it
	}
}

func (c *refClient) write() {
	for {
		select {
		case b := <-c.send:
			_ = c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := c.conn.WriteMessage(websocket.TextMessage, b); err != nil {
				c.stop()
				return
			}
		case <-c.done:
			return
		}
	}
}

type refFrame struct {
	Op    string `json:"op"`
	ID    string `json:"id"`
	Board string `json:"board"`
	Text  string `json:"text"`
}

func (ref *Reference) read(r *refRoom, c *refClient) {
	defer func() {
		r.mu.Lock()
		delete(r.clients, c)
		r.mu.Unlock()
		c.stop()
	}()
	c.conn.SetReadLimit(64 << 10)
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		var f refFrame
		if err := json.Unmarshal(data, &f); err != nil {
			continue
		}
		switch f.Op {
		case "hello":
			r.mu.Lock()
			r.clients[c] = struct{}{}
			seq := r.seq
			r.mu.Unlock()
			c.enqueue([]byte(`{"type":"snapshot","seq":` + strconv.FormatInt(seq, 10) + `}`))
		case "card.add":
			ev, _ := json.Marshal(struct {
				Op    string `json:"op"`
				By    int64  `json:"by"`
				At    int64  `json:"at"`
				Name  string `json:"name"`
				Board string `json:"board"`
				Text  string `json:"text"`
			}{f.Op, c.p.id, time.Now().UnixMilli(), c.p.name, f.Board, strings.TrimSpace(f.Text)})
			// The seq is taken and the event queued under the room's lock, so a room's events
			// reach the writer in seq order.
			r.mu.Lock()
			r.next++
			ref.submit(refEvent{room: r, seq: r.next, by: c.p.id, clientID: f.ID, data: ev, from: c})
			r.mu.Unlock()
		}
	}
}

// commit is the one writer: it takes every batch waiting, commits them in one transaction
// (one fsync), then broadcasts each event and acknowledges it.
func (ref *Reference) submit(e refEvent) {
	ref.qmu.Lock()
	ref.queue = append(ref.queue, e)
	ref.qmu.Unlock()
	select {
	case ref.wake <- struct{}{}:
	default:
	}
}

func (ref *Reference) commit() {
	for range ref.wake {
		for {
			ref.qmu.Lock()
			evs := ref.queue
			if len(evs) > 512 {
				evs = evs[:512:512]
			}
			ref.queue = ref.queue[len(evs):]
			ref.qmu.Unlock()
			if len(evs) == 0 {
				break
			}
			ref.commitBatch(evs)
		}
	}
}

func (ref *Reference) commitBatch(evs []refEvent) {
	if err := ref.append(evs); err != nil {
		for _, e := range evs {
			e.from.enqueue([]byte(`{"type":"error","id":"` + e.clientID + `","code":"unavailable"}`))
		}
		return
	}
	for _, e := range evs {
		frame := []byte(`{"type":"event","seq":` + strconv.FormatInt(e.seq, 10) + `,"event":` + string(e.data) + `}`)
		r := e.room
		r.mu.Lock()
		r.seq = e.seq
		for c := range r.clients {
			c.enqueue(frame)
		}
		r.mu.Unlock()
		e.from.enqueue([]byte(`{"type":"ack","id":"` + e.clientID + `","seq":` + strconv.FormatInt(e.seq, 10) + `}`))
	}
}

func (ref *Reference) append(evs []refEvent) error {
	tx, err := ref.db.Begin()
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	ins, err := tx.Prepare(`INSERT INTO events (meeting_id, seq, user_id, client_id, data) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, e := range evs {
		if _, err := ins.Exec(e.room.id, e.seq, e.by, e.clientID, e.data); err != nil {
			return err
		}
	}
	return tx.Commit()
}

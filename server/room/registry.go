package room

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the room's Prometheus series, registered on the registerer given to NewRegistry.
type metrics struct {
	openRooms     prometheus.Gauge
	connections   prometheus.Gauge
	committed     prometheus.Counter
	commitErrors  prometheus.Counter
	batchSize     prometheus.Histogram
	commitSeconds prometheus.Histogram
	dropped       prometheus.Counter
	rejected      *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer, logger *slog.Logger) *metrics {
	m := &metrics{
		openRooms: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kring_room_open_rooms",
			Help: "Live rooms loaded in memory."}),
		connections: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kring_room_connections",
			Help: "Open websocket connections to live rooms."}),
		committed: prometheus.NewCounter(prometheus.CounterOpts{Name: "kring_room_events_committed_total",
			Help: "Room events committed to the database."}),
		commitErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "kring_room_commit_errors_total",
			Help: "Failed room event transactions."}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kring_room_commit_batch_events",
			Help: "Events per group-commit transaction.", Buckets: prometheus.ExponentialBuckets(1, 2, 11)}),
		commitSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kring_room_commit_seconds",
			Help: "Time to commit one batch of room events.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "kring_room_dropped_clients_total",
			Help: "Connections dropped because their send queue was full."}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kring_room_rejected_frames_total",
			Help: "Client frames answered with an error frame, by code."}, []string{"code"}),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.openRooms, m.connections, m.committed, m.commitErrors,
			m.batchSize, m.commitSeconds, m.dropped, m.rejected} {
			if err := reg.Register(c); err != nil {
				logger.Warn("room: register metric", "err", err)
			}
		}
	}
	return m
}

// Registry owns every live room of the process, the group-commit writer and the connections,
// so the server has one thing to start, query and shut down.
type Registry struct {
	cfg      Config
	log      Log
	dir      Directory
	logger   *slog.Logger
	m        *metrics
	commit   *committer
	attend   *attendanceBatcher
	limits   *limiter
	upgrader websocket.Upgrader
	bufs     sync.Pool // batch buffers of the connections' writers (coalesceConn)

	// removals counts Kicks, so a connection being set up knows whether a member may have been
	// removed since its membership was checked (see Mark).
	removals atomic.Uint64

	mu      sync.Mutex
	rooms   map[int64]*room
	conns   map[*client]struct{}
	closing bool

	connWG   sync.WaitGroup
	sideWG   sync.WaitGroup
	stopBeat chan struct{}
	beatDone chan struct{}
}

// NewRegistry starts the registry: the committer and the attendance heartbeat. Attendance
// writes that fail are retried (attendance_retry.go). Metrics go to reg
// (never the global default registry); reg may be nil. logger may be nil.
func NewRegistry(cfg Config, log Log, dir Directory, logger *slog.Logger, reg prometheus.Registerer) *Registry {
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m := newMetrics(reg, logger)
	log = withAttendanceRetry(log, logger, defaultAttendanceRetry)
	r := &Registry{
		cfg: cfg, log: log, dir: dir, logger: logger, m: m,
		commit:   newCommitter(log, logger, cfg.MaxBatch, m),
		attend:   &attendanceBatcher{log: log},
		limits:   newLimiter(),
		rooms:    map[int64]*room{},
		conns:    map[*client]struct{}{},
		stopBeat: make(chan struct{}),
		beatDone: make(chan struct{}),
	}
	r.upgrader = websocket.Upgrader{
		ReadBufferSize:   1024,
		WriteBufferSize:  1024,
		WriteBufferPool:  &sync.Pool{},
		HandshakeTimeout: 10 * time.Second,
		CheckOrigin:      cfg.CheckOrigin,
	}
	if r.upgrader.CheckOrigin == nil && len(cfg.AllowedOrigins) > 0 {
		allowed := slices.Clone(cfg.AllowedOrigins)
		r.upgrader.CheckOrigin = func(req *http.Request) bool {
			o := req.Header.Get("Origin")
			if o == "" {
				return true // not a browser
			}
			return slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, o) })
		}
	}
	if r.upgrader.CheckOrigin == nil {
		r.upgrader.CheckOrigin = sameOrigin
	}
	go r.heartbeat()
	return r
}

// sameOrigin accepts a missing Origin or one whose host equals the request's Host.
func sameOrigin(req *http.Request) bool {
	o := req.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, req.Host)
}

// acquire returns the loaded room of a meeting, loading it if needed, and counts a reference;
// the caller must release it.
func (reg *Registry) acquire(ctx context.Context, meetingID int64) (*room, error) {
	reg.mu.Lock()
	if reg.closing {
		reg.mu.Unlock()
		return nil, ErrShutdown
	}
	r, ok := reg.rooms[meetingID]
	if !ok {
		r = newRoom(reg, meetingID)
		reg.rooms[meetingID] = r
		reg.m.openRooms.Inc()
	}
	r.refs++
	reg.mu.Unlock()
	if !ok {
		r.loadErr = r.load(ctx)
		close(r.ready)
	}
	select {
	case <-r.ready:
	case <-ctx.Done():
		reg.release(r)
		return nil, ctx.Err()
	}
	if r.loadErr != nil {
		reg.release(r)
		return nil, r.loadErr
	}
	return r, nil
}

// release drops a reference and unloads the room when nothing needs it any more.
func (reg *Registry) release(r *room) {
	reg.mu.Lock()
	r.refs--
	reg.mu.Unlock()
	reg.maybeUnload(r)
}

// maybeUnload forgets an idle room: no connection, nothing being committed, no side work.
// Everything it knew is in the log, so the next connection rebuilds it.
func (reg *Registry) maybeUnload(r *room) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if r.refs > 0 || reg.rooms[r.id] != r {
		return
	}
	select {
	case <-r.ready:
	default:
		return
	}
	r.mu.Lock()
	idle := r.inflight == nil && len(r.queue) == 0 && !r.sideRunning && len(r.clients) == 0
	r.mu.Unlock()
	if idle || r.loadErr != nil {
		delete(reg.rooms, r.id)
		reg.m.openRooms.Dec()
	}
}

// Serve upgrades the request to a websocket for participant p in meeting meetingID and returns
// once the connection's reader and writer run. The caller has authenticated p and checked that
// they belong to the meeting's group; Serve checks membership again against a fresh look-up
// (ErrForbidden) before upgrading. Errors before the upgrade leave the response to the caller;
// once the upgrade fails, gorilla has answered the request.
func (reg *Registry) Serve(w http.ResponseWriter, req *http.Request, meetingID int64, p Participant) error {
	a, err := reg.Admit(req.Context(), meetingID, p)
	if err != nil {
		return err
	}
	return a.Upgrade(req.Context(), w, req)
}

// Admission is a participant let into a loaded room but not yet connected: the checks that can
// still be answered as an ordinary HTTP response are done. Upgrade or Cancel it.
type Admission struct {
	reg *Registry
	r   *room
	m   Meeting // the fresh look-up to give the room; zero ID when the room's own view was used
	p   Participant
	// since is the Mark taken before membership was checked: Upgrade looks the meeting up again
	// only when a Kick happened after it.
	since Mark
	// used makes the admission one-shot: Upgrade, Cancel and the expiry timer each take it at
	// most once, so the room is released exactly once.
	used   atomic.Bool
	expiry *time.Timer
}

// ErrAdmissionExpired is returned by Upgrade when the admission was cancelled or timed out.
var ErrAdmissionExpired = errors.New("room: admission expired")

// Mark is a point in the registry's sequence of Kicks. A connection takes one before its
// membership is checked; if no Kick happened between that and the moment the connection is
// registered (where a Kick finds it), no removal can have slipped through, and the second
// look-up of the meeting is skipped.
type Mark uint64

// Mark returns the current point in the sequence of Kicks; take it before checking membership.
func (reg *Registry) Mark() Mark { return Mark(reg.removals.Load()) }

// Admit loads the meeting's room and checks p against a fresh look-up of its members
// (ErrForbidden), before any upgrade, so the HTTP handler can still answer an error. Splitting
// this from Upgrade lets the handler upgrade on a connection its server has handed over
// (hijacked) after answering nothing.
func (reg *Registry) Admit(ctx context.Context, meetingID int64, p Participant) (*Admission, error) {
	return reg.admit(ctx, meetingID, p, reg.Mark(), false)
}

// AdmitChecked is Admit for a caller that has itself just checked, against the database, that
// p may join the meeting, after taking since with Mark. It spares the directory look-up when
// the loaded room already lists p (a person added to the group since the room loaded still
// gets the look-up, so the room learns their name). Removals stay covered: a Kick after since
// makes Upgrade look the meeting up again once the connection is registered.
func (reg *Registry) AdmitChecked(ctx context.Context, meetingID int64, p Participant, since Mark) (*Admission, error) {
	return reg.admit(ctx, meetingID, p, since, true)
}

func (reg *Registry) admit(ctx context.Context, meetingID int64, p Participant, since Mark, checked bool) (*Admission, error) {
	r, err := reg.acquire(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if checked {
		r.mu.Lock()
		_, listed := r.meeting.Members[p.UserID]
		r.mu.Unlock()
		if listed {
			return reg.admission(r, Meeting{}, p, since), nil
		}
	}
	m, err := reg.dir.Meeting(ctx, meetingID)
	if err != nil {
		reg.release(r)
		return nil, fmt.Errorf("room: look up meeting %d: %w", meetingID, err)
	}
	if _, ok := m.Members[p.UserID]; !ok && p.UserID != m.CoachID {
		reg.release(r)
		return nil, ErrForbidden
	}
	return reg.admission(r, m, p, since), nil
}

// admission starts the expiry of an admission into room r.
func (reg *Registry) admission(r *room, m Meeting, p Participant, since Mark) *Admission {
	a := &Admission{reg: reg, r: r, m: m, p: p, since: since}
	a.expiry = time.AfterFunc(reg.cfg.AdmissionTTL, a.expire)
	return a
}

// Cancel gives up an admission that will not be upgraded; after Upgrade it does nothing. It
// is called by the goroutine that admitted.
func (a *Admission) Cancel() {
	a.expiry.Stop()
	a.expire()
}

// expire releases the room unless Upgrade or Cancel already took the admission; the expiry
// timer calls it on its own goroutine.
func (a *Admission) expire() {
	if a.used.CompareAndSwap(false, true) {
		a.reg.release(a.r)
	}
}

// Upgrade upgrades the request to a websocket and starts the connection's reader and writer;
// if the upgrade fails, gorilla has answered the request. ctx bounds the look-ups after the
// upgrade.
func (a *Admission) Upgrade(ctx context.Context, w http.ResponseWriter, req *http.Request) error {
	if !a.used.CompareAndSwap(false, true) {
		return ErrAdmissionExpired
	}
	a.expiry.Stop()
	reg, r, m, p, meetingID := a.reg, a.r, a.m, a.p, a.r.id
	conn, err := reg.upgrader.Upgrade(coalescing{ResponseWriter: w, bufs: &reg.bufs}, req, nil)
	if err != nil {
		reg.release(r)
		return fmt.Errorf("room: upgrade: %w", err)
	}
	c := newClient(reg, r, conn, p)
	reg.mu.Lock()
	if reg.closing {
		reg.mu.Unlock()
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "shutting down"),
			time.Now().Add(time.Second))
		_ = conn.Close()
		reg.release(r)
		return ErrShutdown
	}
	reg.conns[c] = struct{}{}
	reg.connWG.Add(2)
	reg.mu.Unlock()
	reg.m.connections.Inc()

	if m.ID != 0 {
		r.mu.Lock()
		r.setMeeting(m)
		r.mu.Unlock()
	}
	r.join(c)
	go c.writePump()
	go c.readPump()
	// A member removed (and kicked) between the membership check and the registration of this
	// client would otherwise slip in with the stale member list: look again now that a Kick
	// can find the client. Kick counts itself before it looks for clients and join registers
	// under the room's lock, so a Kick this load does not see finds the client.
	if reg.Mark() == a.since {
		return nil
	}
	if fresh, err := reg.dir.Meeting(ctx, meetingID); err == nil {
		if _, ok := fresh.Members[p.UserID]; !ok && p.UserID != fresh.CoachID {
			r.kick(p.UserID)
		} else {
			r.mu.Lock()
			r.setMeeting(fresh)
			r.mu.Unlock()
		}
	}
	return nil
}

func (reg *Registry) untrack(c *client) {
	reg.mu.Lock()
	delete(reg.conns, c)
	reg.mu.Unlock()
	reg.m.connections.Dec()
}

// Kick disconnects a person from a meeting's room, for when they are removed from the group:
// they get an error frame with code "kicked" and the connection closes (code 4403).
func (reg *Registry) Kick(meetingID, userID int64) {
	reg.removals.Add(1) // first, so a connection registering meanwhile looks again (Upgrade)
	reg.mu.Lock()
	r := reg.rooms[meetingID]
	reg.mu.Unlock()
	if r == nil {
		return
	}
	select {
	case <-r.ready:
	default:
		return // still loading: the fresh look-up will not list them
	}
	r.kick(userID)
}

// State returns a meeting's current state, for the report page and tests: a copy of the live
// room's state, or the fold of the stored events when the room is not loaded.
func (reg *Registry) State(ctx context.Context, meetingID int64) (State, error) {
	reg.mu.Lock()
	r := reg.rooms[meetingID]
	if r != nil {
		r.refs++
	}
	reg.mu.Unlock()
	if r != nil {
		defer reg.release(r)
		select {
		case <-r.ready:
		case <-ctx.Done():
			return State{}, ctx.Err()
		}
		if r.loadErr == nil {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.st.Clone(), nil
		}
	}
	m, err := reg.dir.Meeting(ctx, meetingID)
	if err != nil {
		return State{}, err
	}
	if m, err = reg.withPrior(ctx, m); err != nil {
		return State{}, err
	}
	stored, err := reg.log.EventsSince(ctx, meetingID, 0)
	if err != nil {
		return State{}, err
	}
	return replay(m, stored, nil)
}

// heartbeat moves the end of every open attendance interval forward, so a crash loses at most
// AttendanceEvery of presence.
func (reg *Registry) heartbeat() {
	defer close(reg.beatDone)
	t := time.NewTicker(reg.cfg.AttendanceEvery)
	defer t.Stop()
	for {
		select {
		case <-reg.stopBeat:
			return
		case <-t.C:
		}
		reg.mu.Lock()
		rooms := make([]*room, 0, len(reg.rooms))
		for _, r := range reg.rooms {
			rooms = append(rooms, r)
		}
		reg.mu.Unlock()
		reg.limits.sweep(reg.cfg.Now().UnixMilli())
		var ids []int64
		for _, r := range rooms {
			select {
			case <-r.ready:
				ids = append(ids, r.attendanceIDs()...)
			default:
			}
		}
		if len(ids) == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := reg.log.ExtendAttendance(ctx, ids, reg.cfg.Now()); err != nil {
			reg.logger.Warn("room: attendance heartbeat", "err", err)
		}
		cancel()
	}
}

// Shutdown closes every room connection (Fiber's Shutdown does not close hijacked ones), ends
// their attendance, commits what is queued and stops the committer. New connections are refused
// from the start. It returns ctx's error if that ends first.
func (reg *Registry) Shutdown(ctx context.Context) error {
	reg.mu.Lock()
	if reg.closing {
		reg.mu.Unlock()
		return nil
	}
	reg.closing = true
	conns := make([]*client, 0, len(reg.conns))
	for c := range reg.conns {
		conns = append(conns, c)
	}
	reg.mu.Unlock()
	close(reg.stopBeat)
	for _, c := range conns {
		c.stop(websocket.CloseGoingAway, "server shutting down")
	}
	var errs []error
	if err := wait(ctx, &reg.connWG); err != nil {
		for _, c := range conns {
			c.kill()
		}
		errs = append(errs, fmt.Errorf("room: connections: %w", err))
	}
	if err := reg.commit.shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("room: committer: %w", err))
	}
	if err := wait(ctx, &reg.sideWG); err != nil {
		errs = append(errs, fmt.Errorf("room: reports: %w", err))
	}
	select {
	case <-reg.beatDone:
	case <-ctx.Done():
	}
	return errors.Join(errs...)
}

func wait(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

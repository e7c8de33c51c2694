package room

import (
	"context"
	"errors"
	"net/http"
	"time"
	// The tz database travels in the binary, so Europe/Amsterdam loads on any machine.
	_ "time/tzdata"

	"kring/server/privacy"
	"kring/server/store"
)

// Participant is the person behind one connection, as the HTTP handler authenticated them. The
// room trusts UserID and Name; whether the person may coach is decided by the meeting (CoachID),
// so a wrong Coach flag can never grant coach actions.
type Participant struct {
	UserID int64
	Name   string
	Coach  bool
	// Lang picks the language of error messages: "en" for English, anything else Dutch.
	Lang string
	// Session identifies the sign-in the connection was opened with (opaque to the room), so
	// a sign-out closes exactly its connections (Registry.CloseSession).
	Session string
}

// Meeting is what the room needs to know about a meeting, supplied by the Directory so the room
// never reads the lead's tables itself.
type Meeting struct {
	ID, GroupID, CoachID int64
	Title, Status        string
	// Members maps user id to display name; it includes the coach. Only they may act.
	Members map[int64]string
	Method  MethodInfo
	// Prior are the group's open agreements from earlier meetings (see PriorSource).
	Prior []Prior
}

// MethodInfo is the intervision method of a meeting: its phases drive the phase bar and timer.
type MethodInfo struct {
	Slug   string      `json:"slug"`
	Name   string      `json:"name"`
	Phases []PhaseInfo `json:"phases"`
}

// PhaseInfo is one phase of a method: what the room does in it. The room enforces Boards and
// Vote; Silent hides new cards until the coach reveals them; Scale, Notes, Instruction and
// Questions tell the page which tools to offer. The coach's guidance is not here: the page
// renders it for the coach only.
type PhaseInfo struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Minutes int    `json:"minutes"`
	// Boards are open for new cards in this phase; nil means all are open (a method that says
	// nothing restricts nothing), an empty list closes them all.
	Boards []string `json:"boards"`
	Silent bool     `json:"silent,omitempty"`
	// Vote is the board voted on in this phase ("" for none), Votes the dots per person
	// (0: Config.VotesPerPerson).
	Vote        string   `json:"vote,omitempty"`
	Votes       int      `json:"votes,omitempty"`
	Scale       bool     `json:"scale,omitempty"`
	Notes       bool     `json:"notes,omitempty"`
	Instruction string   `json:"instruction,omitempty"`
	Questions   []string `json:"questions,omitempty"`
	// Agreements marks the phase that goes over the earlier meetings' open agreements.
	Agreements bool `json:"agreements,omitempty"`
}

// Directory looks meetings up. The server implements it from the store and the content of the
// methods; keeping it an interface lets the room be tested with a fake and keeps the flow of
// imports one-way.
type Directory interface {
	Meeting(ctx context.Context, id int64) (Meeting, error)
}

// Log is the persistence the room needs, narrow on purpose; *store.Store satisfies it.
type Log interface {
	AppendEvents(ctx context.Context, evs []store.NewEvent) ([]store.Appended, error)
	EventsSince(ctx context.Context, meetingID, after int64) ([]store.Event, error)
	StartAttendances(ctx context.Context, starts []store.AttendanceStart) ([]int64, error)
	ExtendAttendance(ctx context.Context, ids []int64, at time.Time) error
	Attendance(ctx context.Context, meetingID int64) ([]store.AttendanceInterval, error)
	SetMeetingStatus(ctx context.Context, meetingID int64, status string, at time.Time) error
	SaveReport(ctx context.Context, meetingID int64, markdown string, data []byte) error
	Report(ctx context.Context, meetingID int64) (markdown string, data []byte, created time.Time, err error)
}

var _ Log = (*store.Store)(nil)

// ErrForbidden is returned by Serve when the participant is not a member of the meeting's group
// nor its coach, so the handler can answer 403 before upgrading.
var ErrForbidden = errors.New("room: not a member of this meeting")

// ErrShutdown is returned by Serve once Shutdown has begun, so no new connection slips in while
// the registry closes the others.
var ErrShutdown = errors.New("room: registry is shutting down")

// Config tunes the rooms. The zero value of a field means its default (in brackets), so a
// caller sets only what it cares about.
type Config struct {
	// AllowedOrigins lists the Origin header values (scheme://host[:port]) a browser may connect
	// from. Empty means the Origin must match the request's Host, gorilla's default.
	AllowedOrigins []string
	// CheckOrigin, when set, replaces AllowedOrigins.
	CheckOrigin func(*http.Request) bool
	// MaxFrame is the largest client frame in bytes handled [8192]; a larger one gets an error
	// frame, and one over 8×MaxFrame closes the connection.
	MaxFrame int
	// SendQueue is how many outgoing batches may wait per connection [64]: a batch is what the
	// room hands a connection at once (a committed group of events with the connection's own
	// acks, a replay, one frame). A client whose queue is full is disconnected so it cannot
	// stall the room.
	SendQueue int
	// PingEvery [25s], PongWait [60s] and WriteWait [10s] are the keep-alive and write deadlines.
	PingEvery, PongWait, WriteWait time.Duration
	// ReplayLimit is the largest gap replayed event by event on reconnect [500]; a larger gap,
	// or since=0, gets a snapshot.
	ReplayLimit int
	// MaxCardText [1000], MaxQuestionText [300] and MaxNoteText [2000] limit texts in
	// characters.
	MaxCardText, MaxQuestionText, MaxNoteText int
	// CardsPerMinute [10], EditsPerMinute [30] (card edits and removals), HandsPerMinute [10]
	// (raising and lowering), VotesPerMinute [30] (dots placed and taken back),
	// ScaleAnswersPerMinute [20] and NotesPerMinute [30] limit each person's actions per
	// minute. The counts survive reconnects and the room emptying.
	CardsPerMinute, EditsPerMinute, HandsPerMinute, VotesPerMinute, ScaleAnswersPerMinute, NotesPerMinute int
	// MaxConnsPerPerson is how many connections one person may have open to one meeting [3];
	// a new one closes the oldest (close code 4001).
	MaxConnsPerPerson int
	// PresenceDelay is how long presence changes are gathered before one presence frame goes
	// out [200ms], so someone reconnecting in a loop cannot flood the others.
	PresenceDelay time.Duration
	// VotesPerPerson is the number of dots each person may place in a voting phase whose
	// method does not say [3].
	VotesPerPerson int
	// MaxBatch is the largest number of events committed in one transaction [512].
	MaxBatch int
	// AttendanceEvery is how often the end of everyone's attendance is moved forward [30s]:
	// after a crash at most this much presence is lost.
	AttendanceEvery time.Duration
	// AdmissionTTL is how long an admitted participant holds the room before the upgrade [30s]:
	// the server may never hand the connection over (a client gone meanwhile), and a room held
	// by a lost admission would never be unloaded.
	AdmissionTTL time.Duration
	// AttendanceGap is the largest break between two connections of one person that the
	// report still counts as one stay [2m].
	AttendanceGap time.Duration
	// Now is the clock [time.Now]; tests fix it.
	Now func() time.Time
	// Location is the time zone of the people in the rooms, for the times in reports
	// [Europe/Amsterdam].
	Location *time.Location
	// Screen finds personal data in case text [privacy.ScreenBlocking: the room refuses only
	// the blocking kinds; the page warns about the others with its own copy of the screen].
	Screen func(text string) []privacy.Finding
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxFrame, 8192)
	def(&c.SendQueue, 64)
	def(&c.ReplayLimit, 500)
	def(&c.MaxCardText, 1000)
	def(&c.MaxQuestionText, 300)
	def(&c.MaxNoteText, 2000)
	def(&c.CardsPerMinute, 10)
	def(&c.EditsPerMinute, 30)
	def(&c.HandsPerMinute, 10)
	def(&c.VotesPerMinute, 30)
	def(&c.ScaleAnswersPerMinute, 20)
	def(&c.NotesPerMinute, 30)
	def(&c.MaxConnsPerPerson, 3)
	def(&c.VotesPerPerson, 3)
	def(&c.MaxBatch, 512)
	defD(&c.PingEvery, 25*time.Second)
	defD(&c.PongWait, 60*time.Second)
	defD(&c.WriteWait, 10*time.Second)
	defD(&c.AttendanceEvery, 30*time.Second)
	defD(&c.AttendanceGap, 2*time.Minute)
	defD(&c.AdmissionTTL, 30*time.Second)
	defD(&c.PresenceDelay, 200*time.Millisecond)
	if c.PingEvery >= c.PongWait {
		c.PingEvery = c.PongWait * 9 / 10
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Location == nil {
		c.Location = DefaultLocation()
	}
	if c.Screen == nil {
		c.Screen = privacy.ScreenBlocking
	}
	return c
}

// PageLimits are the limits room.js needs to guide people before the server would refuse
// (text lengths, dots per person by default), so the page states them from the room's own
// configuration instead of repeating them.
func (c Config) PageLimits() map[string]int {
	c = c.withDefaults()
	return map[string]int{"card": c.MaxCardText, "question": c.MaxQuestionText, "note": c.MaxNoteText,
		"votes": c.VotesPerPerson, "owner": maxOwner, "groupTitle": maxGroupTitle}
}

// DefaultLocation is the Netherlands' time zone, where Kring's users meet. The tz database is
// embedded (time/tzdata), so this works on machines without one.
func DefaultLocation() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}

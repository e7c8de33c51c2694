package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrNotEmpty stops an import into a database that already has people or organisations: a
// generated history mixed into real records could never be told apart again.
var ErrNotEmpty = errors.New("the database is not empty")

// ImportSet is a whole history written at once into an empty database: the realistic-size
// generator (kring demo) and the benchmarks use it. Ids are given by the caller, so events and
// reports can name people before they are written; rows go in with prepared statements in ONE
// transaction, which keeps two years of a municipality to a few seconds.
type ImportSet struct {
	Orgs        []ImportOrg
	Users       []ImportUser
	Groups      []ImportGroup
	LessonOpens []ImportLessonOpen
	// LessonDone are lessons a person completed ("Les afronden"), at the time given in Last.
	LessonDone   []ImportLessonOpen
	Certificates []ImportCertificate
	Meetings     []ImportMeeting
}

// ImportOrg is an organisation with its id.
type ImportOrg struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// ImportUser is a person with their id; OrgID 0 for none.
type ImportUser struct {
	ID                        int64
	Email, Name, PasswordHash string
	Role                      string
	OrgID                     int64
	CreatedAt                 time.Time
}

// ImportGroup is a group with its members (added at AddedAt, their stay in the membership
// history starting then); it is open to the organisations of its coach and members.
type ImportGroup struct {
	ID                int64
	Name, Description string
	CoachID           int64
	CreatedAt         time.Time
	Members           []int64
	AddedAt           time.Time
}

// ImportLessonOpen is one lesson a person opened.
type ImportLessonOpen struct {
	UserID         int64
	Module, Lesson string
	First, Last    time.Time
}

// ImportCertificate is a completed module's certificate; Code in the stored form
// (CertificateCode), Name the person's name then.
type ImportCertificate struct {
	Code, Module, ModuleTitle, Name string
	UserID                          int64
	ModuleVersion                   int
	Hours                           float64
	IssuedAt                        time.Time
}

// ImportMeeting is a meeting with what its live room recorded: events in order (their
// sequence numbers are 1, 2, 3 ...), attendance intervals, and for a closed meeting its report,
// whose themed cards are copied into card_themes as SaveReport does.
type ImportMeeting struct {
	ID, GroupID, CreatedBy int64
	Title, Method          string
	StartsAt               time.Time
	Minutes                int
	Location               string
	Online                 bool
	Status                 string
	OpenedAt, ClosedAt     time.Time
	CreatedAt              time.Time
	Events                 []NewEvent
	Attendance             []AttendanceInterval
	ReportMarkdown         string
	ReportData             []byte
}

// Import writes the set into an empty database in one transaction, or nothing (ErrNotEmpty when
// anyone or any organisation is already there).
func (s *Store) Import(ctx context.Context, set *ImportSet) error {
	defer s.authChanged() // session_cache.go
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM organisations)`).Scan(&n); err != nil {
			return fmt.Errorf("store: import: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("store: import: %w", ErrNotEmpty)
		}
		ins := &importer{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
		defer ins.close()
		for _, o := range set.Orgs {
			ins.exec(`INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)`, o.ID, o.Name, ms(o.CreatedAt))
		}
		for _, u := range set.Users {
			ins.exec(`INSERT INTO users (id, email, name, password_hash, role, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				u.ID, u.Email, u.Name, u.PasswordHash, u.Role, nullID(u.OrgID), ms(u.CreatedAt))
		}
		for _, g := range set.Groups {
			ins.exec(`INSERT INTO groups (id, name, description, coach_id, created_at) VALUES (?, ?, ?, ?, ?)`,
				g.ID, g.Name, g.Description, g.CoachID, ms(g.CreatedAt))
			for _, m := range g.Members {
				ins.exec(`INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)`, g.ID, m, ms(g.AddedAt))
				ins.exec(`INSERT INTO group_memberships (group_id, user_id, joined_at) VALUES (?, ?, ?)`, g.ID, m, ms(g.AddedAt))
			}
			// Open to the organisations of the coach and the members, as a coach who picked them.
			ins.exec(`INSERT OR IGNORE INTO group_organisations (group_id, org_id)
				SELECT g.id, u.org_id FROM groups g JOIN users u ON u.id = g.coach_id WHERE g.id = ? AND u.org_id IS NOT NULL
				UNION SELECT m.group_id, u.org_id FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? AND u.org_id IS NOT NULL`,
				g.ID, g.ID)
		}
		for _, l := range set.LessonOpens {
			ins.exec(`INSERT INTO lesson_opens (user_id, module, lesson, first_opened_at, last_opened_at) VALUES (?, ?, ?, ?, ?)`,
				l.UserID, l.Module, l.Lesson, ms(l.First), ms(l.Last))
		}
		for _, l := range set.LessonDone {
			ins.exec(`INSERT INTO lesson_completions (user_id, module, lesson, completed_at) VALUES (?, ?, ?, ?)`,
				l.UserID, l.Module, l.Lesson, ms(l.Last))
		}
		for _, c := range set.Certificates {
			ins.exec(`INSERT INTO certificates (code, user_id, module, module_title, module_version, hours, name, issued_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Code, c.UserID, c.Module, c.ModuleTitle, c.ModuleVersion, c.Hours, c.Name, ms(c.IssuedAt))
		}
		for _, m := range set.Meetings {
			ins.exec(`INSERT INTO meetings (id, group_id, title, method, starts_at, minutes, location, online, status, opened_at, closed_at, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.GroupID, m.Title, m.Method, ms(m.StartsAt), m.Minutes,
				m.Location, m.Online, m.Status, nullTime(m.OpenedAt), nullTime(m.ClosedAt), nullID(m.CreatedBy), ms(m.CreatedAt))
			for i, e := range m.Events {
				var cid any
				if e.ClientID != "" {
					cid = e.ClientID
				}
				ins.exec(`INSERT INTO room_events (meeting_id, seq, user_id, client_id, op, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					m.ID, i+1, e.UserID, cid, e.Op, string(e.Data), ms(e.At))
			}
			for _, a := range m.Attendance {
				ins.exec(`INSERT INTO attendance (meeting_id, user_id, joined_at, left_at) VALUES (?, ?, ?, ?)`,
					m.ID, a.UserID, ms(a.From), ms(a.To))
			}
			if len(m.ReportData) > 0 {
				ins.exec(`INSERT INTO meeting_reports (meeting_id, markdown, data, created_at) VALUES (?, ?, ?, ?)`,
					m.ID, m.ReportMarkdown, string(m.ReportData), ms(m.ClosedAt))
				ins.exec(cardThemesFromReports, m.ID, m.ID)
				ins.exec(agreementsFromReport, m.ID)
			}
		}
		return ins.err
	})
}

// importer runs many inserts through one prepared statement per query and keeps the first
// error, so Import reads as a list of rows.
type importer struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	err   error
}

func (im *importer) exec(query string, args ...any) {
	if im.err != nil {
		return
	}
	st, ok := im.stmts[query]
	if !ok {
		var err error
		if st, err = im.tx.PrepareContext(im.ctx, query); err != nil {
			im.err = fmt.Errorf("store: import: prepare: %w", err)
			return
		}
		im.stmts[query] = st
	}
	if _, err := st.ExecContext(im.ctx, args...); err != nil {
		im.err = fmt.Errorf("store: import: %w", err)
	}
}

func (im *importer) close() {
	for _, st := range im.stmts {
		st.Close()
	}
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MaxAnswerLen is the longest free-text answer the store keeps, in bytes (the handlers limit
// answers to 10,000 characters; a character takes at most a few bytes, the column allows 20,000
// and this guard keeps a bug from writing more).
const MaxAnswerLen = 40000

// Answer is one person's latest answer to one prompt of a module. Text is set for reflection
// and case prompts; Option (0-based index in the content, -1 for none) and Correct for check
// questions. FirstOption and FirstCorrect keep the first choice ever made, which is the one
// that scores: trying again teaches but cannot raise the score.
type Answer struct {
	UserID       int64
	Module       string
	PromptID     string
	Text         string
	Option       int
	Correct      bool
	FirstOption  int
	FirstCorrect bool
	UpdatedAt    time.Time
}

// Progress is what one person did in one module: lessons opened (slug -> last opened), lessons
// completed with "Les afronden" (slug -> when) and answers (prompt id -> answer). It holds
// whatever ids were stored; the module engine ignores ids that no longer exist in the content.
type Progress struct {
	Module    string
	Opened    map[string]time.Time
	Completed map[string]time.Time
	Answers   map[string]*Answer
}

func newProgress(module string) *Progress {
	return &Progress{Module: module, Opened: map[string]time.Time{}, Completed: map[string]time.Time{}, Answers: map[string]*Answer{}}
}

// LastOpened is the lesson a person opened most recently, for "continue where you left off".
type LastOpened struct {
	Module string
	Lesson string
	At     time.Time
}

// IssueFunc decides, from a person's progress in a module as it stands inside the transaction
// that just changed it, whether a certificate is earned; nil means not (yet). The store calls
// it only when the person has no certificate for the module, and issues the certificate in the
// same transaction, so a completion and its certificate are committed together or not at all.
type IssueFunc func(p *Progress) *NewCertificate

// OpenLesson records that a person opened a lesson (the first and the latest time) and, when
// that completes the module, issues its certificate. It returns the certificate issued now, or
// nil.
func (s *Store) OpenLesson(ctx context.Context, userID int64, module, lesson string, issue IssueFunc) (*Certificate, error) {
	var cert *Certificate
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO lesson_opens (user_id, module, lesson, first_opened_at, last_opened_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, module, lesson) DO UPDATE SET last_opened_at = excluded.last_opened_at`,
			userID, module, lesson, now, now); err != nil {
			return fmt.Errorf("store: open lesson: %w", err)
		}
		var err error
		cert, err = s.maybeIssue(ctx, tx, userID, module, issue)
		return err
	})
	if err != nil {
		return nil, err
	}
	return cert, nil
}

// CompleteLesson records that a person finished a lesson ("Les afronden"; the handler has
// checked its required prompts) and, when that completes the module, issues its certificate in
// the same transaction. Completing again keeps the first time. It returns the certificate
// issued now, or nil.
func (s *Store) CompleteLesson(ctx context.Context, userID int64, module, lesson string, issue IssueFunc) (*Certificate, error) {
	var cert *Certificate
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lesson_completions (user_id, module, lesson, completed_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (user_id, module, lesson) DO NOTHING`,
			userID, module, lesson, ms(s.now())); err != nil {
			return fmt.Errorf("store: complete lesson: %w", err)
		}
		var err error
		cert, err = s.maybeIssue(ctx, tx, userID, module, issue)
		return err
	})
	if err != nil {
		return nil, err
	}
	return cert, nil
}

// SaveAnswer keeps a person's latest answer to a prompt (replacing an earlier one, but never the
// first choice of a check question, which is what scores) and, when
// that completes the module, issues its certificate in the same transaction. It returns the
// certificate issued now, or nil.
func (s *Store) SaveAnswer(ctx context.Context, a Answer, issue IssueFunc) (*Certificate, error) {
	if a.UserID == 0 || a.Module == "" || a.PromptID == "" {
		return nil, errors.New("store: save answer: user, module and prompt are required")
	}
	if len(a.Text) > MaxAnswerLen {
		return nil, errors.New("store: save answer: text too long")
	}
	var option any
	if a.Option >= 0 {
		option = a.Option
	}
	var cert *Certificate
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		// The first choice is written once: later answers leave first_choice and first_correct
		// as they are (a row that so far held only text gets its first choice now).
		if _, err := tx.ExecContext(ctx, `INSERT INTO prompt_answers (user_id, module, prompt_id, text, choice, correct, first_choice, first_correct, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, module, prompt_id) DO UPDATE SET
				text = excluded.text, choice = excluded.choice, correct = excluded.correct, updated_at = excluded.updated_at,
				first_correct = CASE WHEN prompt_answers.first_choice IS NULL THEN excluded.first_correct ELSE prompt_answers.first_correct END,
				first_choice = COALESCE(prompt_answers.first_choice, excluded.first_choice)`,
			a.UserID, a.Module, a.PromptID, a.Text, option, a.Correct, option, a.Correct && a.Option >= 0, now, now); err != nil {
			return fmt.Errorf("store: save answer: %w", err)
		}
		var err error
		cert, err = s.maybeIssue(ctx, tx, a.UserID, a.Module, issue)
		return err
	})
	if err != nil {
		return nil, err
	}
	return cert, nil
}

// maybeIssue asks issue whether the module is complete now and issues the certificate when it
// is and none exists yet.
func (s *Store) maybeIssue(ctx context.Context, tx *sql.Tx, userID int64, module string, issue IssueFunc) (*Certificate, error) {
	if issue == nil {
		return nil, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM certificates WHERE user_id = ? AND module = ?`, userID, module).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: look for certificate: %w", err)
	}
	if n > 0 {
		return nil, nil
	}
	p, err := progressOf(ctx, tx, userID, module)
	if err != nil {
		return nil, err
	}
	nc := issue(p)
	if nc == nil {
		return nil, nil
	}
	nc.UserID, nc.Module = userID, module
	return s.issueTx(ctx, tx, *nc)
}

// queryer is what *sql.DB and *sql.Tx share, so reads work inside and outside a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Progress returns what a person did in one module (empty, never nil, when nothing yet).
func (s *Store) Progress(ctx context.Context, userID int64, module string) (*Progress, error) {
	return progressOf(ctx, s.hot(), userID, module)
}

func progressOf(ctx context.Context, q queryer, userID int64, module string) (*Progress, error) {
	all, err := progressWhere(ctx, q, userID, module)
	if err != nil {
		return nil, err
	}
	if p := all[module]; p != nil {
		return p, nil
	}
	return newProgress(module), nil
}

// AllProgress returns a person's progress in every module they started, by module slug.
func (s *Store) AllProgress(ctx context.Context, userID int64) (map[string]*Progress, error) {
	return progressWhere(ctx, s.hot(), userID, "")
}

// progressQuery reads a person's lesson opens, lesson completions and answers, of one module or
// of all (an empty ?2), in one statement: a page asks for progress on every visit, and one prepared
// statement costs a third of three. kind says which table a row comes from.
const progressQuery = `SELECT 0, module, lesson, last_opened_at, '', NULL, 0, NULL, 0 FROM lesson_opens
		WHERE user_id = ?1 AND (?2 = '' OR module = ?2)
	UNION ALL SELECT 1, module, lesson, completed_at, '', NULL, 0, NULL, 0 FROM lesson_completions
		WHERE user_id = ?1 AND (?2 = '' OR module = ?2)
	UNION ALL SELECT 2, module, prompt_id, updated_at, text, choice, correct, first_choice, first_correct FROM prompt_answers
		WHERE user_id = ?1 AND (?2 = '' OR module = ?2)`

// CertificateMark is what a lesson page shows of a person's certificate for its module: that
// there is one, when it was issued, and the code its page has. The full certificate is
// CertificatesOf's or CertificateByCode's.
type CertificateMark struct {
	ID        int64
	Code      string
	Module    string
	IssuedAt  time.Time
	RevokedAt time.Time // zero unless revoked
}

// lessonProgressQuery is progressQuery with a fourth kind of row: the person's certificate for
// the module (at most one: UNIQUE (user_id, module)), so a lesson page reads its person's
// progress and certificate in one statement. Every statement pays for starting a read of the
// database; the certificate as a statement of its own cost more than the progress.
const lessonProgressQuery = progressQuery + `
	UNION ALL SELECT 3, module, code, issued_at, '', id, 0, revoked_at, 0 FROM certificates
		WHERE user_id = ?1 AND module = ?2`

// LessonProgress is Progress and the person's certificate for the module (nil when none), read
// in one statement.
func (s *Store) LessonProgress(ctx context.Context, userID int64, module string) (*Progress, *CertificateMark, error) {
	if module == "" {
		return nil, nil, errors.New("store: lesson progress: module is required")
	}
	var cert *CertificateMark
	all, err := progressRows(ctx, s.hot(), lessonProgressQuery, userID, module, &cert)
	if err != nil {
		return nil, nil, err
	}
	if p := all[module]; p != nil {
		return p, cert, nil
	}
	return newProgress(module), cert, nil
}

// progressWhere reads opens, completions and answers of one person, of one module or of all
// (module "").
func progressWhere(ctx context.Context, q queryer, userID int64, module string) (map[string]*Progress, error) {
	return progressRows(ctx, q, progressQuery, userID, module, nil)
}

// progressRows runs progressQuery or lessonProgressQuery; cert gets the certificate row of the
// latter.
func progressRows(ctx context.Context, q queryer, query string, userID int64, module string, cert **CertificateMark) (map[string]*Progress, error) {
	out := map[string]*Progress{}
	rows, err := q.QueryContext(ctx, query, userID, module)
	if err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var m, key, text string
		var at int64
		var option, first sql.NullInt64
		var correct, firstCorrect bool
		if err := rows.Scan(&kind, &m, &key, &at, &text, &option, &correct, &first, &firstCorrect); err != nil {
			return nil, fmt.Errorf("store: progress: %w", err)
		}
		if kind == 3 {
			if cert == nil || !option.Valid {
				return nil, errors.New("store: progress: unexpected certificate row")
			}
			*cert = &CertificateMark{ID: option.Int64, Code: key, Module: m, IssuedAt: fromMS(at)}
			if first.Valid {
				(*cert).RevokedAt = fromMS(first.Int64)
			}
			continue
		}
		p := out[m]
		if p == nil {
			p = newProgress(m)
			out[m] = p
		}
		switch kind {
		case 0:
			p.Opened[key] = fromMS(at)
		case 1:
			p.Completed[key] = fromMS(at)
		default:
			a := &Answer{UserID: userID, Module: m, PromptID: key, Text: text, Correct: correct, FirstCorrect: firstCorrect,
				Option: -1, FirstOption: -1, UpdatedAt: fromMS(at)}
			if option.Valid {
				a.Option = int(option.Int64)
			}
			if first.Valid {
				a.FirstOption = int(first.Int64)
			}
			p.Answers[key] = a
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	return out, nil
}

// RecentLessons lists the lessons a person opened, most recent first, at most limit.
func (s *Store) RecentLessons(ctx context.Context, userID int64, limit int) ([]LastOpened, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT module, lesson, last_opened_at FROM lesson_opens
		WHERE user_id = ? ORDER BY last_opened_at DESC, module, lesson LIMIT ?`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent lessons: %w", err)
	}
	defer rows.Close()
	var out []LastOpened
	for rows.Next() {
		var lo LastOpened
		var at int64
		if err := rows.Scan(&lo.Module, &lo.Lesson, &at); err != nil {
			return nil, fmt.Errorf("store: recent lessons: %w", err)
		}
		lo.At = fromMS(at)
		out = append(out, lo)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

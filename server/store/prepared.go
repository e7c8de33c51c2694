package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// statements keeps prepared statements by their SQL text. For the small reads every page makes
// (the session and its person, a person's progress and certificates; a room join's meeting,
// membership, stays, members and coach) SQLite spends about as long preparing a statement as
// running it, so the hottest reads are prepared once and kept.
type statements struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get prepares query on first use and keeps it. The lock is not held while preparing, which
// waits for a free connection: two first uses at once prepare twice and keep one.
func (st *statements) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	st.mu.Lock()
	stmt, ok := st.m[query]
	st.mu.Unlock()
	if ok {
		return stmt, nil
	}
	stmt, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if kept, ok := st.m[query]; ok {
		_ = stmt.Close()
		return kept, nil
	}
	if st.m == nil {
		st.m = map[string]*sql.Stmt{}
	}
	st.m[query] = stmt
	return stmt, nil
}

// close closes every kept statement; the store closes them before the database.
func (st *statements) close() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	var errs []error
	for _, stmt := range st.m {
		errs = append(errs, stmt.Close())
	}
	st.m = nil
	return errors.Join(errs...)
}

// preparedDB is the store's database through its kept statements: a queryer for the hot reads.
type preparedDB struct{ s *Store }

// hot is the store's database for the reads every page makes, with their statements kept.
func (s *Store) hot() preparedDB { return preparedDB{s} }

// QueryContext runs query through its kept statement.
func (p preparedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	stmt, err := p.s.stmts.get(ctx, p.s.db, query)
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(ctx, args...)
}

// QueryRowContext runs query through its kept statement; when it cannot be prepared, the plain
// query reports why through the row, as database/sql would.
func (p preparedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	stmt, err := p.s.stmts.get(ctx, p.s.db, query)
	if err != nil {
		return p.s.db.QueryRowContext(ctx, query, args...)
	}
	return stmt.QueryRowContext(ctx, args...)
}

// kept is query's kept statement, for a transaction to use through Tx.StmtContext, which
// reuses it on the transaction's connection once it was prepared there: the room's group
// commit and attendance writes run the same statements in every batch. Called before the
// transaction begins, as preparing the first time takes a connection of its own.
func (s *Store) kept(ctx context.Context, query string) (*sql.Stmt, error) {
	return s.stmts.get(ctx, s.db, query)
}

package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ToggleFavourite marks a question of the bank as a person's favourite, or unmarks it when it
// already was one, and reports whether it is a favourite now.
func (s *Store) ToggleFavourite(ctx context.Context, userID int64, questionID string) (bool, error) {
	var now bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM question_favourites WHERE user_id = ? AND question_id = ?`, userID, questionID)
		if err != nil {
			return fmt.Errorf("store: toggle favourite: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO question_favourites (user_id, question_id, created_at) VALUES (?, ?, ?)`,
			userID, questionID, ms(s.now())); err != nil {
			return fmt.Errorf("store: toggle favourite: %w", err)
		}
		now = true
		return nil
	})
	return now, err
}

// Favourites returns the ids of a person's favourite questions (ids that left the bank
// included; the caller skips those).
func (s *Store) Favourites(ctx context.Context, userID int64) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT question_id FROM question_favourites WHERE user_id = ?`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: favourites: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: favourites: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

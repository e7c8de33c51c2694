package server

import (
	"context"
	"time"
)

// RetentionResult counts what one retention run removed, for the log and tests.
type RetentionResult struct {
	Events, Invites, Audit int64
}

// ApplyRetention runs every retention rule once with the configured periods (Config.Retention):
// boards of old closed meetings reduced to their report, expired invites purged, old audit
// entries purged. A failing rule does not stop the others; the first error is returned.
func (s *Server) ApplyRetention(ctx context.Context) (RetentionResult, error) {
	var r RetentionResult
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	var err error
	r.Events, err = s.store.PurgeBoards(ctx, s.cfg.Retention.Boards)
	keep(err)
	r.Invites, err = s.store.PurgeInvites(ctx, s.cfg.Retention.Invites)
	keep(err)
	r.Audit, err = s.store.PurgeAudit(ctx, s.cfg.Retention.Audit)
	keep(err)
	return r, first
}

// RunRetention applies the retention rules a minute after start and then every interval
// (daily in production) until ctx ends; main starts it and cancels ctx on shutdown.
func (s *Server) RunRetention(ctx context.Context, every time.Duration) {
	wait := time.NewTimer(time.Minute)
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
		r, err := s.ApplyRetention(ctx)
		if err != nil {
			s.log.Warn("retention run failed", "err", err)
		} else if r.Events+r.Invites+r.Audit > 0 {
			s.log.Info("retention applied", "board_events", r.Events, "invites", r.Invites, "audit_entries", r.Audit)
		}
		wait.Reset(every)
	}
}

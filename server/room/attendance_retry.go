package room

import (
	"context"
	"log/slog"
	"time"

	"kring/server/store"
)

// retryPolicy bounds the retries of an attendance write: attempts in all, the first wait, and
// each next wait doubled. The defaults keep a retried write under a second.
type retryPolicy struct {
	attempts int
	backoff  time.Duration
}

var defaultAttendanceRetry = retryPolicy{attempts: 5, backoff: 50 * time.Millisecond}

// attendanceRetry is the Log with attendance writes retried (bounded, with backoff) instead of
// dropped: a busy or briefly locked database must not make a report under-count who was there.
// Event appends are not retried here: the committer answers those with an error frame, and the
// client resends.
type attendanceRetry struct {
	Log
	policy retryPolicy
	logger *slog.Logger
	sleep  func(context.Context, time.Duration) error
}

func withAttendanceRetry(l Log, logger *slog.Logger, p retryPolicy) *attendanceRetry {
	return &attendanceRetry{Log: l, policy: p, logger: logger, sleep: sleepCtx}
}

// StartAttendances implements Log, retrying a failed batch as a whole (it is all or nothing).
func (a *attendanceRetry) StartAttendances(ctx context.Context, starts []store.AttendanceStart) ([]int64, error) {
	var ids []int64
	err := a.retry(ctx, "start attendance", func() error {
		var err error
		ids, err = a.Log.StartAttendances(ctx, starts)
		return err
	})
	return ids, err
}

// ExtendAttendance implements Log, retrying a failed write. Moving the end of an interval is
// idempotent, so a retry after an unclear failure is harmless.
func (a *attendanceRetry) ExtendAttendance(ctx context.Context, ids []int64, at time.Time) error {
	return a.retry(ctx, "extend attendance", func() error { return a.Log.ExtendAttendance(ctx, ids, at) })
}

func (a *attendanceRetry) retry(ctx context.Context, what string, op func() error) error {
	wait := a.policy.backoff
	var err error
	for i := 1; ; i++ {
		if err = op(); err == nil {
			return nil
		}
		if i >= a.policy.attempts || ctx.Err() != nil {
			return err
		}
		a.logger.Warn("room: retrying "+what, "attempt", i, "err", err)
		if serr := a.sleep(ctx, wait); serr != nil {
			return err
		}
		wait *= 2
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

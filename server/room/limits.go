package room

import (
	"slices"
	"sync"
)

// Limits that protect the room. Every action a person can repeat has a limit per minute, and
// the counts live in the registry, not the room, so neither a reconnect nor the room emptying
// (and being unloaded) resets them.

// limitKind groups the ops that share a limit; coach-only ops have none.
func limitKind(op string) string {
	switch op {
	case OpCardAdd:
		return "cards"
	case OpCardEdit, OpCardRemove, OpCardMap, OpAgreementMark:
		return "edits"
	case OpHandRaise, OpHandLower:
		return "hands"
	case OpCardVote, OpCardUnvote:
		return "votes"
	case OpScaleAnswer:
		return "scale"
	case OpNoteAdd, OpNoteEdit, OpNoteRemove:
		return "notes"
	}
	return ""
}

// perMinute is the limit of a kind.
func (c Config) perMinute(kind string) int {
	switch kind {
	case "cards":
		return c.CardsPerMinute
	case "edits":
		return c.EditsPerMinute
	case "hands":
		return c.HandsPerMinute
	case "votes":
		return c.VotesPerMinute
	case "scale":
		return c.ScaleAnswersPerMinute
	case "notes":
		return c.NotesPerMinute
	}
	return 0
}

type limitKey struct {
	meeting, user int64
	kind          string
}

// limiter remembers the times (Unix ms) of each person's recent actions per kind and meeting.
type limiter struct {
	mu    sync.Mutex
	times map[limitKey][]int64
}

func newLimiter() *limiter { return &limiter{times: map[limitKey][]int64{}} }

// allow records an action at now if fewer than n happened in the 60 s before, and reports
// whether it may go ahead. A refused action is not recorded.
func (l *limiter) allow(k limitKey, now int64, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	times := slices.DeleteFunc(l.times[k], func(t int64) bool { return t <= now-60_000 })
	if len(times) >= n {
		l.times[k] = times
		return false
	}
	l.times[k] = append(times, now)
	return true
}

// full reports whether an action at now would be refused, without recording it.
func (l *limiter) full(k limitKey, now int64, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	count := 0
	for _, t := range l.times[k] {
		if t > now-60_000 {
			count++
		}
	}
	return count >= n
}

// sweep forgets people who did nothing for a minute, so the map stays as small as the activity.
func (l *limiter) sweep(now int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, times := range l.times {
		if len(times) == 0 || times[len(times)-1] <= now-60_000 {
			delete(l.times, k)
		}
	}
}

// rateLimit checks an accepted action against its kind's limit and counts it.
func (r *room) rateLimit(op string, user, now int64) *frameError {
	kind := limitKind(op)
	if kind == "" {
		return nil
	}
	n := r.reg.cfg.perMinute(kind)
	if r.reg.limits.allow(limitKey{r.id, user, kind}, now, n) {
		return nil
	}
	return limitError(kind, n)
}

// limitReached refuses an action whose kind's limit is already reached, before it is decided
// (and its text screened); rateLimit counts it once it is accepted. The caller holds r.mu, so
// nothing of this room's comes between the two.
func (r *room) limitReached(op string, user, now int64) *frameError {
	kind := limitKind(op)
	if kind == "" {
		return nil
	}
	n := r.reg.cfg.perMinute(kind)
	if !r.reg.limits.full(limitKey{r.id, user, kind}, now, n) {
		return nil
	}
	return limitError(kind, n)
}

func limitError(kind string, n int) *frameError {
	if kind == "cards" {
		return ferr(CodeRateLimited, "rate_limited", n)
	}
	return ferr(CodeRateLimited, "rate_limited_action", n)
}

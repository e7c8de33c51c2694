package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

// RuntimeStats are a server child's own Go runtime figures, read with runtime/metrics right
// after a full garbage collection, so the load tool can show where the memory per connection
// is: live heap objects, goroutine stacks, and how many goroutines run. Resident memory (RSS)
// also holds what the runtime keeps unused and SQLite's C heap; these figures do not.
type RuntimeStats struct {
	Goroutines  int64 `json:"goroutines"`
	HeapObjects int64 `json:"heap_objects"` // bytes of live heap objects
	Stacks      int64 `json:"stacks"`       // bytes of goroutine stacks
	HeapFree    int64 `json:"heap_free"`    // heap bytes held by the runtime but unused (free, unused, not released)
	// GoResident is all the memory the Go runtime holds and has not returned to the system
	// (/memory/classes/total minus heap/released); the process's RSS beyond it is mostly C
	// memory (SQLite's page caches) and the binary.
	GoResident int64 `json:"go_resident"`
}

var runtimeSamples = []string{
	"/sched/goroutines:goroutines",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

func readRuntime() RuntimeStats {
	runtime.GC()
	s := make([]metrics.Sample, len(runtimeSamples))
	for i, n := range runtimeSamples {
		s[i].Name = n
	}
	metrics.Read(s)
	v := func(i int) int64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(s[i].Value.Uint64())
	}
	return RuntimeStats{Goroutines: v(0), HeapObjects: v(1), Stacks: v(2), HeapFree: v(3) + v(4), GoResident: v(5) - v(6)}
}

// RuntimeStatsFile is where a server child prepared in dir writes its RuntimeStats.
func RuntimeStatsFile(dir string) string { return filepath.Join(dir, "runtime-stats.json") }

// HeapProfileFile is where ServeRuntimeStats writes the heap profile that goes with the
// statistics in path.
func HeapProfileFile(path string) string { return strings.TrimSuffix(path, ".json") + ".heap.pprof" }

// ServeRuntimeStats writes the process's RuntimeStats to path each time it gets SIGUSR1, until
// ctx ends, and a heap profile beside it (HeapProfileFile: `go tool pprof -sample_index
// inuse_space`). Only the load tool's children call it (behind a flag): it opens no port, and the
// file lands in the data folder the load tool prepared.
func ServeRuntimeStats(ctx context.Context, path string) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR1)
	go func() {
		defer signal.Stop(sig)
		for {
			select {
			case <-ctx.Done():
				return
			case <-sig:
				b, err := json.Marshal(readRuntime())
				if err != nil {
					continue
				}
				tmp := path + ".tmp"
				if f, err := os.Create(HeapProfileFile(path)); err == nil {
					_ = pprof.Lookup("heap").WriteTo(f, 0)
					_ = f.Close()
				}
				if os.WriteFile(tmp, b, 0o600) == nil {
					_ = os.Rename(tmp, path)
				}
			}
		}
	}()
}

// askRuntimeStats asks the child pid for its RuntimeStats (SIGUSR1) and waits for the file.
func askRuntimeStats(pid int, path string) (RuntimeStats, error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return RuntimeStats{}, err
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return RuntimeStats{}, err
	}
	if err := p.Signal(syscall.SIGUSR1); err != nil {
		return RuntimeStats{}, err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return RuntimeStats{}, err
		}
		var st RuntimeStats
		if err := json.Unmarshal(b, &st); err != nil {
			return RuntimeStats{}, fmt.Errorf("loadtest: %s: %w", path, err)
		}
		return st, nil
	}
	return RuntimeStats{}, fmt.Errorf("loadtest: no runtime statistics from pid %d in 20 s", pid)
}

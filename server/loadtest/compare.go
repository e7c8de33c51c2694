package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"text/tabwriter"
	"time"
)

// Server is how to start one server under test as a child process: the command gets the
// address to listen on and the prepared data folder. The child writes its runtime statistics
// to StatsFile (default RuntimeStatsFile(dir)) on SIGUSR1 (ServeRuntimeStats).
type Server struct {
	Name      string
	Command   func(addr, dir string) *exec.Cmd
	StatsFile string
}

// Compare prepares one data folder per server (the same plan: the reference reads the sessions
// Kring's store got), runs the load against each in turn and returns their results.
func Compare(ctx context.Context, work string, rooms, people int, load Load, servers []Server, log io.Writer) ([]Result, error) {
	var out []Result
	for _, s := range servers {
		dir := filepath.Join(work, s.Name)
		if err := os.RemoveAll(dir); err != nil {
			return out, err
		}
		fmt.Fprintf(log, "%s: preparing %d rooms of %d people in %s\n", s.Name, rooms, people, dir)
		plan, err := Prepare(ctx, dir, rooms, people)
		if err != nil {
			return out, err
		}
		r, err := runOne(ctx, s, dir, plan, load, log)
		if err != nil {
			return out, fmt.Errorf("%s: %w", s.Name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func runOne(ctx context.Context, s Server, dir string, plan Plan, load Load, log io.Writer) (Result, error) {
	addr, err := freeAddr()
	if err != nil {
		return Result{}, err
	}
	cmd := s.Command(addr, dir)
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return Result{}, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return Result{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			return errors.Join(errors.New("did not stop within 20 s"), <-exited)
		}
	}
	base := "http://" + addr
	if err := waitHealthy(ctx, base, exited); err != nil {
		_ = stop()
		return Result{}, err
	}
	fmt.Fprintf(log, "%s: %d connections, %.2g cards/s each for %s (pid %d, log %s)\n", s.Name,
		plan.Connections(), load.Rate, load.Duration, cmd.Process.Pid, logf.Name())
	load.StatsFile = s.StatsFile
	if load.StatsFile == "" {
		load.StatsFile = RuntimeStatsFile(dir)
	}
	res, err := Run(ctx, s.Name, base, cmd.Process.Pid, plan, load)
	if serr := stop(); serr != nil && err == nil {
		var ee *exec.ExitError
		if !errors.As(serr, &ee) || ee.ExitCode() != 0 {
			fmt.Fprintf(log, "%s: stopped: %v\n", s.Name, serr)
		}
	}
	return res, err
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitHealthy(ctx context.Context, base string, exited <-chan error) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("server exited before answering: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("server did not answer /healthz within 60 s")
}

// Print writes the results side by side, with each one's ratio to the last (the reference).
func Print(w io.Writer, results []Result) {
	if len(results) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	ref := results[len(results)-1]
	head := "measure\t"
	for _, r := range results {
		head += r.Name + "\t"
	}
	if len(results) > 1 {
		head += results[0].Name + "/" + ref.Name + "\t"
	}
	fmt.Fprintln(tw, head)
	row := func(name, format string, get func(Result) float64) {
		line := name + "\t"
		for _, r := range results {
			line += fmt.Sprintf(format, get(r)) + "\t"
		}
		if len(results) > 1 {
			if d := get(ref); d != 0 {
				line += fmt.Sprintf("%.2f", get(results[0])/d) + "\t"
			} else {
				line += "-\t"
			}
		}
		fmt.Fprintln(tw, line)
	}
	row("connections", "%.0f", func(r Result) float64 { return float64(r.Connections) })
	row("join, wall s", "%.2f", func(r Result) float64 { return r.JoinSeconds })
	row("cards sent", "%.0f", func(r Result) float64 { return float64(r.Sent) })
	row("cards acked", "%.0f", func(r Result) float64 { return float64(r.Acked) })
	row("cards refused (limit)", "%.0f", func(r Result) float64 { return float64(r.Refused) })
	row("deliveries/s", "%.0f", func(r Result) float64 { return r.DeliveriesPerSecond })
	for _, l := range []struct {
		name string
		get  func(Result) Latency
	}{{"ack", func(r Result) Latency { return r.Ack }}, {"delivery", func(r Result) Latency { return r.Delivery }}} {
		row(l.name+" p50 ms", "%.1f", func(r Result) float64 { return l.get(r).P50 })
		row(l.name+" p95 ms", "%.1f", func(r Result) float64 { return l.get(r).P95 })
		row(l.name+" p99 ms", "%.1f", func(r Result) float64 { return l.get(r).P99 })
		row(l.name+" max ms", "%.1f", func(r Result) float64 { return l.get(r).Max })
	}
	row("memory/connection KB", "%.1f", func(r Result) float64 { return r.MemPerConn / 1024 })
	row("  heap objects KB", "%.1f", func(r Result) float64 { return r.HeapPerConn / 1024 })
	row("  goroutine stacks KB", "%.1f", func(r Result) float64 { return r.StacksPerConn / 1024 })
	row("  Go heap free KB", "%.1f", func(r Result) float64 { return r.HeapFreePerConn / 1024 })
	row("  outside Go (SQLite) KB", "%.1f", func(r Result) float64 { return r.OtherPerConn / 1024 })
	row("  goroutines", "%.2f", func(r Result) float64 { return r.GoroutinesPerConn })
	row("CPU/join ms", "%.3f", func(r Result) float64 { return r.CPUPerJoin * 1000 })
	row("CPU/delivery µs", "%.1f", func(r Result) float64 { return r.CPUPerDelivery * 1e6 })
	row("write syscalls/delivery", "%.3f", func(r Result) float64 { return r.WritesPerDelivery })
	row("lost", "%.0f", func(r Result) float64 { return float64(r.Lost) })
	row("duplicated", "%.0f", func(r Result) float64 { return float64(r.Duplicated) })
	row("out of order", "%.0f", func(r Result) float64 { return float64(r.OutOfOrder) })
	row("unanswered", "%.0f", func(r Result) float64 { return float64(r.Unanswered) })
	row("connections dropped", "%.0f", func(r Result) float64 { return float64(r.Dropped) })
	_ = tw.Flush()
}

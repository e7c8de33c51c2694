package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"kring/server/loadtest"
)

// liftedCardsPerMinute is the per-person card limit of a server started with
// -loadtest-lift-card-limit: high enough that a load of a card a second never meets it.
const liftedCardsPerMinute = 1 << 20

// loadTest runs `kring loadtest`: R rooms of P people post cards against Kring and the
// reference server, each a child process of this one on loopback, and the figures are printed
// side by side. It fails when either server lost, duplicated or reordered a card.
func loadTest(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("kring loadtest", flag.ContinueOnError)
	fl.SetOutput(stderr)
	rooms := fl.Int("rooms", 20, "number of meetings (R)")
	people := fl.Int("people", 12, "people per meeting, the coach included (P)")
	rate := fl.Float64("rate", 1, "cards per second per person")
	dur := fl.Duration("duration", 10*time.Second, "how long cards are posted (at most 10m)")
	limits := fl.String("limits", "lifted", "Kring's per-person card limit: lifted (a server flag lifts it for the load) or product (10 a minute: most cards are refused)")
	work := fl.String("work", "", "folder for the servers' data (default: a new temporary folder, removed afterwards)")
	only := fl.String("only", "", "run one server only: kring or reference")
	profile := fl.String("profile", "", "write each server's CPU profile of the run to DIR/NAME.cpu.pprof (`go tool pprof -top bin/kring DIR/kring.cpu.pprof`) and its heap profile after the join to DIR/NAME.runtime.heap.pprof")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *rooms < 1 || *rooms > 1000 || *people < 2 || *people > 50 || *rate <= 0 || *rate > 20 || *dur <= 0 || *dur > 10*time.Minute {
		return errors.New("loadtest: -rooms 1..1000, -people 2..50, -rate up to 20 a second, -duration up to 10m")
	}
	if *profile != "" {
		if err := os.MkdirAll(*profile, 0o750); err != nil {
			return err
		}
	}
	if *limits != "lifted" && *limits != "product" {
		return fmt.Errorf("loadtest: -limits is lifted or product, not %q", *limits)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "kring-loadtest-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	// With -profile the runtime statistics and the heap profile after the join land there too.
	stats := func(name, data string) string {
		if *profile != "" {
			return filepath.Join(*profile, name+".runtime.json")
		}
		return loadtest.RuntimeStatsFile(data)
	}
	kring := loadtest.Server{Name: "kring", Command: func(addr, data string) *exec.Cmd {
		a := []string{"-addr", addr, "-data", data, "-base-url", "http://" + addr,
			"-loadtest-runtime-stats", stats("kring", data)}
		if *limits == "lifted" {
			a = append(a, "-loadtest-lift-card-limit")
		}
		if *profile != "" {
			a = append(a, "-cpuprofile", filepath.Join(*profile, "kring.cpu.pprof"))
		}
		return exec.Command(self, a...)
	}}
	ref := loadtest.Server{Name: "reference", Command: func(addr, data string) *exec.Cmd {
		a := []string{"loadtest-reference", "-addr", addr, "-data", data, "-runtime-stats", stats("reference", data)}
		if *profile != "" {
			a = append(a, "-cpuprofile", filepath.Join(*profile, "reference.cpu.pprof"))
		}
		return exec.Command(self, a...)
	}}
	if *profile != "" {
		kring.StatsFile, ref.StatsFile = stats("kring", ""), stats("reference", "")
	}
	servers := []loadtest.Server{kring, ref}
	switch *only {
	case "kring":
		servers = servers[:1]
	case "reference":
		servers = servers[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	load := loadtest.Load{Rate: *rate, Duration: *dur, Drain: 30 * time.Second}
	results, err := loadtest.Compare(ctx, dir, *rooms, *people, load, servers, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d rooms x %d people, %.2g cards/s each for %s, Kring's card limit %s\n\n", *rooms, *people, *rate, *dur, *limits)
	loadtest.Print(stdout, results)
	for _, r := range results {
		if r.Failed() {
			return fmt.Errorf("loadtest: %s lost %d, duplicated %d, reordered %d, left %d cards unanswered and dropped %d connections",
				r.Name, r.Lost, r.Duplicated, r.OutOfOrder, r.Unanswered, r.Dropped)
		}
	}
	return nil
}

// loadTestReference runs the load tool's reference server (a child of `kring loadtest`).
func loadTestReference(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("kring loadtest-reference", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", "127.0.0.1:0", "loopback address to listen on")
	data := fl.String("data", "", "the data folder `kring loadtest` prepared")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the run to this file")
	runtimeStats := fl.String("runtime-stats", "", "write the Go runtime's memory figures to this file on SIGUSR1")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	if !isLoopback(*addr) {
		return fmt.Errorf("loadtest-reference listens on loopback only, not %s", *addr)
	}
	ref, err := loadtest.OpenReference(*data)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *runtimeStats != "" {
		loadtest.ServeRuntimeStats(ctx, *runtimeStats)
	}
	return ref.Serve(ctx, ln)
}

// startCPUProfile profiles the process until the returned function is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

package loadtest

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is the kernel's USER_HZ, the unit of utime and stime in /proc/PID/stat; 100 on
// every Linux the project runs on.
const clockTicks = 100

// proc is a server process's resident memory (bytes), CPU time used so far (seconds) and
// write system calls made so far (write, writev, pwrite: /proc/PID/io syscw; 0 if unreadable).
type proc struct {
	rss    int64
	cpu    float64
	writes int64
}

// procStats reads a process's memory and CPU from /proc (Linux only): the servers run as child
// processes, so the load driver's own work never counts.
func procStats(pid int) (proc, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return proc{}, fmt.Errorf("loadtest: %w", err)
	}
	// The command name may hold spaces: the fields start after its closing parenthesis.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return proc{}, fmt.Errorf("loadtest: odd /proc/%d/stat", pid)
	}
	f := strings.Fields(string(stat[i+1:]))
	// After the name: state(3) ... utime(14) stime(15), so index 11 and 12 here.
	if len(f) < 13 {
		return proc{}, fmt.Errorf("loadtest: short /proc/%d/stat", pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	stt, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return proc{}, fmt.Errorf("loadtest: odd /proc/%d/stat", pid)
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return proc{}, fmt.Errorf("loadtest: %w", err)
	}
	var rss int64
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return proc{}, fmt.Errorf("loadtest: odd VmRSS %q", v)
			}
			rss = kb * 1024
		}
	}
	var writes int64
	if io, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid)); err == nil {
		for _, line := range strings.Split(string(io), "\n") {
			if v, ok := strings.CutPrefix(line, "syscw:"); ok {
				writes, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			}
		}
	}
	return proc{rss: rss, cpu: float64(ut+stt) / clockTicks, writes: writes}, nil
}

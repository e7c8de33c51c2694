package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"kring/server/store"
)

// TestBackupCommand copies a database that is open elsewhere (as under a running server) and
// finds its rows in the copy; without -to or without a database it says what is missing.
func TestBackupCommand(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	live, err := store.Open(ctx, filepath.Join(data, "kring.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if _, err := live.CreateUser(ctx, store.NewUser{Email: "a@kring.example", Name: "A", PasswordHash: "x", Role: "coach"}); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	var out, errb bytes.Buffer
	if err := run([]string{"backup", "-data", data, "-to", to}, &out, &errb); err != nil {
		t.Fatalf("backup: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "written to "+to) {
		t.Errorf("output %q does not name the copy", out.String())
	}
	cp, err := store.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if u, err := cp.UserByEmail(ctx, "a@kring.example"); err != nil || u.Name != "A" {
		t.Errorf("copy lacks the person: %+v %v", u, err)
	}

	for _, args := range [][]string{{"backup", "-data", data}, {"backup", "-data", t.TempDir(), "-to", to}} {
		if err := run(args, &out, &errb); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kring/server/auth"
	"kring/server/store"
)

func TestContentCheck(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run([]string{"content", "check"}, &out, &errb); err != nil {
		t.Fatalf("content check: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "content ok") {
		t.Errorf("output %q lacks %q", out.String(), "content ok")
	}
}

func TestContentCheckReportsProblems(t *testing.T) {
	var out, errb bytes.Buffer
	// An empty folder is not valid content: the check must say so, not pass.
	err := run([]string{"content", "check", t.TempDir()}, &out, &errb)
	if err == nil || strings.Contains(out.String(), "content ok") {
		t.Errorf("empty content folder passed the check: %v %q", err, out.String())
	}
}

// Warnings are shown with their file but do not fail the check; errors do.
func TestContentCheckWarnings(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"../../../modules/testdata/valid", "../../../modules/testdata/broken/guessable-answers"} {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil && !errors.Is(err, fs.ErrExist) {
			t.Fatal(err)
		}
	}
	// CopyFS does not overwrite: lay the overlay's lesson over the valid one.
	overlay, err := os.ReadFile("../../../modules/testdata/broken/guessable-answers/modules/intro/02-je-rol.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "modules/intro/02-je-rol.md"), overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := run([]string{"content", "check", dir}, &out, &errb); err != nil {
		t.Fatalf("warnings failed the check: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		dir + "/modules/intro/module.yaml: warning: the right answer is option 2 in 4 of 4 check questions",
		"content ok: 2 modules",
		"(2 warnings)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestDemoRefusedOnPublicAddress(t *testing.T) {
	data := t.TempDir()
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.10:8080", ":8080"} {
		var out, errb bytes.Buffer
		err := run([]string{"-demo", "-addr", addr, "-data", data}, &out, &errb)
		if err == nil {
			t.Fatalf("-demo on %s was accepted", addr)
		}
		if !strings.Contains(err.Error(), "refusing -demo") || !strings.Contains(err.Error(), "-force-demo") {
			t.Errorf("-demo on %s: unclear error %q", addr, err)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(data, "*")); len(matches) != 0 {
		t.Errorf("refused start still wrote %v", matches)
	}
}

func TestIsLoopback(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true, "127.1.2.3:1": true,
		"0.0.0.0:8080": false, ":8080": false, "10.0.0.1:80": false, "[::]:80": false, "kring.example:80": false, "nonsense": false,
	}
	for addr, want := range cases {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestAdminCreate(t *testing.T) {
	data := t.TempDir()
	t.Setenv("KRING_ADMIN_PASSWORD", "een sterk beheerderswachtwoord")
	var out, errb bytes.Buffer
	err := run([]string{"admin", "create", "-email", "beheer@gemeente.example", "-name", "Beheerder", "-data", data}, &out, &errb)
	if err != nil {
		t.Fatalf("admin create: %v (%s)", err, errb.String())
	}
	if !strings.Contains(out.String(), "beheer@gemeente.example") {
		t.Errorf("output %q", out.String())
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(data, "kring.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, "beheer@gemeente.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != string(auth.MuniAdmin) || u.Name != "Beheerder" {
		t.Errorf("created %q with role %q, want municipality admin", u.Name, u.Role)
	}
	if ok, err := auth.NewHasher().Verify("een sterk beheerderswachtwoord", u.PasswordHash); !ok || err != nil {
		t.Errorf("password does not verify: %v %v", ok, err)
	}
	st.Close()

	// The same address twice is an error, not a second account.
	if err := run([]string{"admin", "create", "-email", "BEHEER@gemeente.example", "-name", "Twee", "-data", data}, &out, &errb); err == nil {
		t.Error("a second admin with the same address was created")
	}
}

func TestAdminCreateRefusesBadInput(t *testing.T) {
	data := t.TempDir()
	cases := []struct {
		name, pw string
		args     []string
	}{
		{"weak password", "kort", []string{"-email", "a@gemeente.example", "-name", "A"}},
		{"no e-mail", "een sterk beheerderswachtwoord", []string{"-name", "A"}},
		{"no name", "een sterk beheerderswachtwoord", []string{"-email", "a@gemeente.example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("KRING_ADMIN_PASSWORD", tc.pw)
			var out, errb bytes.Buffer
			args := append([]string{"admin", "create", "-data", data}, tc.args...)
			if err := run(args, &out, &errb); err == nil {
				t.Error("accepted")
			}
		})
	}
	if matches, _ := filepath.Glob(filepath.Join(data, "kring.db")); len(matches) == 1 {
		st, err := store.Open(context.Background(), matches[0])
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if n, _ := st.CountUsers(context.Background()); n != 0 {
			t.Errorf("%d users created by refused commands", n)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run([]string{"serve-please"}, &out, &errb); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
}

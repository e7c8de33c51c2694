package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// authWrite matches SQL that changes what SessionUser answers: rows of sessions, users or
// organisations.
var authWrite = regexp.MustCompile(`(?is)\b(insert\s+(or\s+\w+\s+)?into|update|delete\s+from|replace\s+into)\s+(users|sessions|organisations)\b`)

// TestEveryAuthWriteInvalidates reads the store's source: every function that writes
// sessions, users or organisations (or creates a person through createUser) must defer
// s.authChanged(), so a method added later cannot leave the session cache stale.
// createUser itself takes the caller's transaction; its callers are checked instead.
func TestEveryAuthWriteInvalidates(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "createUser" {
				continue
			}
			writes := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if n.Kind == token.STRING && authWrite.MatchString(n.Value) {
						writes = true
					}
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "createUser" {
						writes = true
					}
				}
				return true
			})
			if !writes {
				continue
			}
			checked++
			if !defersAuthChanged(fn.Body) {
				t.Errorf("%s: %s writes sessions, users or organisations but does not `defer s.authChanged()`", name, fn.Name.Name)
			}
		}
	}
	if checked < 15 {
		t.Errorf("found %d writing functions, want at least 15: is the pattern still right?", checked)
	}
}

// defersAuthChanged reports whether the body's own statements include `defer s.authChanged()`.
func defersAuthChanged(body *ast.BlockStmt) bool {
	for _, st := range body.List {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		if sel, ok := d.Call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "authChanged" {
			return true
		}
	}
	return false
}

// TestSessionCacheKeepsNoAnswerReadBeforeAWrite: an answer read under a generation that has
// moved on by the time it is kept (a write committed during the read) is never served.
func TestSessionCacheKeepsNoAnswerReadBeforeAWrite(t *testing.T) {
	var c sessionCache
	now := time.UnixMilli(1_000_000)
	h := []byte("h")
	sess, u := &Session{UserID: 1}, &User{ID: 1, Name: "Old"}
	gen := c.gen.Load()
	c.gen.Add(1) // the write's authChanged, between the read and put
	c.put(h, gen, ms(now)+1000, sess, u)
	if _, _, ok := c.get(h, now); ok {
		t.Fatal("an answer read before a write was served after it")
	}
	c.put(h, c.gen.Load(), ms(now)+1000, sess, u)
	got, _, ok := c.get(h, now)
	if !ok || string(got.IDHash) != "h" {
		t.Fatalf("a current answer was not served: %v %v", got, ok)
	}
	c.gen.Add(1)
	if _, _, ok := c.get(h, now); ok {
		t.Fatal("an answer was served after authChanged")
	}
}

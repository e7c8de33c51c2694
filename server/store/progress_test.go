package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
)

// learningStore opens a fresh database with two people for the learning tests.
func learningStore(t *testing.T) (*Store, int64, int64) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "kring.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a, err := s.CreateUser(ctx, NewUser{Email: "a@x.example", Name: "Anna de Boer", PasswordHash: "x", Role: "trainee"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateUser(ctx, NewUser{Email: "b@x.example", Name: "Bram Smit", PasswordHash: "x", Role: "trainee"})
	if err != nil {
		t.Fatal(err)
	}
	return s, a, b
}

func TestProgressOpensAndAnswers(t *testing.T) {
	s, a, b := learningStore(t)
	ctx := context.Background()
	if _, err := s.OpenLesson(ctx, a, "m1", "les-1", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenLesson(ctx, a, "m1", "les-1", nil); err != nil { // twice is one row
		t.Fatal(err)
	}
	if _, err := s.OpenLesson(ctx, a, "m2", "intro", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "r1", Text: "eerste", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "r1", Text: "tweede", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "c1", Option: 2, Correct: true}, nil); err != nil {
		t.Fatal(err)
	}

	p, err := s.Progress(ctx, a, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Opened) != 1 || p.Opened["les-1"].IsZero() {
		t.Errorf("opened = %v", p.Opened)
	}
	if got := p.Answers["r1"]; got == nil || got.Text != "tweede" || got.Option != -1 {
		t.Errorf("reflection = %+v, want the latest text", got)
	}
	if got := p.Answers["c1"]; got == nil || got.Option != 2 || !got.Correct {
		t.Errorf("check = %+v", got)
	}

	// The other person sees nothing of it.
	pb, err := s.Progress(ctx, b, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(pb.Opened) != 0 || len(pb.Answers) != 0 {
		t.Errorf("another person's progress leaks: %+v", pb)
	}

	all, err := s.AllProgress(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || len(all["m2"].Opened) != 1 || len(all["m1"].Answers) != 2 {
		t.Errorf("all progress = %+v", all)
	}
	recent, err := s.RecentLessons(ctx, a, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) != 2 {
		t.Errorf("recent = %+v", recent)
	}
}

func TestSaveAnswerRefusesBadInput(t *testing.T) {
	s, a, _ := learningStore(t)
	ctx := context.Background()
	bad := []Answer{
		{Module: "m1", PromptID: "r1", Text: "x", Option: -1},
		{UserID: a, PromptID: "r1", Text: "x", Option: -1},
		{UserID: a, Module: "m1", Text: "x", Option: -1},
		{UserID: a, Module: "m1", PromptID: "r1", Text: string(make([]byte, MaxAnswerLen+1)), Option: -1},
	}
	for i, ans := range bad {
		if _, err := s.SaveAnswer(ctx, ans, nil); err == nil {
			t.Errorf("case %d: saved", i)
		}
	}
	p, err := s.Progress(ctx, a, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Answers) != 0 {
		t.Errorf("something was saved: %+v", p.Answers)
	}
}

// The certificate is issued in the transaction of the change that completes the module, once,
// with the person's name of that moment.
func TestCompletionIssuesOneCertificate(t *testing.T) {
	s, a, _ := learningStore(t)
	ctx := context.Background()
	calls := 0
	issue := func(p *Progress) *NewCertificate {
		calls++
		if len(p.Opened) >= 2 && p.Answers["r1"] != nil {
			return &NewCertificate{ModuleTitle: "Module één", ModuleVersion: 3, Hours: 2.5}
		}
		return nil
	}
	steps := []func() (*Certificate, error){
		func() (*Certificate, error) { return s.OpenLesson(ctx, a, "m1", "l1", issue) },
		func() (*Certificate, error) { return s.OpenLesson(ctx, a, "m1", "l2", issue) },
		func() (*Certificate, error) {
			return s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "r1", Text: "klaar", Option: -1}, issue)
		},
		func() (*Certificate, error) {
			return s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "r1", Text: "nog eens", Option: -1}, issue)
		},
	}
	var issued []*Certificate
	for _, step := range steps {
		c, err := step()
		if err != nil {
			t.Fatal(err)
		}
		if c != nil {
			issued = append(issued, c)
		}
	}
	if len(issued) != 1 {
		t.Fatalf("issued %d certificates, want 1", len(issued))
	}
	if calls != 3 {
		t.Errorf("issue callback ran %d times, want 3 (not after the certificate exists)", calls)
	}
	c := issued[0]
	if NormaliseCode(c.Code) != c.Code || len(c.Code) != 19 {
		t.Errorf("code %q is not in the readable form", c.Code)
	}
	got, err := s.CertificateByCode(ctx, c.Code)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Anna de Boer" || got.Module != "m1" || got.ModuleTitle != "Module één" || got.ModuleVersion != 3 || got.Hours != 2.5 || got.Revoked() {
		t.Errorf("certificate = %+v", got)
	}
	list, err := s.CertificatesOf(ctx, a)
	if err != nil || len(list) != 1 {
		t.Fatalf("certificates of a = %v, %v", list, err)
	}
	if _, err := s.IssueCertificate(ctx, NewCertificate{UserID: a, Module: "m1", ModuleTitle: "x"}); err == nil {
		t.Error("a second certificate for the same module was issued")
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func removeDashes(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// The first choice of a check question is kept whatever comes after; the latest one is shown.
func TestFirstAttemptIsKept(t *testing.T) {
	s, a, _ := learningStore(t)
	ctx := context.Background()
	steps := []struct {
		option, wantFirst int
		correct, wantOK   bool
	}{
		{1, 1, false, false},
		{2, 1, true, false}, // right now, but the first attempt was wrong
		{0, 1, false, false},
	}
	for i, st := range steps {
		if _, err := s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "c1", Option: st.option, Correct: st.correct}, nil); err != nil {
			t.Fatal(err)
		}
		p, err := s.Progress(ctx, a, "m1")
		if err != nil {
			t.Fatal(err)
		}
		got := p.Answers["c1"]
		if got.Option != st.option || got.Correct != st.correct || got.FirstOption != st.wantFirst || got.FirstCorrect != st.wantOK {
			t.Errorf("step %d: %+v", i, got)
		}
	}
	// A text answer has no first choice.
	if _, err := s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "r1", Text: "x", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Progress(ctx, a, "m1")
	if got := p.Answers["r1"]; got.FirstOption != -1 || got.FirstCorrect {
		t.Errorf("text answer: %+v", got)
	}
}

// Completing a lesson is recorded once (the first time counts) and may issue the certificate;
// opening it is not completing it.
func TestCompleteLesson(t *testing.T) {
	s, a, b := learningStore(t)
	ctx := context.Background()
	if _, err := s.OpenLesson(ctx, a, "m1", "l1", nil); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Progress(ctx, a, "m1")
	if len(p.Completed) != 0 {
		t.Fatalf("opening completed %v", p.Completed)
	}
	issue := func(p *Progress) *NewCertificate {
		if len(p.Completed) < 2 {
			return nil
		}
		return &NewCertificate{ModuleTitle: "M1", ModuleVersion: 1, Hours: 1}
	}
	if cert, err := s.CompleteLesson(ctx, a, "m1", "l1", issue); err != nil || cert != nil {
		t.Fatalf("first lesson: %v, %v", cert, err)
	}
	p, _ = s.Progress(ctx, a, "m1")
	first := p.Completed["l1"]
	if first.IsZero() {
		t.Fatal("completion not recorded")
	}
	if _, err := s.CompleteLesson(ctx, a, "m1", "l1", issue); err != nil {
		t.Fatal(err)
	}
	if p, _ = s.Progress(ctx, a, "m1"); len(p.Completed) != 1 || !p.Completed["l1"].Equal(first) {
		t.Errorf("completing again changed %v", p.Completed)
	}
	cert, err := s.CompleteLesson(ctx, a, "m1", "l2", issue)
	if err != nil || cert == nil {
		t.Fatalf("second lesson: %v, %v", cert, err)
	}
	if pb, _ := s.Progress(ctx, b, "m1"); len(pb.Completed) != 0 {
		t.Errorf("another person's completions leak: %v", pb.Completed)
	}
}

// LessonProgress is Progress and the person's own certificate for that module, in one
// statement: never another person's certificate or another module's, and revoked as stored.
func TestLessonProgress(t *testing.T) {
	s, a, b := learningStore(t)
	ctx := context.Background()
	for _, u := range []int64{a, b} {
		if _, err := s.OpenLesson(ctx, u, "m1", "l1", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CompleteLesson(ctx, a, "m1", "l1", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAnswer(ctx, Answer{UserID: a, Module: "m1", PromptID: "c1", Option: 2, Correct: true}, nil); err != nil {
		t.Fatal(err)
	}
	ca, err := s.IssueCertificate(ctx, NewCertificate{UserID: a, Module: "m1", ModuleTitle: "Eén"})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := s.IssueCertificate(ctx, NewCertificate{UserID: b, Module: "m2", ModuleTitle: "Twee"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeCertificate(ctx, cb.Code, "fout"); err != nil {
		t.Fatal(err)
	}
	revoked, err := s.CertificateByCode(ctx, cb.Code)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		user   int64
		module string
		want   *Certificate
	}{
		{a, "m1", ca}, {a, "m2", nil}, {b, "m1", nil}, {b, "m2", revoked}, {a, "m3", nil},
	}
	for _, tt := range tests {
		p, cert, err := s.LessonProgress(ctx, tt.user, tt.module)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Progress(ctx, tt.user, tt.module)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("user %d %s: progress %+v, want %+v", tt.user, tt.module, p, want)
		}
		switch {
		case tt.want == nil && cert != nil:
			t.Errorf("user %d %s: certificate %+v, want none", tt.user, tt.module, cert)
		case tt.want != nil && (cert == nil || cert.ID != tt.want.ID || cert.Code != tt.want.Code || cert.Module != tt.want.Module ||
			!cert.IssuedAt.Equal(tt.want.IssuedAt) || !cert.RevokedAt.Equal(tt.want.RevokedAt)):
			t.Errorf("user %d %s: certificate %+v, want %+v", tt.user, tt.module, cert, tt.want)
		}
	}
	if p, _, _ := s.LessonProgress(ctx, a, "m1"); len(p.Completed) != 1 || p.Answers["c1"] == nil || len(p.Opened) != 1 {
		t.Errorf("progress of a in m1: %+v", p)
	}
	if tests[3].want.RevokedAt.IsZero() {
		t.Error("the revoked certificate reads as not revoked")
	}
	if _, _, err := s.LessonProgress(ctx, a, ""); err == nil {
		t.Error("a lesson's progress without a module was read")
	}
}

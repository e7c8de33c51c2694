package privacy

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

type vectorFile struct {
	RefYear int `json:"refYear"`
	Cases   []struct {
		Name   string `json:"name"`
		Text   string `json:"text"`
		Expect []struct {
			Kind Kind   `json:"kind"`
			Text string `json:"text"`
		} `json:"expect"`
	} `json:"cases"`
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectorFile
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if v.RefYear == 0 || len(v.Cases) == 0 {
		t.Fatal("vectors.json: missing refYear or cases")
	}
	return v
}

// checkInvariants verifies offsets, ordering and non-overlap.
func checkInvariants(t *testing.T, text string, got []Finding) {
	t.Helper()
	prevEnd := 0
	for i, f := range got {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			t.Fatalf("finding %d: bad offsets %d..%d", i, f.Start, f.End)
		}
		if text[f.Start:f.End] != f.Text {
			t.Errorf("finding %d: Text %q != text[Start:End] %q", i, f.Text, text[f.Start:f.End])
		}
		if f.Start < prevEnd {
			t.Errorf("finding %d (%q) overlaps or is out of order", i, f.Text)
		}
		prevEnd = f.End
	}
}

func TestVectors(t *testing.T) {
	v := loadVectors(t)
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			got := screenAt(c.Text, v.RefYear)
			checkInvariants(t, c.Text, got)
			var gs, ws []string
			for _, f := range got {
				gs = append(gs, string(f.Kind)+":"+f.Text)
			}
			for _, e := range c.Expect {
				ws = append(ws, string(e.Kind)+":"+e.Text)
			}
			if strings.Join(gs, " | ") != strings.Join(ws, " | ") {
				t.Errorf("Screen(%q)\n got: %q\nwant: %q", c.Text, gs, ws)
			}
		})
	}
}

func TestValidBSN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"123456782", true},
		{"123456789", false},
		{"111222333", true}, // 9+8+7+12+10+8+9+6-3 = 66 = 6*11
		{"000000000", false},
		{"00000000", false},
		{"12345672", true},  // 8 digits: 012345672
		{"012345672", true}, // same, written with the zero
		{"12345678", false}, // 012345678: sum 104
		{"1234.56.782", true},
		{"123 456 782", true},
		{"123.456.782", true},
		{"1234-56-782", false}, // only dots and spaces are separators
		{"12345678201", false},
		{"1234567", false},
		{"", false},
		{"12345678a", false},
	}
	for _, tt := range tests {
		if got := ValidBSN(tt.in); got != tt.want {
			t.Errorf("ValidBSN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"NL91ABNA0417164300", true},
		{"NL91 ABNA 0417 1643 00", true},
		{"nl91abna0417164300", true},
		{"NL91ABNA0417164301", false},
		{"NL91ABNA041716430", false}, // wrong length
		{"DE89370400440532013000", true},
		{"BE68539007547034", true},
		{"GB82WEST12345698765432", true},
		{"XX91ABNA0417164300", false}, // unknown country
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidIBAN(tt.in); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBlocking(t *testing.T) {
	for _, k := range Kinds() {
		want := k == BSN || k == Email
		if k.Blocking() != want {
			t.Errorf("%s.Blocking() = %v, want %v", k, k.Blocking(), want)
		}
	}
}

func TestDescribe(t *testing.T) {
	if got := Describe(BSN, "nl"); got != "BSN (burgerservicenummer): haal het nummer weg." {
		t.Errorf("Describe(BSN, nl) = %q", got)
	}
	for _, k := range Kinds() {
		nl, en := Describe(k, "nl"), Describe(k, "en")
		if nl == "" || en == "" || nl == en {
			t.Errorf("Describe(%s): nl %q en %q", k, nl, en)
		}
		if len(nl) > 80 || len(en) > 80 {
			t.Errorf("Describe(%s) too long", k)
		}
		if Describe(k, "") != nl {
			t.Errorf("Describe(%s, \"\") should default to Dutch", k)
		}
	}
}

// TestBirthDateRelativeYear checks the "ten years ago" rule against the
// real clock through the public Screen function.
func TestBirthDateRelativeYear(t *testing.T) {
	y := time.Now().Year()
	old := "Op 1 maart " + strconv.Itoa(y-10) + " gebeurde het."
	recent := "Op 1 maart " + strconv.Itoa(y-9) + " gebeurde het."
	if got := Screen(old); len(got) != 1 || got[0].Kind != BirthDate {
		t.Errorf("Screen(%q) = %v, want one BirthDate", old, got)
	}
	if got := Screen(recent); len(got) != 0 {
		t.Errorf("Screen(%q) = %v, want none", recent, got)
	}
}

func TestOffsetsNonASCII(t *testing.T) {
	text := "Cliënt (één zoon) — bel 06-12345678 of mail zoe@example.nl; mevrouw Çelik."
	got := Screen(text)
	checkInvariants(t, text, got)
	var kinds []Kind
	for _, f := range got {
		kinds = append(kinds, f.Kind)
	}
	want := []Kind{Phone, Email, NameInitials}
	if len(kinds) != len(want) {
		t.Fatalf("got %v, want kinds %v", got, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("finding %d kind %s, want %s", i, kinds[i], want[i])
		}
	}
}

func TestEmptyAndLarge(t *testing.T) {
	if got := Screen(""); len(got) != 0 {
		t.Errorf("Screen(\"\") = %v", got)
	}
	big := strings.Repeat("Mevrouw (80) woont alleen, score 7 van 10, sinds 2019. ", 2000) + "BSN 123456782"
	got := Screen(big)
	if len(got) != 1 || got[0].Kind != BSN {
		t.Errorf("large text: got %d findings", len(got))
	}
}

func TestConcurrent(t *testing.T) {
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 50; j++ {
				if len(Screen("dhr. P. Bakker, 06-12345678")) != 2 {
					t.Error("unexpected result")
				}
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}

// blockingOf keeps the findings the server refuses.
func blockingOf(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Kind.Blocking() {
			out = append(out, f)
		}
	}
	return out
}

// TestScreenBlocking: the room's screen finds exactly the blocking findings of the full one,
// for every test vector and for texts where a warning kind overlaps a blocking one.
func TestScreenBlocking(t *testing.T) {
	v := loadVectors(t)
	texts := []string{
		"BSN 123456782 en mail a.b@example.nl", "NL91ABNA0417164300 bevat geen BSN",
		"bel 0123456782 of 123456782", "geboren 12-03-1980, BSN 1234.56.782", "jan@example.nl 06-12345678",
	}
	for _, c := range v.Cases {
		texts = append(texts, c.Text)
	}
	found := 0
	for _, text := range texts {
		got, want := ScreenBlocking(text), blockingOf(Screen(text))
		if !slices.Equal(got, want) {
			t.Errorf("ScreenBlocking(%q) = %+v, want %+v", text, got, want)
		}
		found += len(got)
	}
	if found == 0 {
		t.Fatal("no blocking finding in any text: the comparison proves nothing")
	}
}

// BenchmarkScreen compares the full screen (the page's warnings) with the room's blocking-only
// screen on a typical card.
func BenchmarkScreen(b *testing.B) {
	text := "Mevrouw uit de wijk wil weer meedoen aan de buurtactiviteiten maar durft de eerste stap niet te zetten; haar dochter woont ver weg."
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			Screen(text)
		}
	})
	b.Run("blocking", func(b *testing.B) {
		for b.Loop() {
			ScreenBlocking(text)
		}
	})
}

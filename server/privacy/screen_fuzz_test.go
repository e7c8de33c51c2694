package privacy

import (
	"slices"
	"strings"
	"testing"
)

// FuzzScreen: whatever text a card, a reflection or a case holds, the screen answers without
// panicking, and its findings are what the callers rely on: byte offsets inside the text, in
// order, not overlapping, Text equal to text[Start:End], a known kind with a description; a
// BSN finding passes the 11-proef and an IBAN finding the checksum.
func FuzzScreen(f *testing.F) {
	for _, s := range []string{
		"Haar BSN is 123456782.", "mail jan.jansen@example.nl of bel 06-12345678", "NL91ABNA0417164300",
		"Kerkstraat 12, 1234 AB Utrecht", "geboren 12-03-1980", "J. de Vries zei", "+31 (0)20 123 4567",
		"1234.56.782", "", "€ 12,50 op 1 januari", "ééé 0612345678x", "\xff\xfe", "a@b", "06-123",
	} {
		f.Add(s)
	}
	kinds := Kinds()
	f.Fuzz(func(t *testing.T, text string) {
		fs := Screen(text)
		if got, want := ScreenBlocking(text), blockingOf(fs); !slices.Equal(got, want) {
			t.Fatalf("ScreenBlocking(%q) = %+v, Screen's blocking findings %+v", text, got, want)
		}
		end := 0
		for i, x := range fs {
			if x.Start < end || x.End <= x.Start || x.End > len(text) {
				t.Fatalf("finding %d %+v: offsets out of order or outside the text of %d bytes (previous end %d)", i, x, len(text), end)
			}
			end = x.End
			if x.Text != text[x.Start:x.End] {
				t.Fatalf("finding %d: Text %q, text[%d:%d] is %q", i, x.Text, x.Start, x.End, text[x.Start:x.End])
			}
			if !slices.Contains(kinds, x.Kind) {
				t.Fatalf("finding %d: unknown kind %q", i, x.Kind)
			}
			switch x.Kind {
			case BSN:
				if !ValidBSN(strings.NewReplacer(".", "", " ", "").Replace(x.Text)) {
					t.Fatalf("BSN finding %q fails the 11-proef", x.Text)
				}
			case IBAN:
				if !ValidIBAN(x.Text) {
					t.Fatalf("IBAN finding %q fails the checksum", x.Text)
				}
			}
			if Describe(x.Kind, "nl") == "" || Describe(x.Kind, "en") == "" {
				t.Fatalf("kind %s has no description", x.Kind)
			}
		}
	})
}

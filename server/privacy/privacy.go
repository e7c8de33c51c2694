// Package privacy screens case descriptions for personal data before they
// are posted in an intervision room.
//
// Why: a case card is shared with a group of colleagues. Under the AVG
// (the Dutch implementation of the GDPR) a case may only be discussed when
// the client cannot be identified. The NRGD anonymisation guideline
// distinguishes direct identifiers (name, BSN, address, phone number,
// e-mail address, bank account) from indirect identifiers (date of birth,
// postcode, rare combinations of facts) that identify a person when
// combined. Screen finds the patterns that can be recognised mechanically;
// it cannot judge combinations of facts, so the author stays responsible.
//
// Two levels:
//
//   - Blocking kinds (BSN, Email) are refused by the server: there is never
//     a reason to share them in intervision.
//   - All other kinds are warnings. The browser (static/js/screen.js, a port
//     of this package that runs the same test vectors) asks the author to
//     fix them, but the server accepts them because the patterns have a
//     false-positive rate (a street name may be a metaphor, a name may be a
//     pseudonym).
//
// Rules chosen (kept identical in screen.js; both are checked against
// testdata/vectors.json):
//
//   - BSN: 9 digits (8 digits get a leading zero), optionally written as
//     1234.56.782 or 123 456 782 / 123.456.782, that pass the 11-proef.
//     Numbers failing the 11-proef are not BSNs.
//   - Email: local@domain.tld.
//   - Phone: Dutch national numbers (10 digits starting with 0, e.g.
//     06-12345678, 020 123 4567), 0800/0900/0906/0909 numbers (8 or 11
//     digits), +31/0031 numbers (9 national digits, optional "(0)"), and
//     other international numbers (+ or 00, 8-15 digits). Separators: space,
//     hyphen, dot, slash, "(020)". Something that starts like a date
//     (12-03-2024) is never a phone number. Years, prices and short numbers
//     never match because a number must start with 0 or + and have the full
//     length.
//   - IBAN: country code, two check digits and the country's exact length
//     (SEPA countries and a few others), with or without spaces in groups,
//     valid ISO 13616 mod-97 checksum.
//   - PostcodeHouse: a Dutch postcode (1234 AB / 1234AB; first digit not 0,
//     letters upper case and not SA, SD or SS) together with a house number
//     after it ("1234 AB 12", "1234AB, 12a") or a street+number or number
//     before it ("Kerkstraat 12, 1234 AB"). A bare postcode is not reported
//     (too many false positives, and on its own it is a region). A
//     capitalised street name ending in straat, laan, weg, plein, gracht,
//     kade, singel, dijk, hof, pad, dreef, steeg, markt, park or plantsoen
//     followed by a house number ("Kerkstraat 12") is reported as an address,
//     unless a unit follows the number ("Snelweg 12 km").
//   - BirthDate: a full date (d-m-yyyy, d/m/yyyy, d.m.yyyy, yyyy-mm-dd or
//     "12 maart 1985"/"12 mrt. 1985", Dutch or English month names) that is
//     a real calendar date and EITHER has a birth keyword in the 40
//     characters before it within the same sentence ("geboren", "geb.",
//     "geboortedatum", "born", "date of birth", "DOB"; then also dd-mm-yy is
//     accepted and any year from 1900 up to the current year), OR has a year
//     from 1900 up to the current year minus 10. Dates in the last ten years and future dates
//     without a birth keyword are treated as meeting, appointment or event
//     dates ("we spraken op 3 maart 2026") and are not reported. Older full
//     dates without a keyword are reported even if they are not a birth date:
//     an exact historic date is an indirect identifier, and the advice (give
//     an age or a year) fits both. Day+month without a year and a bare year
//     are never reported.
//   - NameInitials: (1) a title (dhr., mevr., mw., mr., dr., drs., ir.,
//     prof., fam., or the words meneer, mevrouw, mijnheer, de heer,
//     juffrouw, familie) followed by optional initials, optional
//     tussenvoegsels and a capitalised surname ("mevrouw Jansen",
//     "Mw. K. van den Berg"); or (2) one or more initials ("J.", "A.B.",
//     "Th.") followed by optional tussenvoegsels and a capitalised surname
//     ("J. de Vries"). The surname may not be a common Dutch function word
//     or sentence opener (De, Het, Daarna, Hij, ...), so "plan A. Daarna"
//     or "N.B. Het" is not a name. A single capitalised word without title
//     or initials is never reported; "Mevrouw (80) woont" is not a name.
//
// Overlaps are resolved by priority: Email, IBAN, BSN, Phone, BirthDate,
// PostcodeHouse, NameInitials; within a kind the earliest, then longest
// match wins.
package privacy

import (
	"sort"
	"strings"
	"time"
)

// Kind is the category of personal data found.
type Kind string

// The kinds of personal data Screen reports.
const (
	BSN           Kind = "BSN"
	Email         Kind = "Email"
	Phone         Kind = "Phone"
	IBAN          Kind = "IBAN"
	PostcodeHouse Kind = "PostcodeHouse"
	BirthDate     Kind = "BirthDate"
	NameInitials  Kind = "NameInitials"
)

// Kinds lists all kinds in priority order (used to resolve overlaps).
func Kinds() []Kind {
	return []Kind{Email, IBAN, BSN, Phone, BirthDate, PostcodeHouse, NameInitials}
}

func (k Kind) priority() int {
	for i, x := range Kinds() {
		if x == k {
			return i
		}
	}
	return len(Kinds())
}

// Blocking reports whether the server must refuse a case card containing
// this kind (BSN and Email). Other kinds are warnings for the author.
func (k Kind) Blocking() bool {
	return k == BSN || k == Email
}

// Finding is one occurrence of personal data. Start and End are byte offsets
// in the screened text; Text is text[Start:End].
type Finding struct {
	Kind       Kind
	Start, End int
	Text       string
}

// Screen returns all findings in text, ordered by Start and non-overlapping.
// The "ten years ago" boundary for birth dates uses the current year.
func Screen(text string) []Finding {
	return screenAt(text, time.Now().Year())
}

// ScreenBlocking returns only the findings of the kinds the server refuses (Blocking), exactly
// as Screen would report them, without running the detectors for the other kinds: the live
// room screens every card and only ever refuses these. Email and IBAN are the only kinds
// that take precedence over a BSN, so the others cannot change the result.
//
// A detector runs only when the text could hold its kind: an e-mail address needs an "@", an
// IBAN its two check digits, a BSN eight digits or more. Most cards have none of these, and
// then nothing runs at all (FuzzScreen checks the result against Screen's).
func ScreenBlocking(text string) []Finding {
	digits := 0
	for i := 0; i < len(text); i++ {
		if text[i] >= '0' && text[i] <= '9' {
			digits++
		}
	}
	at := strings.IndexByte(text, '@') >= 0
	if !at && digits < 2 {
		return nil
	}
	var cands []Finding
	if at {
		cands = append(cands, findEmails(text)...)
	}
	cands = append(cands, findIBANs(text)...)
	if digits >= 8 {
		cands = append(cands, findBSNs(text)...)
	}
	var out []Finding
	for _, f := range resolve(cands) {
		if f.Kind.Blocking() {
			out = append(out, f)
		}
	}
	return out
}

// screenAt is Screen with an explicit reference year (for tests).
func screenAt(text string, refYear int) []Finding {
	var cands []Finding
	cands = append(cands, findEmails(text)...)
	cands = append(cands, findIBANs(text)...)
	cands = append(cands, findBSNs(text)...)
	cands = append(cands, findPhones(text)...)
	cands = append(cands, findDates(text, refYear)...)
	cands = append(cands, findAddresses(text)...)
	cands = append(cands, findNames(text)...)
	return resolve(cands)
}

// resolve keeps the highest-priority candidates that do not overlap.
func resolve(cands []Finding) []Finding {
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if pa, pb := a.Kind.priority(), b.Kind.priority(); pa != pb {
			return pa < pb
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	var out []Finding
	for _, c := range cands {
		if c.End <= c.Start {
			continue
		}
		ok := true
		for _, o := range out {
			if c.Start < o.End && o.Start < c.End {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Describe returns a short label with advice for kind k in Dutch (lang "nl",
// the default) or English ("en").
func Describe(k Kind, lang string) string {
	en := lang == "en" || (len(lang) > 3 && lang[:3] == "en-")
	var nl, e string
	switch k {
	case BSN:
		nl, e = "BSN (burgerservicenummer): haal het nummer weg.", "BSN (citizen service number): remove the number."
	case Email:
		nl, e = "E-mailadres: haal het adres weg.", "Email address: remove it."
	case Phone:
		nl, e = "Telefoonnummer: haal het nummer weg.", "Phone number: remove the number."
	case IBAN:
		nl, e = "IBAN (rekeningnummer): haal het nummer weg.", "IBAN (bank account): remove the number."
	case PostcodeHouse:
		nl, e = "Adres: noem alleen de woonplaats of regio.", "Address: mention only the town or region."
	case BirthDate:
		nl, e = "Geboortedatum of exacte datum: noem een leeftijd of jaar.", "Date of birth or exact date: give an age or year."
	case NameInitials:
		nl, e = "Naam: gebruik een rol (de cliënt) of fictieve naam.", "Name: use a role (the client) or a pseudonym."
	default:
		nl, e = "Mogelijk persoonsgegeven: controleer de tekst.", "Possible personal data: check the text."
	}
	if en {
		return e
	}
	return nl
}

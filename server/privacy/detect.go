package privacy

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The regular expressions below are immutable after compilation and are
// written in the common subset of RE2 and JavaScript syntax, so that
// static/js/screen.js can use the same patterns.
var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}`)

	reIBANStart = regexp.MustCompile(`[A-Za-z]{2}[0-9]{2}`)

	reBSN = regexp.MustCompile(`[0-9]{4}[. ][0-9]{2}[. ][0-9]{3}|[0-9]{3}[. ][0-9]{3}[. ][0-9]{3}|[0-9]{8,9}`)

	reIBANPrefix = regexp.MustCompile(`[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4})* $`)

	reDateStart = regexp.MustCompile(`^[0-9]{1,2}[\-./][0-9]{1,2}[\-./][0-9]{2,4}`)

	rePostcode  = regexp.MustCompile(`[1-9][0-9]{3} ?[A-Z]{2}`)
	reNumAfter  = regexp.MustCompile(`^ *,? *(?:[Nn]r\.? *)?[0-9]{1,5}`)
	reNumBefore = regexp.MustCompile(`[0-9]{1,5}[a-zA-Z]? *,? +$|[0-9]{1,5}[a-zA-Z]?, *$`)
	reGap       = regexp.MustCompile(`^ *,? *$`)
	reUnitAfter = regexp.MustCompile(`^ *(?:km|m|meter|kilometer|min|minuten|uur|jaar|keer|euro|procent|%)(?:[^A-Za-z]|$)`)
	reStreet    = regexp.MustCompile(`\p{Lu}\p{Ll}*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|dreef|steeg|markt|park|plantsoen) +[0-9]{1,5}`)

	reDateNum  = regexp.MustCompile(`[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[\-./][0-9]{1,2}[\-./](?:[0-9]{4}|[0-9]{2})`)
	reDateText = regexp.MustCompile(`(?i)([0-9]{1,2})(?:e|ste|de)? +(januari|january|jan|februari|february|feb|maart|march|mrt|mar|april|apr|mei|may|juni|june|jun|juli|july|jul|augustus|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec)\.? +([0-9]{4})`)
	reBirthCtx = regexp.MustCompile(`(?i)(?:geboren|geboorte|\bgeb\b\.?|\bborn\b|birth|\bdob\b|d\.o\.b\.?)[^.!?\n]*$`)

	reNameTitle = regexp.MustCompile(`(?:(?:[Dd]hr|[Mm]evr|[Mm]vr|[Mm]w|[Mm]r|[Dd]rs|[Dd]r|[Ii]r|[Pp]rof|[Ff]am)(?:\. *| +)|(?:[Mm]evrouw|[Mm]eneer|[Mm]ijnheer|[Dd]e heer|[Jj]uffrouw|[Ff]amilie) +)(?:(?:[A-Z]|Th|Chr|Ph|IJ)\. ?)*(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Tt]e|[Ii]n 't|'t|[Ll]a|[Ll]e|[Dd]u|[Dd]a|[Vv]on|[Vv]\.d\.) +)*(\p{Lu}[\p{Ll}'’]+(?:-(?:(?:van|de|der|den) +)*\p{Lu}[\p{Ll}'’]+)?)`)
	reNameInit  = regexp.MustCompile(`(?:(?:[A-Z]|Th|Chr|Ph|IJ)\. ?)+(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Tt]e|[Ii]n 't|'t|[Ll]a|[Ll]e|[Dd]u|[Dd]a|[Vv]on|[Vv]\.d\.) +)*(\p{Lu}[\p{Ll}'’]+(?:-(?:(?:van|de|der|den) +)*\p{Lu}[\p{Ll}'’]+)?)`)
)

// ibanLengthTable holds the total IBAN length per country (ISO 13616
// registry: SEPA countries and a few neighbours) as "CCnn " entries.
const ibanLengthTable = "AD24 AE23 AT20 BE16 BG22 CH21 CY28 CZ24 DE22 DK18 EE20 ES24 FI18 FO18 " +
	"FR27 GB22 GI23 GL18 GR27 HR21 HU28 IE22 IS26 IT27 LI21 LT20 LU20 LV21 MA28 MC27 MT31 " +
	"NL18 NO15 PL28 PT25 RO24 SA24 SE24 SI19 SK24 SM27 TR26 VA22 "

// ibanLength returns the IBAN length for country code cc (upper case), or 0.
func ibanLength(cc string) int {
	for i := 0; i+5 <= len(ibanLengthTable); i += 5 {
		if ibanLengthTable[i:i+2] == cc {
			n, _ := strconv.Atoi(ibanLengthTable[i+2 : i+4])
			return n
		}
	}
	return 0
}

// reNameStop matches capitalised words that are not surnames: function
// words and sentence openers that may follow an abbreviation or a single
// capital letter ("plan A. Daarna", "N.B. Het").
var reNameStop = regexp.MustCompile(`(?i)^(?:de|het|een|en|of|maar|dan|toen|daarna|daarom|daardoor|ook|hij|zij|ze|wij|we|ik|jij|je|u|hun|haar|zijn|mijn|ons|onze|jullie|dit|dat|die|deze|er|hier|daar|waar|wat|wie|hoe|waarom|wanneer|als|omdat|want|na|voor|in|op|met|bij|om|tot|van|uit|aan|over|door|zonder|tijdens|nadat|sinds|verder|vervolgens|later|eerst|nu|nog|wel|niet|geen|al|alle|elke|iedere|zo|ja|nee|dus|echter|bovendien|tevens|helaas|gelukkig|volgens|cliënt|client|moeder|vader|zoon|dochter|man|vrouw|kind|kinderen|ouders|gezin|team|zie|zeer|the|and|this|that|he|she|they|it|on|at|is|was)$`)

func runeBefore(s string, i int) rune {
	if i <= 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isWord(r rune) bool { return r >= 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
func isDigit(r rune) bool {
	return r >= '0' && r <= '9'
}
func isLetter(r rune) bool { return r >= 0 && unicode.IsLetter(r) }

// ---- Email ----

func findEmails(text string) []Finding {
	var out []Finding
	for _, m := range reEmail.FindAllStringIndex(text, -1) {
		s, e := m[0], m[1]
		for s < e && text[s] == '.' {
			s++
		}
		out = append(out, Finding{Email, s, e, text[s:e]})
	}
	return out
}

// ---- IBAN ----

// ValidIBAN reports whether s (spaces allowed) is an IBAN with a known
// country length and a valid mod-97 checksum.
func ValidIBAN(s string) bool {
	c := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(c) < 4 {
		return false
	}
	n := ibanLength(c[:2])
	if n == 0 || len(c) != n || !isDigit(rune(c[2])) || !isDigit(rune(c[3])) {
		return false
	}
	r := c[4:] + c[:4]
	mod := 0
	for i := 0; i < len(r); i++ {
		ch := r[i]
		switch {
		case ch >= '0' && ch <= '9':
			mod = (mod*10 + int(ch-'0')) % 97
		case ch >= 'A' && ch <= 'Z':
			mod = (mod*100 + int(ch-'A') + 10) % 97
		default:
			return false
		}
	}
	return mod == 1
}

func isAlnumASCII(b byte) bool {
	return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')
}

func findIBANs(text string) []Finding {
	var out []Finding
	pos := 0
	for pos < len(text) {
		loc := reIBANStart.FindStringIndex(text[pos:])
		if loc == nil {
			break
		}
		s := pos + loc[0]
		pos = s + 1
		if isWord(runeBefore(text, s)) {
			continue
		}
		n := ibanLength(strings.ToUpper(text[s : s+2]))
		if n == 0 {
			continue
		}
		// Collect n alphanumerics, allowing single spaces between them.
		i, count := s, 0
		for i < len(text) && count < n {
			if isAlnumASCII(text[i]) {
				count++
				i++
			} else if text[i] == ' ' && count >= 4 && i+1 < len(text) && isAlnumASCII(text[i+1]) {
				i++
			} else {
				break
			}
		}
		if count != n || isWord(runeAfter(text, i)) {
			continue
		}
		if ValidIBAN(text[s:i]) {
			out = append(out, Finding{IBAN, s, i, text[s:i]})
			pos = i
		}
	}
	return out
}

// ---- BSN ----

// ValidBSN reports whether digits is a valid BSN by the 11-proef. Dots and
// spaces are ignored; an 8-digit number gets a leading zero. The weights are
// 9,8,7,6,5,4,3,2,-1; the sum must be divisible by 11 and not be 0.
func ValidBSN(digits string) bool {
	var d []int
	for _, r := range digits {
		switch {
		case r == '.' || r == ' ':
		case r >= '0' && r <= '9':
			d = append(d, int(r-'0'))
		default:
			return false
		}
	}
	if len(d) == 8 {
		d = append([]int{0}, d...)
	}
	if len(d) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += d[i] * (9 - i)
	}
	sum -= d[8]
	return sum != 0 && sum%11 == 0
}

func findBSNs(text string) []Finding {
	var out []Finding
	for _, m := range reBSN.FindAllStringIndex(text, -1) {
		s, e := m[0], m[1]
		if !numberBoundary(text, s, e) {
			continue
		}
		if p := prevNonSpace(text, s); p == '€' || p == '$' || p == '+' {
			continue
		}
		if ValidBSN(text[s:e]) {
			out = append(out, Finding{BSN, s, e, text[s:e]})
		}
	}
	return out
}

// numberBoundary reports whether text[s:e] is a whole number: not glued to
// letters or digits, not part of a longer number written with separators
// ("12-123456782", "+31 612345678", "123456782,50").
func numberBoundary(text string, s, e int) bool {
	b, a := runeBefore(text, s), runeAfter(text, e)
	if isWord(b) || isWord(a) || b == '+' {
		return false
	}
	if strings.ContainsRune(" .,-/", b) && b >= 0 && isDigit(runeBefore(text, s-1)) {
		return false
	}
	if strings.ContainsRune(".,-/", a) && a >= 0 && isDigit(runeAfter(text, e+1)) {
		return false
	}
	return true
}

func prevNonSpace(text string, i int) rune {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if r != ' ' {
			return r
		}
		i -= n
	}
	return -1
}

// ---- Phone ----

type phoneEnd struct {
	end    int
	digits string
}

func findPhones(text string) []Finding {
	var out []Finding
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '+' && c != '0' && c != '(' {
			continue
		}
		b := runeBefore(text, i)
		if isWord(b) || b == '+' {
			continue
		}
		if b >= 0 && strings.ContainsRune(".,-/", b) && isDigit(runeBefore(text, i-1)) {
			continue
		}
		if reDateStart.MatchString(text[i:]) {
			continue
		}
		// The tail of a (mistyped) IBAN written in groups is no phone number.
		if b == ' ' && reIBANPrefix.MatchString(text[max(0, i-40):i]) {
			continue
		}
		if e, ok := parsePhone(text, i); ok {
			out = append(out, Finding{Phone, i, e, text[i:e]})
			i = e - 1
		}
	}
	return out
}

// parsePhone reads digit groups from text[i:] and returns the end of the
// longest prefix that is a plausible phone number.
func parsePhone(text string, i int) (int, bool) {
	p := i
	plus := false
	var digits []byte
	var ends []phoneEnd
	readGroup := func() bool {
		st := p
		for p < len(text) && isDigit(rune(text[p])) && len(digits) < 16 {
			digits = append(digits, text[p])
			p++
		}
		return p > st
	}
	switch text[p] {
	case '+':
		plus = true
		p++
		if !readGroup() {
			return 0, false
		}
	case '(':
		p++
		if !readGroup() || p >= len(text) || text[p] != ')' {
			return 0, false
		}
		p++
	default:
		readGroup()
	}
	ends = append(ends, phoneEnd{p, string(digits)})
	for p < len(text) && len(digits) < 16 {
		q := p
		switch {
		case strings.HasPrefix(text[q:], " - "):
			q += 3
		case text[q] == ' ' || text[q] == '-' || text[q] == '.' || text[q] == '/':
			q++
		}
		if strings.HasPrefix(text[q:], "(0)") {
			q += 3
			if q < len(text) && text[q] == ' ' {
				q++
			}
		} else if q < len(text) && text[q] == '(' && q+1 < len(text) && isDigit(rune(text[q+1])) {
			// "+31 (20) 123..." style area code
			r := q + 1
			for r < len(text) && isDigit(rune(text[r])) {
				r++
			}
			if r < len(text) && text[r] == ')' {
				digits = append(digits, text[q+1:r]...)
				p = r + 1
				ends = append(ends, phoneEnd{p, string(digits)})
				continue
			}
			break
		}
		if q >= len(text) || !isDigit(rune(text[q])) {
			break
		}
		p = q
		readGroup()
		ends = append(ends, phoneEnd{p, string(digits)})
	}
	for k := len(ends) - 1; k >= 0; k-- {
		pe := ends[k]
		if isWord(runeAfter(text, pe.end)) {
			continue
		}
		if validPhone(pe.digits, plus) {
			return pe.end, true
		}
	}
	return 0, false
}

// validPhone checks the digit string of a candidate phone number. plus tells
// whether it was written with a leading "+".
func validPhone(d string, plus bool) bool {
	intl := ""
	switch {
	case plus:
		intl = d
	case strings.HasPrefix(d, "00"):
		intl = d[2:]
		if len(intl) < 9 {
			return false
		}
	case strings.HasPrefix(d, "0"):
		if strings.HasPrefix(d, "0800") || strings.HasPrefix(d, "0900") || strings.HasPrefix(d, "0906") || strings.HasPrefix(d, "0909") {
			return len(d) == 8 || len(d) == 11
		}
		return len(d) == 10 && d[1] != '0'
	default:
		return false
	}
	if strings.HasPrefix(intl, "31") {
		nat := strings.TrimPrefix(intl[2:], "0") // +31 (0)6…
		return len(nat) == 9 && nat[0] != '0'
	}
	return len(intl) >= 8 && len(intl) <= 15 && intl[0] != '0'
}

// ---- Address ----

// extendHouseNo extends a house number ending at e with an addition such as
// "a", "A", "-2" or "-bis".
func extendHouseNo(text string, e int) int {
	if e < len(text) && isLetter(rune(text[e])) && text[e] < utf8.RuneSelf && !isLetter(runeAfter(text, e+1)) {
		return e + 1
	}
	if e+1 < len(text) && text[e] == '-' {
		j := e + 1
		for j < len(text) && j-e <= 4 && isAlnumASCII(text[j]) {
			j++
		}
		if j > e+1 && !isWord(runeAfter(text, j)) {
			return j
		}
	}
	return e
}

func findAddresses(text string) []Finding {
	var out []Finding
	type span struct{ s, e int }
	var streets []span
	for _, m := range reStreet.FindAllStringIndex(text, -1) {
		s, e := m[0], m[1]
		if isLetter(runeBefore(text, s)) || isDigit(runeAfter(text, e)) || reUnitAfter.MatchString(text[e:]) {
			continue
		}
		e = extendHouseNo(text, e)
		streets = append(streets, span{s, e})
		out = append(out, Finding{PostcodeHouse, s, e, text[s:e]})
	}
	for _, m := range rePostcode.FindAllStringIndex(text, -1) {
		s, e := m[0], m[1]
		if isWord(runeBefore(text, s)) || isLetter(runeAfter(text, e)) {
			continue
		}
		letters := text[e-2 : e]
		if letters == "SA" || letters == "SD" || letters == "SS" {
			continue
		}
		has := false
		if n := reNumAfter.FindStringIndex(text[e:]); n != nil && !isDigit(runeAfter(text, e+n[1])) {
			e = extendHouseNo(text, e+n[1])
			has = true
		}
		joined := false
		for _, st := range streets {
			if st.e <= s && reGap.MatchString(text[st.e:s]) {
				s = st.s
				has, joined = true, true
				break
			}
		}
		if !joined {
			if n := reNumBefore.FindStringIndex(text[:s]); n != nil && !isWord(runeBefore(text, n[0])) {
				s = n[0]
				has = true
			}
		}
		if has {
			out = append(out, Finding{PostcodeHouse, s, e, text[s:e]})
		}
	}
	return out
}

// ---- Dates ----

// monthNum maps the first three letters of a month name to its number.
func monthNum(m string) int {
	switch m {
	case "jan":
		return 1
	case "feb":
		return 2
	case "maa", "mar", "mrt":
		return 3
	case "apr":
		return 4
	case "mei", "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "okt", "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		days = 29
	}
	return d <= days
}

// hasBirthContext reports whether a birth keyword occurs in the 40
// characters (runes) before byte offset s, with no sentence end between the
// keyword and the date.
func hasBirthContext(text string, s int) bool {
	i, n := s, 0
	for i > 0 && n < 40 {
		_, w := utf8.DecodeLastRuneInString(text[:i])
		i -= w
		n++
	}
	return reBirthCtx.MatchString(text[i:s])
}

func findDates(text string, refYear int) []Finding {
	var out []Finding
	consider := func(s, e, y, m, d int, twoDigit bool) {
		if isWord(runeBefore(text, s)) || isWord(runeAfter(text, e)) {
			return
		}
		if b := runeBefore(text, s); (b == '-' || b == '/' || b == '.') && isDigit(runeBefore(text, s-1)) {
			return
		}
		if a := runeAfter(text, e); (a == '-' || a == '/' || a == '.') && isDigit(runeAfter(text, e+1)) {
			return
		}
		ctx := hasBirthContext(text, s)
		if twoDigit {
			if !ctx {
				return
			}
			if y > refYear%100 {
				y += 1900
			} else {
				y += 2000
			}
		}
		if !validDate(y, m, d) || y < 1900 {
			return
		}
		if (ctx && y <= refYear) || y <= refYear-10 {
			out = append(out, Finding{BirthDate, s, e, text[s:e]})
		}
	}
	for _, m := range reDateNum.FindAllStringIndex(text, -1) {
		s, e := m[0], m[1]
		t := text[s:e]
		if len(t) >= 5 && t[4] == '-' && isDigit(rune(t[2])) && isDigit(rune(t[3])) {
			parts := strings.Split(t, "-")
			y, _ := strconv.Atoi(parts[0])
			mo, _ := strconv.Atoi(parts[1])
			d, _ := strconv.Atoi(parts[2])
			consider(s, e, y, mo, d, false)
			continue
		}
		parts := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
		if len(parts) != 3 {
			continue
		}
		d, _ := strconv.Atoi(parts[0])
		mo, _ := strconv.Atoi(parts[1])
		y, _ := strconv.Atoi(parts[2])
		consider(s, e, y, mo, d, len(parts[2]) == 2)
	}
	for _, m := range reDateText.FindAllStringSubmatchIndex(text, -1) {
		d, _ := strconv.Atoi(text[m[2]:m[3]])
		mo := monthNum(strings.ToLower(text[m[4] : m[4]+3]))
		y, _ := strconv.Atoi(text[m[6]:m[7]])
		consider(m[0], m[1], y, mo, d, false)
	}
	return out
}

// ---- Names ----

func findNames(text string) []Finding {
	var out []Finding
	for _, re := range []*regexp.Regexp{reNameTitle, reNameInit} {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			s, e := m[0], m[1]
			if isWord(runeBefore(text, s)) || runeBefore(text, s) == '.' || isLetter(runeAfter(text, e)) {
				continue
			}
			surname := text[m[2]:m[3]]
			if reNameStop.MatchString(surname) {
				continue
			}
			out = append(out, Finding{NameInitials, s, e, text[s:e]})
		}
	}
	return out
}

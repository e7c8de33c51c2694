package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kring/server/auth"
	"kring/server/store"
)

// The coordinator's dashboard lists their own staff with trained or what is missing, the
// coverage chart with its title and the same figures in a table, and nobody of De Linde.
func TestOrgDashboard(t *testing.T) {
	f := newAccessFixture(t)
	coord := f.clients[auth.OrgAdmin]
	p := coord.get("/org")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	for _, w := range []string{
		"Sanne Visser", "deelnemer1@kring.example", "Getraind", "Nog niet getraind",
		"module Het netwerk in kaart brengen", // Sanne Visser has no module yet
		"nog 1 bijeenkomst",                   // Youssef El Idrissi attended one meeting of the two
		"Intervisiegroep SNV Noord",
		`role="img"`, "<title id=\"coverage-title\">", "<desc id=\"coverage-desc\">", "<table", "Dekking door de tijd",
		`href="/org/settings"`, `href="/org/training.csv"`, `href="/org/training.xlsx"`,
		"1 van 5 medewerkers getraind (20%)",
	} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("/org lacks %q", w)
		}
	}
	for _, n := range []string{"Koen Smits", "deelnemer4@kring.example", "Zorggroep De Linde", `style="`} {
		if strings.Contains(p.Body, n) {
			t.Errorf("/org shows %q", n)
		}
	}
	if !regexp.MustCompile(`<li>Oplossingsgericht vragen stellen <span class="kring-muted">\(\d+%\)</span></li>`).MatchString(p.Body) {
		t.Error("/org lacks Linda's module in progress with its percentage")
	}
	// 24 months in the table, one row each.
	if n := strings.Count(p.Body, `<th class="utrecht-table__header-cell" scope="row">`); n < 24 {
		t.Errorf("%d month rows in the coverage table, want 24", n)
	}
	cases := []struct {
		query     string
		want, not []string
	}{
		{"?filter=trained", []string{"Linda Mulder", "1 van 5 medewerkers"}, []string{"Sanne Visser", "Youssef El Idrissi"}},
		{"?filter=untrained", []string{"Sanne Visser", "Youssef El Idrissi", "Jeroen Bakker"}, []string{">Linda Mulder<"}},
		{"?filter=inactive", []string{"Jeroen Bakker", "Hanneke de Wit", "Youssef El Idrissi"}, []string{">Sanne Visser<", ">Linda Mulder<"}},
		{"?q=linda", []string{"Linda Mulder"}, []string{">Sanne Visser<", ">Youssef El Idrissi<"}},
		{"?q=zzz", []string{"Niemand past bij deze zoekopdracht."}, []string{">Sanne Visser<"}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			p := coord.get("/org" + tc.query)
			for _, w := range tc.want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(p.Body, n) {
					t.Errorf("shows %q", n)
				}
			}
		})
	}
	// Sorting by who misses most puts Youssef (two modules and a meeting) before Sanne (two
	// modules) before Linda (trained).
	p = coord.get("/org?sort=status")
	if i, j, k := strings.Index(p.Body, ">Youssef El Idrissi<"), strings.Index(p.Body, ">Sanne Visser<"), strings.Index(p.Body, ">Linda Mulder<"); i < 0 || j < 0 || i > j || j > k {
		t.Errorf("sort=status: Youssef at %d, Sanne at %d, Linda at %d", i, j, k)
	}
	// A coordinator naming another organisation gets a 404, not its people.
	if p := coord.get("/org?org=" + strconv.FormatInt(f.org2, 10)); p.Status != http.StatusNotFound || strings.Contains(p.Body, "Koen Smits") {
		t.Errorf("coordinator on ?org=other: status %d", p.Status)
	}
	// The municipality reads one organisation with ?org=.
	muni := f.clients[auth.MuniAdmin]
	if p := muni.get("/org?org=" + strconv.FormatInt(f.org2, 10)); p.Status != http.StatusOK || !strings.Contains(p.Body, "Koen Smits") || strings.Contains(p.Body, "Sanne Visser") || strings.Contains(p.Body, `action="/org/invites"`) {
		t.Errorf("municipality on ?org=De Linde: status %d", p.Status)
	}
	if p := muni.get("/org?org=99999"); p.Status != http.StatusNotFound {
		t.Errorf("municipality on an unknown organisation: status %d", p.Status)
	}
}

// One person's record shows certificates and meetings, never what they wrote; a person of
// another organisation is a 404 to a coordinator.
func TestOrgPersonPage(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	d2 := f.ts.userID("deelnemer2@kring.example")
	if _, err := f.ts.store.SaveAnswer(ctx, store.Answer{UserID: d2, Module: "netwerk-in-kaart", PromptID: "x", Text: "Mijn geheime reflectie over mevrouw J.", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}
	d3 := f.ts.userID("deelnemer3@kring.example")
	coord := f.clients[auth.OrgAdmin]
	p := coord.get("/org/people/" + strconv.FormatInt(d3, 10))
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	certs, _ := f.ts.store.CertificatesOf(ctx, d3)
	for _, w := range []string{"Linda Mulder", "Getraind", "De visie achter SNV", certs[0].Code, "Intervisiegroep SNV Noord", "Bijgewoonde bijeenkomsten", ">86<", "Oplossingsgericht vragen stellen"} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("person page lacks %q", w)
		}
	}
	p = coord.get("/org/people/" + strconv.FormatInt(d2, 10))
	if p.Status != http.StatusOK || strings.Contains(p.Body, "geheime reflectie") || !strings.Contains(p.Body, "module Het netwerk in kaart brengen") {
		t.Errorf("Youssef's page: status %d, shows the reflection or lacks what is missing", p.Status)
	}
	d4 := f.ts.userID("deelnemer4@kring.example")
	muniID := f.ts.userID("gemeente@kring.example")
	for _, path := range []string{"/org/people/" + strconv.FormatInt(d4, 10), "/org/people/" + strconv.FormatInt(muniID, 10), "/org/people/999999", "/org/people/abc"} {
		if p := coord.get(path); p.Status != http.StatusNotFound || strings.Contains(p.Body, "Koen Smits") {
			t.Errorf("coordinator on %s: status %d, want 404", path, p.Status)
		}
	}
	if p := f.clients[auth.MuniAdmin].get("/org/people/" + strconv.FormatInt(d4, 10)); p.Status != http.StatusOK || !strings.Contains(p.Body, "Koen Smits") {
		t.Errorf("municipality on a De Linde person: status %d", p.Status)
	}
}

// Bad input on the definition gets a message next to its field and changes nothing; a good
// one is saved, recorded in the history, and recomputes the dashboard.
func TestOrgSettings(t *testing.T) {
	f := newAccessFixture(t)
	coord := f.clients[auth.OrgAdmin]
	p := coord.get("/org/settings")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "standaardafspraak") || !strings.Contains(p.Body, `value="snv-visie" checked`) {
		t.Fatalf("settings: status %d", p.Status)
	}
	bad := []struct {
		name   string
		form   url.Values
		field  string
		errMsg string
	}{
		{"unknown module", url.Values{"modules": {"snv-visie", "toveren"}, "min_meetings": {"2"}, "window_months": {"12"}}, "f-modules-err", "Kies alleen modules uit de lijst"},
		{"N below zero", url.Values{"modules": {"snv-visie"}, "min_meetings": {"-1"}, "window_months": {"12"}}, "f-min_meetings-err", "van 0 tot en met 52"},
		{"N not a number", url.Values{"min_meetings": {"twee"}, "window_months": {"12"}}, "f-min_meetings-err", "van 0 tot en met 52"},
		{"M zero", url.Values{"min_meetings": {"1"}, "window_months": {"0"}}, "f-window_months-err", "van 1 tot en met 36"},
		{"M too large", url.Values{"min_meetings": {"1"}, "window_months": {"37"}}, "f-window_months-err", "van 1 tot en met 36"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			p := coord.post("/org/settings", tc.form)
			if p.Status != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", p.Status)
			}
			re := regexp.MustCompile(`id="` + tc.field + `">[^<]*` + regexp.QuoteMeta(tc.errMsg))
			if !re.MatchString(p.Body) {
				t.Errorf("no message %q next to the field (%s)", tc.errMsg, tc.field)
			}
		})
	}
	if cs, _ := f.ts.store.DefinitionChanges(context.Background(), f.org1); len(cs) != 0 {
		t.Fatalf("bad input changed the definition: %+v", cs)
	}
	// Only meetings count now: one in the last 12 months. Everyone but the coordinator and the
	// coach attended one.
	p = coord.post("/org/settings", url.Values{"min_meetings": {"1"}, "window_months": {"12"}})
	if p.Status != http.StatusSeeOther || p.Location != "/org/settings?saved=1" {
		t.Fatalf("save: status %d, location %q", p.Status, p.Location)
	}
	p = coord.get("/org/settings?saved=1")
	for _, w := range []string{"opgeslagen", "Jeroen Bakker", "module De visie achter SNV afgerond", "geen modules verplicht", "minstens 1 intervisiebijeenkomsten"} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("after saving, settings lack %q", w)
		}
	}
	if p := coord.get("/org"); !strings.Contains(p.Body, "3 van 5 medewerkers getraind (60%)") || !strings.Contains(p.Body, "Getraind betekent bij jullie") {
		t.Errorf("the dashboard is not recomputed with the new definition")
	}
	// De Linde keeps the default.
	if d, set, _ := f.ts.store.TrainingDefinition(context.Background(), f.org2); set {
		t.Errorf("De Linde's definition changed: %+v", d)
	}
}

// The exports: CSV with BOM and ';', XLSX with typed cells, a frozen header and an autofilter;
// one row per person and module; formula-like text neutralised in both; only the
// coordinator's own organisation.
func TestTrainingExports(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	if _, err := f.ts.store.CreateUser(ctx, store.NewUser{Email: "formule@kring.example", Name: `=HYPERLINK("http://x","klik")`,
		PasswordHash: "x", Role: "trainee", OrgID: f.org1}); err != nil {
		t.Fatal(err)
	}
	coord := f.clients[auth.OrgAdmin]
	p := coord.get("/org/training.csv")
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(p.Header.Get("Content-Disposition"), `attachment; filename="kring-opleiding-`) {
		t.Fatalf("csv: status %d, headers %v", p.Status, p.Header)
	}
	if !strings.HasPrefix(p.Body, "\ufeffOrganisatie;Naam;E-mailadres;Rol;Getraind;Ontbreekt;") {
		t.Errorf("csv header: %q", p.Body[:min(len(p.Body), 120)])
	}
	lines := strings.Split(strings.TrimSpace(p.Body), "\r\n")
	count := func(s string) int {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, s) {
				n++
			}
		}
		return n
	}
	// Linda: two certificates and one module in progress = three rows; Sanne: no module = one row.
	if count("deelnemer3@kring.example") != 3 || count("deelnemer1@kring.example") != 1 || count("deelnemer2@kring.example") != 1 {
		t.Errorf("rows per person: %d %d %d", count("deelnemer3@kring.example"), count("deelnemer1@kring.example"), count("deelnemer2@kring.example"))
	}
	if strings.Contains(p.Body, "deelnemer4@kring.example") || strings.Contains(p.Body, "Koen Smits") {
		t.Error("the coordinator's CSV lists De Linde")
	}
	if !strings.Contains(p.Body, `"'=HYPERLINK(""http://x"",""klik"")"`) {
		t.Errorf("formula not neutralised in CSV: %s", lines[len(lines)-1])
	}
	if !regexp.MustCompile(`(?m);2,5\r?$`).MatchString(p.Body) || !regexp.MustCompile(`;20\d\d-\d\d-\d\d;`).MatchString(p.Body) {
		t.Error("CSV lacks decimal-comma hours or ISO dates")
	}

	p = coord.get("/org/training.xlsx")
	if p.Status != http.StatusOK || p.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: status %d, type %q", p.Status, p.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(p.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil || len(rows) != len(lines) {
		t.Fatalf("xlsx has %d rows, CSV %d: %v", len(rows), len(lines), err)
	}
	head := rows[0]
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, h := range []string{"Organisatie", "Naam", "E-mailadres", "Getraind", "Module", "Datum", "Certificaatcode", "Studie-uren", "Laatste activiteit"} {
		if _, ok := col[h]; !ok {
			t.Errorf("xlsx lacks column %q (has %v)", h, head)
		}
	}
	var linda, formula int // the first row of Linda Mulder (who has certificates) and of the formula name
	for i, r := range rows {
		if len(r) > col["Naam"] && r[col["Naam"]] == "Linda Mulder" && linda == 0 {
			linda = i + 1
		}
		if len(r) > col["Naam"] && strings.Contains(r[col["Naam"]], "HYPERLINK") {
			formula = i + 1
			if !strings.HasPrefix(r[col["Naam"]], "'=") {
				t.Errorf("formula not neutralised in XLSX: %q", r[col["Naam"]])
			}
		}
	}
	if linda == 0 || formula == 0 {
		t.Fatalf("rows: Linda %d, formula %d", linda, formula)
	}
	cell := func(name string, row int) string {
		c, _ := excelize.CoordinatesToCellName(col[name]+1, row)
		return c
	}
	if v, _ := x.GetCellValue(sheet, cell("Datum", linda)); !regexp.MustCompile(`^\d\d-\d\d-20\d\d$`).MatchString(v) {
		t.Errorf("date cell shows %q, want dd-mm-yyyy", v)
	}
	if v, _ := x.GetCellValue(sheet, cell("Datum", linda), excelize.Options{RawCellValue: true}); !regexp.MustCompile(`^\d{5}$`).MatchString(v) {
		t.Errorf("date cell holds %q, want a date serial number", v)
	}
	if typ, _ := x.GetCellType(sheet, cell("Studie-uren", linda)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("hours cell type %v, want a number", typ)
	}
	if v, _ := x.GetCellValue(sheet, cell("Studie-uren", linda), excelize.Options{RawCellValue: true}); v != "2.5" && v != "3" {
		t.Errorf("hours cell holds %q", v)
	}
	if typ, _ := x.GetCellType(sheet, cell("Naam", linda)); typ == excelize.CellTypeNumber || typ == excelize.CellTypeFormula {
		t.Errorf("name cell type %v", typ)
	}
	if f, _ := x.GetCellFormula(sheet, cell("Naam", formula)); f != "" {
		t.Errorf("a formula cell in the export: %q", f)
	}
	panes, err := x.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, %v: want the header row frozen", panes, err)
	}
	filter := false
	for _, d := range x.GetDefinedName() {
		filter = filter || d.Name == "_xlnm._FilterDatabase"
	}
	if !filter {
		t.Error("no autofilter")
	}

	// The municipality exports everyone, or one organisation.
	muni := f.clients[auth.MuniAdmin]
	all := muni.get("/org/training.csv").Body
	if !strings.Contains(all, "deelnemer1@kring.example") || !strings.Contains(all, "deelnemer4@kring.example") {
		t.Error("the municipality's export lacks an organisation")
	}
	one := muni.get("/org/training.csv?org=" + strconv.FormatInt(f.org2, 10)).Body
	if strings.Contains(one, "deelnemer1@kring.example") || !strings.Contains(one, "deelnemer4@kring.example") {
		t.Error("the municipality's export of De Linde is wrong")
	}
	for _, path := range []string{"/org/training.csv?org=", "/org/training.xlsx?org="} {
		if p := coord.get(path + strconv.FormatInt(f.org2, 10)); p.Status != http.StatusNotFound || strings.Contains(p.Body, "deelnemer4") {
			t.Errorf("coordinator exporting De Linde via %s: status %d", path, p.Status)
		}
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"Sanne":      "Sanne",
		"=1+2":       "'=1+2",
		"+31 6 1234": "'+31 6 1234",
		"-2":         "'-2",
		"@SUM(A1)":   "'@SUM(A1)",
		"\tx":        "'\tx",
		"\rx":        "'\rx",
		"a=b":        "a=b",
	} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// The municipality's overview: every organisation side by side, sortable, with the coverage
// chart and table, the same table as CSV and XLSX; one menu entry for organisations.
func TestGemeenteOverview(t *testing.T) {
	f := newAccessFixture(t)
	muni := f.clients[auth.MuniAdmin]
	p := muni.get("/gemeente")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	for _, w := range []string{"Sociaal Team Noorderkwartier", "Zorggroep De Linde", `role="img"`, `<title id="coverage-all-title">`,
		"<table", "Totaal", `href="/gemeente/thema"`, `href="/gemeente/organisaties.csv"`, `href="/gemeente/organisaties.xlsx"`,
		"In totaal 2 van 8 medewerkers getraind (25%) bij 2 organisaties", `href="/org?org=`} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("/gemeente lacks %q", w)
		}
	}
	for _, n := range []string{"Sanne Visser", "deelnemer1@kring.example", `style="`} {
		if strings.Contains(p.Body, n) {
			t.Errorf("/gemeente shows %q", n)
		}
	}
	// Noorderkwartier has 5 staff (the coordinator and the coach included), De Linde 3:
	// sorted by staff, Noorderkwartier comes first; by name too; by coverage De Linde (1 of 3).
	order := func(q string) bool {
		b := muni.get("/gemeente" + q).Body
		return strings.Index(b, ">Sociaal Team Noorderkwartier<") < strings.Index(b, ">Zorggroep De Linde<")
	}
	if !order("") || !order("?sort=staff") || order("?sort=coverage") {
		t.Error("sorting the overview does not work")
	}
	if !strings.Contains(muni.get("/gemeente?sort=coverage").Body, `aria-sort="descending"`) {
		t.Error("the sorted column is not marked")
	}
	// One menu entry for organisations.
	if n := strings.Count(p.Body, `class="utrecht-nav-list__link kring-nav__link" href="/gemeente" aria-current="page"`); n != 1 {
		t.Errorf("menu entry for /gemeente current %d times", n)
	}
	for _, n := range []string{`kring-nav__link" href="/org"`, `kring-nav__link" href="/admin/organisations"`} {
		if strings.Contains(p.Body, n) {
			t.Errorf("menu still has %s", n)
		}
	}
	if home := muni.get("/"); !strings.Contains(home.Body, `href="/gemeente"`) {
		t.Error("the municipality's home page does not link the overview")
	}
	csv := muni.get("/gemeente/organisaties.csv")
	if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Body, "\ufeffOrganisatie;Medewerkers;Getraind;") ||
		!strings.Contains(csv.Body, "Sociaal Team Noorderkwartier;5;1;20;") || !strings.Contains(csv.Body, "Zorggroep De Linde;3;1;33;") {
		t.Errorf("organisations CSV: %d %q", csv.Status, csv.Body)
	}
	xl := muni.get("/gemeente/organisaties.xlsx")
	x, err := excelize.OpenReader(bytes.NewReader([]byte(xl.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) != 3 || rows[1][0] != "Sociaal Team Noorderkwartier" || rows[1][1] != "5" {
		t.Errorf("organisations XLSX rows %v", rows)
	}
	if typ, _ := x.GetCellType(x.GetSheetName(0), "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("staff cell type %v", typ)
	}
}

// Each refusal of the Track routes, by role: trainees and coaches get none of it, the
// coordinator nothing of the municipality's, the municipality does not set a coordinator's
// definition.
func TestTrackingRefusals(t *testing.T) {
	f := newAccessFixture(t)
	d1 := strconv.FormatInt(f.ts.userID("deelnemer1@kring.example"), 10)
	cases := []struct {
		role auth.Role
		path string
	}{}
	for _, r := range []auth.Role{auth.Trainee, auth.Coach} {
		for _, p := range []string{"/org", "/org/people/" + d1, "/org/settings", "/org/training.csv", "/org/training.xlsx",
			"/gemeente", "/gemeente/organisaties.csv", "/gemeente/organisaties.xlsx"} {
			cases = append(cases, struct {
				role auth.Role
				path string
			}{r, p})
		}
	}
	for _, p := range []string{"/gemeente", "/gemeente/organisaties.csv", "/gemeente/organisaties.xlsx"} {
		cases = append(cases, struct {
			role auth.Role
			path string
		}{auth.OrgAdmin, p})
	}
	cases = append(cases, struct {
		role auth.Role
		path string
	}{auth.MuniAdmin, "/org/settings"})
	for _, tc := range cases {
		t.Run(string(tc.role)+" "+tc.path, func(t *testing.T) {
			p := f.clients[tc.role].get(tc.path)
			if p.Status != http.StatusForbidden || strings.Contains(p.Body, "Linda Mulder") || strings.Contains(p.Body, "Koen Smits") {
				t.Errorf("status %d, want 403 without records", p.Status)
			}
		})
	}
	for _, r := range []auth.Role{auth.Trainee, auth.Coach, auth.MuniAdmin} {
		p := f.clients[r].post("/org/settings", url.Values{"min_meetings": {"0"}, "window_months": {"1"}})
		if p.Status != http.StatusForbidden {
			t.Errorf("%s POST /org/settings: status %d", r, p.Status)
		}
	}
	if cs, _ := f.ts.store.DefinitionChanges(context.Background(), f.org1); len(cs) != 0 {
		t.Errorf("a refused POST changed the definition: %+v", cs)
	}
}

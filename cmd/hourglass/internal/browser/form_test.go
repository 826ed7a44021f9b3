package browser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWorkbenchFormKeepsTheUserInChromium: in the new-scenario form a
// student types a place by its name ("Osh", as the list shows it) and the
// form says which place that is; a misspelt one ("Oshh") comes back as the
// form, the problem beside the field with what it may mean and everything
// else still filled in, not as the TOML editor; fixed, it saves.
func TestWorkbenchFormKeepsTheUserInChromium(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	ws := filepath.Join(t.TempDir(), "workspace")
	srv := startWorkbench(t, ws, "")
	br := newBrowser(t, bin)
	place := chromedp.CSS(`#intervention-list input.place`)
	br.do("fill the form",
		chromedp.Navigate(srv.URL+"/new"),
		chromedp.WaitVisible(chromedp.ID("new-scenario")),
		chromedp.SendKeys(chromedp.ID("name"), "osh-by-name"),
		chromedp.SetValue(chromedp.ID("add-kind"), "checkpoint"),
		chromedp.Click(chromedp.ID("add-intervention")),
		chromedp.WaitVisible(place),
		chromedp.SendKeys(place, "Osh"),
		chromedp.SendKeys(chromedp.CSS(`#intervention-list input[name$="-inspection_rate"]`), "0.3"),
	)
	if hint := br.text("#intervention-list .place-name"); !strings.HasPrefix(hint, "= osh: Osh (KG") {
		t.Errorf("beside the place typed as Osh: %q, want its id and name", hint)
	}
	br.shot("form-by-name")
	br.do("misspell it and save",
		chromedp.SendKeys(place, "h"),
		chromedp.Click(chromedp.ID("save")),
		chromedp.WaitVisible(chromedp.CSS(`#intervention-list .field-error`)),
	)
	if br.eval(`document.getElementById("toml") ? 1 : 0`) != 0 {
		t.Fatal("the form was replaced by the TOML editor")
	}
	if got := br.text(`#intervention-list .field-error`); !strings.Contains(got, `place "Oshh": not in the base's network`) || !strings.Contains(got, "did you mean osh (Osh)?") {
		t.Errorf("beside the field: %q", got)
	}
	for sel, want := range map[string]string{`#intervention-list input.place`: "Oshh", `#intervention-list input[name$="-inspection_rate"]`: "0.3", "#name": "osh-by-name"} {
		if got, err := chromedp.Run(br.ctx, chromedp.Value(chromedp.CSS(sel))); err != nil || got != want {
			t.Errorf("%s after the error: %q, %v; want %q, as entered", sel, got, err, want)
		}
	}
	br.shot("form-error")
	br.do("fix it and save",
		chromedp.SetValue(place, "Osh"),
		chromedp.Click(chromedp.ID("save")),
		chromedp.WaitVisible(chromedp.ID("costs")),
	)
	if costs := br.text("#costs"); !strings.Contains(costs, "checkpoint") || !strings.Contains(costs, "osh") {
		t.Errorf("the saved scenario's costs: %q", costs)
	}
	br.shot("saved")
}

// TestStudentQuestionInChromium is the student's question asked in the
// workbench: the informant programme against the baseline at each level of
// professionalization from 0 to 1. The comparison form offers it among the
// policies that extend the baseline; the run pairs the programme with the
// baseline at each level; the report's first chart is the programme's
// change at each level with its 95% CIs.
func TestStudentQuestionInChromium(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	if testing.Short() {
		t.Skip("runs a comparison")
	}
	ws := filepath.Join(t.TempDir(), "workspace")
	srv := startWorkbench(t, ws, "")
	// a scenario of the 2008 world: not offered against the 2004-05 baseline
	rail := "name = \"rail\"\nextends = \"baseline-2008.toml\"\n[[intervention]]\ntype = \"railcar-inspection\"\nplaces = [\"ulken\"]\n"
	if err := os.WriteFile(filepath.Join(ws, "scenarios", "rail.toml"), []byte(rail), 0o644); err != nil {
		t.Fatal(err)
	}
	br := newBrowser(t, bin)
	br.do("open the run form", chromedp.Navigate(srv.URL+"/runs/new"), chromedp.WaitVisible(chromedp.ID("new-run")))
	if br.eval(`document.querySelector('label.alt[data-parent="shipped/baseline-2008"]').hidden ? 1 : 0`) != 1 {
		t.Error("the form offers rail, which extends baseline-2008, against the baseline")
	}
	br.do("ask the question",
		chromedp.Click(chromedp.CSS(`input[name="alt"][value="shipped/informant-program"]`)),
		chromedp.SendKeys(chromedp.ID("across-0-key"), "drivers.professionalization"),
		chromedp.SendKeys(chromedp.ID("across-0-from"), "0"),
		chromedp.SendKeys(chromedp.ID("across-0-to"), "1"),
		chromedp.SendKeys(chromedp.ID("across-0-steps"), "3"),
		chromedp.SetValue(chromedp.ID("n"), "4"),
	)
	br.shot("question")
	br.do("queue it", chromedp.Click(chromedp.ID("start")), chromedp.WaitVisible(chromedp.ID("status")))
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		s, err := chromedp.Run(br.ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById('status'); return s ? s.textContent.trim() : "" })()`))
		if err == nil && strings.HasPrefix(s, "complete") {
			break
		}
		if err == nil && (strings.HasPrefix(s, "failed") || time.Now().After(deadline)) {
			t.Fatalf("the run: %q", s)
		}
	}
	br.do("the result page", chromedp.WaitVisible(chromedp.ID("report")))
	br.waitLoaded()
	href, err := chromedp.Run(br.ctx, chromedp.AttributeValue(chromedp.ID("open-report"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("no link to the report: %v", err)
	}
	br.do("open the report", chromedp.Navigate(srv.URL+href.Value), chromedp.WaitVisible(chromedp.ID("summary")))
	br.reportImagesLoaded()
	first, err := chromedp.Run(br.ctx, chromedp.AttributeValue(chromedp.CSS(`#figures ~ figure img`), "src"))
	if err != nil || !strings.Contains(first.Value, "across-effect-heroin_delivered_kg") {
		t.Errorf("the first chart is %q (%v), want the programme's change in heroin delivered at each level", first.Value, err)
	}
	if caption := br.text(`#figures ~ figure figcaption`); !strings.Contains(caption, "95% CI as an error bar") {
		t.Errorf("the first chart's caption: %q", caption)
	}
	br.shot("report")

	// the chart's numbers: the programme against the baseline at its own level
	dirs, _ := filepath.Glob(filepath.Join(ws, "results", "compare-across-baseline-*"))
	if len(dirs) != 1 {
		t.Fatalf("results: %v", dirs)
	}
	rows := readTable(t, dirs[0], "across.csv")
	levels := map[string]bool{}
	for _, r := range rows[1:] {
		if r[4] == "heroin_delivered_kg" && r[2] == "informant-program" && r[3] == "baseline[drivers.professionalization="+r[1]+"]" {
			levels[r[1]] = true
		}
	}
	if len(levels) != 3 {
		t.Errorf("informant-program against the baseline at the same level: %v, want 3 levels", levels)
	}
	svg, err := os.ReadFile(filepath.Join(dirs[0], "figures", "across-effect-heroin_delivered_kg.svg"))
	if err != nil || !strings.Contains(string(svg), "informant-program") || !strings.Contains(string(svg), ">0.5<") {
		t.Errorf("the chart does not name the programme and the levels: %v", err)
	}
}

package browser

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// mapDriver is a page that opens report.html in a frame at its maps, then
// zooms the first map with its + button and the mouse wheel, drags it and
// resets it, recording the map's viewBox after each step as data
// attributes of its body (read back with --dump-dom). Chromium lets it
// reach into the frame with --allow-file-access-from-files.
const mapDriver = `<!DOCTYPE html>
<html><body data-steps="pending">
<iframe id="report" src="report.html#maps" style="width: 1380px; height: 900px; border: 0;"></iframe>
<script>
document.getElementById("report").addEventListener("load", function () {
  var win = this.contentWindow, doc = this.contentDocument, body = document.body;
  try {
    var svg = doc.querySelector("svg.routemap"), view = svg.parentNode;
    var steps = [];
    function record(name) { steps.push(name + "=" + svg.getAttribute("viewBox")); }
    record("home");
    view.querySelector('button[data-zoom="1.5"]').click();
    record("button");
    var r = svg.getBoundingClientRect();
    svg.dispatchEvent(new win.WheelEvent("wheel", {deltaY: -120, clientX: r.left + 200, clientY: r.top + 150, bubbles: true, cancelable: true}));
    record("wheel");
    var at = {clientX: r.left + 300, clientY: r.top + 300, pointerId: 1, bubbles: true};
    svg.dispatchEvent(new win.PointerEvent("pointerdown", at));
    svg.dispatchEvent(new win.PointerEvent("pointermove", {clientX: r.left + 360, clientY: r.top + 330, pointerId: 1, bubbles: true}));
    svg.dispatchEvent(new win.PointerEvent("pointerup", at));
    record("drag");
    view.querySelector('button[data-zoom="0"]').click();
    record("reset");
    body.setAttribute("data-steps", steps.join(";"));
  } catch (e) {
    body.setAttribute("data-steps", "error: " + e);
  }
});
</script>
</body></html>
`

// TestMapInChromium opens the route maps of a comparison in headless
// Chromium and checks, from the laid-out page: country borders and a scale
// bar on every map; no two place labels of the enlarged Ferghana/Pamir
// panel overlapping (text boxes from getBBox); every change drawn thick
// having its 95% CI exclude 0 and every other change drawn faint; and that
// the buttons, the wheel and a drag zoom and pan the map and reset restores
// it. It keeps a screenshot of the maps in the test's artifact directory.
// Without Chromium it skips, unless HOURGLASS_BROWSER_TEST=require (CI).
func TestMapInChromium(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	dir := filepath.Join(t.TempDir(), "res")
	compare(t, dir, 10, "baseline", "sary-tash-post", "kz-scanners")
	driver := filepath.Join(dir, "map-driver.html")
	if err := os.WriteFile(driver, []byte(mapDriver), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(page string, extra ...string) string {
		return string(runChromium(t, bin, page, append([]string{"--allow-file-access-from-files"}, extra...)...))
	}

	dom := run(filepath.Join(dir, "report.html"), "--dump-dom")
	maps := len(regexp.MustCompile(`<svg [^>]*class="routemap"`).FindAllString(dom, -1))
	if maps != 6 {
		t.Fatalf("%d route maps on the page, want 6 (2 of the baseline, 2 per alternative)", maps)
	}
	if n := strings.Count(dom, `class="border"`); n < 40*maps {
		t.Errorf("%d country border lines on %d maps", n, maps)
	}
	if n := strings.Count(dom, `class="scalebar"`); n != 2*maps {
		t.Errorf("%d scale bars on %d maps of two panels", n, maps)
	}
	panels := regexp.MustCompile(`<g [^>]*data-panel="ferghana"[^>]*>`).FindAllString(dom, -1)
	if len(panels) != maps {
		t.Errorf("%d enlarged panels on %d maps", len(panels), maps)
	}
	for _, p := range panels {
		labels, overlaps := attr(p, "data-labels"), attr(p, "data-label-overlaps")
		if labels == "" || overlaps == "" {
			t.Fatalf("the page's script did not count the labels: %s", p)
		}
		if n, _ := strconv.Atoi(labels); n < 25 {
			t.Errorf("only %s labels on the enlarged panel", labels)
		}
		if overlaps != "0" {
			t.Errorf("%s pairs of labels overlap on the enlarged panel", overlaps)
		}
	}
	thick, faint := 0, 0
	for _, el := range regexp.MustCompile(`<path [^>]*class="change [^>]*>`).FindAllString(dom, -1) {
		width, _ := strconv.ParseFloat(attr(el, "stroke-width"), 64)
		lo, err1 := strconv.ParseFloat(attr(el, "data-lo"), 64)
		hi, err2 := strconv.ParseFloat(attr(el, "data-hi"), 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("a change without its CI: %s", el)
		}
		clear := lo > 0 || hi < 0
		classes := " " + attr(el, "class") + " "
		switch {
		case strings.Contains(classes, " sig "):
			thick++
			if !clear || attr(el, "data-sig") != "1" {
				t.Errorf("drawn thick but its CI [%g, %g] includes 0: %s", lo, hi, el)
			}
			if width < 0.8 {
				t.Errorf("a clear change drawn %g pt wide", width)
			}
		case strings.Contains(classes, " faint "):
			faint++
			if clear || attr(el, "data-sig") != "0" {
				t.Errorf("drawn faint but its CI [%g, %g] excludes 0: %s", lo, hi, el)
			}
			if width >= 0.8 {
				t.Errorf("an unclear change drawn %g pt wide: %s", width, el)
			}
		default:
			t.Errorf("a change of unknown style: %s", el)
		}
	}
	if thick == 0 || faint == 0 {
		t.Errorf("%d thick and %d faint changes: want some of each from 10 replications", thick, faint)
	}

	steps := attr(regexp.MustCompile(`<body [^>]*>`).FindString(run(driver, "--dump-dom")), "data-steps")
	box := map[string][]float64{}
	for _, s := range strings.Split(steps, ";") {
		name, vb, ok := strings.Cut(s, "=")
		var v []float64
		for _, f := range strings.Fields(vb) {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				break
			}
			v = append(v, x)
		}
		if !ok || len(v) != 4 {
			t.Fatalf("the driver page did not zoom the map: %q", steps)
		}
		box[name] = v
	}
	switch {
	case !(box["button"][2] < box["home"][2]):
		t.Errorf("the + button did not zoom in: %v to %v", box["home"], box["button"])
	case !(box["wheel"][2] < box["button"][2]):
		t.Errorf("the wheel did not zoom in: %v to %v", box["button"], box["wheel"])
	case box["drag"][0] >= box["wheel"][0] || box["drag"][1] >= box["wheel"][1]:
		t.Errorf("dragging right and down did not pan: %v to %v", box["wheel"], box["drag"])
	}
	for i := range box["home"] {
		if box["reset"][i] != box["home"][i] {
			t.Errorf("reset gives %v, not the home view %v", box["reset"], box["home"])
			break
		}
	}

	shot := filepath.Join(t.ArtifactDir(), "maps.png")
	run(driver, "--window-size=1400,1000", "--screenshot="+shot)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no screenshot of the maps: %v", err)
	}
	t.Logf("screenshot: %s", shot)
}

// attr is the value of an attribute in an element's start tag, or "".
func attr(el, name string) string {
	m := regexp.MustCompile(`\s` + regexp.QuoteMeta(name) + `="([^"]*)"`).FindStringSubmatch(el)
	if m == nil {
		return ""
	}
	return m[1]
}

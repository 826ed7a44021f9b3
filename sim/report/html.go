package report

import (
	"bytes"
	"html/template"

	"hourglass/sim/results"
)

// The page is also well-formed XML (every element closed; the inline script
// and style use neither < nor &), so a strict XML parser can check it. It
// needs no network: the figures sit beside it in figures/, the script and
// style are inline.
var pageTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 1em auto; max-width: 1380px; padding: 0 1em; color: #111; line-height: 1.45; }
h1 { font-size: 1.35em; margin: 0.2em 0 0.1em 0; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; scroll-margin-top: 2.4em; }
nav#contents { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid #ccc; padding: 0.25em 0; font-size: 0.88em; }
nav#contents a { margin-right: 1.1em; color: #0072b2; text-decoration: none; white-space: nowrap; }
nav#contents a:hover { text-decoration: underline; }
.question { color: #444; font-size: 0.85em; margin: 0.3em 0; }
.answer { font-size: 1.02em; background: #f4f8fb; border-left: 4px solid #0072b2; padding: 0.35em 0.8em; margin: 0.4em 0; scroll-margin-top: 2.4em; }
.answer .side { color: #9b2d00; }
.summary { font-size: 1.05em; background: #f4f8fb; border-left: 4px solid #0072b2; padding: 0.5em 1em; margin: 0.6em 0; }
figure { margin: 1.5em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #444; }
table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.5em; text-align: right; }
th { cursor: pointer; background: #f0f0f0; position: sticky; top: 2em; }
td:first-child, td:nth-child(2), th:first-child, th:nth-child(2) { text-align: left; }
tr.sig td { font-weight: bold; }
#decision-table { font-size: 0.8em; line-height: 1.25; }
#decision-table th { vertical-align: bottom; cursor: default; }
#decision-table td { vertical-align: top; }
#decision-table td.better { background: #e6f4ee; }
#decision-table td.worse { background: #fbe9e0; }
#decision-table td.unclear, #others td.unclear { color: #777; }
#decision-table td.chance, #others td.chance { color: #555; background: repeating-linear-gradient(135deg, #fff, #fff 5px, #f1f1f1 5px, #f1f1f1 10px); }
#decision-table .side { display: block; max-width: 17em; white-space: normal; color: #9b2d00; font-size: 0.95em; }
#decision-table .vs { font-size: 0.85em; white-space: nowrap; }
#decision-table .vs.distinct { color: #006b4f; }
#decision-table .vs.close { color: #9b2d00; }
#decision-table tr.apart td { background: #f7f7f7; color: #444; font-style: italic; text-align: left; }
#others { font-size: 0.8em; line-height: 1.25; }
#others td { vertical-align: top; }
#others td.better { background: #e6f4ee; }
#others td.worse { background: #fbe9e0; }
#others td.clear { background: #eef0f8; }
#others .ci { font-size: 0.9em; color: #555; white-space: nowrap; }
#decision-table .ci, #decision-table .unit { font-size: 0.9em; color: #555; font-weight: normal; }
#decision-table .cost { font-weight: bold; color: #111; }
#decision-table .change, #decision-table .name, #decision-table .ci, #decision-table .cost { white-space: nowrap; }
.scroll { overflow-x: auto; }
.scroll th { position: static; }
details summary { cursor: pointer; color: #0072b2; margin: 0.4em 0; }
#others td, #others th { padding: 0.25em 0.35em; }
.lead { margin: 0.3em 0 0.6em 0; }
.note { font-size: 0.85em; color: #555; }
</style>
</head>
<body data-images="pending">
<h1>{{.Title}}</h1>
<nav id="contents">{{range .Contents}}<a href="#{{.ID}}">{{.Text}}</a>{{end}}</nav>
{{if .Answer}}<p id="answer" class="answer"><b>Answer.</b> {{range $i, $s := .Answer}}{{if eq $i 1}}<span class="side">{{$s}}</span> {{else}}{{$s}} {{end}}{{end}}</p>
{{end}}<p class="question">{{.Question}}</p>
{{with .Decision}}<h2 id="decision" class="lead">Decision table</h2>
<table id="decision-table">
<thead><tr><th>rank<br/><span class="unit">vs next</span></th><th>alternative<br/><span class="unit">side effects</span></th><th>extra cost<br/><span class="unit">USD over the run, discounted</span></th>{{range .Columns}}<th title="{{.Better}}">{{.Label}}<br/><span class="unit">{{.Unit}}; {{.Better}}</span></th>{{end}}<th>displacement<br/><span class="unit">% of the opiate flow moved; bootstrap 95% CI</span></th></tr></thead>
<tbody>
{{range .Rows}}{{if .FirstApart}}{{template "apart" $.Decision}}{{end}}<tr data-order="{{.Order}}" data-ranks="{{.Ranks}}" data-vs="{{.VsAll}}" data-vs-class="{{.VsAllClass}}" data-vs-title="{{.VsAllTitle}}"><td class="rank"><span class="r">{{.Rank}}</span><br/><span class="vs {{.VsNextClass}}" title="{{.VsNextTitle}}">{{.VsNext}}</span></td><td class="name" title="{{.Description}}"><b>{{.Name}}</b>{{range .SideEffects}}<span class="side">{{.}}</span>{{end}}</td><td>{{.Cost}}</td>{{range .Cells}}<td class="{{.Class}}" title="{{.Title}}"><span class="change">{{.Change}}</span><br/><span class="ci">{{.CI}}</span>{{if .Cost}}<br/><span class="cost">{{.Cost}}</span>{{end}}{{if .CostCI}}<br/><span class="ci">{{.CostCI}}</span>{{end}}{{if eq .Class "unclear"}}<br/><span class="ci">no clear effect</span>{{end}}{{if .Chance}}<br/><span class="ci">clear alone only</span>{{end}}</td>{{end}}<td>{{.Displacement}}<br/><span class="ci">{{.DisplacementCI}}</span></td></tr>
{{end}}{{if not .ApartPlaced}}{{template "apart" .}}{{end}}</tbody>
</table>
<p class="note">Rank by cost per <select id="objective">{{range .Objectives}}<option value="{{.Metric}}"{{if .Selected}} selected="selected"{{end}}>{{.Label}}</option>{{end}}</select>. Each cell: the mean paired change against the baseline, {{.Per}}, in the column's unit (common random numbers), and below it its 95% CI; green: clearly better, red: clearly worse, grey: no clear effect (the CI includes 0), hatched: clear alone only (its own 95% CI excludes 0, but not after Holm's adjustment for the table's {{.Cells}} tests: it could be chance; both p-values in its tooltip and in the All metrics table). In bold: the extra cost over the run, discounted, per unit of a clear gain, with its 95% interval (Fieller's). Alternatives with no clear gain in the objective are not ranked and are listed apart. "vs next": the paired test of each rank against the next (of the ranking's key: the gain per dollar, or the gain where both are free), Holm-adjusted over the ranks, for whichever outcome the table is ranked by; &gt; distinct, ≈ not distinguishable at {{.Pairs}} pairs. Side effects: every metric with a better direction that is clearly worse after the adjustment. See <a href="#notes">Notes</a>.</p>
{{end}}{{if .Sources}}<p class="note">Where the numbers come from: <a href="{{.Sources}}">{{.Sources}}</a>, or <code>hourglass sources {{.SourcesArg}}</code>. Units: kg and counts {{.Per}}; money in US dollars.</p>
{{end}}<h2 id="summary">In plain words</h2>
{{range .Summary}}<p class="summary">{{.}}</p>
{{end}}{{template "maps" .}}
{{if .Figures}}<h2 id="figures">Charts</h2>
{{range .Figures}}{{if not .Minor}}<figure>
<img src="{{.SVG}}" alt="{{.Title}}" />
<figcaption>{{.Caption}} <a href="{{.PNG}}">PNG</a></figcaption>
</figure>
{{end}}{{end}}{{if .MinorFigures}}<details><summary>More charts: {{.MinorFigures}}</summary>
{{range .Figures}}{{if .Minor}}<figure>
<img src="{{.SVG}}" alt="{{.Title}}" />
<figcaption>{{.Caption}} <a href="{{.PNG}}">PNG</a></figcaption>
</figure>
{{end}}{{end}}</details>
{{end}}{{end}}{{if .Monthly}}<h2 id="monthly">Month by month</h2>
<p class="note">Means over replications of each calendar month, with 95% CIs; every monthly series, by country too, is in monthly.csv.</p>
{{range .Monthly}}<figure>
<img src="{{.SVG}}" alt="{{.Title}}" />
<figcaption>{{.Caption}} <a href="{{.PNG}}">PNG</a></figcaption>
</figure>
{{end}}{{end}}
{{with .Others}}<h2 id="others">Markets, money, intelligence and groups</h2>
<p class="note">The other outcomes: the baseline's mean and each alternative's mean paired change with its 95% CI, in the decision table's order. Green: clearly better for enforcement; red: clearly worse; blue: a clear change in a quantity with no better direction (a price, money spent); grey: no clear effect. Prices are means weighted by the grams sold (docs/MODEL.md §3.3.10).</p>
<div class="scroll"><table id="others">
<thead><tr><th>outcome</th><th>unit</th><th>baseline</th>{{range .Alternatives}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td title="{{.Doc}}">{{.Label}}</td><td>{{.Unit}}</td><td>{{.Level}}</td>{{range .Cells}}<td class="{{.Class}}" title="{{.Title}}">{{.Change}}<br/><span class="ci">{{.CI}}</span></td>{{end}}</tr>
{{end}}</tbody>
</table></div>
{{end}}{{if .Touched}}<h2 id="touched">Places the interventions change</h2>
<details><summary>The guard-unit traits of every place an intervention touches, before and after: open to read</summary>
<p class="note">The effective guard-unit traits (means; each replication draws around them) of every place an intervention touches, before and after. A new post at a place without a guard unit starts from its country's documented post defaults.</p>
{{range .Touched}}<h3>{{.Scenario}}: {{.Place}} ({{.Name}}, {{.Country}})</h3>
<p class="note">Interventions: {{.Interventions}}.{{if .Defaults}} Started from {{.Defaults}}.{{end}}</p>
<table class="traits">
<thead><tr><th>trait</th><th>before</th><th>after</th></tr></thead>
<tbody>
{{range .Traits}}<tr{{if .Changed}} class="sig"{{end}}><td>{{.Trait}}</td><td>{{.Before}}</td><td>{{.After}}</td></tr>
{{end}}</tbody>
</table>
{{end}}</details>
{{end}}{{if .Enforcement}}<h2 id="enforcement">Enforcement by method</h2>
<p class="note">What each kind of enforcement effort seized, arrested and cost a year (means over replications). Money: officers' time shared by effort, dog teams, informant handling; patrols of green borders and raids are paid from staff the sources do not count, so their cost shows as 0. Seizures are credited to the effort that made them.</p>
{{range .Enforcement}}<h3>{{.Scenario}}</h3>
<table class="effort">
<thead><tr><th>effort</th><th>opiates seized, kg</th><th>acetic anhydride seized, kg</th><th>couriers arrested</th><th>organisers arrested</th><th>spent, USD</th><th>kg per USD 1,000</th><th>organisers per USD 1 million</th></tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<p class="note">{{.Note}}</p>
{{end}}{{end}}<h2 id="table">All metrics</h2>
<details><summary>Every headline metric of every scenario ({{len .Table.Rows}} rows): open to read or sort</summary>
<p class="note">Click a column heading to sort. {{.TableNote}}</p>
<table id="metrics">
<thead><tr>{{range $i, $h := .Table.Header}}<th data-col="{{$i}}">{{$h}}</th>{{end}}</tr></thead>
<tbody>
{{range .Table.Rows}}<tr{{if eq (index . $.Table.SigCol).Sort "yes"}} class="sig"{{end}}>{{range .}}<td data-sort="{{.Sort}}">{{.Text}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</details>
{{if .Notes}}<h2 id="notes">Notes</h2>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{end}}<h2 id="files">Files</h2>
<p class="note">Beside this report: {{range .Files}}<a href="{{.}}">{{.}}</a> {{end}}(see results/README.md in the hourglass repository). Generated {{.Generated}}.</p>
<script>
(function () {
  var table = document.getElementById("metrics");
  var heads = table.tHead.rows[0].cells;
  for (var i = 0; i !== heads.length; i++) {
    heads[i].addEventListener("click", sorter(i));
  }
  function sorter(col) {
    var ascending = true;
    return function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
        return ascending ? c : -c;
      });
      ascending = !ascending;
      rows.forEach(function (r) { body.appendChild(r); });
    };
  }
  var objective = document.getElementById("objective");
  if (objective) {
    var first = objective.selectedIndex;
    var apartRow = function (k) {
      var r = document.querySelector("#decision-table tr.apart");
      if (!r) { return; }
      var label = r.getAttribute("data-labels").split("|")[k];
      r.cells[0].textContent = label;
      r.style.display = label === "" ? "none" : "";
    };
    apartRow(first);
    objective.addEventListener("change", function () {
      var k = objective.selectedIndex;
      var body = document.getElementById("decision-table").tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var at = function (r) { return parseInt(r.getAttribute("data-order").split(" ")[k], 10); };
      rows.sort(function (a, b) { return at(a) - at(b); });
      rows.forEach(function (r) {
        if (r.getAttribute("data-ranks")) {
          r.querySelector(".r").textContent = r.getAttribute("data-ranks").split(" ")[k];
          var vs = r.querySelector(".vs");
          if (vs) {
            vs.textContent = r.getAttribute("data-vs").split("|")[k];
            vs.className = "vs " + r.getAttribute("data-vs-class").split("|")[k];
            vs.title = r.getAttribute("data-vs-title").split("|")[k];
          }
        }
        body.appendChild(r);
      });
      apartRow(k);
    });
  }
  window.addEventListener("load", function () {
    var imgs = document.images, ok = 0;
    for (var i = 0; i !== imgs.length; i++) {
      if (imgs[i].complete) { if (imgs[i].naturalWidth > 0) { ok++; } }
    }
    document.body.setAttribute("data-images", ok + "/" + imgs.length);
    var ans = document.getElementById("answer");
    if (ans) {
      var a = ans.getBoundingClientRect();
      document.body.setAttribute("data-answer", Math.round(a.top) + " " + Math.round(a.bottom));
    }
    var dt = document.getElementById("decision-table");
    if (dt) {
      var r = dt.getBoundingClientRect();
      document.body.setAttribute("data-decision", Math.round(r.top) + " " + Math.round(r.bottom));
    }
  });
})();
</script>
</body>
</html>
`))

func init() {
	template.Must(pageTemplate.New("maps").Parse(mapsSection))
	template.Must(pageTemplate.New("map").Parse(mapFigure))
	template.Must(pageTemplate.New("apart").Parse(`{{with .Apart}}<tr class="apart" data-order="{{.Order}}" data-labels="{{.Labels}}"><td colspan="{{$.Width}}" class="apart-label"></td></tr>
{{end}}`))
}

func writeHTML(path string, page *Page) error {
	if page.Contents == nil {
		page.Contents = contents(page)
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, page); err != nil {
		return err
	}
	return results.WriteFileAtomic(path, buf.Bytes())
}

// Package report turns an experiment's results into things people would
// rather look at than read: charts (gonum/plot, SVG and PNG), a route map of
// flows and seizures drawn from the places' coordinates, and a self-contained
// report.html that opens in any browser without network access.
package report

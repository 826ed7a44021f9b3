// Package browser holds the end-to-end tests that open what hourglass
// writes and serves in headless Chromium: the report of a comparison (its
// first screen, its images), its route maps (zoom, pan, labels), and the
// workbench (a new user's first run, its forms, its token). They build
// their results through package job and serve the workbench through its
// own package, as the command line does, and are a package of their own so
// that go test runs them beside the command line's tests, not after them.
//
// Without Chromium they skip, unless HOURGLASS_BROWSER_TEST=require (CI,
// after scripts/install-chromium.sh), which fails them. They find it as
// HOURGLASS_CHROMIUM, or chromium on PATH; make test sets HOURGLASS_CHROMIUM,
// so that a result go test cached without Chromium is not reused once it
// is installed (run go test itself with -count=1 after installing it).
package browser

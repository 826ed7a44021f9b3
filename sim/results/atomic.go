// Package results writes and reads experiment outputs: the per-replication
// table runs.csv (and, on request, per-replication breakdowns and flows),
// the summaries (segment_flows.csv, breakdown.csv, summary.csv,
// summary.json), the manifest, and the log of committed replications from
// which an interrupted run is resumed and shards are merged with results
// identical to one uninterrupted run. Every table is written under a
// temporary name in the same directory and renamed into place, so a reader
// never sees half a file. Statistics are not computed here: they come from
// package experiment.
package results

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// WriteFileAtomic writes data to path by way of a temporary file in the same
// directory and a rename.
func WriteFileAtomic(path string, data []byte) error {
	return writeFileAtomic(path, data, false)
}

// writeFileAtomic is WriteFileAtomic, with the data on disk before the
// rename and the rename on disk after it when sync is set (the manifest:
// it must be whole or absent after a power cut, and what it says must not
// be lost to one after it).
func writeFileAtomic(path string, data []byte, sync bool) error {
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	err = injected("write "+path, tmp, data)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil && sync {
		err = syncFile(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = injected("rename "+path, nil, nil)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if sync {
		return syncDir(filepath.Dir(path))
	}
	return nil
}

// writeCSV writes rows to path atomically, through a CSVWriter.
func writeCSV(path string, rows [][]string) error {
	c, err := createCSV(path)
	if err != nil {
		return err
	}
	for _, row := range rows {
		c.Write(row...)
	}
	return c.Close()
}

// num formats a float so that parsing it gives the same float back.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// csvFile streams rows to a temporary file beside path and renames it into
// place on Close, so large tables are never held in memory whole and a
// reader never sees half a file.
type csvFile struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	cw   *CSVWriter
}

// createTemp creates a temporary file beside path, readable by all (0644,
// like any results file: os.CreateTemp makes it 0600).
func createTemp(path string) (*os.File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

func createCSV(path string) (*csvFile, error) {
	f, err := createTemp(path)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	return &csvFile{path: path, f: f, bw: bw, cw: NewCSVWriter(bw)}, nil
}

// Write adds a row; the first error is kept and returned by Close.
func (c *csvFile) Write(row ...string) { c.cw.Write(row...) }

// Close flushes the file and renames it into place, or removes it on error.
func (c *csvFile) Close() error {
	err := c.cw.Flush()
	if err == nil {
		err = injected("write "+c.path, c.f, []byte("a torn last row\n"))
	}
	if err == nil {
		err = c.bw.Flush()
	}
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = injected("rename "+c.path, nil, nil)
	}
	if err == nil {
		err = os.Rename(c.f.Name(), c.path)
	}
	if err != nil {
		os.Remove(c.f.Name())
		return fmt.Errorf("write %s: %w", c.path, err)
	}
	return nil
}

// WriteCSV writes rows to path atomically.
func WriteCSV(path string, rows [][]string) error { return writeCSV(path, rows) }

package testresults

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// ErrNotZip says an artifact's download is not a zip archive.
var ErrNotZip = errors.New("not a zip archive")

// Archive reads the JUnit reports inside an artifact's zip: every *.xml
// file, in any folder. A zip keeps its directory at its end, so it is read
// from a file (io.ReaderAt), never from memory as a whole; each report is
// decompressed as it is read.
//
// A report that turns out not to be well-formed, or not to be JUnit, is
// skipped whole (Skipped says which and why) and the others are read: no
// result of it is returned before it is known to be sound. A report of up
// to checkAhead results is read once and its results held; a longer one is
// read through once to check it, then again for its results, so memory
// stays bounded however large the report.
type Archive struct {
	// Skipped is told of each file skipped, and why; nil ignores them.
	Skipped func(file string, why error)

	files []*zip.File // the *.xml files not yet read
	held  []Result    // results of the current file, checked
	cur   *JUnitReader
	open  io.Closer // the current file's decompressor
}

// checkAhead is how many results of a report are held while it is checked.
const checkAhead = 1024

// OpenArchive reads the zip of size bytes from r. Anything but a zip is
// ErrNotZip.
func OpenArchive(r io.ReaderAt, size int64) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotZip, err)
	}
	a := &Archive{}
	for _, f := range zr.File {
		if isReport(f) {
			a.files = append(a.files, f)
		}
	}
	return a, nil
}

// isReport says whether a file of the archive may be a JUnit report.
func isReport(f *zip.File) bool {
	name := f.Name
	return !f.FileInfo().IsDir() && strings.EqualFold(path.Ext(name), ".xml") &&
		!strings.HasPrefix(name, "__MACOSX/") && !strings.HasPrefix(path.Base(name), "._")
}

// Next returns the next result, io.EOF after the last. Errors other than a
// file's own (the archive's data, a damaged entry) end the reading.
func (a *Archive) Next() (Result, error) {
	for {
		if len(a.held) > 0 {
			r := a.held[0]
			a.held = a.held[1:]
			return r, nil
		}
		if a.cur != nil {
			r, err := a.cur.Next()
			if err == nil {
				return r, nil
			}
			a.closeFile()
			if err != io.EOF {
				return Result{}, err // the file checked well: this is the archive failing
			}
		}
		if len(a.files) == 0 {
			return Result{}, io.EOF
		}
		f := a.files[0]
		a.files = a.files[1:]
		if err := a.check(f); err != nil {
			if a.Skipped != nil {
				a.Skipped(f.Name, err)
			}
		}
	}
}

// check reads a file through: its results are held when there are few,
// else the file is reopened for them. A file that fails is skipped.
func (a *Archive) check(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	jr := NewJUnitReader(rc)
	var held []Result
	many := false // too many to hold: read again once checked
	for {
		r, err := jr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if many = many || len(held) == checkAhead; many {
			held = nil
		} else {
			held = append(held, r)
		}
	}
	if !many {
		a.held = held
		return nil
	}
	again, err := f.Open()
	if err != nil {
		return err
	}
	a.cur, a.open = NewJUnitReader(again), again
	return nil
}

func (a *Archive) closeFile() {
	if a.open != nil {
		a.open.Close()
	}
	a.cur, a.open = nil, nil
}

// Close releases the file being read.
func (a *Archive) Close() error {
	a.closeFile()
	return nil
}

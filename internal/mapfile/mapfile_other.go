//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

// Package mapfile reads a whole file by mapping it into memory where the
// system allows; here it reads it into memory.
package mapfile

import "os"

// Read returns the contents of the file at path and a function that gives
// them back; they must not be used after that.
func Read(path string) (data []byte, release func(), err error) {
	data, err = os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}

package vendorfile

import (
	"encoding/json"
	"fmt"
)

// SampleOf returns the template of a sample delivery of event: the file's
// sample of that event, else the one in its samples-from file, else its
// sample for any event; nil when it has none.
func (f *File) SampleOf(event string) (any, error) {
	if s, ok := f.Samples[event]; ok {
		return s, nil
	}
	if f.SamplesFrom != "" {
		f.fixtures.once.Do(func() {
			if f.Siblings == nil {
				f.fixtures.err = fmt.Errorf("%s: samples-from: no way to read %s", f.Source, f.SamplesFrom)
				return
			}
			data, err := f.Siblings(f.SamplesFrom)
			if err == nil {
				err = json.Unmarshal(data, &f.fixtures.m)
			}
			if err != nil {
				f.fixtures.err = fmt.Errorf("%s: samples-from %s: %v", f.Source, f.SamplesFrom, err)
			}
		})
		if f.fixtures.err != nil {
			return nil, f.fixtures.err
		}
		if s, ok := f.fixtures.m[event]; ok {
			return s, nil
		}
	}
	return f.Sample, nil
}

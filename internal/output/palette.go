package output

// Palette is hookctl's one set of colours, for tables, plans and delivery
// summaries. Whether it paints is decided once per run (a terminal on
// stdout and no NO_COLOR: IOStreams.ColorEnabled); the zero Palette paints
// nothing.
type Palette struct{ on bool }

// NewPalette returns a Palette that paints only when on is true.
func NewPalette(on bool) Palette { return Palette{on: on} }

// The SGR sequences of the palette.
const (
	sgrBold   = "\x1b[1m"
	sgrDim    = "\x1b[2m"
	sgrRed    = "\x1b[31m"
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
	sgrReset  = "\x1b[0m"
)

func (p Palette) paint(sgr, s string) string {
	if !p.on || s == "" {
		return s
	}
	return sgr + s + sgrReset
}

// Enabled reports whether the palette paints.
func (p Palette) Enabled() bool { return p.on }

// Bold is for headers.
func (p Palette) Bold(s string) string { return p.paint(sgrBold, s) }

// Dim is for secondary detail.
func (p Palette) Dim(s string) string { return p.paint(sgrDim, s) }

// Good is green: true, created, verified.
func (p Palette) Good(s string) string { return p.paint(sgrGreen, s) }

// Bad is red: false, deleted, failed.
func (p Palette) Bad(s string) string { return p.paint(sgrRed, s) }

// Warn is yellow: changed, not verified.
func (p Palette) Warn(s string) string { return p.paint(sgrYellow, s) }

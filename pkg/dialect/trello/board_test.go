package trello

import "testing"

func TestBoardRef(t *testing.T) {
	for s, want := range map[string]bool{
		"nC8QJJoZ": true, "https://trello.com/b/nC8QJJoZ/roadmap": true, "https://trello.com/b/nC8QJJoZ": true,
		"http://www.trello.com/b/nC8QJJoZ.json": true,
		"4d5ea62fd76aa1136000000c":              false, // an id already
		"https://example.com/b/nC8QJJoZ/x":      false, "nC8QJJo": false, "nC8QJJoZZ": false, "": false,
		"https://trello.com/c/nC8QJJoZ/card": false,
	} {
		if got := boardRef(s); got != want {
			t.Errorf("boardRef(%q) = %v, want %v", s, got, want)
		}
	}
}

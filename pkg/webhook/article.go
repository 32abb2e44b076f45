package webhook

import "strings"

// A is word with its indefinite article, for messages about a dialect:
// "a trello", "a supportbee", "an entrust".
func A(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

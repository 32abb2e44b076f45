package trello

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// boardLink matches a board's URL (https://trello.com/b/SHORTLINK/name) or
// its short link alone: what a user copies from the address bar.
var boardLink = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:https?://(?:www\.)?trello\.com/b/)?([A-Za-z0-9]{8})(?:[/.?#].*)?$`)
})

// boardRef reports whether s is a board's link or short link.
func boardRef(s string) bool {
	return !webhook.HexID24(s) && boardLink().MatchString(strings.TrimSpace(s))
}

// resolveModel turns a board's link or short link given as the model into
// the board's id (GET /boards/{shortLink}?fields=id), which webhooks need.
func (b *Backend) resolveModel(ctx context.Context, c webhook.Changes) (webhook.Changes, error) {
	if c.Model == nil || !boardRef(*c.Model) {
		return c, nil
	}
	short := boardLink().FindStringSubmatch(strings.TrimSpace(*c.Model))[1]
	resp, err := b.api.Do(ctx, http.MethodGet, "/boards/"+url.PathEscape(short)+"?fields=id", nil)
	if err != nil {
		return c, fmt.Errorf("looking up the board %s: %w", short, err)
	}
	var board struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(resp.Body, &board) != nil || !webhook.HexID24(board.ID) {
		return c, resp.Unexpected()
	}
	id := board.ID
	c.Model = &id
	return c, nil
}

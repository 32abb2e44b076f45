package gitlab

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// samplesJSON are GitLab's documented example payloads, by event.
//
//go:embed samples.json
var samplesJSON []byte

// eventHeaders are the X-Gitlab-Event values of the events, by name.
var eventHeaders = map[string]string{
	"push": "Push Hook", "tag_push": "Tag Push Hook", "issues": "Issue Hook", "confidential_issues": "Confidential Issue Hook",
	"note": "Note Hook", "confidential_note": "Confidential Note Hook", "merge_requests": "Merge Request Hook",
	"job": "Job Hook", "pipeline": "Pipeline Hook", "releases": "Release Hook", "wiki_page": "Wiki Page Hook",
	"deployment": "Deployment Hook", "feature_flag": "Feature Flag Hook", "emoji": "Emoji Hook",
	"resource_access_token": "Resource Access Token Hook", "member": "Member Hook", "subgroup": "Subgroup Hook",
	"project": "Project Hook", "milestone": "Milestone Hook", "vulnerability": "Vulnerability Hook",
}

// eventOf names the event of a delivery from X-Gitlab-Event, else its
// object_kind; "" when it is neither.
func eventOf(header, objectKind string) string {
	for name, h := range eventHeaders {
		if strings.EqualFold(h, header) {
			return name
		}
	}
	for name, kind := range map[string]string{"issue": "issues", "merge_request": "merge_requests", "build": "job", "release": "releases"} {
		if objectKind == name {
			return kind
		}
	}
	if _, ok := eventHeaders[objectKind]; ok {
		return objectKind
	}
	return ""
}

var sampleEvents = []string{"push", "tag_push", "issues", "note", "merge_requests", "pipeline", "job", "releases"}

// Samples are GitLab deliveries of push, tag push, issue, note, merge
// request, pipeline, job and release events, with fresh ids and times.
var Samples = &spec.Samples{
	Events:       sampleEvents,
	DefaultEvent: "push",
	Shape:        "GitLab's event object (object_kind, project, object_attributes, …); the event in X-Gitlab-Event",
	Sample: func(event string, _ webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
		var all map[string]map[string]any
		if err := json.Unmarshal(samplesJSON, &all); err != nil {
			return nil, nil, err
		}
		body, ok := all[event]
		if !ok {
			return nil, nil, webhook.Invalid("EVENT", "gitlab has no sample of %q (samples: %s)", event, strings.Join(sampleEvents, ", "))
		}
		fresh("", body, now)
		h := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"GitLab/18.0.0"}}
		h.Set(HeaderEvent, eventHeaders[event])
		h.Set(HeaderEventUUID, uuid.NewString())
		h.Set(HeaderWebhookUUID, uuid.NewString())
		h.Set(HeaderIdempotency, uuid.NewString())
		return h, body, nil
	},
	Event: func(h http.Header, body []byte) string {
		var b struct {
			Kind string `json:"object_kind"`
		}
		_ = json.Unmarshal(body, &b)
		return eventOf(h.Get(HeaderEvent), b.Kind)
	},
}

// fresh gives the object's ids new numbers and its times now, each in the
// format the sample had.
func fresh(parent string, m map[string]any, now time.Time) {
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			fresh(k, v, now)
		case float64:
			if k == "build_id" || (k == "id" || k == "iid") && (parent == "object_attributes" || parent == "") {
				m[k] = float64(rand.IntN(900000) + 1000)
			}
		case string:
			if len(v) == 40 && (k == "after" || k == "checkout_sha" || k == "sha") {
				m[k] = fmt.Sprintf("%016x%016x%08x", rand.Uint64(), rand.Uint64(), rand.Uint32())
			}
			if strings.HasSuffix(k, "_at") || k == "timestamp" {
				switch {
				case strings.HasSuffix(v, " UTC"):
					m[k] = now.UTC().Format("2006-01-02 15:04:05 UTC")
				case strings.Contains(v, "T"):
					m[k] = now.UTC().Format(time.RFC3339)
				}
			}
		case []any:
			for _, e := range v {
				if o, ok := e.(map[string]any); ok {
					fresh(k, o, now)
				}
			}
		}
	}
}

package gitlab

import "github.com/hookctl/hookctl/pkg/webhook"

// Dialect is this dialect's name in profiles.
const Dialect = "gitlab"

// Events are the hook booleans GitLab documents for project and group hooks,
// by the name hookctl shows (push for push_events, …).
var Events = []string{
	"push", "tag_push", "issues", "confidential_issues", "note", "confidential_note", "merge_requests", "job",
	"pipeline", "wiki_page", "deployment", "releases", "feature_flag", "emoji", "resource_access_token",
	"milestone", "vulnerability", "member", "subgroup", "project",
}

// Native names of GitLab's settings.
const (
	settingName   = "name"
	settingSSL    = "enable_ssl_verification"
	settingFilter = "push_events_branch_filter"
)

// Schema is GitLab's field table: events are the hook's booleans, the token
// is write-only, and name, TLS verification and the branch filter are
// settings.
var Schema = &webhook.Schema{
	Dialect: Dialect,
	Fields: []webhook.Field{
		{Name: webhook.FieldID, Native: "id", Kind: webhook.KindInt, ReadOnly: true, Help: "hook id (digits)"},
		{Name: webhook.FieldURL, Native: "url", Kind: webhook.KindURL, Required: true, Help: "the URL GitLab posts to"},
		{Name: webhook.FieldDescription, Native: "description", Kind: webhook.KindString, Help: "what the hook is for"},
		{Name: webhook.FieldEvents, Native: "events", Kind: webhook.KindEvents, Help: "events delivered (GitLab's *_events booleans; default push)"},
		{Name: settingName, Native: settingName, Kind: webhook.KindString, Setting: true, Help: "the hook's name"},
		{Name: settingSSL, Native: settingSSL, Kind: webhook.KindBool, Setting: true, Default: "true", Help: "whether GitLab checks the URL's TLS certificate"},
		{Name: settingFilter, Native: settingFilter, Kind: webhook.KindString, Setting: true, Help: "branches whose pushes are delivered (wildcard)"},
	},
	Events:          Events,
	EventsNeed:      map[string]string{"member": KeyGroup, "subgroup": KeyGroup, "project": KeyGroup},
	DefaultEvent:    "push",
	StrictEvents:    true,
	IDPattern:       isID,
	IDHelp:          "digits",
	KeyFields:       []string{webhook.FieldURL},
	WriteOnlySecret: true,
	LogRetention:    "7 days",
	LogStatusFilter: true,
}

package gitlab_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/hookctl/hookctl/pkg/dialect/gitlab"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxgitlab "github.com/hookctl/hookctl/pkg/sandbox/gitlab"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// signingToken is a Standard Webhooks key, as GitLab's signing tokens are.
const signingToken = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// TestOfficialClient drives the sandbox with GitLab's official Go client
// (gitlab.com/gitlab-org/api/client-go/v2): add, get, list one a page
// across pages, edit, test, resend and delete, for project and group
// hooks, and checks that hookctl's dialect reads the same hooks the client
// decodes.
func TestOfficialClient(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{gitlab.Descriptor.Sandbox.Emulator}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	var signed atomic.Int32
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Gitlab-Token") != "tok" {
			w.WriteHeader(http.StatusUnauthorized)
		}
		if r.Header.Get(signature.StandardSignatureHeader) != "" {
			if err := signature.StandardVerify(r.Header, body, signingToken, time.Now()); err != nil {
				t.Errorf("Standard Webhooks signature: %v", err)
			}
			signed.Add(1)
		}
	}))
	t.Cleanup(recv.Close)
	base := srv.URL + sandboxgitlab.Prefix
	c, err := gl.NewClient(sandboxgitlab.Token, gl.WithBaseURL(base))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Run("project", func(t *testing.T) {
		const project = "acme/sub/api"
		b, err := gitlab.New(gitlab.Config{BaseURL: base, Token: sandboxgitlab.Token, Repo: project})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i, u := range []string{recv.URL + "/a", "https://example.com/b", "https://example.com/c"} {
			h, _, err := c.Projects.AddProjectHook(project, &gl.AddProjectHookOptions{URL: gl.Ptr(u), Token: gl.Ptr("tok"),
				Description: gl.Ptr("hook " + strconv.Itoa(i)), PushEvents: gl.Ptr(false), MergeRequestsEvents: gl.Ptr(true), IssuesEvents: gl.Ptr(i == 1)})
			if err != nil {
				t.Fatal(err)
			}
			if h.URL != u || h.PushEvents || !h.MergeRequestsEvents || !h.TokenPresent || h.ProjectID == 0 || h.CreatedAt == nil {
				t.Fatalf("added %+v", h)
			}
			ids = append(ids, h.ID)
		}
		// Paged one at a time, the client follows the sandbox's pages.
		var seen []int64
		opt := &gl.ListProjectHooksOptions{ListOptions: gl.ListOptions{PerPage: 1}}
		for pages := 0; ; pages++ {
			hs, resp, err := c.Projects.ListProjectHooks(project, opt)
			if err != nil || len(hs) != 1 || resp.TotalItems != 3 || resp.TotalPages != 3 {
				t.Fatalf("page %d: %v, %d hooks, %+v", opt.Page, err, len(hs), resp)
			}
			seen = append(seen, hs[0].ID)
			if resp.NextPage == 0 {
				break
			}
			opt.Page = resp.NextPage
		}
		if !slices.Equal(seen, ids) {
			t.Fatalf("listed %v, added %v", seen, ids)
		}
		// hookctl reads the hooks the client decodes.
		ours, err := b.List(ctx)
		if err != nil || len(ours) != 3 {
			t.Fatalf("dialect list: %v %v", ours, err)
		}
		for i, w := range ours {
			h, _, err := c.Projects.GetProjectHook(project, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"merge_requests"}
			if h.IssuesEvents {
				want = []string{"issues", "merge_requests"}
			}
			if w.ID != strconv.FormatInt(h.ID, 10) || w.URL != h.URL || *w.Description != h.Description || !slices.Equal(w.Events, want) {
				t.Errorf("dialect read %+v, client %+v", w, h)
			}
		}
		// Edit with the client; the dialect's update and the client agree.
		h, _, err := c.Projects.EditProjectHook(project, ids[1], &gl.EditProjectHookOptions{Name: gl.Ptr("renamed"), EnableSSLVerification: gl.Ptr(false)})
		if err != nil || h.Name != "renamed" || h.EnableSSLVerification || !h.TokenPresent || !h.IssuesEvents {
			t.Fatalf("edit: %v %+v", err, h)
		}
		w, err := b.Update(ctx, strconv.FormatInt(ids[1], 10), webhook.Changes{Events: []string{"pipeline", "push"}})
		if err != nil || !slices.Equal(w.Events, []string{"push", "pipeline"}) {
			t.Fatalf("dialect update: %v %+v", err, w)
		}
		if h, _, err = c.Projects.GetProjectHook(project, ids[1]); err != nil || !h.PushEvents || !h.PipelineEvents || h.IssuesEvents || h.MergeRequestsEvents || h.Name != "renamed" {
			t.Fatalf("after the dialect's update the client reads %v %+v", err, h)
		}
		// Test: the receiver's answer is in the hook's event log, which the
		// dialect reads.
		if _, err := c.Projects.TriggerTestProjectHook(project, ids[0], gl.ProjectHookEventMergeRequests); err != nil {
			t.Fatal(err)
		}
		ds, _, err := b.Deliveries(ctx, strconv.FormatInt(ids[0], 10), 10, "")
		if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 || ds[0].Event != "merge_requests" || ds[0].Request.Headers.Get("X-Gitlab-Token") == "tok" {
			t.Fatalf("event log: %v %+v", err, ds)
		}
		// A trigger GitLab does not have is refused.
		if _, err := c.Projects.TriggerTestProjectHook(project, ids[0], "nothing_events"); err == nil {
			t.Error("an unknown trigger was accepted")
		}
		for _, id := range ids {
			if _, err := c.Projects.DeleteProjectHook(project, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, resp, err := c.Projects.GetProjectHook(project, ids[0]); err == nil || resp.StatusCode != http.StatusNotFound {
			t.Fatalf("deleted hook: %v", err)
		}
	})
	t.Run("group", func(t *testing.T) {
		const group = "acme/platform"
		b, err := gitlab.New(gitlab.Config{BaseURL: base, Token: sandboxgitlab.Token, Group: group})
		if err != nil {
			t.Fatal(err)
		}
		w, err := b.Create(ctx, webhook.Changes{URL: gl.Ptr(recv.URL + "/g"), Events: []string{"member", "subgroup"}, Secret: gl.Ptr("tok")})
		if err != nil {
			t.Fatal(err)
		}
		id, _ := strconv.ParseInt(w.ID, 10, 64)
		// A signing token (set with the client: hookctl has no field for
		// it) adds Standard Webhooks signatures to the deliveries.
		if h, _, err := c.Groups.EditGroupHook(group, id, &gl.EditGroupHookOptions{SigningToken: gl.Ptr(signingToken)}); err != nil || !h.SigningTokenPresent || !h.TokenPresent {
			t.Fatalf("signing token: %v %+v", err, h)
		}
		h, _, err := c.Groups.GetGroupHook(group, id)
		if err != nil || h.URL != w.URL || !h.MemberEvents || !h.SubGroupEvents || h.PushEvents || !h.TokenPresent || h.GroupID == 0 {
			t.Fatalf("client reads %v %+v", err, h)
		}
		if _, err := c.Groups.TriggerTestGroupHook(group, id, gl.GroupHookTriggerPush); err != nil {
			t.Fatal(err)
		}
		ds, _, err := b.Deliveries(ctx, w.ID, 10, "")
		if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 || signed.Load() != 1 {
			t.Fatalf("event log: %v %+v", err, ds)
		}
		eventID, _ := strconv.ParseInt(ds[0].ID, 10, 64)
		if _, err := c.Groups.ResendGroupHookEvent(group, id, eventID); err != nil {
			t.Fatal(err)
		}
		again, _, err := b.Deliveries(ctx, w.ID, 10, "")
		if err != nil || len(again) != 2 || again[0].GUID != ds[0].GUID {
			t.Fatalf("after resend: %v %+v", err, again)
		}
		if _, _, err := c.Groups.EditGroupHook(group, id, &gl.EditGroupHookOptions{URL: gl.Ptr("https://example.com/moved")}); err != nil {
			t.Fatal(err)
		}
		if h, _, _ = c.Groups.GetGroupHook(group, id); h.TokenPresent {
			t.Error("GitLab drops the token when the URL changes without one; the sandbox kept it")
		}
		hs, _, err := c.Groups.ListGroupHooks(group, &gl.ListGroupHooksOptions{ListOptions: gl.ListOptions{PerPage: 1}})
		if err != nil || len(hs) != 1 || hs[0].ID != id {
			t.Fatalf("list: %v %+v", err, hs)
		}
		if _, err := c.Groups.DeleteGroupHook(group, id); err != nil {
			t.Fatal(err)
		}
		if ours, err := b.List(ctx); err != nil || len(ours) != 0 {
			t.Fatalf("after delete: %v %v", ours, err)
		}
	})
}

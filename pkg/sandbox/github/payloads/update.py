#!/usr/bin/env python3
"""Rebuild examples.json from GitHub's published example payloads.

    npm pack @octokit/webhooks-examples@7.6.1 && tar xzf octokit-webhooks-examples-7.6.1.tgz
    python3 update.py package/api.github.com/index.json > examples.json

takes one example per event hookctl sends (PICK) and fills in the members
that GitHub's published schemas (@octokit/webhooks-schemas 7.6.1) require
but these older examples lack (fill), with the values GitHub sends when
nothing is set. e2e/schemas_test.go checks the result against the schemas.
"""
import json
import sys

# event -> index in the package's list of examples of that event: a
# repository's, with the action hookctl sends; ping.organization is an
# organization's ping.
PICK = {
    "ping": 0, "ping.organization": 3, "push": 0, "pull_request": 0,
    "issues": 15, "issue_comment": 0, "create": 0, "delete": 0,
    "release": 0, "star": 0, "workflow_run": 0,
}

REACTIONS = {"total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
             "confused": 0, "heart": 0, "rocket": 0, "eyes": 0}


def fill(node):
    if isinstance(node, list):
        for v in node:
            fill(v)
        return
    if not isinstance(node, dict):
        return
    if "full_name" in node and "clone_url" in node:  # a whole repository
        node.setdefault("is_template", False)
        node.setdefault("web_commit_signoff_required", False)
        node.setdefault("topics", [])
        node.setdefault("visibility", "private" if node.get("private") else "public")
        node.setdefault("custom_properties", {})
    if "color" in node and "default" in node:  # a label
        node.setdefault("description", None)
    for v in node.values():
        fill(v)


def main():
    index = json.load(open(sys.argv[1]))
    by_name = {e["name"]: e["examples"] for e in index}
    out = {}
    for key, i in PICK.items():
        p = json.loads(json.dumps(by_name[key.split(".")[0]][i]))
        fill(p)
        for k in ("issue", "comment"):
            if k in p:
                p[k].setdefault("active_lock_reason", None) if k == "issue" else None
                p[k].setdefault("reactions", dict(REACTIONS, url=p[k]["url"] + "/reactions"))
        if "comment" in p:
            p["comment"].setdefault("performed_via_github_app", None)
        if "pull_request" in p:
            p["pull_request"].setdefault("active_lock_reason", None)
            p["pull_request"].setdefault("auto_merge", None)
        if "release" in p:
            r = p["release"]
            r["name"] = r.get("name") or r["tag_name"]
            r["body"] = r.get("body") or "Description of the release"
        if "workflow_run" in p:
            w = p["workflow_run"]
            w["conclusion"] = w.get("conclusion") or "success"
            w.setdefault("actor", p["sender"])
            w.setdefault("triggering_actor", p["sender"])
            w.setdefault("path", ".github/workflows/" + w["name"].lower().replace(" ", "-") + ".yml")
            w.setdefault("display_title", (w.get("head_commit") or {}).get("message", w["name"]))
        out[key] = p
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()

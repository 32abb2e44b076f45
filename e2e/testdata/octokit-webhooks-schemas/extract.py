#!/usr/bin/env python3
"""Cut GitHub's published webhook schemas down to the events hookctl sends.

    npm pack @octokit/webhooks-schemas@7.6.1 && tar xzf octokit-webhooks-schemas-7.6.1.tgz
    python3 extract.py package/schema.json > schema.json

keeps the definitions of EVENTS (and every definition they refer to), as
draft-07 JSON Schema, unchanged.
"""
import json
import sys

EVENTS = [
    "ping$event", "push$event", "pull_request$opened", "issues$opened",
    "issue_comment$created", "create$event", "delete$event",
    "release$published", "star$created", "workflow_run$completed",
]


def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/definitions/"):
            out.add(r[len("#/definitions/"):])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def main():
    full = json.load(open(sys.argv[1]))
    defs = full["definitions"]
    keep, todo = set(), list(EVENTS)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(defs[name], found)
        todo.extend(found - keep)
    out = {
        "$schema": full["$schema"],
        "$comment": "From the npm package @octokit/webhooks-schemas 7.6.1 (schema.json), "
                    "cut to the events hookctl sends by extract.py; definitions unchanged.",
        "definitions": {k: defs[k] for k in sorted(keep)},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()

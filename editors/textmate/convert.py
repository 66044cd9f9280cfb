#!/usr/bin/env python3
"""Writes the other forms of the kam grammar from kam.tmLanguage.json, the one
that is edited by hand:

  editors/vscode/syntaxes/kam.tmLanguage.json   the same file, inside the VS Code extension
  editors/textmate/kam.tmLanguage               XML property list (TextMate, Sublime Text)
  editors/sublime/kam.sublime-syntax            Sublime Text 3/4 and bat (syntect)

Usage: python3 editors/textmate/convert.py [OUTPUT_ROOT]
OUTPUT_ROOT defaults to the editors/ directory; tests/cli/editors.sh writes to a
scratch directory and compares, so a grammar edited without running this fails.
Standard library only.
"""
import json
import os
import plistlib
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "kam.tmLanguage.json")


def load():
    with open(SOURCE, encoding="utf-8") as f:
        return json.load(f)


# --- XML property list ----------------------------------------------------------

def to_plist(grammar):
    g = {k: v for k, v in grammar.items() if k != "$schema"}
    g["uuid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "kam:" + g["scopeName"])).upper()
    return plistlib.dumps(g, sort_keys=True)


# --- sublime-syntax -------------------------------------------------------------

def captures(caps):
    return {int(k): v["name"] for k, v in sorted(caps.items(), key=lambda kv: int(kv[0]))
            if "name" in v}


def include(ref):
    if ref == "$self":
        return {"include": "main"}
    if ref.startswith("#"):
        return {"include": ref[1:]}
    return {"include": "scope:" + ref}


def match_rule(rule, pattern, caps, scope=None):
    """One match: TextMate's capture 0 becomes the match's scope."""
    out = {"match": pattern}
    caps = captures(caps or {})
    whole = caps.pop(0, None)
    scopes = " ".join(s for s in (scope, whole) if s)
    if scopes:
        out["scope"] = scopes
    if caps:
        out["captures"] = caps
    return out


def rule_to_sublime(rule):
    if "include" in rule:
        return [include(rule["include"])]
    if "match" in rule:
        return [match_rule(rule, rule["match"], rule.get("captures"), rule.get("name"))]
    if "begin" in rule:
        begin = match_rule(rule, rule["begin"], rule.get("beginCaptures", rule.get("captures")))
        context = []
        if "name" in rule:
            context.append({"meta_scope": rule["name"]})
        if "contentName" in rule:
            context.append({"meta_content_scope": rule["contentName"]})
        end = match_rule(rule, rule["end"], rule.get("endCaptures", rule.get("captures")))
        end["pop"] = True
        context.append(end)                 # the end wins ties, as in TextMate
        for p in rule.get("patterns", []):
            context.extend(rule_to_sublime(p))
        begin["push"] = context
        return [begin]
    if "patterns" in rule:
        out = []
        for p in rule["patterns"]:
            out.extend(rule_to_sublime(p))
        return out
    raise ValueError("unsupported rule: %r" % rule)


def yaml_scalar(v):
    if v is True:
        return "true"
    if isinstance(v, int):
        return str(v)
    return "'" + v.replace("'", "''") + "'"


def yaml_lines(value, indent):
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append("%s%s:" % (pad, k))
                lines.extend(yaml_lines(v, indent + 2))
            else:
                lines.append("%s%s: %s" % (pad, k, yaml_scalar(v)))
    else:
        for item in value:
            sub = yaml_lines(item, indent + 2)
            lines.append(pad + "- " + sub[0].lstrip())
            lines.extend(sub[1:])
    return lines


def to_sublime(grammar):
    contexts = {"main": []}
    for p in grammar["patterns"]:
        contexts["main"].extend(rule_to_sublime(p))
    for name, rule in grammar["repository"].items():
        contexts[name] = rule_to_sublime(rule)
    head = [
        "%YAML 1.2",
        "---",
        "# Generated from editors/textmate/kam.tmLanguage.json by editors/textmate/convert.py;",
        "# edit that file and rerun the script.",
        "# https://www.sublimetext.com/docs/syntax.html",
        "name: " + yaml_scalar(grammar["name"]),
        "file_extensions:",
    ] + ["  - " + yaml_scalar(ext) for ext in grammar["fileTypes"]] + [
        "scope: " + yaml_scalar(grammar["scopeName"]),
        "contexts:",
    ]
    return ("\n".join(head + yaml_lines(contexts, 2)) + "\n").encode("utf-8")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(HERE)
    grammar = load()
    with open(SOURCE, "rb") as f:
        source = f.read()
    outputs = {
        os.path.join("vscode", "syntaxes", "kam.tmLanguage.json"): source,
        os.path.join("textmate", "kam.tmLanguage"): to_plist(grammar),
        os.path.join("sublime", "kam.sublime-syntax"): to_sublime(grammar),
    }
    for rel, data in outputs.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

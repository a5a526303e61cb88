#!/usr/bin/env python3
"""Writes THIRD-PARTY-NOTICES.md from the restore graph, or checks it (--check).

What we ship: the NuGet packages in the restore graph of the programs we distribute (the hub with its dashboard,
the edge agent and the simulators; tests and the benchmark harness are not shipped; build-time analyzers marked
developmentDependency are left out) and the npm packages the
dashboard copies into wwwroot/lib (package-lock.json entries that are not devDependencies).

The licence of a NuGet package is read from its .nuspec in the local package folder (a licence expression, or a
licence file recognised by its text); the licence of an npm package from package-lock.json. A package whose licence
is not on the allow-list, or cannot be recognised, fails --check with its name; so does a committed
THIRD-PARTY-NOTICES.md that no longer matches the graph (run this script without --check to rewrite it).

Needs a restore first (`dotnet build` or `dotnet restore` of the solution): it reads obj/project.assets.json.
"""

import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "THIRD-PARTY-NOTICES.md")

# The programs we distribute; their project references (contracts, city, dashboard) come with their restore graphs.
SHIPPED_PROJECTS = ["hub/Iot.Hub", "edge/Iot.Edge", "simulators/Iot.Simulators"]
NPM_PROJECTS = ["dashboard/Iot.Dashboard"]

# SPDX identifiers a commune can ship with an Apache-2.0 product. "OR" expressions pass when one side does.
ALLOWED = {
    "MIT", "MIT-0", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "Apache-2.0", "ISC", "PostgreSQL", "OFL-1.1",
}

# Licence files recognised by their text (a package that ships a file instead of an expression).
LICENCE_TEXTS = [
    ("MIT", re.compile(r"Permission is hereby granted, free of charge, to any person obtaining a copy", re.S)),
    ("Apache-2.0", re.compile(r"Apache License,?\s+Version 2\.0", re.S)),
    ("BSD-3-Clause", re.compile(r"Neither the name of .* nor the names of its\s+contributors", re.S)),
]


class Problem(Exception):
    pass


def nuget_packages():
    packages = {}
    for project in SHIPPED_PROJECTS:
        assets_path = os.path.join(ROOT, project, "obj", "project.assets.json")
        if not os.path.exists(assets_path):
            raise Problem(f"{assets_path} is missing: restore the solution first (dotnet restore Iot.Hub.sln)")
        with open(assets_path, encoding="utf-8") as f:
            assets = json.load(f)
        folders = list(assets["packageFolders"])
        for key, library in assets["libraries"].items():
            if library["type"] != "package":
                continue
            name, version = key.split("/", 1)
            directory = next((os.path.join(d, library["path"]) for d in folders if os.path.isdir(os.path.join(d, library["path"]))), None)
            if directory is None:
                raise Problem(f"NuGet package {name} {version} is not in any package folder ({', '.join(folders)})")
            packages.setdefault((name, version), {"dir": directory, "used_by": set()})["used_by"].add(os.path.basename(project))
    result = []
    for (name, version), info in sorted(packages.items(), key=lambda p: (p[0][0].lower(), p[0][1])):
        if development_dependency(info["dir"]):
            continue  # build-time only (analyzers): marked developmentDependency, never copied to the output
        licence, url = nuget_licence(name, version, info["dir"])
        result.append({"name": name, "version": version, "licence": licence, "url": url,
                       "used_by": sorted(info["used_by"])})
    return result


def read_nuspec(directory):
    nuspecs = [f for f in os.listdir(directory) if f.endswith(".nuspec")]
    if not nuspecs:
        return None
    with open(os.path.join(directory, nuspecs[0]), encoding="utf-8-sig") as f:
        return f.read()


def development_dependency(directory):
    nuspec = read_nuspec(directory)
    return nuspec is not None and re.search(r"<developmentDependency>\s*true\s*</developmentDependency>", nuspec) is not None


def nuget_licence(name, version, directory):
    nuspec = read_nuspec(directory)
    if nuspec is None:
        raise Problem(f"NuGet package {name} {version}: no .nuspec in {directory}")
    project_url = re.search(r"<projectUrl>([^<]*)</projectUrl>", nuspec)
    url = project_url.group(1).strip() if project_url else f"https://www.nuget.org/packages/{name}/{version}"
    licence = re.search(r'<license\s+type="(expression|file)"[^>]*>([^<]*)</license>', nuspec)
    if licence and licence.group(1) == "expression":
        return licence.group(2).strip(), url
    if licence and licence.group(1) == "file":
        path = os.path.join(directory, licence.group(2).strip().replace("\\", "/"))
        if not os.path.exists(path):
            raise Problem(f"NuGet package {name} {version}: its licence file {licence.group(2)} is missing")
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for spdx, pattern in LICENCE_TEXTS:
            if pattern.search(text):
                return spdx, url
        raise Problem(f"NuGet package {name} {version}: licence file {path} not recognised; read it and extend LICENCE_TEXTS")
    raise Problem(f"NuGet package {name} {version}: no licence expression or file in its .nuspec (licenseUrl only); check it by hand")


def npm_packages():
    result = []
    for project in NPM_PROJECTS:
        with open(os.path.join(ROOT, project, "package-lock.json"), encoding="utf-8") as f:
            lock = json.load(f)
        for path, entry in sorted(lock["packages"].items()):
            if not path or entry.get("dev"):
                continue  # the root project, and test-only packages (axe-core) that are never copied into wwwroot
            name = path.split("node_modules/")[-1]
            licence = entry.get("license")
            if not licence:
                raise Problem(f"npm package {name} {entry.get('version')}: package-lock.json names no licence")
            result.append({"name": name, "version": entry["version"], "licence": licence,
                           "url": f"https://www.npmjs.com/package/{name}/v/{entry['version']}",
                           "used_by": [os.path.basename(project)]})
    return result


def allowed(expression):
    """An SPDX expression of OR/AND without parentheses (what our packages use); parentheses fail closed."""
    if "(" in expression or ")" in expression:
        return False
    return any(all(term.strip() in ALLOWED for term in alternative.split(" AND "))
               for alternative in expression.split(" OR "))


def render(nuget, npm):
    lines = [
        "# Third-party software shipped with Iot.Hub",
        "",
        "Generated by `tools/third-party-notices.py` from the restore graph (NuGet `project.assets.json` of "
        + ", ".join(f"`{p}`" for p in SHIPPED_PROJECTS)
        + ") and the dashboard's `package-lock.json` (runtime dependencies only). Do not edit by hand: run "
        "`python3 tools/third-party-notices.py` after changing a package; `./test.sh` fails when this file is stale "
        "or a licence is not on the allow-list (" + ", ".join(sorted(ALLOWED)) + ").",
        "",
        "Iot.Hub itself is licensed under the Apache License 2.0 (see `LICENSE`). The .NET runtime and ASP.NET Core "
        "shared frameworks are MIT-licensed by the .NET Foundation. Container images built from our `Dockerfile` also "
        "contain Debian packages (such as `fonts-dejavu-core` for the PDF reports) under their own licences, listed in "
        "each image's `/usr/share/doc/*/copyright`.",
        "",
        f"## NuGet packages ({len(nuget)})",
        "",
        "| package | version | licence | used by | project |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {p['name']} | {p['version']} | {p['licence']} | {', '.join(p['used_by'])} | {p['url']} |" for p in nuget]
    lines += [
        "",
        f"## npm packages ({len(npm)})",
        "",
        "| package | version | licence | used by | project |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {p['name']} | {p['version']} | {p['licence']} | {', '.join(p['used_by'])} | {p['url']} |" for p in npm]
    return "\n".join(lines) + "\n"


def main(argv):
    check = "--check" in argv[1:]
    try:
        nuget, npm = nuget_packages(), npm_packages()
    except Problem as problem:
        print(f"third-party-notices: {problem}", file=sys.stderr)
        return 1
    refused = [p for p in nuget + npm if not allowed(p["licence"])]
    for p in refused:
        print(f"third-party-notices: {p['name']} {p['version']} is licensed {p['licence']}, which is not on the allow-list "
              f"(used by {', '.join(p['used_by'])})", file=sys.stderr)
    text = render(nuget, npm)
    if not check:
        with open(OUTPUT, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"third-party-notices: wrote {len(nuget)} NuGet and {len(npm)} npm packages to {os.path.relpath(OUTPUT, ROOT)}")
        return 1 if refused else 0
    stale = not os.path.exists(OUTPUT) or open(OUTPUT, encoding="utf-8").read() != text
    if stale:
        print("third-party-notices: THIRD-PARTY-NOTICES.md does not match the restore graph; run "
              "python3 tools/third-party-notices.py and commit the result", file=sys.stderr)
    if refused or stale:
        return 1
    print(f"third-party-notices: {len(nuget)} NuGet and {len(npm)} npm packages, every licence allowed, notices up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

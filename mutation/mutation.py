#!/usr/bin/env python3
"""Plans the Stryker runs for mutation/files.txt and turns their JSON reports into REPORT.md.

  mutation.py plan [PROJECT ...]      write one Stryker config per project into mutation/out/PROJECT/
                                      and print "NAME<TAB>CSPROJ<TAB>CONFIG" per project to run
  mutation.py record NAME --started T --seconds S --exit N --command TEXT
                                      write mutation/out/NAME/run.json (what the report says of a run)
  mutation.py report [--label TEXT] [--command TEXT]
                                      read mutation/out/*/reports/mutation-report.json, merge in
                                      mutation/annotations.json, write mutation/REPORT.md

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
FILES = HERE / "files.txt"
BASE_CONFIG = HERE / "stryker-config.json"
ANNOTATIONS = HERE / "annotations.json"
REPORT = HERE / "REPORT.md"
CANDIDATES = OUT / "annotation-candidates.json"

DETECTED = ("Killed", "Timeout")
UNDETECTED = ("Survived", "NoCoverage")
KEY_LENGTH = 160


# ---------------------------------------------------------------- plan


def read_entries() -> tuple[list[str], list[str]]:
    """The include and exclude ("!"-prefixed) globs of files.txt, repo-relative."""
    includes, excludes = [], []
    for raw in FILES.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        (excludes if line.startswith("!") else includes).append(line.lstrip("!").strip())
    return includes, excludes


def expand(pattern: str) -> list[str]:
    return sorted(
        p for p in glob.glob(pattern, root_dir=ROOT, recursive=True) if (ROOT / p).is_file()
    )


def owning_project(path: str) -> Path | None:
    """The nearest folder above a repo-relative path (file or glob) that holds a .csproj."""
    parts = Path(path).parts
    # Stop at the first wildcard: a glob's fixed prefix is what can own a project.
    fixed = []
    for part in parts:
        if any(c in part for c in "*?[{"):
            break
        fixed.append(part)
    folder = ROOT.joinpath(*fixed)
    if folder.suffix and not folder.is_dir():
        folder = folder.parent
    while folder != ROOT.parent and ROOT in (folder, *folder.parents):
        projects = sorted(folder.glob("*.csproj")) if folder.is_dir() else []
        if projects:
            return projects[0]
        folder = folder.parent
    return None


def plan() -> dict[str, dict]:
    """Project name -> {csproj, includes, files} from files.txt."""
    includes, excludes = read_entries()
    excluded = {f for pattern in excludes for f in expand(pattern)}
    projects: dict[str, dict] = {}
    for pattern in includes:
        files = [f for f in expand(pattern) if f not in excluded]
        owners = {owning_project(f) for f in files} or {owning_project(pattern)}
        if None in owners:
            sys.exit(f"mutation.py: no project owns {pattern!r} (files.txt)")
        for csproj in owners:
            entry = projects.setdefault(
                csproj.stem, {"csproj": csproj, "includes": [], "files": []}
            )
            entry["includes"].append(pattern)
            entry["files"].extend(
                f for f in files if owning_project(f) == csproj and f not in entry["files"]
            )
    for entry in projects.values():
        entry["excludes"] = excludes
    return projects


def stryker_config(entry: dict) -> dict:
    config = json.loads(BASE_CONFIG.read_text(encoding="utf-8"))
    settings = config["stryker-config"]
    settings["project"] = entry["csproj"].name
    # A test project given by full path is the form known to work with the mtp runner.
    settings["test-projects"] = [str(ROOT / p) for p in settings.get("test-projects", [])]
    # Stryker matches these against each file's full path: anchor them with "**/".
    settings["mutate"] = [f"**/{p}" for p in entry["includes"]] + [
        f"!**/{p}" for p in entry["excludes"]
    ]
    return config


def cmd_plan(args: argparse.Namespace) -> None:
    projects = plan()
    unknown = [name for name in args.projects if name not in projects]
    if unknown:
        sys.exit(f"mutation.py: unknown project(s) {', '.join(unknown)}; files.txt names: {', '.join(projects)}")
    for name, entry in projects.items():
        if args.projects and name not in args.projects:
            continue
        folder = OUT / name
        folder.mkdir(parents=True, exist_ok=True)
        config_path = folder / "stryker-config.json"
        config_path.write_text(json.dumps(stryker_config(entry), indent=2) + "\n", encoding="utf-8")
        test_dir = Path(stryker_config(entry)["stryker-config"]["test-projects"][0]).parent
        print(f"{name}\t{entry['csproj']}\t{config_path}\t{test_dir}")


def cmd_record(args: argparse.Namespace) -> None:
    folder = OUT / args.name
    config = json.loads((folder / "stryker-config.json").read_text(encoding="utf-8"))
    tools = json.loads((ROOT / ".config" / "dotnet-tools.json").read_text(encoding="utf-8"))
    run = {
        "project": args.name,
        "started": args.started,
        "seconds": args.seconds,
        "exit": args.exit,
        "command": args.command,
        "extra_args": args.extra,
        "mutate": config["stryker-config"]["mutate"],
        "stryker": tools["tools"]["dotnet-stryker"]["version"],
        "commit": git("rev-parse", "--short", "HEAD"),
        # Uncommitted changes to what was measured: the project and the test projects.
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--",
                          str(plan()[args.name]["csproj"].parent),
                          *(str(Path(t).parent) for t in config["stryker-config"]["test-projects"]))),
    }
    (folder / "run.json").write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- report


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def key_text(text: str) -> str:
    text = norm(text)
    return text if len(text) <= KEY_LENGTH else text[:KEY_LENGTH] + "…"


def code(text: str, limit: int = 110) -> str:
    """Inline code for a Markdown table cell."""
    text = norm(text)
    if len(text) > limit:
        text = text[:limit] + "…"
    if not text:
        return "(empty)"
    text = text.replace("|", "\\|")
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (ticks + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def score(counts: Counter, equivalent: int = 0, spurious: int = 0) -> str:
    detected = sum(counts[s] for s in DETECTED) - spurious
    valid = sum(counts[s] for s in DETECTED + UNDETECTED) - equivalent
    return "n/a" if valid <= 0 else f"{100 * detected / valid:.1f} %"


def slice_source(lines: list[str], location: dict) -> str:
    start, end = location["start"], location["end"]
    if start["line"] == end["line"]:
        return lines[start["line"] - 1][start["column"] - 1 : end["column"] - 1]
    parts = [lines[start["line"] - 1][start["column"] - 1 :]]
    parts += lines[start["line"] : end["line"] - 1]
    parts.append(lines[end["line"] - 1][: end["column"] - 1])
    return "\n".join(parts)


def load_annotations() -> tuple[list[dict], list[dict], set[str]]:
    """equivalent entries, spurious-kill entries, names of known flaky tests."""
    if not ANNOTATIONS.exists():
        return [], [], set()
    data = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    lists = []
    for kind in ("equivalent", "spurious_kills"):
        entries = data.get(kind, [])
        for i, entry in enumerate(entries):
            missing = [k for k in ("file", "mutator", "original", "mutated", "reason") if not entry.get(k)]
            if missing:
                sys.exit(f"mutation.py: annotations.json {kind}[{i}] lacks {', '.join(missing)}")
            entry["_kind"] = kind
        lists.append(entries)
    return lists[0], lists[1], {t.get("test", t) if isinstance(t, dict) else t for t in data.get("flaky_tests", [])}


def mutant_key(mutant: dict) -> tuple:
    return (mutant["file"], mutant["mutator"], mutant["key_original"], mutant["key_mutated"], mutant["line_text"])


def matches(annotation: dict, mutant: dict) -> bool:
    return (
        annotation["file"] == mutant["file"]
        and annotation["mutator"] == mutant["mutator"]
        and key_text(annotation["original"]) == mutant["key_original"]
        and key_text(annotation["mutated"]) == mutant["key_mutated"]
        and (not annotation.get("line_text") or norm(annotation["line_text"]) == mutant["line_text"])
        # Identical mutants on identical lines (two "ThrowIfNull(headers);" in one file) are told
        # apart by their order in the file.
        and (not annotation.get("occurrence") or annotation["occurrence"] == mutant["occurrence"])
    )


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def test_class(test_name: str) -> str:
    """FineTuneWorkflows.Tests.Replay.ScenarioReplayTests.Name(args) -> ScenarioReplayTests."""
    parts = test_name.split("(", 1)[0].split(".")
    return parts[-2] if len(parts) >= 2 else parts[0]


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s"


def entry_of(m: dict, **extra) -> dict:
    return {"file": m["file"], "mutator": m["mutator"], "original": m["key_original"],
            "mutated": m["key_mutated"], "line_text": m["line_text"],
            **({"occurrence": m["occurrence"]} if m["twins"] > 1 else {}),
            "reason": "", **extra, "_line": m["line"], "_status": m["status"]}


def by_place(m: dict) -> tuple:
    return (m["file"], m["line"], m["column"])


def cmd_report(args: argparse.Namespace) -> None:
    projects = plan()
    equivalents, spurious, flaky = load_annotations()
    rows = []  # per file
    mutants_all = []  # every killed / timeout / survived / no-coverage mutant
    runs = []
    for name, entry in projects.items():
        folder = OUT / name
        report_path = folder / "reports" / "mutation-report.json"
        run = json.loads((folder / "run.json").read_text()) if (folder / "run.json").exists() else {}
        report = json.loads(report_path.read_text()) if report_path.exists() else None
        stale = report is not None and sorted(run.get("mutate", [])) != sorted(
            stryker_config(entry)["stryker-config"]["mutate"]
        )
        runs.append((name, entry, run, report is not None, stale))
        tests = {}
        by_path = {}
        if report:
            for test_file in (report.get("testFiles") or {}).values():
                for test in test_file.get("tests", []):
                    tests[test["id"]] = test["name"]
            # Paths relative to the project, so a report read from another checkout still fits.
            project_dir = entry["csproj"].parent.relative_to(ROOT)
            project_root = report.get("projectRoot") or str(entry["csproj"].parent)
            for path, data in report["files"].items():
                in_project = os.path.relpath(path, project_root) if os.path.isabs(path) else path
                by_path[(project_dir / in_project).as_posix()] = data
        for rel in entry["files"]:
            data = by_path.get(rel)
            row = {"file": rel, "project": name, "counts": Counter(), "mutants": [],
                   "measured": data is not None}
            if data is not None:
                lines = data["source"].splitlines()
                for m in data["mutants"]:
                    status = m["status"]
                    row["counts"]["Errors" if status in ("CompileError", "RuntimeError") else status] += 1
                    if status not in UNDETECTED + DETECTED:
                        continue
                    original = slice_source(lines, m["location"])
                    mutant = {
                        "file": rel,
                        "line": m["location"]["start"]["line"],
                        "column": m["location"]["start"]["column"],
                        "mutator": m["mutatorName"],
                        "status": status,
                        "detected": status in DETECTED,
                        "original": original,
                        "mutated": m.get("replacement", ""),
                        "key_original": key_text(original),
                        "key_mutated": key_text(m.get("replacement", "")),
                        "line_text": norm(lines[m["location"]["start"]["line"] - 1]),
                        "covered_by": [tests.get(t, t) for t in (m.get("coveredBy") or [])],
                        "killed_by": sorted({tests.get(t, t) for t in (m.get("killedBy") or [])}),
                        "static": m.get("static", False),
                        "annotation": None,
                    }
                    row["mutants"].append(mutant)
                    mutants_all.append(mutant)
            rows.append(row)

    # Number identical mutants (same key) in file order, so an annotation can pick one of them.
    seen: Counter = Counter()
    twins: Counter = Counter(mutant_key(m) for m in mutants_all)
    for m in sorted(mutants_all, key=by_place):
        seen[mutant_key(m)] += 1
        m["occurrence"] = seen[mutant_key(m)]
        m["twins"] = twins[mutant_key(m)]

    # Merge the annotations; collect those that no longer fit.
    problems = []
    for annotation in equivalents + spurious:
        wants_detected = annotation["_kind"] == "spurious_kills"
        fitting = [m for m in mutants_all if matches(annotation, m)]
        hits = [m for m in fitting if m["detected"] == wants_detected]
        for m in hits:
            m["annotation"] = annotation
        what = "killed" if wants_detected else "surviving"
        if len(hits) > 1:
            problems.append((annotation, f"matches {len(hits)} {what} mutants (lines "
                             f"{', '.join(str(m['line']) for m in hits)}); applied to all of them: "
                             "add \"occurrence\" to pick one"))
        elif not hits and fitting and not wants_detected:
            problems.append((annotation, "Stryker now reports it killed: if a test really detects it, "
                             "remove the annotation (if a flaky test did, keep it)"))
        elif not hits and fitting:
            # A spurious kill that Stryker this time reports undetected: the hand check stands.
            for m in fitting:
                m["confirmed"] = annotation
        elif not hits:
            problems.append((annotation, "matches no mutant any more (code or mutator changed): re-check or remove"))

    # Kills worth a second look: static mutants, and kills only by known timing-sensitive tests.
    for m in mutants_all:
        m["suspect"] = ""
        if m["detected"] and not m["annotation"]:
            if m["killed_by"] and all(t.split("(", 1)[0] in flaky for t in m["killed_by"]):
                m["suspect"] = "killed only by a known timing-sensitive test"
            elif m["static"]:
                m["suspect"] = "static mutant (run against every test)"

    # Candidates file: unannotated survivors and suspect kills, ready to copy into annotations.json.
    OUT.mkdir(parents=True, exist_ok=True)
    CANDIDATES.write_text(json.dumps({
        "equivalent": [entry_of(m) for m in sorted(mutants_all, key=by_place)
                       if not m["detected"] and not m["annotation"]],
        "spurious_kills": [entry_of(m, checked="", _killed_by=m["killed_by"])
                           for m in sorted(mutants_all, key=by_place) if m["suspect"]],
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    for row in rows:
        row["equivalent"] = sum(1 for m in row["mutants"] if m["annotation"] and not m["detected"])
        row["spurious"] = sum(1 for m in row["mutants"] if m["annotation"] and m["detected"])

    REPORT.write_text(render(args, rows, runs, problems, equivalents + spurious), encoding="utf-8")
    print(f"mutation.py: wrote {REPORT.relative_to(ROOT)}")
    total = Counter()
    for row in rows:
        total.update(row["counts"])
    spurious_total = sum(r["spurious"] for r in rows if r["measured"])
    equivalent_total = sum(r["equivalent"] for r in rows if r["measured"])
    print(f"mutation.py: Stryker score {score(total)} ({total['Killed']} killed, {total['Timeout']} timeout, "
          f"{total['Survived']} survived, {total['NoCoverage']} no coverage); after annotations "
          f"{score(total, equivalent_total, spurious_total)}")


def render(args, rows, runs, problems, annotations) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    label = f" — {args.label}" if args.label else ""
    out = [f"# Mutation testing report{label}", ""]
    out.append("Generated by `mutation/mutation.py report` from the Stryker.NET JSON reports in "
               "`mutation/out/`; do not edit by hand (annotate mutants in `mutation/annotations.json`, "
               "see `mutation/README.md`).")
    out.append("")
    commands = sorted({r[2].get("command") for r in runs if r[2].get("command")})
    if commands:
        out.append("- Measured by: " + ", ".join(f"`{c}`" for c in commands) + " (from the repository root)")
    if args.command and args.command not in commands:
        out.append(f"- Report rewritten by: `{args.command}`")
    out.append(f"- Report written: {now:%Y-%m-%d %H:%M} UTC")
    commits = {r[2].get("commit") for r in runs if r[2].get("commit")}
    if commits:
        out.append(f"- Code measured: commit {', '.join(sorted(commits))}"
                   + (" plus uncommitted changes to the measured projects" if any(r[2].get("dirty") for r in runs) else ""))
    versions = {r[2].get("stryker") for r in runs if r[2].get("stryker")}
    if versions:
        base = json.loads(BASE_CONFIG.read_text())["stryker-config"]
        out.append(f"- Stryker.NET {', '.join(sorted(versions))}, test runner `{base.get('test-runner')}` (preview), "
                   f"coverage analysis `{base.get('coverage-analysis')}`, mutation level `{base.get('mutation-level')}`, "
                   f"concurrency {base.get('concurrency')}, additional timeout {base.get('additional-timeout', 'default')} ms "
                   "(`mutation/stryker-config.json`)")
    extra = {r[2].get("extra_args") for r in runs if r[2].get("extra_args")}
    if extra:
        out.append(f"- Extra Stryker options: {', '.join(f'`{e}`' for e in sorted(extra))} "
                   "(a `--since` run scores unchanged files n/a)")
    out.append("")
    out.append("**Score** = detected / (detected + undetected), Stryker's mutation score: detected = "
               "killed + timeout; undetected = survived + **no coverage** (a mutant no test even runs "
               "counts as undetected). Compile/runtime errors and ignored mutants are left out. "
               "**Adjusted** applies `mutation/annotations.json`: kills a hand check showed to be "
               "spurious count as undetected, and mutants judged equivalent leave the denominator.")
    out.append("")

    out.append("## Per file")
    out.append("")
    out.append("| File | killed | timeout | survived | no coverage | errors | ignored | score | spurious kills | equivalent | adjusted |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    cols = ("Killed", "Timeout", "Survived", "NoCoverage", "Errors", "Ignored")
    total = Counter()
    total_eq = total_sp = 0
    for row in rows:
        if not row["measured"]:
            out.append(f"| `{row['file']}` | " + " | ".join("–" for _ in cols)
                       + f" | not measured: run `mutation/run.sh {row['project']}` | | | |")
            continue
        counts = row["counts"]
        total.update(counts)
        total_eq += row["equivalent"]
        total_sp += row["spurious"]
        out.append(f"| `{row['file']}` | " + " | ".join(str(counts[c]) for c in cols)
                   + f" | **{score(counts)}** | {row['spurious']} | {row['equivalent']} | "
                   f"{score(counts, row['equivalent'], row['spurious'])} |")
    out.append("| **All files** | " + " | ".join(f"**{total[c]}**" for c in cols)
               + f" | **{score(total)}** | {total_sp} | {total_eq} | **{score(total, total_eq, total_sp)}** |")
    out.append("")
    out.append("A file with no mutants (only records, say) scores n/a. Stryker.NET does not mutate "
               "number literals (`TimeSpan.FromMinutes(15)`) or constant patterns: pin those in tests "
               "regardless of this score.")
    out.append("")

    out.append("## Runs")
    out.append("")
    out.append("| Project | Files | Mutants | Started (UTC) | Duration | Attempts | Stryker exit | Log |")
    out.append("|---|---|---:|---|---:|---:|---:|---|")
    for name, entry, run, have, stale in runs:
        mutants = sum(sum(r["counts"].values()) for r in rows if r["project"] == name)
        note = " (files.txt changed since: rerun)" if stale else ""
        if not have:
            out.append(f"| {name} | {len(entry['files'])} | – | not run | | | | |")
            continue
        attempts = 1 + len(list((OUT / name).glob("stryker.attempt*.log")))
        out.append(f"| {name}{note} | {len(entry['files'])} | {mutants} | {run.get('started', '?')} | "
                   f"{fmt_duration(run.get('seconds'))} | {attempts} | {run.get('exit', '?')} | "
                   f"`mutation/out/{name}/stryker.log` |")
    out.append("")
    out.append("*Duration* covers every attempt; a project is tried again (up to 3 times) when a test "
               "fails in Stryker's initial test run, which stops the run (see `mutation/README.md`). "
               "Each run also leaves `mutation/out/NAME/reports/mutation-report.html`, Stryker's "
               "browsable report, and the `mutation-report.json` this page is made from.")
    out.append("")

    out.append("## Surviving mutants")
    out.append("")
    out.append("*Survived*: the tests ran the mutated code and all passed. *NoCoverage*: no test runs "
               "it. Original → mutated is the code Stryker replaced, whitespace collapsed. *Tests*: how "
               "many tests run the mutant (per-test coverage); a *static* mutant (in a static field "
               "initialiser) is run against every test, and with the mtp runner it may not take effect "
               "at all, so confirm such a survivor by hand. Kills a hand check showed to be spurious "
               "are listed here too.")
    out.append("")
    for row in rows:
        shown = [m for m in row["mutants"] if not m["detected"] or (m["annotation"] and m["detected"])]
        if not shown:
            continue
        out.append(f"### `{row['file']}` — {len(shown)} undetected")
        out.append("")
        classes = Counter()
        for m in shown:
            classes.update({test_class(t) for t in m["covered_by"]})
        if classes:
            top = ", ".join(f"{c} ({n})" for c, n in classes.most_common(5))
            out.append(f"Test classes running these mutants (how many of them each runs): {top}.")
            out.append("")
        out.append("| Where | Status | Mutator | Original → mutated | Tests | Annotation |")
        out.append("|---|---|---|---|---:|---|")
        for m in sorted(shown, key=by_place):
            note = ""
            if m["annotation"]:
                kind = "spurious kill" if m["detected"] else "equivalent"
                note = f"{kind}: {m['annotation']['reason']}".replace("|", "/")
            elif m.get("confirmed"):
                note = f"undetected, confirmed by hand: {m['confirmed'].get('checked', '')}".replace("|", "/")
            tests = ("all (static)" if m["static"] and not m["covered_by"]
                     else str(len(m["covered_by"])) + (" (static)" if m["static"] else ""))
            out.append(f"| `{m['file']}:{m['line']}` | {m['status']} | {m['mutator']} | "
                       f"{code(m['original'])} → {code(m['mutated'])} | {tests} | {note} |")
        out.append("")

    suspects = [m for r in rows for m in r["mutants"] if m["suspect"]]
    out.append("## Kills to double-check")
    out.append("")
    out.append("Killed mutants that a flaky test may have \"killed\": static mutants, and kills only by "
               "a test listed in `flaky_tests` of `mutation/annotations.json`. If the tests pass with "
               "the change made by hand, add it to `spurious_kills`.")
    out.append("")
    if suspects:
        out.append("| Where | Mutator | Original → mutated | Why | Killed by |")
        out.append("|---|---|---|---|---|")
        for m in sorted(suspects, key=by_place):
            killers = ", ".join(f"`{t.split('(', 1)[0].rsplit('.', 2)[-2]}.{t.split('(', 1)[0].rsplit('.', 1)[-1]}`"
                                if t.count(".") >= 2 else f"`{t}`" for t in m["killed_by"][:3])
            out.append(f"| `{m['file']}:{m['line']}` | {m['mutator']} | {code(m['original'])} → "
                       f"{code(m['mutated'])} | {m['suspect']} | {killers} |")
    else:
        out.append("None.")
    out.append("")

    out.append("## Annotations")
    out.append("")
    eq = sum(r["equivalent"] for r in rows)
    sp = sum(r["spurious"] for r in rows)
    confirmed = sum(1 for r in rows for m in r["mutants"] if m.get("confirmed"))
    out.append(f"{len(annotations)} annotation(s) in `mutation/annotations.json`: {eq} undetected mutant(s) "
               f"marked equivalent, {sp} kill(s) marked spurious"
               + (f"; {confirmed} mutant(s) once killed spuriously are reported undetected this time, "
                  "as the hand check found" if confirmed else "") + ".")
    out.append("")
    if problems:
        out.append("**Annotations to check** (no longer matching, or matching several):")
        out.append("")
        for annotation, why in problems:
            out.append(f"- {annotation['_kind']}: `{annotation['file']}` {annotation['mutator']}: "
                       f"{code(annotation['original'])} → {code(annotation['mutated'])} — {why}")
        out.append("")
    out.append("To annotate a mutant, copy its entry from `mutation/out/annotation-candidates.json` into "
               "`mutation/annotations.json`, write the reason, and run `mutation/run.sh --report-only`.")
    out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command_name", required=True)
    p = sub.add_parser("plan")
    p.add_argument("projects", nargs="*")
    p.set_defaults(func=cmd_plan)
    rec = sub.add_parser("record")
    rec.add_argument("name")
    rec.add_argument("--started", required=True)
    rec.add_argument("--seconds", type=float, required=True)
    rec.add_argument("--exit", type=int, required=True)
    rec.add_argument("--command", default="")
    rec.add_argument("--extra", default="")
    rec.set_defaults(func=cmd_record)
    r = sub.add_parser("report")
    r.add_argument("--label", default="")
    r.add_argument("--command", default="")
    r.set_defaults(func=cmd_report)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()

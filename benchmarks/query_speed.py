"""Every bundled query on a merged graph of N synthetic CVs: rdflib against pyoxigraph.

    python benchmarks/query_speed.py [--cvs 100] [--seed 0] [--timeout-per-query 20]
                                     [--repeat 1] [--query NAME ...] [--param NAME=VALUE ...]

Generates N CVs (tests/support/generate.py) into a temporary directory, merges them
(``cvgraph.triples``) and builds each engine's store ONCE: an rdflib graph
(``cvgraph.rdf.graph.to_graph``) and a pyoxigraph store (``cvgraph.sparql.engines.oxigraph_store``), timed on
their own line. Then every query in ``cvgraph.queries.catalogue()`` (whatever ``queries/*.rq``
holds at run time) runs on both, timing only the query (``run_rdflib`` / ``run_oxigraph``:
parse, evaluate, convert the answer), and the two answers are compared (``Result.to_json()``;
for CONSTRUCT/DESCRIBE the sets of triples; blank node labels are ignored).

Parameters: ``person`` is bound to the owner of the first CV; other declared parameters get a
value chosen from their name, type and documented examples (see ``candidates``: the first that
gives a non-empty answer on oxigraph) unless ``--param`` gives one.

A query that runs longer than ``--timeout-per-query`` seconds on rdflib is interrupted and
reported as skipped (SIGALRM; on systems without it, rdflib is not interrupted). The default,
20 s, keeps a 100-CV run to a few minutes: about half of the bundled queries take longer than
that on rdflib at 100 CVs (160k triples). Pass e.g. 120 to see how much longer.
Exit status: 0, or 1 with ``--strict`` when the engines disagree or a query fails.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # tests/support: the CV generator

from support import generate

import cvgraph
from cvgraph.rdf.graph import to_graph
from cvgraph.sparql.catalogue import bind, catalogue
from cvgraph.sparql.engines import oxigraph_store, run_oxigraph, run_rdflib


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def timed(fn, *args, timeout: float | None = None):
    """(seconds, result) of fn(*args); raises Timeout after ``timeout`` seconds (SIGALRM)."""
    use_alarm = timeout and hasattr(signal, "setitimer")
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        start = time.perf_counter()
        result = fn(*args)
        return time.perf_counter() - start, result
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


# ----------------------------------------------------------------------------- parameters

def sample_values(paths: list[Path]) -> dict[str, str]:
    """Values from the generated data that parameters can be bound to (from the first CV)."""
    first, second = cvgraph.load(paths[0]), cvgraph.load(paths[1]) if len(paths) > 1 else None
    data = first.data
    person = data["person"]
    orgs = first.registries["organizations"]
    home = orgs[person["affiliation"][-1]]
    pubs = data["publications"]
    doi = next((p["doi"] for p in pubs if p.get("doi")), None)
    shared = None
    if second is not None:  # a paper the first two owners wrote together
        theirs = {p["doi"] for p in second.data["publications"] if p.get("doi")}
        shared = next((p["doi"] for p in pubs if p.get("doi") in theirs), None)
    venue = pubs[0]["venue"]
    return {
        "person": f"https://orcid.org/{person['orcid']}",
        "other": f"https://orcid.org/{second.data['person']['orcid']}" if second else
                 f"https://orcid.org/{person['orcid']}",
        "org": f"https://ror.org/{home['ror']}" if home.get("ror") else f"{first.base}#org-{home['id']}",
        "venue": f"{first.base}#venue-{venue}",
        "venue_name": first.registries["venues"][venue].get("short") or first.registries["venues"][venue]["name"],
        "work": f"https://doi.org/{(shared or doi or '').lower()}" if (shared or doi) else f"{first.base}#pub-x",
        "name": person["name"],
        "skill": data["skills"][0]["items"][0],
        "group": data["skills"][0]["group"],
        "interest": data["interests"][0],
        "country": person.get("address", {}).get("country", "USA"),
        "role": data["service"][0]["role"],
    }


def candidates(name: str, ptype: str, doc: str, values: dict[str, str]) -> list[str]:
    """Sensible values for a declared parameter, best first: from its name and type, and for
    text parameters also the examples its documentation quotes ("sole", "first" or "last")."""
    n = name.lower()
    words = set(n.replace("-", "_").split("_"))
    if ptype == "iri":
        if n in ("person", "owner", "me", "author"):
            return [values["person"]]
        if any(k in n for k in ("coauthor", "co_author", "other", "collaborator", "target", "advisor")):
            return [values["other"]]
        if any(k in n for k in ("org", "institution", "employer", "affiliation", "university", "host")):
            return [values["org"]]
        if any(k in n for k in ("venue", "journal", "conference", "workshop")):
            return [values["venue"]]
        if any(k in n for k in ("work", "pub", "paper", "article", "doi")):
            return [values["work"]]
        return [values["person"]]
    if ptype == "string":
        out = re.findall(r'"([^"]+)"', doc)
        for keys, value in ((("skill", "skills"), values["skill"]), (("group",), values["group"]),
                            (("country",), values["country"]), (("role",), values["role"]),
                            (("venue", "journal", "conference"), values["venue_name"]),
                            (("name", "person"), values["name"]),
                            (("interest", "topic", "keyword", "text", "q", "search", "title", "term"),
                             values["interest"])):
            if words & set(keys):
                out.append(value)
        return out + [values["interest"]]
    if ptype == "integer":
        if words & {"limit", "top", "max", "count", "n"}:
            return ["10"]
        return ["2" if "min" in words else "5"]
    if ptype == "gYear":
        if words & {"to", "until", "end", "before"}:
            return ["2022"]
        return ["2018"] if words & {"from", "since", "start", "after"} else \
            ["2020", "2022", "2018", "2023", "2021", "2019", "2024", "2017"]
    if ptype == "date":
        if words & {"to", "until", "end", "before"}:
            return ["2022-12-31"]
        return ["2018-01-01"]
    raise ValueError(f"unknown parameter type {ptype!r}")


def choose_params(query, values: dict[str, str], overrides: dict[str, str], store) -> dict[str, str]:
    """Bind each parameter to a candidate value; where there are several, take the first
    combination that gives a non-empty answer on oxigraph (an empty answer times little)."""
    import itertools

    names = [p.name for p in query.params]
    options = [[overrides[p.name]] if p.name in overrides else
               list(dict.fromkeys(candidates(p.name, p.type, p.doc, values))) for p in query.params]
    first = dict(zip(names, (opts[0] for opts in options)))
    if all(len(opts) == 1 for opts in options):
        return first
    for combo in itertools.islice(itertools.product(*options), 60):
        trial = dict(zip(names, combo))
        try:
            result = run_oxigraph(bind(query, trial), query.form, store)
        except Exception:  # noqa: BLE001, S112 - a refused value: try the next
            continue
        if result.boolean if query.form == "ASK" else comparable(result)[0]:
            return trial
    return first


# ----------------------------------------------------------------------------- comparison

def comparable(result) -> tuple[int, object]:
    """(rows, a value equal for equal answers): SPARQL JSON with blank node labels dropped."""
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        from cvgraph.rdf.terms import Blank, nt_term

        lines = sorted(" ".join("_:b" if type(t) is Blank else nt_term(t) for t in triple)
                       for triple in result.triples)
        return len(lines), lines
    data = result.to_json()
    if result.form == "ASK":
        return 1, data
    for row in data["results"]["bindings"]:
        for term in row.values():
            if term["type"] == "bnode":
                term["value"] = "_:b"
    return len(data["results"]["bindings"]), data


def same(a: object, b: object) -> str:
    """"same", "same*" (the same rows in another order) or "DIFF"."""
    if a == b:
        return "same"
    if isinstance(a, dict) and isinstance(b, dict) and "results" in a and "results" in b \
            and a["head"] == b["head"]:
        def key(rows):
            return sorted(json.dumps(r, sort_keys=True) for r in rows)

        if key(a["results"]["bindings"]) == key(b["results"]["bindings"]):
            return "same*"
    return "DIFF"


def first_difference(a: object, b: object) -> str:
    if isinstance(a, dict) and isinstance(b, dict) and "results" in a and "results" in b:
        if a["head"] != b["head"]:
            return f"variables: rdflib {a['head']} vs oxigraph {b['head']}"
        ra, rb = a["results"]["bindings"], b["results"]["bindings"]
        for i, (x, y) in enumerate(zip(ra, rb)):
            if x != y:
                return f"row {i + 1}: rdflib {json.dumps(x, ensure_ascii=False)[:300]}\n" \
                       f"{'':8}oxigraph {json.dumps(y, ensure_ascii=False)[:300]}"
        return f"row counts: rdflib {len(ra)} vs oxigraph {len(rb)}"
    if isinstance(a, list) and isinstance(b, list):
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        return (f"{len(only_a)} triples only from rdflib (e.g. {only_a[:1]}), "
                f"{len(only_b)} only from oxigraph (e.g. {only_b[:1]})")
    return f"rdflib {a!r} vs oxigraph {b!r}"


# ----------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cvs", type=int, default=100, help="how many synthetic CVs to merge (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--timeout-per-query", type=float, default=20.0, metavar="S",
                        help="interrupt rdflib on a query after S seconds and report it skipped (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per query and engine; the best is shown")
    parser.add_argument("--query", action="append", default=[], metavar="NAME", help="only these queries")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind this parameter wherever a query declares it")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the engines disagree or a query fails")
    args = parser.parse_args(argv)
    if args.cvs < 1:
        parser.error("--cvs must be at least 1")
    overrides = dict(p.split("=", 1) for p in args.param)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # rows appear as they are measured

    import pyoxigraph
    import rdflib

    print(f"Python {platform.python_version()} ({platform.python_implementation()}), "
          f"{platform.system()} {platform.machine()}, {_cpus()} CPUs; rdflib {rdflib.__version__}, "
          f"pyoxigraph {pyoxigraph.__version__}, cvgraph {cvgraph.__version__}")

    queries = catalogue()
    if args.query:
        unknown = [q for q in args.query if q not in queries]
        if unknown:
            parser.error(f"unknown queries: {', '.join(unknown)}; bundled: {', '.join(queries)}")
        queries = {name: queries[name] for name in args.query}

    with tempfile.TemporaryDirectory(prefix="cvgraph-bench-") as tmp:
        t_gen, paths = timed(generate.write, args.cvs, tmp, args.seed)
        t_map, triples = timed(cvgraph.triples, paths)
        values = sample_values(paths)
    t_rdflib, graph = timed(to_graph, triples)
    t_ox, store = timed(oxigraph_store, triples, None)
    print(f"graph: {args.cvs} CVs (seed {args.seed}), {len(triples):,} triples "
          f"({len(triples) / args.cvs:,.0f} per CV after merging shared nodes)")
    print(f"load: generate {t_gen:.2f} s; YAML -> triples {t_map:.2f} s; rdflib graph {t_rdflib:.2f} s; "
          f"oxigraph store {t_ox:.2f} s")
    # warm up both engines (rdflib builds its SPARQL grammar on first use)
    run_rdflib("ASK { ?s ?p ?o }", "ASK", graph)
    run_oxigraph("ASK { ?s ?p ?o }", "ASK", store)

    results, notes, bound = [], [], {}
    failures = 0
    table = _Table(queries)
    for name, query in queries.items():
        params = choose_params(query, values, overrides, store)
        bound[name] = params
        row = {"query": name, "form": query.form, "rows": None, "rdflib": None, "oxigraph": None,
               "answers": ""}
        results.append(row)
        try:
            text = bind(query, params)
        except Exception as exc:  # noqa: BLE001 - a guessed value the query refuses
            row["answers"] = "ERROR"
            notes.append(f"{name}: cannot bind {params}: {exc}")
            failures += 1
            table.row(row)
            continue
        ox_time, ox_result, ox_error = _best(run_oxigraph, (text, query.form, store), args.repeat)
        rd_time, rd_result, rd_error = _best(run_rdflib, (text, query.form, graph), args.repeat,
                                             args.timeout_per_query)
        row["oxigraph"], row["rdflib"] = ox_time, rd_time
        ox_rows, ox_cmp = comparable(ox_result) if ox_result is not None else (None, None)
        rd_rows, rd_cmp = comparable(rd_result) if rd_result is not None else (None, None)
        row["rows"] = ox_rows if ox_rows is not None else rd_rows
        if rd_error == "timeout":
            row["answers"], row["rdflib"] = "unchecked", "skipped"
            notes.append(f"{name}: rdflib did not finish within {args.timeout_per_query:g} s (interrupted)")
        elif rd_error or ox_error:
            row["answers"] = "ERROR"
            failures += 1
            notes.append(f"{name}: " + "; ".join(f"{e} failed: {m}" for e, m in
                                                  (("rdflib", rd_error), ("oxigraph", ox_error)) if m))
        else:
            row["answers"] = same(rd_cmp, ox_cmp)
            if row["answers"] == "DIFF":
                failures += 1
                notes.append(f"{name}: engines disagree: {first_difference(rd_cmp, ox_cmp)}")
        table.row(row)

    timed_both = [r for r in results if isinstance(r["rdflib"], float) and isinstance(r["oxigraph"], float)]
    rd_total = sum(r["rdflib"] for r in timed_both)
    ox_total = sum(r["oxigraph"] for r in timed_both)
    print(f"total over the {len(timed_both)} queries both engines answered: rdflib {rd_total:.2f} s, "
          f"oxigraph {ox_total:.3f} s" + (f" ({_ratio(rd_total, ox_total)})" if ox_total else ""))
    ox_timed = [r for r in results if isinstance(r["oxigraph"], float)]
    ox_sum = sum(r["oxigraph"] for r in ox_timed)
    slowest = max(ox_timed, key=lambda r: r["oxigraph"], default=None)
    if slowest is not None and t_ox > 0:  # the floor of this run: loading the graph into pyoxigraph once
        print(f"oxigraph: all {len(ox_timed)} queries {ox_sum:.2f} s = {ox_sum / t_ox:.2f}x the store's load "
              f"({t_ox:.2f} s, the floor); slowest {slowest['query']} {slowest['oxigraph']:.2f} s = "
              f"{slowest['oxigraph'] / t_ox:.2f}x")
    skipped = [r for r in results if r["rdflib"] == "skipped"]
    if skipped:
        ox_all = sum(r["oxigraph"] for r in results if isinstance(r["oxigraph"], float))
        print(f"rdflib skipped (over {args.timeout_per_query:g} s): {', '.join(r['query'] for r in skipped)}; "
              f"oxigraph on all {len(results)} queries: {ox_all:.3f} s")
    print("answers: same = identical; same* = the same rows in another order; DIFF = the engines disagree")
    person = values["person"]
    declared = sum(1 for p in bound.values() if p.get("person") == person)
    print(f"parameters: person = {person} (owner of cv-00001.yaml) in the {declared} queries declaring it"
          + "".join(f"; {n}: " + ", ".join(f"{k}={v}" for k, v in p.items() if k != "person")
                    for n, p in bound.items() if set(p) - {"person"}))
    for note in notes:
        print("note: " + note)
    return 1 if args.strict and failures else 0


def _best(run, run_args: tuple, repeat: int, timeout: float | None = None):
    """(best seconds, result, error) over ``repeat`` runs; error is "timeout" or a message."""
    best, result = None, None
    for _ in range(max(1, repeat)):
        try:
            seconds, result = timed(run, *run_args, timeout=timeout)
        except Timeout:
            return None, None, "timeout"
        except Exception as exc:  # noqa: BLE001 - report any engine failure, keep benchmarking
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return None, None, f"{type(exc).__name__}: {message[:200]}"
        best = seconds if best is None else min(best, seconds)
    return best, result, None


def _ratio(slow: float, fast: float) -> str:
    r = slow / fast
    return f"{r:.1f}x" if r < 10 else f"{r:.0f}x"


class _Table:
    """The results table, printed a row at a time (a slow query shows the rows before it)."""

    HEAD = ("query", "form", "rows", "rdflib s", "oxigraph s", "ratio", "answers")
    RIGHT = frozenset({2, 3, 4, 5})

    def __init__(self, names) -> None:
        self.widths = [max([5] + [len(n) for n in names]), 9, 7, 8, 10, 7, 9]
        self.line(self.HEAD)
        self.line(tuple("-" * w for w in self.widths))

    def line(self, cells: tuple) -> None:
        print("  ".join(v.rjust(w) if i in self.RIGHT else v.ljust(w)
                        for i, (v, w) in enumerate(zip(cells, self.widths))).rstrip(), flush=True)

    def row(self, r: dict) -> None:
        def cell(v) -> str:
            return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

        both = isinstance(r["rdflib"], float) and isinstance(r["oxigraph"], float) and r["oxigraph"] > 0
        self.line((r["query"], r["form"], "-" if r["rows"] is None else f"{r['rows']:,}", cell(r["rdflib"]),
                   cell(r["oxigraph"]), _ratio(r["rdflib"], r["oxigraph"]) if both else "", r["answers"]))


def _cpus() -> str:
    import os

    try:
        return str(len(os.sched_getaffinity(0)))
    except AttributeError:
        return str(os.cpu_count())


if __name__ == "__main__":
    sys.exit(main())

"""Do other SHACL engines give exactly pySHACL's results on cvgraph's shapes, and how fast are they?

For each engine that is installed (pySHACL is the reference; the others come from PyPI:
``pip install pyshacl-turbo pyshifty shacl-rust shacl``) and each data set:

  cases      every tests/shapes/cases/*.ttl (the test-case description removed), core shapes
  sample     data/sunwoo-lee.yaml, core shapes
  extended   tests/data/extended.yaml, core shapes
  synthetic  N CVs from tests/support/generate.py (default 50), core shapes
  google     data/sunwoo-lee.yaml, google shapes

the engine's results are compared with pySHACL's: ``conforms`` (no result of severity Violation,
which is what cvgraph's Report means by it; the engine's own flag is shown when it differs) and
the set of (focus node, result path, source constraint component, severity). A second, stricter
comparison adds sh:value and sh:resultMessage: what cvgraph's printed report shows. Each engine is
timed on each data set, median of --runs runs in this one process, shapes compiled once where the
engine can (pySHACL has no such thing), and given what cvgraph has at hand: an rdflib graph, or
the N-Triples text for the engines that only read text. Prints a table, then every difference.

    python benchmarks/shacl_engines.py [--runs 5] [--synthetic 50] [--engines pyshacl,pyshacl-turbo]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the CV generator; contract.test_shapes.load_case: how a case splits

from rdflib import RDF, BNode, Graph
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import SH

SH_NS = str(SH)
RENAMED = "_:(renamed)"  # a blank node that an engine reading text renamed: not traceable to the data


# ---------------------------------------------------------------------------------------------
# Normalised results
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Res:
    focus: str
    path: str
    component: str
    severity: str
    value: str
    message: str

    @property
    def key(self) -> tuple:  # what the comparison is about
        return (self.focus, self.path, self.component, self.severity)

    @property
    def full(self) -> tuple:  # what cvgraph's printed report shows besides
        return self.key + (self.value, self.message)


class Names:
    """Terms as comparable text. A blank node is named by what the data graph says about it
    (its IRI/literal neighbours), since engines that read text rename blank nodes."""

    def __init__(self, data: Graph):
        self.data = data
        self._sig: dict[BNode, str] = {}

    def bnode(self, b: BNode) -> str:
        if b not in self._sig:
            outs = sorted(f"{p.n3()} {o.n3()}" for p, o in self.data.predicate_objects(b)
                          if not isinstance(o, BNode))
            ins = sorted(f"{s.n3()} {p.n3()}" for s, p in self.data.subject_predicates(b)
                         if not isinstance(s, BNode))
            self._sig[b] = "_:[" + "; ".join(ins) + " | " + "; ".join(outs) + "]" if (outs or ins) else "_:?"
        return self._sig[b]

    def term(self, t) -> str:
        if t is None:
            return ""
        if isinstance(t, BNode):
            return self.bnode(t)
        return plain(t.n3())

    def text(self, s: str | None) -> str:
        """An N-Triples term written by an engine that reads text."""
        if not s:
            return ""
        if s.startswith("_:"):
            b = BNode(s[2:])
            return self.bnode(b) if (b, None, None) in self.data or (None, None, b) in self.data else RENAMED
        return plain(s)


def plain(n3: str) -> str:
    """"x"^^xsd:string is "x" (RDF 1.1), though rdflib keeps the two apart."""
    suffix = "^^<http://www.w3.org/2001/XMLSchema#string>"
    return n3.removesuffix(suffix)


def path_text(g: Graph, node) -> str:
    if node is None:
        return ""
    try:
        p = parse_shacl_path(g, node)
    except Exception:  # noqa: BLE001
        return "(a path node the report does not describe)"
    return norm_path(p.n3() if hasattr(p, "n3") else str(p))


def norm_path(text: str | None) -> str:
    """A SPARQL property path as comparable text: engines differ in spacing and in parentheses."""
    if not text:
        return ""
    return re.sub(r"[\s()]", "", text)


def from_report_graph(rg: Graph, names: Names) -> list[Res]:
    out = []
    for r in set(rg.subjects(SH.resultSeverity, None)) | set(rg.subjects(RDF.type, SH.ValidationResult)):
        out.append(Res(
            focus=names.term(rg.value(r, SH.focusNode)),
            path=path_text(rg, rg.value(r, SH.resultPath)),
            component=str(rg.value(r, SH.sourceConstraintComponent)),
            severity=str(rg.value(r, SH.resultSeverity, default=SH.Violation)),
            value=names.term(rg.value(r, SH.value)),
            message=" || ".join(sorted(str(m) for m in rg.objects(r, SH.resultMessage))),
        ))
    return out


def shape_messages(messages, shape_msgs: set[str]) -> str:
    """An engine reading text adds its own message to the shape's sh:message: keep the latter
    (what an integration in cvgraph would do), or all when the shape has none."""
    own = [m for m in messages if m in shape_msgs]
    return " || ".join(sorted(own or messages))


def unbracket(s: str | None) -> str:
    return s[1:-1] if s and s.startswith("<") and s.endswith(">") else (s or "")


# ---------------------------------------------------------------------------------------------
# Engines: prepare(shapes graph, shapes text) -> state; run(state, data graph, nt) -> (flag, results)
# ---------------------------------------------------------------------------------------------

class Engine:
    name = ""
    module = ""

    def available(self) -> str | None:
        from importlib.util import find_spec

        return None if find_spec(self.module) else f"{self.module} not installed"

    def version(self) -> str:
        from importlib.metadata import version

        try:
            return version(self.dist)
        except Exception:  # noqa: BLE001
            return "?"


class PySHACL(Engine):
    name, module, dist = "pyshacl", "pyshacl", "pyshacl"

    def prepare(self, sg, text):
        return sg

    def run(self, sg, g, nt):
        import pyshacl

        conforms, rg, _ = pyshacl.validate(g, shacl_graph=sg, inference="none", advanced=False,
                                           allow_warnings=True, inplace=True, abort_on_first=False)
        return conforms, from_report_graph(rg, Names(g))


class Turbo(Engine):
    name, module, dist = "pyshacl-turbo", "pyshacl_turbo", "pyshacl-turbo"

    def prepare(self, sg, text):
        import pyshacl_turbo

        return pyshacl_turbo.compile_shapes(sg, advanced=False)

    def run(self, compiled, g, nt):
        conforms, rg, _ = compiled.validate(g, inference="none", allow_warnings=True, inplace=True,
                                            abort_on_first=False)
        return conforms, from_report_graph(rg, Names(g))


class Shifty(Engine):
    name, module, dist = "pyshifty", "shifty", "pyshifty"

    def prepare(self, sg, text):
        import shifty

        return shifty.PreparedValidator(sg)

    def run(self, prepared, g, nt):
        conforms, rg, _ = prepared.validate(g, infer=False)
        return conforms, from_report_graph(rg, Names(g))


class ShaclRust(Engine):
    name, module, dist = "shacl-rust", "shacl_rust", "shacl-rust"

    def prepare(self, sg, text):
        # no compiled-shapes API: the shapes are parsed on every call
        return text, {str(m) for m in sg.objects(None, SH.message)}

    def run(self, state, g, nt):
        import shacl_rust

        text, msgs = state
        report = shacl_rust.validate(nt, text, data_format="nt", shapes_format="turtle")
        names = Names(g)
        out = [Res(focus=names.text(r.get("focusNode")), path=norm_path(r.get("resultPath")),
                   component=unbracket(r.get("sourceConstraintComponent")),
                   severity=unbracket(r.get("severity")) or SH_NS + "Violation",
                   value=names.text(r.get("value")),
                   message=shape_messages(r.get("messages", []), msgs))
               for r in report["results"]]
        return report["conforms"], out


class Winstanley(Engine):
    name, module, dist = "shacl", "shacl", "shacl"

    def available(self) -> str | None:
        why = super().available()
        if why:
            return why
        import shacl

        return None if hasattr(shacl, "Shapes") else "`shacl` is another package (no shacl.Shapes)"

    def prepare(self, sg, text):
        import shacl

        return shacl.Shapes.from_turtle(text), {str(m) for m in sg.objects(None, SH.message)}

    def run(self, state, g, nt):
        shapes, msgs = state
        report = shapes.validate_text(nt, format="nt", allow_warnings=True)
        names = Names(g)
        out = [Res(focus=names.text(r.focus_node), path=norm_path(r.path), component=r.component_iri,
                   severity=r.severity_iri, value=names.text(r.value),
                   message=shape_messages(r.messages, msgs))
               for r in report.results]
        return report.conforms, out


ENGINES = [PySHACL(), Turbo(), Shifty(), ShaclRust(), Winstanley()]


# ---------------------------------------------------------------------------------------------
# Data sets: name -> (profile, [(item name, rdflib graph, N-Triples text)])
# ---------------------------------------------------------------------------------------------

def case_graphs() -> list[tuple[str, Graph]]:
    """Every shape case's data graph, split from its test description as tests/contract/test_shapes.py does."""
    from contract.test_shapes import CASE_FILES, load_case

    return [(path.stem, load_case(path).data) for path in CASE_FILES]


def cv_graph(source) -> Graph:
    import cvgraph

    return cvgraph.build(source)


def synthetic_graphs(n: int) -> list[tuple[str, Graph]]:
    import tempfile

    from support import generate

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in generate.generate(n):
            p = Path(tmp) / name
            p.write_text(text, encoding="utf-8")
            out.append((name, cv_graph(p)))
    return out


def datasets(n_synthetic: int) -> dict[str, tuple[str, list[tuple[str, Graph, str]]]]:
    def with_nt(items):
        return [(name, g, g.serialize(format="nt")) for name, g in items]

    sample = cv_graph(ROOT / "data" / "sunwoo-lee.yaml")
    return {
        "cases": ("core", with_nt(case_graphs())),
        "sample": ("core", with_nt([("sunwoo-lee", sample)])),
        "extended": ("core", with_nt([("extended", cv_graph(ROOT / "tests" / "data" / "extended.yaml"))])),
        f"synthetic{n_synthetic}": ("core", with_nt(synthetic_graphs(n_synthetic))),
        "google": ("google", with_nt([("sunwoo-lee", sample)])),
    }


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------

def run_all(engine: Engine, state, items):
    out = {}
    for name, g, nt in items:
        try:
            flag, results = engine.run(state, g, nt)
            out[name] = (flag, results, None)
        except Exception as exc:  # noqa: BLE001
            out[name] = (None, [], f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")
    return out


def effective(results: list[Res]) -> bool:
    return not any(r.severity == SH_NS + "Violation" for r in results)


def unname(results: list[Res]) -> list[Res]:
    def u(t: str) -> str:
        return RENAMED if t.startswith("_:") else t

    return [Res(u(r.focus), r.path, r.component, r.severity, u(r.value), r.message) for r in results]


def compare(ref, got, renamed: set | None = None) -> tuple[list[str], list[str]]:
    """(differences in conforms/key sets, differences in value/message only), as lines. Where the
    engine renamed blank nodes, every blank node on both sides counts as the same one (`renamed`
    collects those items)."""
    key_diffs, full_diffs = [], []
    for name, (rflag, rres, _) in ref.items():
        _flag, gres, err = got[name]
        if any(RENAMED in (r.focus, r.value) for r in gres):
            rres, gres = unname(rres), unname(gres)
            if renamed is not None:
                renamed.add(name)
        if err:
            key_diffs.append(f"{name}: ERROR {err}")
            continue
        if effective(rres) != effective(gres):
            key_diffs.append(f"{name}: conforms {effective(rres)} (pySHACL) vs {effective(gres)}")
        rk, gk = {r.key for r in rres}, {r.key for r in gres}
        for k in sorted(rk - gk):
            key_diffs.append(f"{name}: only pySHACL: {fmt_key(k)}")
        for k in sorted(gk - rk):
            key_diffs.append(f"{name}: only engine: {fmt_key(k)}")
        if rk == gk:
            rf, gf = {r.full for r in rres}, {r.full for r in gres}
            for k in sorted(rf - gf):
                full_diffs.append(f"{name}: only pySHACL: {fmt_key(k[:4])} value={k[4]} message={k[5]!r}")
            for k in sorted(gf - rf):
                full_diffs.append(f"{name}: only engine:  {fmt_key(k[:4])} value={k[4]} message={k[5]!r}")
    return key_diffs, full_diffs


def fmt_key(k: tuple) -> str:
    def short(s: str) -> str:
        for ns, p in ((SH_NS, "sh:"), ("https://schema.org/", "schema:"), ("http://purl.org/ontology/bibo/", "bibo:")):
            s = s.replace(ns, p)
        return s

    return f"focus={short(k[0])} path={short(k[1])} {short(k[2])} {short(k[3])}"


def timed(engine: Engine, state, items, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _name, g, nt in items:
            try:
                engine.run(state, g, nt)
            except Exception:  # noqa: BLE001
                return float("nan")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=50)
    parser.add_argument("--engines", default=",".join(e.name for e in ENGINES))
    parser.add_argument("--no-details", action="store_true", help="print the table only")
    args = parser.parse_args()

    from cvgraph.shacl.validation import shapes_file, shapes_graph

    wanted = args.engines.split(",")
    engines = []
    for e in ENGINES:
        if e.name in wanted or e.name == "pyshacl":
            why = e.available()
            if why:
                print(f"skipping {e.name}: {why}")
            else:
                engines.append(e)
    data = datasets(args.synthetic)

    rows, details = [], []
    for ds, (profile, items) in data.items():
        sg, text = shapes_graph(profile), shapes_file(profile).read_text(encoding="utf-8")
        states, results, times = {}, {}, {}
        for e in engines:
            try:
                states[e.name] = e.prepare(sg, text)
            except Exception as exc:  # noqa: BLE001
                states[e.name] = exc
        for e in engines:
            st = states[e.name]
            if isinstance(st, Exception):
                results[e.name] = {n: (None, [], f"shapes: {type(st).__name__}: {st}") for n, _, _ in items}
                times[e.name] = float("nan")
                continue
            results[e.name] = run_all(e, st, items)
            times[e.name] = timed(e, st, items, args.runs)
        ref = results["pyshacl"]
        for e in engines:
            renamed: set = set()
            key_diffs, full_diffs = compare(ref, results[e.name], renamed) if e.name != "pyshacl" else ([], [])
            bad_items = {d.split(":", 1)[0] for d in key_diffs}
            bad_full = {d.split(":", 1)[0] for d in full_diffs}
            flags = sum(1 for n in ref if results[e.name][n][0] is not None
                        and results[e.name][n][0] != effective(results[e.name][n][1]))
            n_res = sum(len(r[1]) for r in results[e.name].values())
            rows.append((ds, e.name, len(items), n_res,
                         "yes" if not key_diffs else f"NO ({len(bad_items)}/{len(items)})",
                         "yes" if not key_diffs and not full_diffs else
                         ("-" if key_diffs else f"NO ({len(bad_full)}/{len(items)})"),
                         flags, len(renamed), times[e.name], times[e.name] / times["pyshacl"] if times["pyshacl"] else 0))
            details += [f"[{ds}] {e.name}: {d}" for d in key_diffs]
            details += [f"[{ds}] {e.name} (value/message): {d}" for d in full_diffs]

    print()
    print("engines: " + ", ".join(f"{e.name} {e.version()}" for e in engines) + f"; runs per timing: {args.runs}")
    head = ("data", "engine", "items", "results", "same results", "same value+msg", "own-flag≠",
            "bn-renamed", "median s", "× pySHACL time", "speed-up")
    widths = (12, 14, 6, 8, 13, 15, 10, 11, 9, 14, 9)
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for ds, name, n, nres, same, samefull, flags, nren, t, ratio in rows:
        cells = (ds, name, str(n), str(nres), same, samefull, str(flags), str(nren), f"{t:.4f}", f"{ratio:.3f}",
                 f"{1 / ratio:.1f}×" if ratio else "-")
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
    print("\nsame results: conforms (no Violation) and the set of (focus, path, component, severity) equal "
          "pySHACL's on every item;\nsame value+msg: also sh:value and sh:resultMessage; own-flag≠: items "
          "where the engine's own conforms flag is not 'no Violation';\nbn-renamed: items where the engine renamed "
          "blank nodes, so that all blank nodes were compared as one.")
    if details and not args.no_details:
        print(f"\n{len(details)} differences:")
        for line in details:
            print("  " + line)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - pragma: no cover
        traceback.print_exc()
        sys.exit(1)

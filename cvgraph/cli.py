"""The ``cvgraph`` command: each subcommand parses options, makes one library call, prints.

Exit codes (a contract, documented in the README): 0 success / conforms, 1 does not conform,
2 could not run (bad input, bad option, unwritable output), 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .engines import ENGINES
from .errors import CvgraphError, RecordError
from .importers import FORMATS as IMPORT_FORMATS
from .importers import OWN
from .output import FORMATS
from .progress import Progress
from .results import TABLE_FORMATS
from .transport import RETRIES

if TYPE_CHECKING:
    from .batch import CVOutcome

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_NONCONFORMING, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

CV_ARGS = click.argument("cvs", nargs=-1, type=click.Path(path_type=Path), metavar="[CV|DIR|GLOB]...")
NO_CACHE = click.option("--no-cache", is_flag=True,
                        help="Validate afresh instead of reusing a cached report for identical input.")
BASE = click.option("--base", metavar="IRI", help="Document IRI for hash IRIs (default: the CV's homepage).")


def network_options(timeout: float) -> Callable[[F], F]:
    """The options of every command that talks to a store or endpoint (publish, query --endpoint):
    --timeout (default ``timeout`` seconds), --retries and --ca-cert. Credentials are not options:
    CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc, never on the command line."""
    options = [
        click.option("--timeout", type=float, default=timeout, show_default=True,
                     help="Seconds to wait for each request."),
        click.option("--retries", type=click.IntRange(min=0), default=RETRIES, show_default=True, metavar="N",
                     help="Retry a request N more times (after 0.5 s, 1 s, 2 s, …) on a refused or reset "
                     "connection or HTTP 5xx; never on 4xx. 0: send each request once."),
        click.option("--ca-cert", type=str, metavar="FILE", help="Also trust the CA certificate(s) in this PEM "
                     "file (TLS verification is always on)."),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _remember_from(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ctx.meta["cvgraph.from"] = value
    return value


FROM = click.option("--from", "from_", type=click.Choice([OWN, *IMPORT_FORMATS]), expose_value=False,
                    callback=_remember_from, help="Read the CV files as this format (default: from each "
                    "file's extension and content; a .bib file adds its publications to the CV before it).")


def _errors_to_exit(func):  # noqa: ANN001, ANN202
    """Turn cvgraph errors into one line each on stderr and exit code 2: no tracebacks."""

    @wraps(func)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            return func(*args, **kwargs)
        except RecordError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(EXIT_ERROR)
        except CvgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def _sources(cvs: tuple[Path, ...]) -> list:
    """The CV files given (default: the bundled sample); read now, as --from says, when it is given."""
    from .resources import sample_path

    if not cvs:
        return [sample_path()]
    fmt = click.get_current_context().meta.get("cvgraph.from")
    if fmt is None:
        return list(cvs)
    from .api import load_all

    return load_all(list(cvs), fmt=fmt)


def _emit(data: bytes, output: Path | None) -> None:
    """Write ``data`` to standard output, or atomically to ``output``."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from .output import write_atomic

        write_atomic(data, output)


# What Ctrl-C leaves behind, by subcommand (one line; the default is just "interrupted").
INTERRUPTED = {"publish": "interrupted: publish stopped unverified; each graph holds its old version, or its new "
                          "one if the store had received the whole request: publish again"}


class _Main(click.Group):
    """The command group: Ctrl-C (KeyboardInterrupt) anywhere in a subcommand ends with one line on
    stderr and exit 130, instead of a traceback or click's "Aborted!" with exit 1."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if sys.stderr is not None and sys.stderr.isatty():
                click.echo(err=True)  # off the line where the terminal echoed ^C (or the progress)
            click.echo(INTERRUPTED.get(ctx.invoked_subcommand or "", "interrupted"), err=True)
            sys.exit(EXIT_INTERRUPTED)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cvgraph")
def main() -> None:
    """cvgraph: turn an academic CV (YAML records) into validated linked data.

    Exit codes: 0 success / conforms, 1 does not conform, 2 could not run.
    """


@main.command()
@click.argument("cvs", nargs=-1, type=click.Path(path_type=Path), metavar="[CV|DIR|GLOB]...")
@click.option("-f", "--format", "fmt", type=click.Choice([*FORMATS, "nquads"]), default=None,
              help="RDF syntax (default: from the -o extension, else turtle). Several CVs: nquads or "
              "trig for a named graph per CV, nt, turtle or xml for one merged graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of standard output.")
@BASE
@FROM
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--force", is_flag=True, help="Write the output even if the graph does not conform.")
@NO_CACHE
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Several CVs: build N at a time, in N processes (default: one per core).")
@click.option("--fail-fast", is_flag=True,
              help="Several CVs: stop at the first CV that cannot be read or does not conform; write nothing.")
@_errors_to_exit
def build(cvs: tuple[Path, ...], fmt: str | None, output: Path | None, base: str | None,
          no_validate: bool, force: bool, no_cache: bool, jobs: int | None, fail_fast: bool) -> None:
    """Build the RDF graph of CV file(s) (default: the bundled sample), validate it, write it.

    A graph that violates the core shapes is not written (exit 1) unless --force. Several CVs
    (files, folders of *.yaml/*.yml, globs) are built in parallel, each validated on its own: a
    CV that cannot be read or does not conform is reported and left out, the others are written
    (exit 2 if some could not be read, else 1 if some do not conform); a summary ends on stderr.
    """
    from .batch import EXTENSIONS, expand_inputs, is_batch, split_registry
    from .importers import group_sources
    from .output import format_for_path
    from .pipeline import run_build
    from .resources import sample_path

    source_format = click.get_current_context().meta.get("cvgraph.from")
    fmt = fmt or (EXTENSIONS.get(output.suffix.lower()) or format_for_path(output) if output else None) or "turtle"
    paths, registry = split_registry(expand_inputs(cvs)) if cvs else ([sample_path()], None)
    units = [(main, *extra) for main, extra in group_sources(paths, source_format)]
    if not units:
        raise CvgraphError("no CV given (people.yaml is the shared people registry, not a CV)")
    if is_batch(cvs, fmt, len(units)):
        sys.exit(_build_many(units, fmt, output, base=base, source_format=source_format,
                             validate=not no_validate, force=force, jobs=jobs, fail_fast=fail_fast,
                             use_cache=not no_cache, registry=registry))
    result = run_build(_sources(cvs), fmt, base=base, validate=not no_validate, use_cache=not no_cache)
    if result.report is not None and result.report.results:
        click.echo(result.report.text(), err=True)
    if result.report is not None and not result.report.conforms and not force:
        click.echo("error: not written: the graph does not conform (use --force to write it anyway)",
                   err=True)
        sys.exit(EXIT_NONCONFORMING)
    _emit(result.data, output)
    if output is not None:
        click.echo(f"wrote {output} ({fmt}, {result.count} triples)", err=True)
    if result.report is not None and not result.report.conforms:
        sys.exit(EXIT_NONCONFORMING)


class _Reporter:
    """The per-CV callback of a batch: one line per CV with problems on stderr, and a progress bar
    (:class:`cvgraph.progress.Progress`) while stderr is a terminal. Use it as a context manager."""

    def __init__(self, total: int, what: str = "left out") -> None:
        self.total, self.what, self.left_out = total, what, 0
        self.progress = Progress(total, self._info)

    def _info(self, done: int) -> str:
        return f"{done}/{self.total} CVs" + (f", {self.left_out} {self.what}" if self.left_out else "")

    def __call__(self, outcome: CVOutcome, done: int = 0, total: int = 0) -> None:
        self.left_out += outcome.failed
        if outcome.problems:
            more = len(outcome.problems) - 1
            level = "error" if outcome.failed else "warning"
            self.progress.echo(f"{level}: {outcome.problems[0]}" + (f" (and {_count(more, 'more problem')}: "
                               f"cvgraph validate {outcome.file})" if more else ""))
        self.progress.advance_to(done)

    def __enter__(self) -> _Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.close()


def _build_many(units: list, fmt: str, output: Path | None, **options) -> int:  # noqa: ANN003
    """`build` of several CVs: one error line per CV left out, a progress line when stderr is a
    terminal, a summary at the end; returns the exit code."""
    from .batch import run_batch

    with _Reporter(len(units)) as report:
        result = run_batch(units, output, fmt, on_outcome=report, **options)
    written = [o for o in result.outcomes if o.written]
    cached = sum(o.cached for o in result.outcomes)
    where = f"wrote {output}" if output is not None else "wrote standard output"
    if result.wrote:
        click.echo(f"{where} ({fmt}, {result.triples} triples): {len(written)} of {len(units)} CVs"
                   f" ({cached} from the cache)", err=True)
    elif result.stopped:
        click.echo(f"not written: stopped at the first CV left out (--fail-fast), "
                   f"{len(result.outcomes)} of {len(units)} CVs built", err=True)
    else:
        click.echo(f"not written: none of the {len(units)} CVs could be written", err=True)
    _problems_summary(result.outcomes)
    return result.exit_code


def _problems_summary(outcomes: list, written: bool = True) -> None:
    warnings = sum(o.warnings for o in outcomes)
    if warnings:
        with_warnings = sum(o.warnings > 0 for o in outcomes)
        click.echo(f"{_count(warnings, 'SHACL warning')} in {_count(with_warnings, 'CV')} "
                   "(`cvgraph validate CV` lists them)", err=True)
    bad = [o for o in outcomes if o.status != "ok"]
    if bad:
        click.echo(f"{_count(len(bad), 'CV')} with problems:", err=True)
        for o in bad:
            what = (f"does not conform ({_count(o.violations, 'violation')})" if o.status == "nonconforming"
                    else f"could not be read or used ({_count(len(o.problems), 'problem')})")
            click.echo(f"  {o.file}: {what}" + (("; written (--force)" if o.written else "; left out")
                                                if written else ""), err=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


@main.command()
@CV_ARGS
@BASE
@click.option("--profile", default="core", show_default=True, help="SHACL profile (shapes/<profile>.ttl).")
@FROM
@NO_CACHE
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Several CVs: validate N at a time, in N processes (default: one per core).")
@_errors_to_exit
def validate(cvs: tuple[Path, ...], base: str | None, profile: str, no_cache: bool, jobs: int | None) -> None:
    """Validate CV file(s) (default: the bundled sample) against SHACL shapes; print a report.

    Exit 0 if the graph conforms (warnings allowed), 1 if not. Several CVs (files, folders,
    globs) are validated each on its own, in parallel: one line per CV with problems, a summary;
    exit 2 if some could not be read, else 1 if some do not conform.
    """
    from .api import validate as run
    from .batch import expand_inputs, is_batch, split_registry
    from .importers import group_sources

    if cvs:
        source_format = click.get_current_context().meta.get("cvgraph.from")
        paths, _ = split_registry(expand_inputs(cvs))
        units = group_sources(paths, source_format)
        if is_batch(cvs, None, len(units)):
            from .api import validate_many

            with _Reporter(len(units), "with problems") as report:
                result = validate_many(list(cvs), profile=profile, base=base, use_cache=not no_cache, jobs=jobs,
                                       source_format=source_format, on_outcome=report)
            ok = sum(o.status == "ok" for o in result.outcomes)
            cached = sum(o.cached for o in result.outcomes)
            click.echo(f"validated {_count(len(result.outcomes), 'CV')} ({result.triples} triples, {cached} from "
                       f"the cache): {ok} conform, {sum(o.status == 'nonconforming' for o in result.outcomes)} "
                       f"do not conform, {sum(o.status == 'error' for o in result.outcomes)} could not be read")
            _problems_summary(result.outcomes, written=False)
            sys.exit(result.exit_code)

    report = run(_sources(cvs), profile=profile, base=base, use_cache=not no_cache)
    click.echo(report.text())
    sys.exit(EXIT_OK if report.conforms else EXIT_NONCONFORMING)


@main.command()
@click.argument("args", nargs=-1, metavar="[NAME|FILE.rq] [CV|DIR|GLOB]...")
@click.option("--list", "list_", is_flag=True, help="List the bundled queries and their parameters.")
@FROM
@click.option("--data", type=click.Path(dir_okay=False, path_type=Path),
              help="Query this RDF file (.ttl, .nt, .nq, .trig, .rdf, .jsonld) instead of CVs.")
@click.option("--endpoint", metavar="URL", help="Query this SPARQL endpoint instead of local data.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as an RDF term of its declared type). Repeatable.")
@click.option("-f", "--format", "fmt", default=None,
              type=click.Choice(list(TABLE_FORMATS) + [f for f in FORMATS]),
              help="table (default), csv, tsv, json (SPARQL 1.1 results); for CONSTRUCT/DESCRIBE an RDF syntax.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="Local engine; auto picks pyoxigraph for big graphs.")
@click.option("--default-graph", "default_graphs", multiple=True, metavar="IRI",
              help="With --endpoint: query this named graph as the default graph (repeatable).")
@network_options(timeout=30.0)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (atomically).")
@BASE
@_errors_to_exit
def query(args: tuple[str, ...], list_: bool, data: Path | None, endpoint: str | None, params: tuple[str, ...],
          fmt: str | None, engine: str, default_graphs: tuple[str, ...], timeout: float, retries: int,
          ca_cert: str | None, output: Path | None, base: str | None) -> None:
    """Run a bundled SPARQL query (by name) or a .rq file on CV file(s) (default: the bundled
    sample), on an RDF file (--data) or on a SPARQL endpoint (--endpoint).

    With --endpoint: credentials from CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc (HTTP Digest or
    Basic, as the server asks), --ca-cert, --timeout and --retries work as for publish.

    ASK queries answer through the exit code: 0 true, 1 false.
    """
    from .api import query as run
    from .queries import QueryError, catalogue

    if list_:
        width = max((len(name) for name in catalogue()), default=0) + 2
        for q in catalogue().values():
            params_text = ", ".join(f"{p.name} ({p.type})" for p in q.params)
            click.echo(f"{q.name:{width}s}{q.title}" + (f"  [params: {params_text}]" if params_text else ""))
        return
    if not args:
        raise QueryError("name a query (see `cvgraph query --list`) or a .rq file")
    bound = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {item!r}: write NAME=VALUE")
        bound[name] = value
    result = run(args[0], _sources(tuple(Path(a) for a in args[1:])) if args[1:] else None, data=data,
                 endpoint=endpoint, params=bound, engine=engine, timeout=timeout, retries=retries, ca_cert=ca_cert,
                 base=base, default_graphs=default_graphs)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        from .mapping import order
        from .output import serialize

        fmt = fmt if fmt in FORMATS else "turtle"
        out = serialize(sorted(set(result.triples), key=order), fmt)
    else:
        from .mapping import table
        from .results import render

        fmt = fmt if fmt in TABLE_FORMATS else "table"
        out = render(result, fmt, table()["prefixes"]).encode("utf-8")
    _emit(out, output)
    if result.form == "ASK" and not result.boolean:
        sys.exit(EXIT_NONCONFORMING)


@main.command()
@click.argument("cv", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[CV]")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True,
              help="json: the JSON-LD document; html: the <script type=\"application/ld+json\"> element.")
@click.option("--into", "page", type=click.Path(dir_okay=False, path_type=Path),
              help="Insert or update the block in this HTML page (between markers; backup in PAGE.bak).")
@click.option("--scholar", "work", metavar="WORK",
              help="Instead: Google Scholar citation_* meta tags for one work (publication id, IRI or DOI).")
@click.option("--max-works", type=click.IntRange(min=0), help="Only the N most recent works.")
@click.option("--since", type=int, metavar="YEAR", help="Only works published in or after YEAR.")
@click.option("--no-preprints", is_flag=True, help="Leave preprints and unpublished manuscripts out.")
@click.option("--compact", is_flag=True, help="One line instead of indented JSON.")
@FROM
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (atomically).")
@BASE
@_errors_to_exit
def embed(cv: Path | None, fmt: str, page: Path | None, work: str | None, max_works: int | None,
          since: int | None, no_preprints: bool, compact: bool, output: Path | None, base: str | None) -> None:
    """The schema.org JSON-LD for a homepage (ProfilePage → Person → works), built offline.

    With --into PAGE the block is written into the page itself; run it again after each CV
    change (a run that changes nothing leaves the page untouched).
    """
    from .api import embed_document, scholar_tags
    from .embed import Selection, script_element, to_json

    source = _sources((cv,) if cv else ())
    if work:
        _emit(scholar_tags(source, work, base=base).encode("utf-8"), output)
        return
    doc = embed_document(source, Selection(max_works, since, not no_preprints), base=base)
    if page is not None:
        from .homepage import update_page

        changed = update_page(page, script_element(doc, pretty=not compact))
        click.echo(f"{'updated' if changed else 'unchanged'}: {page}", err=True)
        return
    text = script_element(doc, not compact) + "\n" if fmt == "html" else to_json(doc, not compact) + "\n"
    _emit(text.encode("utf-8"), output)


@main.command()
@click.argument("cv", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[CV]")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="Folder to write index.html into (created if needed).")
@FROM
@BASE
@_errors_to_exit
def site(cv: Path | None, output: Path, base: str | None) -> None:
    """A static profile page, DIR/index.html, rendered from the CV's graph (default: the bundled
    sample): no external assets, the JSON-LD embedded; a preview for those with a homepage."""
    from .api import site as run

    page = run(_sources((cv,) if cv else ()), output, base=base)
    click.echo(f"wrote {page}", err=True)


@main.command()
@CV_ARGS
@click.option("--endpoint", metavar="URL", help="The store's base URL (with --store oxigraph: /query, /update, "
              "/store; virtuoso: /sparql, /sparql-auth, /sparql-graph-crud-auth; fuseki: the dataset URL, "
              "/query, /update, /data; graphdb: the repository URL, itself, /statements, /rdf-graphs/service; "
              "vivo: the VIVO webapp URL, /api/sparqlQuery, /api/sparqlUpdate).")
@click.option("--store", type=click.Choice(["oxigraph", "virtuoso", "fuseki", "graphdb", "vivo", "generic"]),
              default="oxigraph", show_default=True,
              help="Preset endpoint paths under --endpoint; generic: give the URLs. vivo: SPARQL Update "
              "through VIVO's API, the account's email and password (CVGRAPH_USER/CVGRAPH_PASSWORD or "
              "~/.netrc) sent as form fields.")
@click.option("--query-url", metavar="URL", help="SPARQL query endpoint (overrides the preset).")
@click.option("--update-url", metavar="URL", help="SPARQL update endpoint (overrides the preset).")
@click.option("--gsp-url", metavar="URL", help="Graph Store Protocol endpoint (overrides the preset).")
@click.option("--protocol", type=click.Choice(["update", "gsp"]), default="update", show_default=True,
              help="update: one atomic SPARQL Update request per CV (a graph over 100,000 triples goes "
              "through a staging graph); gsp: Graph Store PUTs into staging graphs, then ONE atomic "
              "request switches every CV in.")
@click.option("--verify", "verify", type=click.Choice(["checksum", "full", "count"]), default="checksum",
              show_default=True, help="After publishing: compare the store's count and checksum (one aggregate "
              "query), read the whole graph back (full), or compare the count only (count: fastest, weakest).")
@click.option("--graph", metavar="IRI", help="Named graph to replace (one CV only; default: the CV's document IRI).")
@click.option("--force", is_flag=True, help="Publish even if the graph does not conform.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent (credentials redacted); send nothing.")
@click.option("--diff", is_flag=True, help="Read the graph back and send only the changed triples (DELETE DATA / "
              "INSERT DATA, one atomic request; --protocol update).")
@network_options(timeout=60.0)
@FROM
@BASE
@_errors_to_exit
def publish(cvs: tuple[Path, ...], endpoint: str | None, store: str, query_url: str | None, update_url: str | None,
            gsp_url: str | None, protocol: str, graph: str | None, force: bool, dry_run: bool, diff: bool,
            timeout: float, retries: int, ca_cert: str | None, base: str | None, verify: str = "checksum") -> None:
    """Publish CV file(s) (default: the bundled sample) into a triple store, each into its own named
    graph, replaced atomically, then verified; provenance goes to the graph <urn:cvgraph:metadata>.
    Several CVs (files, folders, globs) are built and validated in parallel first, and published
    only if every one can be (with --protocol gsp: one atomic switch for all).

    Credentials: CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc (HTTP Digest or Basic, as the server
    asks). Failed requests are retried with backoff (--retries) on refused/reset connections and 5xx;
    a progress indicator shows large uploads when stderr is a terminal. A graph that violates the
    core shapes is not sent (exit 1) unless --force; a store error exits 2.
    """
    from .api import publish as run
    from .batch import BatchError
    from .errors import NotConformingError

    try:
        outcomes = run(_sources(cvs), endpoint, store=store, query_url=query_url, update_url=update_url,
                       gsp_url=gsp_url, protocol=protocol, graph=graph, force=force, dry_run=dry_run,
                       timeout=timeout, base=base, diff=diff, retries=retries, ca_cert=ca_cert, verify=verify)
    except NotConformingError as exc:
        click.echo(exc.report.text(), err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_NONCONFORMING)
    except BatchError as exc:  # several CVs: one line per CV with problems; nothing was sent
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(exc.code)
    for outcome in outcomes:
        click.echo(f"dry run: {outcome.graph}: {outcome.triples} triples, {outcome.change()}nothing sent\n"
                   f"{outcome.preview}"
                   if dry_run else outcome.summary())


@main.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(IMPORT_FORMATS)))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the YAML here (atomically); an existing file is kept unless --force.")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), metavar="CV.yaml",
              help="Merge into this cvgraph CV file and rewrite it, its comments kept (previous version in "
              "CV.yaml.bak); with -o, write the merged CV there instead.")
@click.option("--me", metavar="NAME", help="The CV's owner (name or ORCID iD), for formats that do not say "
              "whose CV it is (BibTeX): the printed variants of that name become person.aliases. "
              "Default with --into: that CV's person.name.")
@click.option("--force", is_flag=True, help="Overwrite an existing -o file.")
@_errors_to_exit
def import_(fmt: str, file: Path, output: Path | None, into: Path | None, me: str | None,
            force: bool) -> None:
    """Import a BibTeX, JSON Resume, RenderCV or ORCID file as cvgraph YAML records, to review
    and keep as the one source of the CV.

    FORMAT is bibtex, jsonresume, rendercv or orcid. Without -o or --into the YAML goes to
    standard output. Judgement calls are # comments in the YAML; what could not be mapped is a
    warning (one line each on standard error, and listed at the top of the YAML). --into merges
    into an existing CV: duplicate publications (same DOI, or same title and year) are merged,
    and each value that differs is kept from the CV and reported. Exit 0, or 2 if a file
    cannot be read or written.
    """
    from .importers import import_file, import_into, owner_name, print_warning
    from .importers.yamlout import to_yaml

    if output is not None and output.exists() and not force:
        raise CvgraphError(f"{output}: exists; not overwritten (use --force, or --into {output} to merge)")
    if into is not None and me is None:
        me = owner_name(into)  # the CV being merged into says whose records they are
    imported = import_file(file, fmt, me=me)
    label = IMPORT_FORMATS[fmt]
    if into is not None:
        merged, changed, _ = import_into(into, imported, source=str(file), output=output)
        for note in merged.warnings:
            print_warning(note)
        if output is not None:
            click.echo(f"wrote {output} ({into} with {file} merged in)", err=True)
        elif changed:
            click.echo(f"updated {into} (previous version in {into.name}.bak)", err=True)
        else:
            click.echo(f"unchanged: {into} ({file} adds nothing to it)", err=True)
        return
    for note in imported.warnings:
        print_warning(note)
    text = to_yaml(imported, source=str(file), fmt=label, schema=_schema_ref(output))
    _emit(text.encode("utf-8"), output)
    if output is not None:
        click.echo(f"wrote {output} ({len(imported.warnings)} warnings)", err=True)


def _schema_ref(output: Path | None) -> str:
    """The $schema path a generated file should point at: the installed schema, relative to the
    file's folder (standard output: the working folder)."""
    import os

    from .resources import schema_path

    folder = (output.parent if output is not None else Path(".")).resolve()
    try:
        return Path(os.path.relpath(schema_path().resolve(), folder)).as_posix()
    except ValueError:  # another drive
        return schema_path().resolve().as_uri()


@main.command()
def schema() -> None:
    """Print the JSON Schema of the CV records format (for editors)."""
    from .resources import schema_path

    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

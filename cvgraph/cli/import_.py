"""``cvgraph import``: a BibTeX, JSON Resume, RenderCV or ORCID file, or an al-folio or Hugo Blox site
folder, as cvgraph YAML records."""
from __future__ import annotations

import os
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from cvgraph.cli.common import echo_line, emit, errors_to_exit
from cvgraph.errors import CvgraphError
from cvgraph.fsio import check_output
from cvgraph.importers import FORMATS as IMPORT_FORMATS
from cvgraph.importers import guess, import_file, import_into, owner_name, print_warning
from cvgraph.importers.yamlout import SCHEMA_REF, to_yaml_placeholder
from cvgraph.records.starter import SCHEMA_NAME, schema_state, write_schema


def _complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion: a format name first (or a file), then a file."""
    files = [CompletionItem(incomplete, type="file")]
    if ctx.params.get("args"):
        return files
    return [CompletionItem(f) for f in IMPORT_FORMATS if f.startswith(incomplete)] + files


def _format_and_file(args: tuple[str, ...]) -> tuple[str | None, Path]:
    """``[FORMAT] FILE`` as given: the format named (None: to be guessed) and the file."""
    if len(args) == 2:
        if args[0] not in IMPORT_FORMATS:
            raise click.BadParameter(f"{args[0]!r} is not one of {', '.join(IMPORT_FORMATS)}", param_hint="FORMAT")
        return args[0], Path(args[1])
    if len(args) == 1:
        if args[0] in IMPORT_FORMATS and not Path(args[0]).exists():
            raise click.UsageError(f"missing FILE|SITE_DIR after {args[0]}")
        return None, Path(args[0])
    raise click.UsageError("give FILE|SITE_DIR, optionally after its FORMAT" if not args else
                           f"too many arguments: {' '.join(args[2:])!r} (give [FORMAT] FILE|SITE_DIR)")


@click.command("import")
@click.argument("args", nargs=-1, metavar="[FORMAT] FILE|SITE_DIR", shell_complete=_complete)
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the YAML here (atomically); an existing file is kept unless --force.")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), metavar="CV.yaml",
              help="Merge into this cvgraph CV file and rewrite it, its comments kept (previous version in "
              "CV.yaml.bak); with -o, write the merged CV there instead.")
@click.option("--me", metavar="NAME", help="The CV's owner (name or ORCID iD), for formats that do not say "
              "whose CV it is (BibTeX): the printed variants of that name become person.aliases. "
              "Default with --into: that CV's person.name.")
@click.option("--force", is_flag=True, help="Overwrite an existing -o file.")
@errors_to_exit
def import_(args: tuple[str, ...], output: Path | None, into: Path | None, me: str | None, force: bool) -> None:
    """Import a BibTeX, JSON Resume, RenderCV or ORCID file, or an al-folio or Hugo Blox site folder,
    as cvgraph YAML records, to review and keep as the one source of the CV.

    FORMAT is bibtex, jsonresume, rendercv or orcid (a FILE), or alfolio or hugoblox (the site's
    folder, SITE_DIR: al-folio's _config.yml, _bibliography/papers.bib, _data/cv.yml, …; Hugo
    Blox's content/authors/ and content/publication(s)/). Without FORMAT it is guessed as `build`
    does: a .bib file is BibTeX, a .json file an ORCID record or a JSON Resume by its keys, a YAML
    file with a top-level cv: RenderCV, a folder by its site layout; what it cannot tell is an
    error naming the choices. Without -o or --into the YAML goes to standard output. Judgement
    calls are # comments in the YAML; what could not be mapped is a warning (one line each on
    standard error, and listed at the top of the YAML). With -o, the JSON Schema its $schema line
    names (cv.schema.json) is written beside it unless there; without a homepage in the source,
    base: is a marked placeholder to replace. --into merges into an existing CV: duplicate
    publications (same DOI, or same title and year) are merged, and each value that differs is
    kept from the CV and reported. Exit 0, or 2 if a file cannot be read or written or its
    format cannot be told.
    """
    fmt, file = _format_and_file(args)
    inputs = [file] + ([into] if into is not None else [])
    if output is not None and check_output(output, inputs) and not force:
        raise CvgraphError(f"{output}: exists; not overwritten (use --force, or --into {output} to merge)")
    if into is not None and me is None:
        me = owner_name(into)  # the CV being merged into says whose records they are
    fmt = fmt or guess(file)
    imported = import_file(file, fmt, me=me)
    label = IMPORT_FORMATS[fmt]
    if into is not None:
        merged, changed, _ = import_into(into, imported, source=str(file), output=output)
        for note in merged.warnings:
            print_warning(note)
        if output is not None:
            echo_line(f"wrote {output} ({into} with {file} merged in)")
        elif changed:
            echo_line(f"updated {into} (previous version in {into.name}.bak)")
        else:
            echo_line(f"unchanged: {into} ({file} adds nothing to it)")
        return
    text, _ = to_yaml_placeholder(imported, str(output or "<stdout>"), source=str(file), fmt=label,
                                  schema=SCHEMA_REF)
    for note in imported.warnings:
        print_warning(note)
    emit(text.encode("utf-8"), output, inputs)
    if output is not None:
        count = len(imported.warnings)
        echo_line(f"wrote {output} ({count} warning{'s' if count != 1 else ''}){_schema_beside(output)}")
    else:
        echo_line(f"hint: the YAML's $schema line names {SCHEMA_NAME} beside it (for editors): write it "
                  f"with `cvgraph schema -o {SCHEMA_NAME}`")


def _schema_beside(output: Path) -> str:
    """Write the JSON Schema that the file's ``$schema`` line names, beside it, unless it is there
    already; one that differs (another cvgraph version's, or not a schema) is kept. Returns what to
    add to the ``wrote`` line."""
    real = Path(os.path.realpath(output))
    if not real.is_file() or str(real).startswith(("/dev/", "/proc/")):
        return ""  # written to a device or a descriptor: no folder of the user's
    schema = output.parent / SCHEMA_NAME
    state = schema_state(schema)
    if state == "same":
        return ""
    if state == "other":
        return f"; kept {schema}, which is not this cvgraph's schema (update it with `cvgraph schema -o {schema}`)"
    write_schema(schema)
    return f" and {schema}, the JSON Schema its $schema line names"


command = import_  # what cvgraph.cli.app loads

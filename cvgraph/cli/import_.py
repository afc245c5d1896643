"""``cvgraph import``: a BibTeX, JSON Resume, RenderCV or ORCID file, or an al-folio or Hugo Blox site
folder, as cvgraph YAML records."""
from __future__ import annotations

import os
from pathlib import Path

import click

from cvgraph.cli.common import echo_line, emit, errors_to_exit
from cvgraph.errors import CvgraphError
from cvgraph.fsio import check_output
from cvgraph.importers import FORMATS as IMPORT_FORMATS
from cvgraph.importers import import_file, import_into, owner_name, print_warning
from cvgraph.importers.yamlout import to_yaml
from cvgraph.resources import schema_path


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(IMPORT_FORMATS)))
@click.argument("file", metavar="FILE|SITE_DIR", type=click.Path(path_type=Path))
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
def import_(fmt: str, file: Path, output: Path | None, into: Path | None, me: str | None,
            force: bool) -> None:
    """Import a BibTeX, JSON Resume, RenderCV or ORCID file, or an al-folio or Hugo Blox site folder,
    as cvgraph YAML records, to review and keep as the one source of the CV.

    FORMAT is bibtex, jsonresume, rendercv or orcid (a FILE), or alfolio or hugoblox (the site's
    folder, SITE_DIR: al-folio's _config.yml, _bibliography/papers.bib, _data/cv.yml, …; Hugo
    Blox's content/authors/ and content/publication(s)/). Without -o or --into the YAML goes to
    standard output. Judgement calls are # comments in the YAML; what could not be mapped is a
    warning (one line each on standard error, and listed at the top of the YAML). --into merges
    into an existing CV: duplicate publications (same DOI, or same title and year) are merged,
    and each value that differs is kept from the CV and reported. Exit 0, or 2 if a file
    cannot be read or written.
    """
    inputs = [file] + ([into] if into is not None else [])
    if output is not None and check_output(output, inputs) and not force:
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
            echo_line(f"wrote {output} ({into} with {file} merged in)")
        elif changed:
            echo_line(f"updated {into} (previous version in {into.name}.bak)")
        else:
            echo_line(f"unchanged: {into} ({file} adds nothing to it)")
        return
    for note in imported.warnings:
        print_warning(note)
    text = to_yaml(imported, source=str(file), fmt=label, schema=_schema_ref(output))
    emit(text.encode("utf-8"), output, inputs)
    if output is not None:
        echo_line(f"wrote {output} ({len(imported.warnings)} warnings)")


def _schema_ref(output: Path | None) -> str:
    """The $schema path a generated file should point at: the installed schema, relative to the
    file's folder (standard output: the working folder)."""
    folder = (output.parent if output is not None else Path(".")).resolve()
    try:
        return Path(os.path.relpath(schema_path().resolve(), folder)).as_posix()
    except ValueError:  # another drive
        return schema_path().resolve().as_uri()


command = import_  # what cvgraph.cli.app loads

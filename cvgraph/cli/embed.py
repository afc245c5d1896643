"""``cvgraph embed``: the schema.org JSON-LD a homepage embeds, or a work's Google Scholar tags."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.api import embed_document, scholar_tags
from cvgraph.cli.common import BASE, CV_ARGS, FROM, echo_line, emit, errors_to_exit, sources_of
from cvgraph.fsio import check_output
from cvgraph.web.homepage import update_page
from cvgraph.web.jsonld import Selection, script_element, to_json


@click.command()
@CV_ARGS
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True,
              help="json: the JSON-LD document; html: the <script type=\"application/ld+json\"> element.")
@click.option("--into", "page", type=click.Path(dir_okay=False, path_type=Path),
              help="Insert or update the block in this HTML page (between markers; backup in PAGE.bak).")
@click.option("--scholar", "work", metavar="WORK",
              help="Instead: Google Scholar citation_* meta tags for one work: its publication id, its IRI as "
              "`cvgraph query` prints it (:pub-ID in tables, whole in csv), or its DOI.")
@click.option("--max-works", type=click.IntRange(min=0), help="Only the N most recent works.")
@click.option("--since", type=int, metavar="YEAR", help="Only works published in or after YEAR.")
@click.option("--no-preprints", is_flag=True, help="Leave preprints and unpublished manuscripts out.")
@click.option("--no-contact", is_flag=True, help="Leave the owner's email and telephone out.")
@click.option("--compact", is_flag=True, help="One line instead of indented JSON (always so with --into).")
@FROM
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE", help="Write here (atomically).")
@BASE
@errors_to_exit
def embed(cvs: tuple[Path, ...], fmt: str, page: Path | None, work: str | None, max_works: int | None, since: int | None,
          no_preprints: bool, no_contact: bool, compact: bool, source_format: str | None, output: Path | None,
          base: str | None) -> None:
    """The schema.org JSON-LD for a homepage (ProfilePage → Person → works), built offline,
    from one CV (its file, and the BibTeX files that add to it; default: ./cv.yaml, else the bundled sample).

    With --into PAGE the block is written into the page itself, on one line; run it again after
    each CV change (a run that changes nothing leaves the page untouched).
    """
    source = sources_of(cvs, source_format)
    if output is not None:
        check_output(output, source.files)  # before the work
    if work:
        emit(scholar_tags(source, work, base=base).encode("utf-8"), output, source.files)
        return
    doc = embed_document(source, Selection(max_works, since, not no_preprints, not no_contact), base=base)
    if page is not None:
        changed = update_page(page, script_element(doc, pretty=False), source.files)  # compact: the page's <head>
        echo_line(f"{'updated' if changed else 'unchanged'}: {page}")
        return
    text = script_element(doc, not compact) + "\n" if fmt == "html" else to_json(doc, not compact) + "\n"
    emit(text.encode("utf-8"), output, source.files)


command = embed  # what cvgraph.cli.app loads

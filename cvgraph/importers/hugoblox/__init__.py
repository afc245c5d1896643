"""Hugo Blox / Wowchemy (Hugo "Academic" theme) site folder → cvgraph records.

``cvgraph import hugoblox SITE_DIR`` (and ``cvgraph build SITE_DIR``) reads:

- the owner's profile ``content/authors/NAME/_index.md`` (the one with ``superuser: true``, else
  ``admin``/``me``): ``title`` → ``person.name`` (``--me`` overrides), ``first_name``/``last_name``,
  ``role`` → ``job_title``, ``organizations`` → ``affiliation``, ``bio`` (else the page's first
  paragraph) → ``summary``, ``social``/``profiles`` links → ``email``, ``orcid``, ``scholar``,
  ``links`` (sameAs); ``interests``; ``education`` (Wowchemy's ``courses`` or Hugo Blox's list);
  ``work`` → ``employment``; ``awards``; ``languages``; ``skills``. Other authors' pages give
  only their names (an author list may name them by folder).
- every ``content/publication(s)/*/index.md`` (YAML ``---`` or TOML ``+++`` front matter): title,
  authors (``admin``/``me``/the owner's folder → the owner), date → year, ``publication_types``
  (Wowchemy's codes 0–8 or Hugo Blox's CSL types) → kind, ``publication`` /
  ``publication_short`` → venue, ``doi``, ``hugoblox.ids`` (doi, arxiv), ``abstract``, ``tags`` →
  keywords, ``featured`` → selected, ``url_*`` and ``links`` → links.
- the folder's ``cite.bib`` (through the BibTeX importer) for what the front matter lacks: merged
  as a duplicate of the page's publication, or the publication itself when the page has no title.
Every other key is a warning at its line.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cvgraph.importers.hugoblox.layout import is_site

if TYPE_CHECKING:
    from cvgraph.importers.base import Imported

__all__ = ["convert_site", "is_site"]


def convert_site(root: str | Path, me: str | None = None) -> Imported:
    """Import the Hugo Blox site in folder ``root`` (see above)."""
    # lazy: the importer loads the name parser (heavy); telling a site from a folder needs only is_site
    from cvgraph.importers.hugoblox.convert import convert_site as convert

    return convert(root, me)

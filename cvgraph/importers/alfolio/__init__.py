"""al-folio (https://github.com/alshedivat/al-folio, Jekyll) site folder → cvgraph records.

``cvgraph import alfolio SITE_DIR`` (and ``cvgraph build SITE_DIR``) reads:

- ``_config.yml``: the owner (``first_name``/``middle_name``/``last_name``, ``url`` + ``baseurl`` →
  ``homepage``; older sites' ``email``, ``orcid_id``, ``scholar_userid``, ``github_username``, …),
  and jekyll-scholar's ``scholar.first_name``/``last_name``, the name that marks the owner in the
  bibliography (its variants become ``person.aliases``; a warning when it is not the site's name).
  ``--me`` overrides the owner's name. Newer sites keep the social ids in ``_data/socials.yml``.
- ``_bibliography/papers.bib`` through the BibTeX importer (al-folio's own fields are its job);
  Jekyll's empty front matter at its top is skipped; other ``.bib`` files are a warning.
- ``_data/cv.yml``, al-folio's own CV format (:mod:`cvgraph.importers.alfolio.cvyml`), and/or
  ``assets/json/resume.json`` through the JSON Resume importer, merged in.
- ``_data/coauthors.yml``: each co-author's homepage → that person's ``url``.
- ``_pages/about.md`` front matter: ``profile.image`` → ``person.image``; other keys a warning.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cvgraph.importers.alfolio.layout import is_site

if TYPE_CHECKING:
    from cvgraph.importers.base import Imported

__all__ = ["convert_site", "is_site"]


def convert_site(root: str | Path, me: str | None = None) -> Imported:
    """Import the al-folio site in folder ``root`` (see above)."""
    # lazy: the importer loads the name parser (heavy); telling a site from a folder needs only is_site
    from cvgraph.importers.alfolio.convert import convert_site as convert

    return convert(root, me)

"""JSON Resume (https://jsonresume.org/schema, schema 1.x) → cvgraph records.

``convert(text, source, me=None)`` follows :mod:`cvgraph.importers.base`: it never raises on bad
content; whatever it cannot map becomes a warning naming the JSON path
(``resume.json: work[2].startDate: warning: …``), and every judgement call becomes a comment on
the place in the records it concerns. Only a file that is not JSON, or JSON that is not a JSON
Resume (not an object, or an object with none of the schema's sections), raises
:class:`~cvgraph.errors.ImportError_`.

The mapping, section by section (the decisions are also stated where they are made):

- ``basics`` → ``person``: ``label`` → ``job_title``; ``url`` → ``homepage`` (the document IRI);
  ``location`` {city, region, countryCode} → ``address`` {locality, region, country} (the street
  ``address`` and ``postalCode`` are not imported: warning); ``profiles`` → ``links``, except
  ORCID → ``orcid``, DBLP → ``dblp`` and Google Scholar → ``scholar``; a profile with a username
  but no URL gets the URL built for well-known networks (GitHub, GitLab, Twitter, X, LinkedIn,
  Bluesky, Mastodon, …), otherwise a warning.
- ``work`` → ``employment``, ``volunteer`` → ``volunteer`` (organisations go to the
  ``organizations`` registry, one entry per distinct name; ``kind`` guessed from the name and
  commented); ``summary``, ``highlights``, ``location`` and ``description`` become ``notes``.
  Our format requires a start date and a title, so an entry without them is not imported
  (warning). Work that ends ``present`` makes its organisation the owner's ``affiliation``.
- ``education`` → ``education`` (``studyType`` → ``degree``, ``area`` → ``field``; ``score`` and
  ``courses`` → ``notes``), ``awards`` → ``awards`` (``awarder`` → organisation ref),
  ``certificates`` → ``certificates``, ``languages`` → ``languages``, ``projects`` → ``projects``.
- ``publications``: JSON Resume has no author list and no type. The owner is taken to be the sole
  author (commented); arXiv (publisher text or URL) → ``preprint`` in the arXiv repository,
  anything else → ``other`` with the publisher text as ``publisher`` (commented); ``summary``
  ("discussion of the publication") is the ``abstract`` when it is prose of 30 words or more, else a
  note (a venue, "Best paper", …), commented either way. A doi.org URL
  also gives ``doi``, an arxiv.org URL ``arxiv`` (and, without a releaseDate, the year and month
  of first submission that a new-style arXiv id carries). Ids are set as the loader would make
  them (``<family name><year><first title word>``), with b, c, … against collisions.
- ``skills`` → ``skills`` (``name`` → group, ``keywords`` → items; no keywords: the name is the
  single item); ``level`` has no place (warning). ``interests`` → ``interests`` (one text per
  interest, ``Name: keyword, keyword``).
- ``references`` are not imported (personal data of others: warning); ``meta.lastModified`` →
  ``updated``, the rest of ``meta`` is tooling data (warning); ``$schema`` is ignored.

Dates: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` as they are; a time of day is dropped (comment);
``2020/03``, ``03/2020``, ``March 2020`` are read with a warning; ``present``/``current``/``now``
as an end date → ``present``; an empty or missing end date is left out (JSON Resume themes show
it as ongoing; the comment says so); anything else is a warning and the date is left out.
"""
from __future__ import annotations

from cvgraph.importers.jsonresume.convert import convert

__all__ = ["convert"]

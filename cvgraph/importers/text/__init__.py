"""The importers' toolkit: what every importer needs to read the text of a CV the same way.

- :mod:`.tables`: the lookup tables (``cvgraph/importers/data/*.yaml``), loaded once;
- :mod:`.dates`: exact and partial dates, month names, academic terms, ranges, "present";
- :mod:`.names`: name keys, splitting a person's name, and the one owner-matching rule;
- :mod:`.orgs`: an organisation's kind from its name;
- :mod:`.places`: a free-text location as an address;
- :mod:`.identifiers`: DOI, arXiv, ORCID, ROR, Handle and ISBN;
- :mod:`.venues`: conference, journal and preprint-server words.

The record builder that assigns ids and orders keys is :mod:`cvgraph.importers.builder`.
"""

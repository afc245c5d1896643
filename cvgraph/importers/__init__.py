"""Importers: BibTeX, JSON Resume, RenderCV and ORCID records into cvgraph records (see base.py)."""

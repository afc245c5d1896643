"""Exports: a graph's works and people as BibTeX, CSL-JSON and formatted citations."""

"""Small hand-written inputs the regression tests share: a one-work CV and a one-entry BibTeX
file (Ada Lovelace)."""

CV = """person:
  name: Ada Lovelace
  homepage: https://example.org/ada
publications:
  - {title: Notes on the Analytical Engine, kind: journal, year: "1843", authors: [me]}
"""
BIB = """@article{lovelace1842sketch,
  author = {Lovelace, Ada},
  title = {Sketch of the Analytical Engine},
  journal = {Scientific Memoirs},
  year = {1842},
}
"""

"""Small hand-written inputs tests share: a one-work CV and a one-entry BibTeX file (Ada
Lovelace), and a CV that does not conform."""

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
NONCONFORMING = """\
person: {name: Ada, homepage: "https://example.org/ada"}
people:   # two registry entries with one ORCID iD become one node with two names
  - {name: Bob Smith, orcid: 0000-0002-1825-0097}
  - {name: Robert Smith, orcid: 0000-0002-1825-0097}
publications:
  - {kind: preprint, title: T, authors: [Ada, Bob Smith, Robert Smith], year: 2020}
"""

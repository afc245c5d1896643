"""A person's name in the parts bibliographies want: given, family, particle, suffix.

The split is the one the VIVO profile uses (:func:`cvgraph.mapping.vivo.label_of_name`:
nameparser, no titles, the record's given and family names when the graph has them); the
particle is BibTeX's "von" part: the lower-case words that start the family name ("von",
"van der", "de la"), never its last word."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Name", "split"]


@dataclass(frozen=True)
class Name:
    """A name in parts. ``family`` excludes the particle; ``literal`` is set (and nothing else but
    ``full``) for a name that is not split: an organisation's."""

    full: str  # as the graph names the person, first name first
    given: str = ""
    family: str = ""
    particle: str = ""  # "von", "van der"
    suffix: str = ""  # "Jr.", "III"
    literal: str = ""

    @property
    def family_with_particle(self) -> str:
        return " ".join(p for p in (self.particle, self.family) if p)


def split(full: str, given: str = "", family: str = "") -> Name:
    """``full`` in parts (``given``/``family``: the graph's schema:givenName/familyName, if any)."""
    from cvgraph.mapping.vivo import label_of_name  # lazy: nameparser, for exports only

    text = " ".join(full.split())
    parts = label_of_name(text, given or None, family or None)
    first = " ".join(p for p in (parts.given, parts.middle) if p)
    words = parts.family.split()
    n = 0
    while n < len(words) - 1 and words[n][:1].islower():
        n += 1
    return Name(full=text, given=first, family=" ".join(words[n:]), particle=" ".join(words[:n]),
                suffix=parts.suffix)

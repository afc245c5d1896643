"""Personal names: keys for matching, splitting into given / family / suffix, and the one rule
that says whether a printed name is the CV owner's.

Splitting is nameparser's (``HumanName``: "Adams, Richard Manly Jr." is given "Richard Manly",
family "Adams", suffix "Jr."; particles stay with the family name: "Jan van der Berg" is family
"van der Berg"). The particle list and the transliterations are data
(``cvgraph/importers/data/names.yaml``).

The owner rule (:func:`is_owner_name`): same family name (accents, case, hyphens aside), and
given names that agree as far as both go, an initial standing for any name it starts; a printed
name may carry more given names or initials than the owner's (a different generational suffix,
"Jr." against "III", is someone else; a suffix left out is not) ("S.-W. Lee" and "Lee, S." are
Sunwoo Lee, "J. R. Doe" is Jane Doe) and may leave some out, but a different written-out given
name is someone else ("Tom Lee", "T. Lee"). The same words in another order ("Lee Sunwoo") are
the owner too.

>>> owner = split_name("Sunwoo Lee")
>>> [is_owner_name(p, owner) for p in ("S. Lee", "Lee, S.", "S.-W. Lee", "T. Lee", "Tom Lee")]
[True, True, True, False, False]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName

from cvgraph.importers.text.tables import table

__all__ = ["PARTICLES", "SUFFIXES", "PersonName", "compatible", "family_key", "fold", "given_tokens",
           "id_text", "is_owner_name", "match_key", "split_name", "split_suffix"]

_DATA = table("names")
#: particles that start a family name, lower-case
PARTICLES: frozenset[str] = frozenset(_DATA["particles"])
_TRANSLIT = str.maketrans(_DATA["transliterate"])
#: generational suffixes (lower-case, no dot)
SUFFIXES: frozenset[str] = frozenset(_DATA["suffixes"])


# ----------------------------------------------------------------------------- keys

def id_text(text: str) -> str:
    """``text`` with the Latin letters NFKD does not take apart spelt out (Ł → L, ß → ss)."""
    return text.translate(_TRANSLIT)


def fold(text: str) -> str:
    """Accent- and case-insensitive form: ``"Öztürk"`` → ``"ozturk"``, ``"Łódź"`` → ``"lodz"``."""
    text = unicodedata.normalize("NFKD", id_text(text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def match_key(name: str) -> str:
    """Dedup key of a printed name: :func:`fold`, with punctuation and white space collapsed to
    single spaces (``"Acme, Inc."`` and ``"ACME Inc"`` share one)."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())


def family_key(family: str) -> str:
    """A family name folded, hyphens read as spaces: "Núñez-Łukasiewicz" ~ "Nunez Lukasiewicz"."""
    return " ".join(re.split(r"[\s\-‐]+", fold(family))).strip()


def given_tokens(given: str) -> list[str]:
    """Given names folded and split at spaces, dots and hyphens: "S.-W." → ["s", "w"]."""
    return [t for t in re.split(r"[\s.\-‐‑]+", fold(given)) if t]


# ----------------------------------------------------------------------------- splitting

@dataclass(frozen=True)
class PersonName:
    """A personal name in parts. ``family`` includes its particles ("van der Berg")."""

    given: str = ""
    family: str = ""
    suffix: str = ""

    @property
    def particle(self) -> str:
        """The particles at the start of the family name ("van der"), or ""."""
        words = self.family.split()
        n = 0
        while n < len(words) - 1 and words[n].lower() in PARTICLES:
            n += 1
        return " ".join(words[:n])

    @property
    def initials(self) -> list[str]:
        """The first letter of each given name, upper-case: "Sunwoo" → ["S"], "S.-W." → ["S", "W"]."""
        return [t[0].upper() for t in given_tokens(self.given)]

    @property
    def full(self) -> str:
        """First name first: "Richard Manly Adams Jr."."""
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)


def split_suffix(given: str) -> tuple[str, str]:
    """A suffix at the end of given names, as "Last, First Jr." puts it, taken off:
    ("Richard Manly Jr.", "") → ("Richard Manly", "Jr.")."""
    words = given.split()
    if len(words) > 1 and words[-1].lower().rstrip(".") in SUFFIXES:
        return " ".join(words[:-1]), words[-1]
    return given, ""


@lru_cache(maxsize=4096)
def split_name(text: str) -> PersonName:
    """A printed name → its parts (nameparser; titles such as "Dr." are dropped; a single word
    is a family name)."""
    parts = [p.strip() for p in " ".join(text.split()).split(",")]
    if len(parts) == 3 and parts[1].lower().rstrip(".") in SUFFIXES:
        # BibTeX's "Last, Jr, First" ("Adams, Jr., Richard Manly"): nameparser reads "Last, First, Jr"
        parts = [parts[0], parts[2], parts[1]]
    human = HumanName(", ".join(parts))
    given = " ".join(p for p in (human.first, human.middle) if p)
    family = human.last
    if not family and given:  # "Madonna"
        given, family = "", given
    return PersonName(given=given, family=family, suffix=human.suffix)


# ----------------------------------------------------------------------------- matching

def _agree(x: str, y: str) -> bool:
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def compatible(a: list[str], b: list[str]) -> bool:
    """Could given names ``a`` and ``b`` (:func:`given_tokens`) be the same *co-author's*? Initials
    match the names they abbreviate ("S." ~ "Sunwoo"); when one has more tokens ("Alok N." vs
    "A."), the longer one must be written out in full where they overlap (so "S. W." is not
    "Sunwoo"): stricter than the owner rule, because two co-authors merged wrongly lose one."""
    if not a or not b:
        return False
    if not all(_agree(x, y) for x, y in zip(a, b, strict=False)):
        return False
    if len(a) != len(b):
        longer = a if len(a) > len(b) else b
        if any(len(t) == 1 for t in longer[:min(len(a), len(b))]):
            return False
    return True


def _given_match(printed: list[str], owner: list[str]) -> bool:
    if not printed or not owner:
        return False
    if "".join(printed) == "".join(owner):  # "Wei-keng" ~ "Weikeng"
        return True
    if not _agree(printed[0], owner[0]):
        return False
    # the names both give agree; more initials or middle names on either side are allowed
    return all(_agree(x, y) for x, y in zip(printed[1:], owner[1:], strict=False))


def _suffix_key(suffix: str) -> str:
    return suffix.lower().rstrip(".")


def is_owner_name(printed: str | PersonName, owner: PersonName) -> bool:
    """Is the name ``printed`` (text, or already split) the owner's? See the module docstring."""
    name = split_name(printed) if isinstance(printed, str) else printed
    if not owner.family or (_suffix_key(name.suffix) not in ("", _suffix_key(owner.suffix)) \
            and owner.suffix):
        return False  # "Richard Adams III" is not "Richard Adams Jr."
    if family_key(name.family) == family_key(owner.family):
        return _given_match(given_tokens(name.given), given_tokens(owner.given))
    words = sorted(match_key(f"{name.given} {name.family}").split())
    return len(words) > 1 and words == sorted(match_key(f"{owner.given} {owner.family}").split())

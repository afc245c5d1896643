"""Deterministic synthetic academic CVs for benchmarks: N interlinked cvgraph YAML files.

    python tests/support/generate.py N DIR [--seed S] [--check]

writes DIR/cv-00001.yaml … DIR/cv-NNNNN.yaml. The same N and seed always give byte-identical
files (one ``random.Random(seed)``; no global random state, no clock, no hash order).

Each CV (the multi-CV benchmark of the issue: 1,000 CVs of ~1,760 triples each) has 60
publications of 3–8 authors (journal, conference, workshop papers and preprints), 2 education
entries (the Ph.D. with a thesis and advisors), 3 employment roles and 1 internship, 2 thesis
advisees (``students:``), 5 talks,
service for 4 venues over 2–3 years each, 3 courses taught in 2–4 terms each, awards, skills and
research interests; its own ``base:`` (https://cv.example.org/<slug>) and a valid ORCID iD.

The CVs overlap the way real ones do, so that a merged graph has shared nodes to join on:

* co-authors are drawn from one shared pool of people with ORCID iDs (each CV works with a
  "circle" of pool people, and neighbouring CVs' circles overlap);
* CV owners co-author papers with each other: such a paper is listed, identically and under
  its DOI, in the CV of every owner among its authors, and each owner is a ``people`` entry
  (by ORCID) in the other owners' CVs; some advisors are other owners too;
* universities carry ROR ids, so organisations are shared nodes as well.

Publication ids are unique across all CVs except for the shared papers (cvgraph labels the
blank nodes of an author list after the publication id, so two *different* papers with one id
in two CVs would share list cells in a merged graph).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from bisect import bisect_right
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random

import yaml

from cvgraph.records.ids import slug

__all__ = ["PUBLICATIONS_PER_CV", "generate", "orcid_check_digit", "write"]

PUBLICATIONS_PER_CV = 60
WINDOW = 7  # pool people in an owner's circle (owners i and i+1 share WINDOW - 2)
FIRST_YEAR_CAP = 2024  # latest year anything happens in (no clock: output must not drift)
HEADER = ("# Synthetic CV written by tests/support/generate.py ({n} CVs, seed {seed}): "
          "invented people, papers and DOIs.\n")

# ----------------------------------------------------------------------------- name pools

GIVEN = [
    "Alice", "Bruno", "Chen", "Daniela", "Emeka", "Fatima", "Gabriel", "Hana", "Ivan", "Jana",
    "Kenji", "Laura", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tomás",
    "Uma", "Viktor", "Wen", "Xavier", "Yusuf", "Zoë", "José", "Søren", "Łukasz", "François",
    "Héloïse", "Jürgen", "Ngọc", "Ayşe", "Björn", "Chloé", "Dávid", "Eirík", "Iñaki", "Mónica",
    "Ahmed", "Beatriz", "Carlos", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jamal",
    "Kwame", "Lucía", "Mei", "Nikolai", "Olga", "Pedro", "Rahul", "Sara", "Tariq", "Valentina",
    "Wei", "Yuki", "Zhang", "Amara", "Benoît", "Ciarán", "Dagný", "Émile", "Göran", "Renée",
]
FAMILY = [
    "Smith", "Kim", "Nguyen", "García", "Müller", "Rossi", "Novak", "Okafor", "Tanaka", "Silva",
    "Kowalski", "Dubois", "Johansson", "Ivanova", "Haddad", "Patel", "Cohen", "Yılmaz", "Lee", "Chen",
    "Wang", "Singh", "Andersen", "Fernández", "Çelik", "Dvořák", "Øvergaard", "Kovačević", "Gonçalves",
    "Śliwiński", "Ólafsdóttir", "Nguyễn", "Brontë", "Schäfer", "Núñez", "Lindqvist", "Papadopoulos",
    "Moreau", "Bianchi", "Horvath", "Sato", "Park", "Choi", "Zhou", "Liu", "Kumar", "Mensah", "Adeyemi",
    "O'Brien", "MacLeod", "van der Berg", "De Luca", "Al-Rashid", "Ramírez", "Petrov", "Nakamura",
    "Hoffmann", "Jensen", "Costa", "Wójcik", "Ferreira", "Bauer", "Kaya", "Eriksson", "Lambert",
]
MIDDLE = "ABCDEFGHJKLMNPRSTW"

# ----------------------------------------------------------------------------- organisations

# name, locality, region, country, web domain
UNIVERSITIES = [
    ("Northlake University", "Evanston", "IL", "USA", "northlake.edu"),
    ("University of Westbrook", "Los Angeles", "CA", "USA", "westbrook.edu"),
    ("Eastfield Institute of Technology", "Cambridge", "MA", "USA", "eit.edu"),
    ("Pacific State University", "Seattle", "WA", "USA", "pacificstate.edu"),
    ("Lakeshore University", "Chicago", "IL", "USA", "lakeshore.edu"),
    ("Université de Montclair", "Montréal", "QC", "Canada", "umontclair.ca"),
    ("Technische Universität Mittelstadt", "Mittelstadt", None, "Germany", "tu-mittelstadt.de"),
    ("Universidad de San Lorenzo", "Madrid", None, "Spain", "usl.es"),
    ("Università di Valleverde", "Bologna", None, "Italy", "unival.it"),
    ("Hanbit National University", "Seoul", None, "South Korea", "hanbit.ac.kr"),
    ("Incheon Institute of Science and Technology", "Incheon", None, "South Korea", "iist.ac.kr"),
    ("Kitayama University", "Kyoto", None, "Japan", "kitayama.ac.jp"),
    ("Shenhai University", "Shanghai", None, "China", "shenhai.edu.cn"),
    ("Nordvik University", "Trondheim", None, "Norway", "nordvik.no"),
    ("Uniwersytet Wiślany", "Kraków", None, "Poland", "uw-wislany.pl"),
    ("University of Kestrel Bay", "Sydney", "NSW", "Australia", "kestrelbay.edu.au"),
    ("Universidade do Vale Azul", "São Paulo", "SP", "Brazil", "uva.br"),
    ("École Polytechnique de Lisière", "Lyon", None, "France", "polylisiere.fr"),
    ("Ankara Teknik Üniversitesi", "Ankara", None, "Turkey", "atu.edu.tr"),
    ("Indus Institute of Technology", "Bengaluru", "KA", "India", "indus-it.ac.in"),
    ("Lagos University of Science", "Lagos", None, "Nigeria", "lus.edu.ng"),
    ("Highland University", "Edinburgh", None, "UK", "highland.ac.uk"),
    ("Kingsbridge College London", "London", None, "UK", "kingsbridge.ac.uk"),
    ("Zürichsee Technical University", "Zürich", None, "Switzerland", "ztu.ch"),
    ("Delta University of Technology", "Delft", None, "Netherlands", "deltatu.nl"),
    ("University of Riverbend", "Austin", "TX", "USA", "riverbend.edu"),
    ("Mountain State University", "Boulder", "CO", "USA", "mountainstate.edu"),
    ("Harborview University", "Baltimore", "MD", "USA", "harborview.edu"),
]
COMPANIES = [
    ("Nimbus Computing", "San Jose", "CA", "USA"),
    ("Quantix Labs", "Seattle", "WA", "USA"),
    ("Hyperion Semiconductor", "Hwaseong", None, "South Korea"),
    ("Datavine", "Berlin", None, "Germany"),
    ("Kōbō Systems", "Tokyo", None, "Japan"),
    ("Stellar Analytics", "London", None, "UK"),
]
LABS = [
    ("Ridgeview National Laboratory", "Berkeley", "CA", "USA"),
    ("Prairie National Accelerator Laboratory", "Batavia", "IL", "USA"),
    ("Oakridge Computing Institute", "Oak Ridge", "TN", "USA"),
    ("Max Weber Institute for Informatics", "Saarbrücken", None, "Germany"),
    ("Institut Lumière de Recherche", "Grenoble", None, "France"),
]
PUBLISHERS = ["IEEE", "ACM", "Elsevier", "Springer Nature"]

# ----------------------------------------------------------------------------- research areas

AREAS = {
    "ml": {
        "field": "Computer Science",
        "dept": "Department of Computer Science",
        "interests": ["Federated Learning", "Large-Scale Deep Learning", "Optimization for Machine Learning",
                      "Trustworthy AI", "Representation Learning", "Efficient Neural Networks"],
        "topics": ["Federated Learning", "Neural Network Training", "Model Compression", "Graph Neural Networks",
                   "Large Language Models", "Gradient Descent", "Contrastive Learning", "Vision Transformers"],
        "courses": [("Machine Learning", "CS"), ("Deep Learning", "CS"), ("Data Structures", "CS"),
                    ("Probability for Computer Scientists", "CS"), ("Optimization", "CS")],
    },
    "hpc": {
        "field": "Computer Engineering",
        "dept": "Department of Computer Engineering",
        "interests": ["High-Performance Computing", "Parallel I/O", "Scientific Data Management",
                      "Distributed Systems", "Performance Modeling"],
        "topics": ["Parallel I/O", "Exascale Simulations", "MPI Communication", "Checkpointing",
                   "GPU Kernels", "Scientific Workflows", "Data Compression", "Load Balancing"],
        "courses": [("Parallel Programming", "CE"), ("Computer Architecture", "CE"), ("System Programming", "CE"),
                    ("Operating Systems", "CE"), ("Linux Programming", "CE")],
    },
    "db": {
        "field": "Information Science",
        "dept": "School of Information",
        "interests": ["Knowledge Graphs", "Query Optimization", "Data Integration", "Linked Data",
                      "Information Retrieval"],
        "topics": ["Knowledge Graphs", "SPARQL Query Processing", "Entity Resolution", "Data Lakes",
                   "Approximate Query Answering", "Schema Matching", "Semantic Search", "Provenance Tracking"],
        "courses": [("Database Systems", "INF"), ("Information Retrieval", "INF"), ("Semantic Web", "INF"),
                    ("Data Management", "INF"), ("Web Technologies", "INF")],
    },
    "net": {
        "field": "Electrical Engineering",
        "dept": "Department of Electrical Engineering",
        "interests": ["Wireless Networks", "Edge Computing", "Network Security", "Internet of Things",
                      "Mobile Systems"],
        "topics": ["Edge Computing", "5G Networks", "Intrusion Detection", "Sensor Networks",
                   "Network Function Virtualization", "Mobile Offloading", "Spectrum Sharing", "IoT Security"],
        "courses": [("Computer Networks", "EE"), ("Signals and Systems", "EE"), ("Wireless Communication", "EE"),
                    ("Network Security", "EE"), ("Embedded Systems", "EE")],
    },
}
ADJECTIVES = ["Scalable", "Efficient", "Robust", "Adaptive", "Communication-Efficient", "Privacy-Preserving",
              "Fault-Tolerant", "Energy-Aware", "Hierarchical", "Asynchronous", "Lightweight", "Provable"]
METHODS = ["Gradient Compression", "Layer-Wise Aggregation", "Sparse Updates", "Reinforcement Learning",
           "Bayesian Inference", "Randomized Sketching", "Knowledge Distillation", "Graph Partitioning",
           "Adaptive Sampling", "Incremental Indexing", "Pipeline Parallelism", "Mixed Precision"]
TEMPLATES = ["{adj} {topic} via {method}", "Towards {adj} {topic}", "{method} for {adj} {topic}",
             "On the Convergence of {method} in {topic}", "{topic} at Scale: {adj2} Approaches",
             "Rethinking {topic} with {method}", "A Case Study of {method} for {topic}",
             "{adj} and {adj2} {topic}", "When {method} Meets {topic}", "Understanding {topic} through {method}"]

# venue id, name, short, kind, area ("*" = any), publisher (journals)
VENUES = [
    ("tmlr", "Transactions on Machine Learning Research", "TMLR", "journal", "ml", None),
    ("jmlr", "Journal of Machine Learning Research", "JMLR", "journal", "ml", None),
    ("neurocomputing", "Neurocomputing", None, "journal", "ml", "Elsevier"),
    ("ieee-tpami", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI", "journal", "ml",
     "IEEE"),
    ("neurips", "Conference on Neural Information Processing Systems", "NeurIPS", "conference", "ml", None),
    ("icml", "International Conference on Machine Learning", "ICML", "conference", "ml", None),
    ("iclr", "International Conference on Learning Representations", "ICLR", "conference", "ml", None),
    ("aaai", "AAAI Conference on Artificial Intelligence", "AAAI", "conference", "ml", None),
    ("fl-neurips", "International Workshop on Federated Learning", "FL-NeurIPS", "workshop", "ml", "neurips"),
    ("ieee-tpds", "IEEE Transactions on Parallel and Distributed Systems", "TPDS", "journal", "hpc", "IEEE"),
    ("parco", "Parallel Computing", None, "journal", "hpc", "Elsevier"),
    ("jpdc", "Journal of Parallel and Distributed Computing", "JPDC", "journal", "hpc", "Elsevier"),
    ("sc", "International Conference for High Performance Computing, Networking, Storage and Analysis", "SC",
     "conference", "hpc", None),
    ("hpdc", "International Symposium on High-Performance Parallel and Distributed Computing", "HPDC",
     "conference", "hpc", None),
    ("ipdps", "IEEE International Parallel and Distributed Processing Symposium", "IPDPS", "conference",
     "hpc", None),
    ("mlhpc", "Workshop on Machine Learning in HPC Environments", "MLHPC", "workshop", "hpc", "sc"),
    ("vldbj", "The VLDB Journal", "VLDBJ", "journal", "db", "Springer Nature"),
    ("tods", "ACM Transactions on Database Systems", "TODS", "journal", "db", "ACM"),
    ("jws", "Journal of Web Semantics", "JWS", "journal", "db", "Elsevier"),
    ("sigmod", "ACM SIGMOD International Conference on Management of Data", "SIGMOD", "conference", "db",
     None),
    ("vldb", "International Conference on Very Large Data Bases", "VLDB", "conference", "db", None),
    ("iswc", "International Semantic Web Conference", "ISWC", "conference", "db", None),
    ("ssws", "International Workshop on Scalable Semantic Web Knowledge Base Systems", "SSWS", "workshop",
     "db", "iswc"),
    ("ieee-tmc", "IEEE Transactions on Mobile Computing", "TMC", "journal", "net", "IEEE"),
    ("ton", "IEEE/ACM Transactions on Networking", "ToN", "journal", "net", "IEEE"),
    ("comnet", "Computer Networks", None, "journal", "net", "Elsevier"),
    ("infocom", "IEEE International Conference on Computer Communications", "INFOCOM", "conference", "net",
     None),
    ("mobicom", "ACM International Conference on Mobile Computing and Networking", "MobiCom", "conference",
     "net", None),
    ("sigcomm", "ACM SIGCOMM Conference", "SIGCOMM", "conference", "net", None),
    ("hotedge", "Workshop on Hot Topics in Edge Computing", "HotEdge", "workshop", "net", "mobicom"),
    ("bigdata", "IEEE International Conference on Big Data", "BigData", "conference", "*", None),
    ("ccgrid", "International Symposium on Cluster, Cloud and Internet Computing", "CCGrid", "conference", "*",
     None),
    ("sci-rep", "Scientific Reports", None, "journal", "*", "Springer Nature"),
]
CONFERENCE_PUBLISHER = {"sigmod": "ACM", "mobicom": "ACM", "sigcomm": "ACM", "hpdc": "ACM", "sc": "IEEE",
                        "infocom": "IEEE", "ipdps": "IEEE", "bigdata": "IEEE", "ccgrid": "IEEE"}
DOI_PREFIX = {"IEEE": "10.1109", "ACM": "10.1145", "Elsevier": "10.1016", "Springer Nature": "10.1007",
              None: "10.5555"}

SKILLS = {
    "Programming Languages": ["Python", "C/C++", "Rust", "Julia", "Go", "Java", "Scala", "R", "Fortran"],
    "Frameworks": ["PyTorch", "TensorFlow", "JAX", "MPI", "OpenMP", "CUDA", "Spark", "Kafka"],
    "Tools": ["Git", "Docker", "Kubernetes", "Slurm", "LaTeX", "Linux", "Jupyter"],
}
TALK_SERIES = ["Distinguished Lecture Series", "Invited Seminar", "Colloquium", "Tech Talk"]
AWARDS = ["Early Career Research Award", "Outstanding Reviewer Award", "Teaching Excellence Award",
          "Doctoral Dissertation Fellowship", "Young Investigator Award"]
TERMS = ["Spring", "Fall", "Summer", "Winter"]

# ----------------------------------------------------------------------------- identifiers


def orcid_check_digit(base15: str) -> str:
    """ISO 7064 11,2 check character of an ORCID iD's first 15 digits."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _issn(seven: str) -> str:
    check = (11 - sum(int(d) * w for d, w in zip(seven, range(8, 1, -1))) % 11) % 11
    return f"{seven[:4]}-{seven[4:]}{'X' if check == 10 else check}"


_ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case


def _ror(rng: Random) -> str:
    """A ROR id: '0', six Crockford base32 characters and the ISO 7064 97-10 checksum."""
    body = "0" + "".join(rng.choice(_ROR_ALPHABET) for _ in range(6))
    number = 0
    for ch in body:
        number = number * 32 + _ROR_ALPHABET.index(ch)
    return f"{body}{98 - (number * 100) % 97:02d}"


@cache
def _slug(text: str) -> str:
    """cvgraph's own slug (ids default to it), cached: the same words recur."""
    return slug(text)


# ----------------------------------------------------------------------------- the world


class _World:
    """Everything shared between CVs: people, organisations, venues and co-written papers."""

    def __init__(self, n: int, seed: int):
        self.n, self.seed = n, seed
        self.rng = rng = Random(seed)
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.orcids: set[str] = set()
        self.pub_ids: set[str] = set()
        self.doi_count = 0
        self.orgs: dict[str, dict] = {}
        for name, loc, region, country, domain in UNIVERSITIES:
            self.orgs[_slug(name)] = {"id": _slug(name), "name": name, "kind": "university", "locality": loc,
                                      "region": region, "country": country, "url": f"https://www.{domain}",
                                      "ror": _ror(rng), "domain": domain}
        for rows, kind in ((COMPANIES, "company"), (LABS, "research")):
            for name, loc, region, country in rows:
                self.orgs[_slug(name)] = {"id": _slug(name), "name": name, "kind": kind, "locality": loc,
                                          "region": region, "country": country}
        for name in PUBLISHERS:
            self.orgs[_slug(name)] = {"id": _slug(name), "name": name, "kind": "organization"}
        self.universities = [_slug(u[0]) for u in UNIVERSITIES]
        self.companies = [_slug(c[0]) for c in COMPANIES]
        self.labs = [_slug(x[0]) for x in LABS]
        self.venues = {}
        for vid, name, short, kind, area, extra in VENUES:
            v = {"id": vid, "name": name, "short": short, "kind": kind, "area": area}
            if kind == "journal":
                v["issn"] = _issn("".join(str(rng.randrange(10)) for _ in range(7)))
                v["publisher"] = extra
            elif kind == "workshop":
                v["part_of"] = extra
            self.venues[vid] = v
        self.venues["arxiv"] = {"id": "arxiv", "name": "arXiv", "kind": "repository", "area": "-",
                                "url": "https://arxiv.org"}
        self.by_area = {a: [v for v in self.venues.values() if v["area"] in (a, "*")] for a in AREAS}
        self.area_names = sorted(AREAS)

        # the people: owners first (index 0..n-1), then the co-author pool
        self.owners = [self.person(area=self.area_names[i % len(AREAS)]) for i in range(n)]
        pool_size = 60 + 2 * n
        self.pool = [self.person(area=self.area_names[i % len(AREAS)]) for i in range(pool_size)]
        for i, owner in enumerate(self.owners):
            owner["index"] = i
            self.career(owner)
        self.by_phd_end = sorted(self.owners, key=lambda o: (o["phd_end"], o["index"]))  # advisor candidates
        self.phd_ends = [o["phd_end"] for o in self.by_phd_end]
        self.shared = self.shared_papers()
        self.shared_by_owner: dict[str, list[dict]] = {}
        for paper in self.shared:
            for a in paper["authors"]:
                self.shared_by_owner.setdefault(a["id"], []).append(paper)

    # -- people ---------------------------------------------------------------------------
    def person(self, area: str) -> dict:
        rng = self.rng
        while True:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            name = f"{given} {family}"
            if name in self.names:
                name = f"{given} {rng.choice(MIDDLE)}. {family}"
            ident = _slug(name)
            if name not in self.names and ident not in self.ids:
                break
        self.names.add(name)
        self.ids.add(ident)
        while True:
            base = f"0000000{rng.choice('123')}{rng.randrange(10**7):07d}"
            orcid = base + orcid_check_digit(base)
            orcid = "-".join(orcid[k:k + 4] for k in range(0, 16, 4))
            if orcid not in self.orcids:
                break
        self.orcids.add(orcid)
        home = rng.choice(self.universities if rng.random() < 0.8 else self.labs + self.companies)
        return {"id": ident, "name": name, "given": given, "family": family, "orcid": orcid,
                "affiliation": home, "area": area}

    def career(self, owner: dict) -> None:
        """Dates and places of an owner's career (needed by other CVs: advisors, affiliations)."""
        rng = self.rng
        owner["phd_end"] = phd_end = rng.randint(2006, 2018)
        owner["phd_start"] = phd_start = phd_end - rng.randint(4, 6)
        owner["bs_end"] = phd_start - rng.randint(1, 3)
        owner["postdoc_end"] = phd_end + rng.randint(1, 3)
        owner["current_start"] = owner["postdoc_end"] + rng.randint(0, 2)
        unis = rng.sample(self.universities, 4)
        owner["affiliation"] = unis[0]  # current employer (also their affiliation in other CVs)
        owner["phd_at"], owner["bs_at"], owner["postdoc_at"] = unis[1], unis[2], unis[3]

    # -- papers -------------------------------------------------------------------------------
    def title(self, area: str, rng: Random) -> str:
        adj, adj2 = rng.sample(ADJECTIVES, 2)
        return rng.choice(TEMPLATES).format(adj=adj, adj2=adj2, topic=rng.choice(AREAS[area]["topics"]),
                                            method=rng.choice(METHODS))

    def paper_id(self, first_author: dict, year: int, title: str) -> str:
        word = next((w for w in map(_slug, title.split()) if w not in _STOP), "")
        family = _slug(first_author["family"]).replace("-", "")
        base = f"{family}{year}{word.split('-')[0]}"
        ident, k = base, 1
        while ident in self.pub_ids:
            k += 1
            ident = f"{base}{chr(ord('a') + (k - 2) % 26)}{'' if k < 28 else k}"
        self.pub_ids.add(ident)
        return ident

    def doi(self, venue: dict, year: int) -> str:
        """A DOI unique across all CVs (lower case, as cvgraph's shapes require)."""
        self.doi_count += 1
        prefix = DOI_PREFIX[venue.get("publisher") or CONFERENCE_PUBLISHER.get(venue["id"])]
        return f"{prefix}/{venue['id']}.{year}.{self.doi_count:06d}"

    def paper(self, kind: str, area: str, authors: list[dict], rng: Random, year: int | None = None,
              doi: bool = True) -> dict:
        year = year or rng.randint(2010, FIRST_YEAR_CAP)
        title = self.title(area, rng)
        pub: dict = {"id": self.paper_id(authors[0], year, title), "kind": kind, "title": title,
                     "authors": authors}
        # now and then a name is printed abbreviated: written {name: "A. Family", ref: id}
        printed = {a["id"]: f"{a['given'][0]}. {a['family']}" for a in authors if rng.random() < 0.03}
        if printed:
            pub["printed"] = printed
        if kind == "preprint":
            venue = self.venues["arxiv"]
            pub["venue"] = venue
            pub["year"] = f"{year}-{rng.randint(1, 12):02d}"
            pub["arxiv"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randrange(100000):05d}"
            return pub
        venue = rng.choice([v for v in self.by_area[area] if v["kind"] == kind])
        pub["venue"] = venue
        pub["year"] = year
        if kind == "journal":
            pub["volume"] = str(rng.randint(10, 160))
            if rng.random() < 0.1:
                pub["issue"] = str(rng.randint(1, 12))
            if rng.random() < 0.2:
                start = rng.randint(1, 3000)
                pub["pages"] = f"{start}-{start + rng.randint(8, 24)}"
            else:
                pub["article"] = str(rng.randint(100000, 999999))
        elif kind == "conference":
            if rng.random() < 0.1:
                start = rng.randint(1, 9000)
                pub["pages"] = f"{start}-{start + rng.randint(8, 12)}"
            if rng.random() < 0.15:
                pub["acceptance_rate"] = f"{rng.randint(15, 30)}.{rng.randint(0, 9)}%"
            if rng.random() < 0.08:
                pub["notes"] = [rng.choice(["oral presentation", "spotlight", "best paper candidate"])]
        if doi:
            pub["doi"] = self.doi(venue, year)
        return pub

    def shared_papers(self) -> list[dict]:
        """Papers co-written by two (sometimes three) CV owners, listed in each owner's CV."""
        rng, n = self.rng, self.n
        pairs: list[tuple[int, int]] = []
        if n >= 2:
            for i in range(n):
                for offset, count in ((1, 2), (2, 1)):
                    j = (i + offset) % n
                    if j != i:
                        pairs += [(i, j)] * count
                j = rng.randrange(n)
                if j != i:
                    pairs.append((i, j))
        seen_pairs: dict[tuple[int, int], int] = {}
        papers = []
        for i, j in pairs:
            key = (min(i, j), max(i, j))
            limit = 3 if n > 3 else 2
            if seen_pairs.get(key, 0) >= limit:
                continue
            seen_pairs[key] = seen_pairs.get(key, 0) + 1
            owners = [self.owners[i], self.owners[j]]
            if n > 4 and rng.random() < 0.15:
                k = rng.randrange(n)
                if k not in (i, j):
                    owners.append(self.owners[k])
            size = max(len(owners), _author_count(rng))
            others = self.circle_sample(owners[0], size - len(owners), rng, close=True)
            authors = owners + others
            rng.shuffle(authors)
            kind = rng.choice(["journal", "conference", "conference"])
            year = rng.randint(max(o["phd_start"] for o in owners), FIRST_YEAR_CAP)
            papers.append(self.paper(kind, owners[0]["area"], authors, rng, year=year))
        return papers

    def circle(self, owner: dict) -> list[dict]:
        """The co-authors an owner works with: a window of the shared pool (so neighbouring
        CVs overlap) plus a few from anywhere."""
        if "circle" not in owner:
            rng = Random(self.seed * 7919 + owner["index"])
            size = len(self.pool)
            start = (owner["index"] * 2) % size
            window = [self.pool[(start + k) % size] for k in range(WINDOW)]
            extra = rng.sample(self.pool, min(2, size))
            seen, out = set(), []
            for p in window + extra:
                if p["id"] not in seen:
                    seen.add(p["id"])
                    out.append(p)
            owner["circle"] = out
        return owner["circle"]

    def circle_sample(self, owner: dict, k: int, rng: Random, close: bool = False) -> list[dict]:
        """``k`` co-authors from the owner's circle (``close``: from its pool window only, which
        neighbouring owners share)."""
        circle = self.circle(owner)[:WINDOW] if close else self.circle(owner)
        # a few close collaborators appear on most papers
        cum = _circle_weights(len(circle))
        out: list[dict] = []
        while len(out) < min(k, len(circle)):
            p = rng.choices(circle, cum_weights=cum)[0]
            if p not in out:
                out.append(p)
        return out


@cache
def _circle_weights(size: int) -> list[int]:
    return list(accumulate(6 if m < 4 else 2 if m < 10 else 1 for m in range(size)))


_STOP = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "via", "with", "at", "when"}
_AUTHORS = [3, 4, 5, 6, 7, 8]  # per paper, owner included; mean ~3.5 (tuned for ~1,780 triples per CV)
_AUTHORS_CUM = list(accumulate([78, 10, 5, 3, 2, 2]))


def _author_count(rng: Random) -> int:
    return rng.choices(_AUTHORS, cum_weights=_AUTHORS_CUM)[0]


# ----------------------------------------------------------------------------- one CV


def _org_entry(org: dict) -> dict:
    out = {"id": org["id"], "name": org["name"], "kind": org["kind"]}
    if org.get("parent"):
        out["parent"] = org["parent"]
    for key in ("locality", "region", "country", "url", "ror"):
        if org.get(key):
            out[key] = org[key]
    return out


def _cv(world: _World, owner: dict) -> dict:
    rng = Random(world.seed * 1_000_003 + owner["index"] + 1)
    area = AREAS[owner["area"]]
    handle = _slug(owner["name"])
    base = f"https://cv.example.org/{handle}"
    orgs: dict[str, dict] = {}

    def org(ident: str) -> str:
        if ident not in orgs:
            entry = world.orgs.get(ident)
            if entry is None:
                raise KeyError(ident)
            if entry.get("parent"):
                org(entry["parent"])
            orgs[ident] = entry
        return ident

    home = world.orgs[owner["affiliation"]]
    dept_id = f"{home['id']}-{_slug(area['dept'])}"
    world.orgs.setdefault(dept_id, {"id": dept_id, "name": area["dept"], "kind": "department",
                                    "parent": home["id"]})
    org(home["id"]), org(dept_id)

    # --- publications: the shared ones, then the owner's own -------------------------------
    shared = world.shared_by_owner.get(owner["id"], [])
    own_count = max(0, PUBLICATIONS_PER_CV - len(shared))
    kinds = rng.choices(["journal", "conference", "workshop", "preprint"], [36, 38, 12, 14], k=own_count)
    own = []
    for kind in kinds:
        others = world.circle_sample(owner, _author_count(rng) - 1, rng)
        position = rng.choices([0, 1, 2, len(others)], [45, 20, 10, 25])[0]
        authors = others[:position] + [owner] + others[position:]
        own.append(world.paper(kind, owner["area"], authors, rng,
                               year=rng.randint(owner["phd_start"], FIRST_YEAR_CAP),
                               doi=kind != "preprint" and rng.random() < 0.93))
    pubs = sorted(shared + own, key=lambda p: (-int(str(p["year"])[:4]), p["id"]))[:PUBLICATIONS_PER_CV]

    people: dict[str, dict] = {}

    def person(p: dict, printed: str | None = None) -> str | dict:
        if p is not owner and p["id"] not in people:
            people[p["id"]] = p
        if printed:
            return {"name": printed, "ref": "me" if p is owner else p["id"]}
        return p["name"]

    # --- education, with advisors (some of them other CV owners) -------------------------------
    advisors = world.circle(owner)[:2]
    elders = world.by_phd_end[:bisect_right(world.phd_ends, owner["phd_start"] - 2)]
    if elders and rng.random() < 0.4:
        advisors = [rng.choice(elders), advisors[0]]
    phd_at, bs_at = world.orgs[owner["phd_at"]], world.orgs[owner["bs_at"]]
    thesis_title = world.title(owner["area"], rng)
    education = [
        {"degree": "Ph.D.", "field": area["field"], "institution": org(phd_at["id"]),
         "start": owner["phd_start"], "end": owner["phd_end"],
         "thesis": {"title": thesis_title, "url": f"https://{phd_at['domain']}/theses/{handle}"},
         "advisors": [person(a) for a in advisors]},
        {"degree": ["B.S.", "M.S."] if rng.random() < 0.4 else "B.S.", "field": area["field"],
         "institution": org(bs_at["id"]), "start": owner["bs_end"] - 4, "end": owner["bs_end"]},
    ]

    # --- employment and internship ---------------------------------------------------------------
    seniority = 2024 - owner["current_start"]
    job = "Professor" if seniority > 12 else "Associate Professor" if seniority > 6 else "Assistant Professor"
    company = world.orgs[rng.choice(world.companies)]
    lab = world.orgs[rng.choice(world.labs)]
    employment = [
        {"title": f"{job} of {area['field']}", "organization": org(dept_id), "start": owner["current_start"],
         "end": "present"},
        {"title": "Postdoctoral Researcher", "organization": org(owner["postdoc_at"]),
         "start": owner["phd_end"], "end": owner["postdoc_end"],
         "advisors": [person(world.circle(owner)[2])]},
        {"title": rng.choice(["Software Engineer", "Research Engineer", "Systems Engineer"]),
         "organization": org(company["id"]), "start": owner["bs_end"],
         "end": max(owner["bs_end"], owner["phd_start"] - 1)},
    ]
    intern_year = rng.randint(owner["phd_start"] + 1, owner["phd_end"])
    internships = [{"title": "Research Intern", "organization": org(lab["id"]),
                    "start": f"{intern_year}-06", "end": f"{intern_year}-{rng.randint(8, 9):02d}"}]
    # thesis advisees: two of the circle (no draw from rng: the rest of the CV stays as it was)
    students = [{"person": person(p), "degree": degree, "start": owner["current_start"] + 1 + k,
                 "end": "present" if k == 0 else owner["current_start"] + 3}
                for k, (p, degree) in enumerate(zip(world.circle(owner)[3:5], ("Ph.D.", "M.S."), strict=False))]

    # --- teaching ----------------------------------------------------------------------------
    teaching = []
    first = owner["current_start"]
    numbers = rng.sample(range(100, 600), 3)  # distinct codes: a course's IRI is made from its code
    for (title, prefix), number in zip(rng.sample(area["courses"], 3), numbers):
        terms: list[str] = []
        count = rng.choices([2, 3, 4], [50, 30, 20])[0]
        while len(terms) < count:
            term = f"{rng.choice(TERMS[:2] if rng.random() < 0.85 else TERMS)} {rng.randint(first, 2024)}"
            if term not in terms:
                terms.append(term)
        terms.sort(key=lambda t: (t[-4:], TERMS.index(t.split()[0])))
        teaching.append({"code": f"{prefix}{number}", "title": title,
                         "institution": home["id"], "terms": terms})

    # --- talks -------------------------------------------------------------------------------
    talks = []
    for k in range(5):
        # mostly at places the CV lists anyway (alma maters, former employers)
        known = [o for o in orgs if world.orgs[o]["kind"] in ("university", "research")]
        host = world.orgs[rng.choice(known if rng.random() < 0.7 else world.universities + world.labs)]
        talk = {"title": world.title(owner["area"], rng), "host": org(host["id"]),
                "date": f"{rng.randint(max(2012, owner['phd_end'] - 2), 2024)}-{rng.randint(1, 12):02d}"
                        f"-{rng.randint(1, 28):02d}"}
        if rng.random() < 0.5:
            talk["series"] = rng.choice(TALK_SERIES)
        talks.append(talk)
    talks.sort(key=lambda t: t["date"], reverse=True)

    # --- service -----------------------------------------------------------------------------
    service = []
    for venue in rng.sample([v for v in world.by_area[owner["area"]] if v["kind"] != "workshop"], 4):
        role = {"journal": rng.choice(["Reviewer", "Associate Editor"]),
                "conference": "Program Committee Member"}[venue["kind"]]
        years = sorted(rng.sample(range(max(2012, owner["phd_end"] - 1), 2025), rng.choice([2, 2, 3])))
        entry = {"role": role, "venue": venue["id"], "years": years}
        if venue["kind"] == "conference":
            entry["committee"] = "Program Committee"
        service.append(entry)

    # --- venues used -------------------------------------------------------------------------
    venue_ids: list[str] = []

    def venue(v: dict) -> str:
        if v["id"] not in venue_ids:
            if v.get("part_of"):
                venue(world.venues[v["part_of"]])
            if v.get("publisher"):
                org(_slug(v["publisher"]))
            venue_ids.append(v["id"])
        return v["id"]

    for entry in service:
        venue(world.venues[entry["venue"]])

    publications = []
    for p in pubs:
        out = {"id": p["id"], "kind": p["kind"], "title": p["title"],
               "authors": [person(a, p.get("printed", {}).get(a["id"])) for a in p["authors"]],
               "venue": venue(p["venue"])}
        for key in ("year", "volume", "issue", "pages", "article", "doi", "arxiv", "acceptance_rate", "notes"):
            if key in p:
                out[key] = p[key]
        publications.append(out)

    # --- awards ------------------------------------------------------------------------------
    awards = []
    listed = {p["id"] for p in pubs}
    best = [p for p in own if p["kind"] == "conference" and p["id"] in listed]
    if best:
        paper = rng.choice(best)
        awards.append({"name": f"{paper['venue'].get('short') or paper['venue']['name']} Best Paper Award",
                       "year": int(str(paper["year"])[:4]), "work": paper["id"]})
    for name in rng.sample(AWARDS, rng.randint(1, 2)):
        awards.append({"name": name, "year": rng.randint(owner["phd_end"], 2024)})

    # --- people: co-authors and advisors (other owners are people too, by their ORCID) ----------
    people_entries = []
    for p in sorted(people.values(), key=lambda p: p["id"]):
        entry = {"id": p["id"], "name": p["name"], "orcid": p["orcid"]}
        aff = world.orgs.get(p["affiliation"])
        if aff and aff["id"] in orgs:  # only where the CV lists the organisation anyway
            entry["affiliation"] = aff["id"]
        people_entries.append(entry)

    venues_out = []
    for vid in venue_ids:
        v = world.venues[vid]
        entry = {"id": v["id"], "name": v["name"]}
        if v.get("short"):
            entry["short"] = v["short"]
        entry["kind"] = v["kind"]
        for key in ("part_of", "publisher", "issn", "url"):
            if v.get(key):
                entry[key] = v[key] if key != "publisher" else _slug(v[key])
        venues_out.append(entry)

    skills = []
    for group in rng.sample(sorted(SKILLS), 2):
        skills.append({"group": group, "items": rng.sample(SKILLS[group], rng.randint(3, 4))})

    person_out = {
        "name": owner["name"], "given_name": owner["given"], "family_name": owner["family"],
        "job_title": job, "affiliation": [dept_id, home["id"]],
        "email": f"{handle}@{home['domain']}", "homepage": base, "orcid": owner["orcid"],
    }
    if rng.random() < 0.6:
        person_out["scholar"] = f"https://scholar.google.com/citations?user={handle.replace('-', '')[:12]}"
    if rng.random() < 0.5:
        person_out["links"] = [f"https://github.com/{handle}"]
    person_out["address"] = {"locality": home["locality"], "country": home["country"]}
    if home.get("region"):
        person_out["address"]["region"] = home["region"]

    return {
        "cvgraph": 1,
        "base": base,
        "updated": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "person": person_out,
        "interests": rng.sample(area["interests"], rng.randint(3, 4)),
        "organizations": [_org_entry(o) for o in sorted(orgs.values(), key=lambda o: o["id"])],
        "people": people_entries,
        "venues": venues_out,
        "education": education,
        "employment": employment,
        "internships": internships,
        "students": students,
        "teaching": teaching,
        "awards": awards,
        "publications": publications,
        "talks": talks,
        "service": service,
        "skills": skills,
    }


# ----------------------------------------------------------------------------- output

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # safe_dump's representer; libyaml's emitter


def _yaml(doc: dict) -> str:
    """``yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)``, with libyaml's emitter when
    installed (the same text, 4× faster)."""
    return yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)


def _documents(n: int, seed: int) -> tuple[str, list[tuple[str, dict]]]:
    if n < 1:
        raise ValueError("N must be at least 1")
    world = _World(n, seed)
    return HEADER.format(n=n, seed=seed), [(f"cv-{o['index'] + 1:05d}.yaml", _cv(world, o)) for o in world.owners]


def generate(n: int, seed: int = 0):
    """Yield (file name, YAML text) for CVs 1..n, deterministically."""
    header, docs = _documents(n, seed)
    for name, doc in docs:
        yield name, header + _yaml(doc)


_TODO: tuple = ()  # (out dir, header, documents), inherited by forked workers


def _write_slice(bounds: tuple[int, int]) -> None:
    out, header, docs = _TODO
    for name, doc in docs[bounds[0]:bounds[1]]:
        (out / name).write_bytes((header + _yaml(doc)).encode("utf-8"))


def write(n: int, out_dir: str | Path, seed: int = 0, jobs: int = 1) -> list[Path]:
    """Write ``n`` CVs into ``out_dir`` (created if needed); return their paths in order.
    The records are made in one process (they depend on each other); with ``jobs`` > 1 and
    fork available, the YAML is written by that many processes (the same bytes either way)."""
    global _TODO
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    header, docs = _documents(n, seed)
    _TODO = (out, header, docs)
    try:
        jobs = max(1, min(jobs, len(docs) // 50))  # small runs: not worth a process
        if jobs > 1:
            import multiprocessing

            try:
                ctx = multiprocessing.get_context("fork")
            except ValueError:  # no fork (Windows): one process
                jobs = 1
        if jobs > 1:
            step = -(-len(docs) // jobs)
            with ctx.Pool(jobs) as pool:
                pool.map(_write_slice, [(k, k + step) for k in range(0, len(docs), step)])
        else:
            _write_slice((0, len(docs)))
    finally:
        _TODO = ()
    return [out / name for name, _ in docs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help="how many CVs")
    parser.add_argument("dir", metavar="DIR", help="output directory (created if needed)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="processes writing YAML (default: CPUs, at most 4; output is the same)")
    parser.add_argument("--check", action="store_true",
                        help="then load every file with cvgraph and report triples per CV")
    parser.add_argument("--validate", type=int, default=0, metavar="K",
                        help="then also SHACL-validate the first K files (slow: ~0.3 s each)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    start = time.perf_counter()
    paths = write(args.n, args.dir, args.seed, jobs=args.jobs)
    print(f"wrote {len(paths)} CVs to {args.dir} in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    if args.check or args.validate:
        import cvgraph

        counts = []
        for path in paths:
            counts.append(len(cvgraph.triples(path)))
        print(f"loaded {len(paths)}: triples per CV min {min(counts)} mean {sum(counts) / len(counts):.0f} "
              f"max {max(counts)}; merged graph {len(cvgraph.triples(paths))} triples", file=sys.stderr)
        bad = 0
        for path in paths[:args.validate]:
            report = cvgraph.validate(path)
            if not report.conforms:
                bad += 1
                print(report.text(), file=sys.stderr)
        if args.validate:
            print(f"validated {min(args.validate, len(paths))}: {bad} not conforming", file=sys.stderr)
            return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

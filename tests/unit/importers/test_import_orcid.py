"""The ORCID importer (cvgraph.importers.orcid): an ORCID v3.0 public record (JSON), optionally with
the full works of a /works/{put-codes} bulk answer, becomes cvgraph records.

Fixtures (tests/data/import/orcid/): ``record.json`` is a realistic record in ORCID's exact v3.0
shape (several sections, a work in two groups with the same DOI, partial dates, ROR, RINGGOLD,
GRID and FUNDREF organisations, an affiliation in two versions); ``works-bulk.json`` is the bulk
answer with the contributors of four of its works (and an error item); ``nasty.json`` is a record
(with a bulk array) full of nulls, wrong types, bad ids and dates.
"""
from __future__ import annotations

import json

import pytest
import yaml
from support.paths import TESTS

import cvgraph.api
import cvgraph.records.loader
from cvgraph.errors import ImportError_
from cvgraph.importers.base import Imported, Note
from cvgraph.importers.orcid import convert

DATA = TESTS / "data" / "import" / "orcid"
ME = "0000-0003-1415-9269"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _record_with_bulk() -> str:
    record, bulk = json.loads(_read("record.json")), json.loads(_read("works-bulk.json"))
    return json.dumps({**record, "bulk": bulk["bulk"]}, ensure_ascii=False)


def _load(imp: Imported) -> cvgraph.records.loader.CV:
    text = yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True)
    return cvgraph.records.loader.loads(text, "x.yaml")


# Expected results, checked by hand against the fixtures.

FULL = {'cvgraph': 1,
 'base': 'https://pub.orcid.org/v3.0/0000-0003-1415-9269/record',
 'updated': '2024-03-13',
 'person': {'name': 'Daniela Márquez-Rivera',
            'given_name': 'Daniela',
            'family_name': 'Márquez',
            'aliases': ['Daniela Márquez',
                        'D. Márquez-Rivera',
                        'Dani Márquez',
                        'Márquez, Daniela',
                        'D. Marquez'],
            'job_title': 'Senior Lecturer',
            'affiliation': ['university-of-manchester-department-of-computer-science',
                            'university-of-manchester'],
            'email': 'daniela.marquez@manchester.example.ac.uk',
            'orcid': '0000-0003-1415-9269',
            'scholar': 'https://scholar.google.com/citations?user=AbCdEfGhIJK',
            'links': ['https://dmarquez.example.org/',
                      'https://github.com/dmarquez',
                      'http://www.scopus.com/inward/authorDetails.url?authorID=57190000001&partnerID=MN8TOARS'],
            'address': {'country': 'GB'},
            'summary': 'I work on numerical linear algebra for exascale machines: mixed-precision Krylov '
                       'solvers and communication-avoiding algorithms.'},
 'interests': ['Numerical linear algebra', 'mixed precision', 'GPU computing', 'Krylov methods'],
 'organizations': [{'name': 'University of Manchester',
                    'kind': 'university',
                    'locality': 'Manchester',
                    'region': 'Greater Manchester',
                    'country': 'GB',
                    'ror': '027m9bs27'},
                   {'id': 'university-of-manchester-department-of-computer-science',
                    'name': 'Department of Computer Science',
                    'kind': 'department',
                    'parent': 'university-of-manchester'},
                   {'name': 'Argonne National Laboratory',
                    'kind': 'research',
                    'locality': 'Lemont',
                    'region': 'IL',
                    'country': 'US'},
                   {'id': 'argonne-national-laboratory-mathematics-and-computer-science-division',
                    'name': 'Mathematics and Computer Science Division',
                    'kind': 'department',
                    'parent': 'argonne-national-laboratory'},
                   {'name': 'RIKEN Center for Computational Science',
                    'kind': 'research',  # the kind every importer gives a "Center" (issue 11)
                    'locality': 'Kobe',
                    'region': 'Hyogo',
                    'country': 'JP'},
                   {'name': 'Universitat Politècnica de Catalunya',
                    'kind': 'university',
                    'locality': 'Barcelona',
                    'region': 'Catalonia',
                    'country': 'ES',
                    'ror': '03mb6wj31'},
                   {'name': 'IEEE Computer Society',
                    'locality': 'Washington',
                    'region': 'DC',
                    'country': 'US'},
                   {'name': 'IEEE',
                    'locality': 'Piscataway',
                    'region': 'NJ',
                    'country': 'US',
                    'ror': '01n002310'},
                   {'name': 'Society for Industrial and Applied Mathematics',
                    'locality': 'Philadelphia',
                    'region': 'PA',
                    'country': 'US'},
                   # the funder of the ORCID funding, the convening organisation of the peer reviews
                   {'name': 'Engineering and Physical Sciences Research Council', 'kind': 'government',
                    'locality': 'Swindon', 'country': 'GB'},
                   {'name': 'Association for Computing Machinery', 'locality': 'New York', 'region': 'NY',
                    'country': 'US', 'ror': '01dqkp509'}],
 'people': [{'name': 'Kenji Watanabe', 'aliases': ['K. Watanabe'], 'orcid': '0000-0002-7182-8185'},
            {'name': 'Tomás Lindqvist'},
            {'name': 'Aisha Bello', 'orcid': '0000-0001-6180-3390'},
            {'name': 'Priya Raman', 'orcid': '0000-0002-2360-6799'},
            {'name': 'Samuel Okafor'}],
 'venues': [{'name': 'SIAM Journal on Scientific Computing', 'kind': 'journal', 'issn': '1064-8275'},
            {'name': 'Proceedings of the International Conference for High Performance Computing, '
                     'Networking, Storage and Analysis',
             'kind': 'conference'},
            {'name': 'arXiv', 'kind': 'repository'},
            {'name': 'Handbook of Parallel Numerical Methods', 'kind': 'book'},
            {'name': 'ISSN 0098-3500', 'kind': 'journal', 'publisher': 'association-for-computing-machinery',
             'issn': '0098-3500'}],
 # issue 14: ORCID fundings are grants (never awards), peer reviews are service
 'grants': [{'name': 'Precision-Adaptive Solvers for Exascale',
             'funder': 'engineering-and-physical-sciences-research-council', 'number': 'EP/X012345/1',
             'start': '2022-04', 'end': '2025-03'}],
 'service': [{'role': 'Reviewer', 'venue': 'issn-0098-3500', 'years': ['2022', '2023']}],
 'education': [{'degree': 'PhD',
                'field': 'Computer Architecture',
                'institution': 'universitat-politecnica-de-catalunya',
                'start': '2012-09',
                'end': '2016-07-15'},
               {'degree': 'MSc in High Performance Computing',
                'institution': 'universitat-politecnica-de-catalunya',
                'start': '2010',
                'end': '2012'},
               {'degree': 'Postgraduate Certificate in Higher Education',
                'institution': 'university-of-manchester',
                'start': '2020-09',
                'end': '2021-06',
                'notes': ['qualification']}],
 'employment': [{'title': 'Senior Lecturer',
                 'organization': 'university-of-manchester-department-of-computer-science',
                 'start': '2020-01-06',
                 'end': 'present',
                 'notes': ['url: https://research.manchester.example.ac.uk/en/persons/daniela-marquez']},
                {'title': 'Postdoctoral Appointee',
                 'organization': 'argonne-national-laboratory-mathematics-and-computer-science-division',
                 'start': '2016-09',
                 'end': '2019-12'},
                {'title': 'Visiting Researcher',
                 'organization': 'riken-center-for-computational-science',
                 'start': '2023-06',
                 'end': '2023-08',
                 'notes': ['invited position']}],
 'volunteer': [{'title': 'Member', 'organization': 'ieee', 'start': '2014', 'end': 'present'},
               {'title': 'Associate Editor, SIAM Journal on Scientific Computing',
                'organization': 'society-for-industrial-and-applied-mathematics',
                'start': '2022-01',
                'end': 'present'}],
 'awards': [{'name': 'Best Paper Award, SC21',
             'year': '2021',
             'date': '2021-11-18',
             'awarder': 'ieee-computer-society'}],
 'publications': [{'kind': 'journal',
                   'title': 'Mixed-Precision Krylov Solvers on GPUs: Accuracy and Performance Trade-offs',
                   'authors': ['Daniela Márquez-Rivera', 'Kenji Watanabe', 'Tomás Lindqvist'],
                   'venue': 'siam-journal-on-scientific-computing',
                   'year': '2023-03-14',
                   'volume': '45',
                   'issue': '2',
                   'pages': 'C101-C125',
                   'doi': '10.1137/22M1490012',
                   'url': 'https://doi.org/10.1137/22M1490012',
                   'identifiers': ['eid:2-s2.0-85150000001',
                                   'orcid-put-code:1002',
                                   'orcid-put-code:1001',
                                   'orcid-put-code:1003']},
                  {'kind': 'conference',
                   'title': 'Communication-Avoiding Pipelined CG at Scale',
                   'authors': ['Aisha Bello', 'D. Márquez-Rivera', 'K. Watanabe', 'Priya Raman'],
                   'venue': 'proceedings-of-the-international-conference-for-high-performance-computing-networking-storage-and-analysis',
                   'year': '2021-11',
                   'doi': '10.1145/3458817.3476163',
                   'identifiers': ['orcid-put-code:1010']},
                  {'kind': 'preprint',
                   'title': 'Stochastic Rounding for Iterative Refinement',
                   'authors': ['Tomás Lindqvist', 'Márquez, Daniela'],
                   'venue': 'arxiv',
                   'year': '2023-05',
                   'arxiv': '2305.01234',
                   'identifiers': ['orcid-put-code:1020'],
                   'notes': [('abstract: We analyse stochastic rounding in mixed-precision iterative '
                             'refinement.')]},
                  {'kind': 'chapter',
                   'title': 'Iterative Methods on Accelerators',
                   'authors': ['Daniela Márquez-Rivera'],
                   'authors_incomplete': True,
                   'venue': 'handbook-of-parallel-numerical-methods',
                   'year': '2019',
                   'identifiers': ['orcid-put-code:1030'],
                   'notes': ['part of isbn:978-3-030-00001-2']},
                  {'kind': 'thesis',
                   'title': 'Scalable Krylov Subspace Methods with Reduced Communication',
                   'authors': ['Daniela Márquez-Rivera'],
                   'authors_incomplete': True,
                   'year': '2016-07',
                   'url': 'http://hdl.handle.net/2117/98765',
                   'identifiers': ['handle:2117/98765', 'orcid-put-code:1040']},
                  {'kind': 'other',
                   'title': 'mpkrylov: mixed-precision Krylov solvers',
                   'authors': ['Daniela Márquez-Rivera'],
                   'authors_incomplete': True,
                   'year': '2022-12-01',
                   'doi': '10.5281/zenodo.7654321',
                   'url': 'https://github.com/dmarquez/mpkrylov',
                   'identifiers': ['orcid-put-code:1050'],
                   'notes': ['ORCID work type: software']},
                  {'kind': 'report',
                   'title': 'Roofline Models for Sparse Iterative Solvers',
                   'authors': ['Samuel Okafor', 'Priya Raman', 'D. Marquez'],
                   'year': '2019-08',
                   'identifiers': ['other-id:ANL/MCS-P9001-0819', 'orcid-put-code:1060'],
                   'notes': ['working paper']}]}
FULL_WARNINGS = [
 ("orcid.json: person.researcher-urls.researcher-url[0].url-name: warning: link name 'Personal "
  "website' not imported: the format's links are URLs without names"),
 ("orcid.json: person.researcher-urls.researcher-url[1].url-name: warning: link name 'Google "
  "Scholar' not imported: the format's links are URLs without names"),
 ("orcid.json: person.researcher-urls.researcher-url[2].url-name: warning: link name 'GitHub' not "
  "imported: the format's links are URLs without names"),
 ('orcid.json: person.external-identifiers.external-identifier[1]: warning: external identifier '
  'ResearcherID: AAB-1234-2020 has no URL; the format has no field for it: not imported'),
 ('orcid.json: activities-summary.employments.affiliation-group[0].summaries[1].employment-summary: '
  'warning: another version of this entry (put-code 9277): its role-title, start-date, organization, '
  "external-ids not imported (they differ from the preferred version's)"),
 ('orcid.json: '
  'activities-summary.employments.affiliation-group[1].summaries[0].employment-summary.organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: RINGGOLD id 1291 of 'Argonne National Laboratory': the format has no field for it, not "
  'imported'),
 ('orcid.json: '
  'activities-summary.invited-positions.affiliation-group[0].summaries[0].invited-position-summary.organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: GRID id grid.508743.d of 'RIKEN Center for Computational Science': the format has no "
  'field for it, not imported'),
 ('orcid.json: '
  'activities-summary.qualifications.affiliation-group[0].summaries[0].qualification-summary.organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: RINGGOLD id 5292 of 'University of Manchester': the format has no field for it, not "
  'imported'),
 ('orcid.json: '
  'activities-summary.distinctions.affiliation-group[0].summaries[0].distinction-summary.organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: RINGGOLD id 5220 of 'IEEE Computer Society': the format has no field for it, not imported"),
 ('orcid.json: '
  'activities-summary.services.affiliation-group[0].summaries[0].service-summary.organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: FUNDREF id http://dx.doi.org/10.13039/100006498 of 'Society for Industrial and Applied "
  "Mathematics': the format has no field for it, not imported"),
 ('orcid.json: '
  'activities-summary.fundings.group[0].funding-summary[0].organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: FUNDREF id http://dx.doi.org/10.13039/501100000266 of 'Engineering and Physical Sciences "
  "Research Council': the format has no field for it, not imported"),
 ('orcid.json: bulk[4].error: warning: ORCID could not give this work (404, error-code 9016): The '
  'resource was not found; the error entry is not imported'),
 ('orcid.json: activities-summary.works.group[3].work-summary[0].journal-title: warning: journal '
  "'SIAM J. Sci. Comput.' of another version of this work: not imported (the publication has 'SIAM "
  "Journal on Scientific Computing')"),
 ('orcid.json: bulk[0].work.citation: warning: BibTeX citation: volume, issue, pages read from it, '
  "the rest not imported (a rendering of the work's fields)"),
 ('orcid.json: bulk[1].work.citation: warning: formatted-apa citation not imported (a rendering of '
  "the work's fields)"),
 ('orcid.json: activities-summary.works.group[4]: warning: ORCID gives no contributors for this work '
  "('Iterative Methods on Accelerators'): authors: [the owner] with authors_incomplete: true; get "
  "the full works from ORCID (docs/importing.md, 'Importing from ORCID') or import the works' BibTeX"),
 ('orcid.json: activities-summary.works.group[5]: warning: ORCID gives no contributors for this work '
  "('Scalable Krylov Subspace Methods with Reduced Communication'): authors: [the owner] with "
  "authors_incomplete: true; get the full works from ORCID (docs/importing.md, 'Importing from ORCID') or "
  "import the works' BibTeX"),
 ("orcid.json: activities-summary.works.group[6].work-summary[0].type: warning: work type 'software' "
  'has no equivalent: imported as kind: other'),
 ('orcid.json: activities-summary.works.group[6]: warning: ORCID gives no contributors for this work '
  "('mpkrylov: mixed-precision Krylov solvers'): authors: [the owner] with authors_incomplete: true; "
  "get the full works from ORCID (docs/importing.md, 'Importing from ORCID') or import the works' BibTeX"),
 ('orcid.json: activities-summary.peer-reviews.group[0]: warning: peer reviews for the journal ISSN '
  "0098-3500: ORCID gives no journal name, the venue is named 'ISSN 0098-3500' (rename it)"),
 ("orcid.json: activities-summary.peer-reviews.group[0]: warning: 2 peer review(s) for 'ISSN "
  "0098-3500' imported as one service entry with their years; not imported: the reviews' ids (r-1, "
  'r-2), the completion months and days'),
]
NASTY = {'cvgraph': 1,
 'base': 'https://pub.orcid.org/v3.0/0000-0003-5772-1565/record',
 'person': {'name': 'Alex Chen', 'orcid': '0000-0003-5772-1565', 'address': {'country': 'DE'}},
 'interests': ['Graph theory (extremal, probabilistic)'],
 'organizations': [{'name': 'Example GmbH', 'kind': 'company', 'locality': 'Munich', 'country': 'DE'},
                   {'name': 'Technische Universität Berlin',
                    'kind': 'university',
                    'locality': 'Berlin',
                    'country': 'DE'}],
 'people': [{'name': 'A. Chen'},
            {'name': 'Alex Chen', 'orcid': '0000-0001-4142-1352'},
            {'name': 'Jane Smith', 'orcid': '0000-0002-1111-2222'},
            {'id': 'jane-smith-2', 'name': 'Jane Smith', 'orcid': '0000-0001-3333-4443'},
            {'name': 'Bo Li'},
            {'name': 'No Attributes'}],
 'venues': [{'name': 'Combinatorica', 'kind': 'journal'},
            {'name': 'Journal of Graphs', 'kind': 'journal', 'issn': '1234-5678'}],
 'education': [{'degree': 'Diplom',
                'field': 'Fakultät II - Mathematik',
                'institution': 'technische-universitat-berlin'},
               {'degree': 'Teaching certificate',
                'institution': 'technische-universitat-berlin',
                'start': '2018',
                'end': '2018',
                'notes': ['qualification']}],
 'employment': [{'title': 'Research Scientist', 'organization': 'example-gmbh', 'start': '2019-02'}],
 'awards': [{'name': "Dean's List"}],
 'publications': [{'kind': 'journal',
                   'title': 'On Ramsey Numbers',
                   'authors': ['A. Chen', 'A. Chen'],
                   'venue': 'combinatorica',
                   'year': '2018',
                   'doi': '10.5555/ABC-123',
                   'identifiers': ['orcid-put-code:502', 'orcid-put-code:507']},
                  {'kind': 'other',
                   'title': 'Untyped Notes',
                   'authors': [{'name': 'Alex Chen', 'ref': 'me'}],
                   'authors_incomplete': True,
                   'year': '2020',
                   'identifiers': ['pmid:31415926', 'orcid-put-code:503'],
                   'notes': ['translated title (fr): Notes sans type',
                             'in: Some Bulletin',
                             'source-work-id: id with spaces',
                             'part of issn:1234-5678',
                             'version of doi:10.5555/version.1']},
                  {'kind': 'journal',
                   'title': 'Extremal Graphs',
                   'authors': [{'name': 'Alex Chen', 'ref': 'alex-chen'},
                               {'name': 'Alex Chen', 'ref': 'me'},
                               {'name': 'Jane Smith', 'ref': 'jane-smith'},
                               {'name': 'Jane Smith', 'ref': 'jane-smith-2'},
                               'Bo Li',
                               'No Attributes'],
                   'authors_incomplete': True,  # a nameless contributor was left out
                   'venue': 'journal-of-graphs',
                   'year': '2021-02',
                   'volume': '12',
                   'issue': '3',
                   'pages': '1-9',
                   'doi': '10.5555/eg.2021',
                   'identifiers': ['orcid-put-code:504'],
                   'notes': ['chair-or-translator: Translator Person']},
                  {'kind': 'book',
                   'title': 'Open Problems in Combinatorics',
                   'authors': [],
                   'editors': [{'name': 'Alex Chen', 'ref': 'me'},
                               {'name': 'Jane Smith', 'ref': 'jane-smith'}],
                   'year': '2022',
                   'identifiers': ['orcid-put-code:505'],
                   'notes': ['edited book']},
                  {'kind': 'conference',
                   'title': 'No Put-Code',
                   'authors': [{'name': 'Alex Chen', 'ref': 'me'}],
                   'authors_incomplete': True,
                   'year': '2019'},
                  {'kind': 'report',
                   'title': 'Only in the bulk answer',
                   'authors': [{'name': 'Alex Chen', 'ref': 'me'}],
                   'year': '2024',
                   'identifiers': ['orcid-put-code:999'],
                   'notes': ['in: Tech Reports of Nowhere']}]}
NASTY_WARNINGS = [
 'nasty.json: person.name: warning: the record has no public name: person.name taken from --me',
 "nasty.json: person.emails.email[0].email: warning: not an email address: 'not-an-email': left out",
 ('nasty.json: person.researcher-urls.researcher-url[0]: warning: not an http(s) URL: '
  "'ftp://files.example.org/cv.pdf': researcher URL 'CV' not imported"),
 ("nasty.json: person.researcher-urls.researcher-url[1]: warning: researcher URL 'Blog' has no "
  'address: left out'),
 ('nasty.json: person.addresses.address[2].country: warning: only one address fits person.address: '
  'country FR not imported'),
 ('nasty.json: activities-summary.employments.affiliation-group[0].summaries[0].employment-summary: '
  'warning: an employment without a role-title cannot be imported (employment needs both): Example '
  'GmbH, 2019–?'),
 ('nasty.json: '
  'activities-summary.employments.affiliation-group[1].summaries[0].employment-summary.start-date.day: '
  "warning: invalid day '30' in 2019-02: kept 2019-02"),
 ('nasty.json: '
  'activities-summary.employments.affiliation-group[1].summaries[0].employment-summary.end-date: '
  'warning: ends (2018) before it starts (2019-02): end date left out'),
 ('nasty.json: '
  'activities-summary.employments.affiliation-group[1].summaries[0].employment-summary.organization.disambiguated-organization: '
  "warning: not a ROR id: 'https://ror.org/not-a-ror': left out"),
 ('nasty.json: '
  'activities-summary.employments.affiliation-group[2].summaries[0].employment-summary.start-date: '
  "warning: a month without a year (month '04', day None): date left out"),
 ('nasty.json: activities-summary.employments.affiliation-group[2].summaries[0].employment-summary: '
  'warning: an employment without a start date cannot be imported (employment needs both): Lecturer, '
  'technische universität berlin, ?–2017'),
 ('nasty.json: activities-summary.employments.affiliation-group[3].summaries[0].employment-summary: '
  'warning: no organization: entry not imported'),
 ('nasty.json: activities-summary.employments.affiliation-group[4].summaries[0]: warning: expected '
  'an object: entry not imported'),
 ('nasty.json: activities-summary.invited-positions: warning: expected an object: section not '
  'imported'),
 ('nasty.json: activities-summary.educations.affiliation-group[1].summaries[0].education-summary: '
  'warning: an education without a role-title (the degree) cannot be imported: Physics, Technische '
  'Universität Berlin, 2008–2012'),
 ('nasty.json: activities-summary.educations.affiliation-group[2].summaries[0].education-summary: '
  'warning: organization without a name: entry not imported'),
 ('nasty.json: activities-summary.qualifications.qualification-summary[0].start-date.month: warning: '
  "invalid month '13': kept the year 2018"),
 ('nasty.json: activities-summary.qualifications.qualification-summary[0].end-date: warning: a day '
  "('05') without a month: kept the year 2018"),
 ('nasty.json: '
  'activities-summary.qualifications.qualification-summary[0].organization.disambiguated-organization.disambiguated-organization-identifier: '
  "warning: GRID id grid.6734.6 of 'Technische Universität Berlin': the format has no field for it, "
  'not imported'),
 ('nasty.json: '
  'activities-summary.distinctions.affiliation-group[0].summaries[0].distinction-summary.start-date.year: '
  "warning: invalid year '20x1': date left out"),
 ('nasty.json: '
  'activities-summary.distinctions.affiliation-group[0].summaries[0].distinction-summary.organization: '
  'warning: no organization: no awarder'),
 ('nasty.json: '
  'activities-summary.distinctions.affiliation-group[1].summaries[0].distinction-summary: warning: a '
  "distinction without a role-title (the award's name) cannot be imported: 2015–?"),
 ('nasty.json: activities-summary.fundings.group[0].funding-summary[0]: warning: a funding without a '
  "title (the grant's name) cannot be imported"),
 'nasty.json: bulk[0].work: warning: a full work without a put-code: not imported',
 'nasty.json: bulk[1]: warning: expected {"work": …} or {"error": …}: not imported',
 ('nasty.json: bulk[2].error: warning: ORCID could not give this work (409): no message; the error '
  'entry is not imported'),
 ('nasty.json: activities-summary.works.group[3].work-summary[0]: warning: expected an object: not '
  'imported'),
 ('nasty.json: activities-summary.works.group[0]: warning: a work without a title cannot be imported '
  '(put-codes 501)'),
 ('nasty.json: activities-summary.works.group[1].work-summary[0].publication-date: warning: a month '
  "without a year (month '05', day None): date left out"),
 ('nasty.json: activities-summary.works.group[1].work-summary[0].external-ids.external-id[2]: '
  "warning: external id without a value ('doi'): left out"),
 ('nasty.json: '
  'activities-summary.works.group[1].work-summary[0].external-ids.external-id[0].external-id-value: '
  "warning: not a DOI: '10.1234': left out"),
 ('nasty.json: activities-summary.works.group[2].work-summary[0].publication-date.month: warning: '
  "invalid month '13': kept the year 2020"),
 ('nasty.json: activities-summary.works.group[2].work-summary[0].url: warning: not an http(s) URL: '
  "'javascript:alert(1)': left out"),
 "nasty.json: bulk[3].work.publication-date.day: warning: invalid day '29' in 2021-02: kept 2021-02",
 ('nasty.json: activities-summary.works.group[3].work-summary[1].publication-date.day: warning: '
  "invalid day '29' in 2021-02: kept 2021-02"),
 ('nasty.json: activities-summary.research-resources.group[0].research-resource-summary[0]: warning: '
  "research resource 'Cluster time' not imported: the format has no section for it"),
 ('nasty.json: activities-summary.works.group[1]: warning: the owner is not among the contributors '
  "of 'On Ramsey Numbers' (from bulk[5].work): check the author list"),
 ('nasty.json: activities-summary.works.group[2]: warning: a work without a type: imported as kind: '
  'other'),
 ('nasty.json: activities-summary.works.group[2]: warning: ORCID gives no contributors for this work '
  "('Untyped Notes'): authors: [the owner] with authors_incomplete: true; get the full works from "
  "ORCID (docs/importing.md, 'Importing from ORCID') or import the works' BibTeX"),
 ('nasty.json: '
  'activities-summary.works.group[2].work-summary[0].external-ids.external-id[0].external-id-value: '
  "warning: not an arXiv id: 'arXiv:notanid': left out"),
 ('nasty.json: '
  'activities-summary.works.group[2].work-summary[0].external-ids.external-id[1].external-id-value: '
  "warning: not an ISBN: '12345': left out"),
 ('nasty.json: bulk[3].work.contributors.contributor[0]: warning: expected a contributor object: '
  'left out'),
 ('nasty.json: bulk[3].work.contributors.contributor[6].contributor-orcid.path: warning: ORCID iD '
  '0000-0001-4142-1353 has a wrong check digit: left out'),
 ('nasty.json: bulk[3].work.contributors.contributor[1]: warning: a contributor without a name: left '
  'out of the author list, which is marked authors_incomplete'),
 ('nasty.json: bulk[3].work.contributors.contributor[7]: warning: contributor role '
  "'chair-or-translator' (Translator Person) is neither author nor editor: kept as a note"),
 ('nasty.json: bulk[3].work.citation: warning: BibTeX citation: volume, issue, pages read from it, '
  "the rest not imported (a rendering of the work's fields)"),
 ('nasty.json: '
  'activities-summary.works.group[3].work-summary[1].external-ids.external-id[0].external-id-value: '
  "warning: ISSN written '12345678' in ORCID: imported as 1234-5678"),
 ('nasty.json: activities-summary.works.group[5]: warning: ORCID gives no contributors for this work '
  "('No Put-Code'): authors: [the owner] with authors_incomplete: true; get the full works from "
  "ORCID (docs/importing.md, 'Importing from ORCID') or import the works' BibTeX"),
]


# ----------------------------------------------------------------------------- the realistic record

@pytest.fixture(scope="module")
def full() -> Imported:
    return convert(_record_with_bulk(), "orcid.json")


def test_record_with_bulk_exact_records(full):
    assert full.data == FULL


def test_record_with_bulk_exact_warnings(full):
    assert [str(w) for w in full.warnings] == FULL_WARNINGS
    assert all(isinstance(w, Note) and w.where.startswith("orcid.json: ") for w in full.warnings)


def test_keys_follow_the_format_order(full):
    from cvgraph.records.spec import FORMAT

    assert list(full.data) == [k for k in FORMAT if k in full.data]
    person = FORMAT["person"].of
    assert list(full.data["person"]) == [k for k in person if k in full.data["person"]]
    pub = FORMAT["publications"].of.of
    for rec in full.data["publications"]:
        assert list(rec) == [k for k in pub if k in rec]


def test_judgement_calls_are_commented(full):
    c = full.comments
    # the same DOI in two ORCID groups: one publication, every put-code kept
    merged = "(same DOI 10.1137/22m1490012 in two ORCID groups): put-codes 1002, 1001, 1003"
    assert merged in c[("publications", 0)]
    assert c[("publications", 0)].startswith("ORCID lists 2 versions of this work (put-codes 1002, 1001): "
                                             "fields from put-code 1002 (the preferred version)")
    assert "volume, issue, pages from the work's BibTeX citation" in c[("publications", 0)]
    assert c[("publications", 0, "title")] == "title and subtitle joined"
    assert c[("publications", 2, "arxiv")] == "arXiv id written 'arXiv:2305.01234' in ORCID"
    # no full work fetched: the owner alone, marked incomplete, said so (issue 14)
    for i in (3, 4, 5):
        assert c[("publications", i, "authors_incomplete")] == ("the author list is unknown: only the owner "
                                                                "is listed, and no author positions are asserted")
        assert ("publications", i, "authors") not in c
    assert c[("publications", 6, "authors")] == "'D. Marquez' taken to be the owner (initials match)"
    assert c[("employment", 0)] == ("ORCID lists 2 versions of this entry (put-codes 9266, 9277): "
                                    "put-code 9266 imported (the preferred one), gaps filled from the others")
    assert c[("employment", 0, "end")] == "no end date in ORCID (shown there as ongoing)"
    assert c[("employment", 2)] == "ORCID invited position, imported as employment"
    assert c[("volunteer", 0, "title")] == "no role-title in ORCID: a membership"
    assert c[("organizations", 0)] == "ORCID: RINGGOLD id 5292 (no field for it)"
    assert c[("organizations", 4)] == "ORCID: GRID id grid.508743.d (no field for it)"
    assert c[("organizations", 8)] == ("ORCID: FUNDREF id http://dx.doi.org/10.13039/100006498 "
                                       "(no field for it)")
    assert c[("organizations", 0, "kind")] == "guessed from the name"
    assert c[("education", 0, "field")] == "department-name 'Department of Computer Architecture'"
    assert c[("person", "links", 0)] == "ORCID: 'Personal website'"
    assert c[("person", "links", 2)] == "ORCID external identifier Scopus Author ID: 57190000001"
    assert c[("base",)].startswith("the ORCID record this was imported from")
    assert c[("interests",)].endswith("was split")
    # every comment points at something that exists in the data
    for path in c:
        node = full.data
        for part in path:
            node = node[part]


def test_record_alone_lists_the_owner_as_an_incomplete_author_list():
    # issue 14: an unknown author list is never asserted as complete ("the owner is the sole author")
    imp = convert(_read("record.json"), "orcid.json")
    pubs = imp.data["publications"]
    assert [p["authors"] for p in pubs] == [["Daniela Márquez-Rivera"]] * 7
    assert all(p["authors_incomplete"] is True for p in pubs)
    incomplete = [str(w) for w in imp.warnings if "ORCID gives no contributors" in str(w)]
    assert [w.split(": warning:")[0] for w in incomplete] == [
        f"orcid.json: activities-summary.works.group[{g}]" for g in (0, 1, 2, 4, 5, 6, 7)]
    assert all("authors_incomplete: true" in w and "docs/importing.md" in w for w in incomplete)
    assert next(p.get("identifiers") for p in pubs) == ["eid:2-s2.0-85150000001", "orcid-put-code:1002",
                                                       "orcid-put-code:1001", "orcid-put-code:1003"]
    assert "people" not in imp.data
    # without the full works there are no printed variants to add
    assert imp.data["person"]["aliases"] == ["Daniela Márquez", "D. Márquez-Rivera", "Dani Márquez"]
    others = [str(w) for w in imp.warnings if "ORCID gives no contributors" not in str(w)]
    assert others == [w for w in FULL_WARNINGS if "bulk[" not in w and "ORCID gives no contributors" not in w]
    for i in range(7):
        assert imp.comments[("publications", i, "authors_incomplete")].startswith("the author list is unknown")
    # the rest is the same as with the bulk answer
    same = {k: v for k, v in FULL.items() if k not in ("person", "people", "publications")}
    assert {k: v for k, v in imp.data.items() if k not in ("person", "people", "publications")} == same


def test_a_json_list_of_record_and_bulk_answer_is_the_same(full):
    text = "[" + _read("record.json") + "," + _read("works-bulk.json") + "]"
    imp = convert(text, "orcid.json")
    assert imp.data == full.data
    assert [str(w).replace("[1].bulk[", "bulk[") for w in imp.warnings] == FULL_WARNINGS


def test_a_bulk_answer_alone_gives_the_works():
    imp = convert(_read("works-bulk.json"), "works.json", me=ME)
    data = imp.data
    assert data["person"]["name"] == ME  # no person section: named by the iD, with a warning
    assert data["person"]["orcid"] == ME
    assert [p["title"] for p in data["publications"]] == [
        "Mixed-Precision Krylov Solvers on GPUs: Accuracy and Performance Trade-offs",
        "Communication-Avoiding Pipelined CG at Scale",
        "Stochastic Rounding for Iterative Refinement",
        "Roofline Models for Sparse Iterative Solvers"]
    assert imp.comments[("person", "orcid")] == "from --me (the record states no iD)"
    assert _load(imp).data["person"]["aliases"] == ["Daniela Márquez-Rivera", "D. Márquez-Rivera"]


def test_me_as_a_name_becomes_an_alias_and_a_different_id_is_reported():
    imp = convert(_read("record.json"), "orcid.json", me="Dani M. Rivera")
    assert "Dani M. Rivera" in imp.data["person"]["aliases"]
    imp = convert(_read("record.json"), "orcid.json", me="https://orcid.org/0000-0002-1825-0097")
    assert imp.data["person"]["orcid"] == ME
    assert str(imp.warnings[0]) == ("orcid.json: warning: --me 0000-0002-1825-0097 is not this record's iD "
                                    f"({ME}): the record's owner is the CV owner")


# ----------------------------------------------------------------------------- the nasty record

@pytest.fixture(scope="module")
def nasty() -> Imported:
    return convert(_read("nasty.json"), "nasty.json", me="Alex Chen")


def test_nasty_exact_records(nasty):
    assert nasty.data == NASTY


def test_nasty_exact_warnings(nasty):
    assert [str(w) for w in nasty.warnings] == NASTY_WARNINGS


def test_nasty_judgement_calls_are_commented(nasty):
    c = nasty.comments
    assert c[("publications", 0)] == ("merged with activities-summary.works.group[6] (same DOI "
                                      "10.5555/abc-123 in two ORCID groups): put-codes 502, 507")
    assert c[("publications", 0, "kind")] == ("ORCID types differ between the merged groups (trademark, "
                                              "journal-article): journal-article used")
    assert c[("publications", 0, "doi")] == "DOI written 'doi: 10.5555/ABC-123' in ORCID: prefix removed"
    assert c[("publications", 2, "authors")] == ("the owner's contributor entry has no name: the owner's "
                                                 "name is used")
    assert c[("publications", 3, "kind")] == "ORCID type edited-book"
    assert ("publications", 4, "authors_incomplete") in c  # no contributors: the owner alone
    assert c[("education", 0)] == "no end date in ORCID: left open (unknown, or not finished)"
    # an end date that was given but unreadable is not "present"
    assert "end" not in nasty.data["employment"][0] and ("employment", 0, "end") not in c


def test_nasty_without_a_name_or_me():
    imp = convert(_read("nasty.json"), "nasty.json")
    assert imp.data["person"]["name"] == "0000-0003-5772-1565"
    assert imp.data["person"]["aliases"] == ["Alex Chen"]  # the owner's printed name (by iD)
    assert str(imp.warnings[0]) == ("nasty.json: person.name: warning: the record has no public name and no "
                                    "--me was given: person.name set to '0000-0003-5772-1565'; replace it")
    assert imp.comments[("person", "name")] == "placeholder: the ORCID record has no public name"


def test_homonyms_are_written_with_refs(nasty):
    pub = nasty.data["publications"][2]
    assert pub["authors"][:4] == [{"name": "Alex Chen", "ref": "alex-chen"},
                                  {"name": "Alex Chen", "ref": "me"},
                                  {"name": "Jane Smith", "ref": "jane-smith"},
                                  {"name": "Jane Smith", "ref": "jane-smith-2"}]
    cv = _load(nasty)  # the loader resolves each to the intended person
    authors = cv.data["publications"][2]["authors"]
    assert [a["ref"] for a in authors] == ["alex-chen", "me", "jane-smith", "jane-smith-2", "bo-li",
                                           "no-attributes"]


# ----------------------------------------------------------------------------- every import conforms

@pytest.mark.parametrize("case", ["record+bulk", "record", "list", "bulk-alone", "nasty", "nasty-no-me"])
def test_imported_records_load_and_conform(case):
    text, me = {
        "record+bulk": (_record_with_bulk(), None),
        "record": (_read("record.json"), None),
        "list": ("[" + _read("record.json") + "," + _read("works-bulk.json") + "]", None),
        "bulk-alone": (_read("works-bulk.json"), ME),
        "nasty": (_read("nasty.json"), "Alex Chen"),
        "nasty-no-me": (_read("nasty.json"), None),
    }[case]
    imp = convert(text, "x.json", me)
    cv = _load(imp)
    report = cvgraph.api.validate(cv)
    assert report.conforms, report.text()
    for path in imp.comments:  # every comment is attached to something in the data
        node = imp.data
        for part in path:
            node = node[part]


# ----------------------------------------------------------------------------- what cannot be read

@pytest.mark.parametrize("text, message", [
    ("{not json", "orcid.json:1:2: not JSON: Expecting property name"),  # located, as JSON Resume
    ("[1, 2]", "orcid.json: not an ORCID record (expected a JSON object, got int)"),
    ('{"name": "x"}', ("orcid.json: not an ORCID record (none of orcid-identifier, person, activities-summary "
                      "or bulk at the top level)")),
    (('{"response-code": 404, "developer-message": "404 Not Found",'
     ' "user-message": "The resource was not found."}'),
     "orcid.json: an ORCID API error answer, not a record: 404 The resource was not found."),
    ('[{"person": null}, {"person": null}]', "orcid.json: more than one ORCID record in one file"),
])
def test_unreadable_files_raise(text, message):
    with pytest.raises(ImportError_) as err:
        convert(text, "orcid.json")
    assert str(err.value).startswith(message)


def test_an_empty_record_still_gives_a_loadable_document():
    text = '{"orcid-identifier": null, "person": null, "activities-summary": null}'
    imp = convert(text, "e.json", "Ada Lovelace")
    assert imp.data == {"cvgraph": 1, "person": {"name": "Ada Lovelace"}}
    assert [str(w) for w in imp.warnings] == [
        "e.json: person.name: warning: the record has no public name: person.name taken from --me",
        "e.json: warning: no ORCID iD and no homepage: the CV's IRIs are built under one; set person.homepage (or base:)"]
    _load(imp)


# ----------------------------------------------------------------------------- never a crash

def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def test_any_node_replaced_by_null_or_a_wrong_type_never_crashes():
    """Nodes of the record (all shallow ones, a sample of the deep ones) set to null, text or a
    number: the import never raises on content, and (checked on a sample) the result still loads.
    (A full sweep of every node of both fixtures with seven kinds of value was run once by hand.)"""
    text = _record_with_bulk()
    base = json.loads(text)
    paths = [p for p in _paths(base) if 0 < len(p) <= 3] + [p for p in _paths(base) if len(p) > 3][::15]
    for n, path in enumerate(paths):
        for value in (None, "x", 7) if len(path) <= 3 else (None, "x"):
            doc = json.loads(text)
            node = doc
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
            try:
                imp = convert(json.dumps(doc), "f.json", "Daniela Márquez-Rivera")
            except ImportError_:
                assert len(path) == 1  # only a top-level part can make the file unreadable
                continue
            if n % 12 == 0 and value is None:
                _load(imp)

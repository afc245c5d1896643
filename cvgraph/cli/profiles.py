"""The options that choose the output vocabulary (``--profile``) and how the VIVO profile names
things (``--vivo-namespace``, ``--vivo-orcid``): shared by build, validate and publish."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from cvgraph.cli.iris import HTTP_IRI
from cvgraph.mapping.profiles import MAPPING_PROFILES, VivoOptions

__all__ = ["VIVO_OPTIONS", "profile_option", "vivo_options"]

F = TypeVar("F", bound=Callable[..., object])


def profile_option(default: str | None = "core", choices: tuple[str, ...] = MAPPING_PROFILES,
                   extra: str = "") -> Callable[[F], F]:
    return click.option(
        "--profile", type=click.Choice(list(choices)), default=default, show_default=default is not None,
        help="The vocabularies written and the shapes checked: core (schema.org, FOAF, BIBO), vivo "
        "(VIVO-ISF, what a VIVO profile page shows), all (both in one graph)." + extra)


def _vivo(f: F) -> F:
    f = click.option("--vivo-orcid", type=click.Choice(["https", "http"]), default="https", show_default=True,
                     help="VIVO profile: the scheme of ORCID iD IRIs (older VIVO ORCID forms use http).")(f)
    return click.option("--vivo-namespace", metavar="IRI", type=HTTP_IRI,
                        help="VIVO profile: the individual namespace, e.g. https://vivo.example.edu/individual/ "
                        "(default: a --base ending in /, else the CV's document IRI + #vivo-).")(f)


VIVO_OPTIONS = _vivo


def vivo_options(namespace: str | None, orcid: str) -> VivoOptions:
    return VivoOptions(namespace, orcid)

"""Shell completion beyond click's own (commands, options, choices such as the formats): the
bundled query names. Enabled as ``eval "$(_CVGRAPH_COMPLETE=bash_source cvgraph)"`` (docs/completion.md)."""
from __future__ import annotations

import click
from click.shell_completion import CompletionItem

from cvgraph.sparql.catalogue import catalogue

__all__ = ["query_args"]


def query_args(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``cvgraph query``'s arguments: first a bundled query's name (with its title as the help
    zsh and fish show), or a .rq file; then CV files."""
    if ctx.params.get(param.name or "") or "/" in incomplete:
        return [CompletionItem(incomplete, type="file")]
    names = [CompletionItem(q.name, help=q.title) for q in catalogue().values() if q.name.startswith(incomplete)]
    return names or [CompletionItem(incomplete, type="file")]

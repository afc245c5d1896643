"""``python -m cvgraph.cli``: the ``cvgraph`` command."""
from cvgraph.cli.app import main

main()

"""``python -m cvgraph``: the ``cvgraph`` command."""
from cvgraph.cli.app import main

main()

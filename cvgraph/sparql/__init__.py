"""The SPARQL stage: the bundled query catalogue, local and remote engines, result tables."""

"""The SHACL stage: validating a graph against the bundled shapes."""

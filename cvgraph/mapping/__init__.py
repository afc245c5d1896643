"""The mapping stage: checked records -> RDF triples (ontology/mapping.yaml)."""

"""The records stage: the CV format, safe YAML, loading and checking, ids, the people registry."""

"""The pipeline: one CV built end to end, many CVs in parallel, the inputs' front door."""

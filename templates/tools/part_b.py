"""Part B of case-studies.md: the serverless solution-architecture discussions (seed 5004-5236)."""

TEMPLATES: list = []

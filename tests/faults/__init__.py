"""The fault catalogue: one test per case of docs/faults.md (issue 14)."""

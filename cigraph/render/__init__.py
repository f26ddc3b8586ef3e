"""Outputs: exports, reports and maps."""

"""Comparison tables generated from one data file."""

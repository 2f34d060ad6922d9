"""Seda («صدا»): measures how often a province's agencies reach the national Persian media."""

__version__ = "0.1.0"

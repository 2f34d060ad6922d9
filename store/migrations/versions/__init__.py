"""Revisions of the coverage database, oldest first: ``NNNN_what.py``."""

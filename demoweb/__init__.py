"""Seda's demo web: an offline stand-in for Iranian news sites and ministry portals.

Start it with :class:`DemoWeb` (a context manager) or ``python -m demoweb serve``; its ``truth()``
says what a perfect crawl finds. Content is in ``demoweb/content/*.yaml`` (see CONTENT.md).
"""
from __future__ import annotations

from demoweb.content import Article, ContentError, load_content
from demoweb.server import DemoWeb

__all__ = ["Article", "ContentError", "DemoWeb", "load_content"]

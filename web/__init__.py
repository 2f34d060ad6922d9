"""The analysts' dashboard: a Persian, right-to-left web app over the coverage store (``seda serve``).

Starlette serves pages rendered server-side from Jinja2 templates (charts as inline SVG, no JavaScript);
uvicorn runs it. Read queries live in :mod:`web.queries` (functions taking a Session); the pages in
:mod:`web.views`; access control in :mod:`web.users`, :mod:`web.passwords`, :mod:`web.ratelimit` and
:mod:`web.csrf`. :func:`web.app.create_app` builds the app.
"""

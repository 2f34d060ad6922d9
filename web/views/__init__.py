"""The dashboard's pages: one module per group, each handler a small function of a request context."""

"""The coverage store: SQLAlchemy models and the functions that write and read them.

SQLite file by default, PostgreSQL by URL. Functions take a Session; the job that runs owns the
transaction (see ``store.db.transaction``)."""

from store.db import init_db, make_engine, open_store, transaction

__all__ = ["init_db", "make_engine", "open_store", "transaction"]

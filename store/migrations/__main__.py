"""``python -m store.migrations ARGS``: Alembic's own command line on Seda's migrations, no alembic.ini.

The database is ``--url URL``, else ``$SEDA_DATABASE_URL``, else a scratch SQLite file upgraded to head
first (what ``revision --autogenerate`` needs to compare the models with):

    python -m store.migrations revision --autogenerate -m "add articles.word_count"
    python -m store.migrations --url postgresql://postgres@127.0.0.1/seda current
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from alembic.config import CommandLine

from store.migrations import alembic_config


def main(argv: list[str]) -> None:
    url = os.environ.get("SEDA_DATABASE_URL")
    if len(argv) >= 2 and argv[0] == "--url":
        url, argv = argv[1], argv[2:]
    cli = CommandLine(prog="python -m store.migrations [--url URL]")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    with tempfile.TemporaryDirectory(prefix="seda-migrations-") as scratch:
        if url is None:
            from store.db import make_engine
            from store.schema import upgrade

            url = f"sqlite:///{Path(scratch) / 'scratch.db'}"
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            print(f"(comparing with a scratch SQLite database at head: {url})", file=sys.stderr)
        from store.db import normalise_url

        cfg = alembic_config(url=normalise_url(url))
        cfg.cmd_opts = options
        cli.run_cmd(cfg, options)


if __name__ == "__main__":
    main(sys.argv[1:])

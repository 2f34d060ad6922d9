"""The nightly crawl and the weekly digest: ``python scheduler.py --config config.yaml``.

A thin shell: it parses the command line, loads the config and calls :mod:`seda.scheduling`; it does what
``seda --config PATH schedule`` does. Errors are one line on stderr: exit 2 for a bad configuration or
usage, 1 for other failures.
"""

from __future__ import annotations

import argparse
import logging
import sys

from seda.config import ENV_CONFIG


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scheduler.py",
        description="Run Seda's schedule in the foreground: the crawl and the weekly digest on the config's cron "
                    "lines, in schedule.timezone (Asia/Tehran by default). SIGTERM or Ctrl-C stops it cleanly.")
    p.add_argument("--config", metavar="PATH", default=None,
                   help=f"Config file (default: ${ENV_CONFIG} or ./config.yaml).")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", choices=["crawl", "digest"], default=None,
                      help="Run this job now, through the same lock and run record, and exit (1 unless ok).")
    mode.add_argument("--list", dest="list_", action="store_true",
                      help="Print when each job fires next (schedule's time zone, with the Jalali date) and exit.")
    mode.add_argument("--history", action="store_true", help="Print the latest recorded job runs and exit.")
    p.add_argument("--count", type=int, default=None, metavar="N",
                   help="With --list: fire times per job (default 1). With --history: runs shown (default 20).")
    p.add_argument("-v", "--verbose", action="count", default=0, help="More log output (-vv for debug).")
    p.add_argument("-q", "--quiet", action="store_true", help="Only warnings and errors.")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from seda.cli import setup_logging
    from seda.config import load_config
    from seda.errors import SedaError

    foreground = not (args.once or args.list_ or args.history)
    setup_logging(max(args.verbose, 1) if foreground and not args.quiet else args.verbose, args.quiet)
    if args.verbose < 2:
        logging.getLogger("alembic").setLevel(logging.WARNING)  # store.schema reports upgrades itself
    try:
        from seda import scheduling

        config = load_config(args.config)
        if args.list_:
            print("\n".join(scheduling.list_lines(config, count=args.count or 1)))
        elif args.history:
            print("\n".join(scheduling.history_lines(config, limit=args.count or 20)))
        elif args.once:
            outcome = scheduling.run_once(config, args.once)
            if outcome["status"] != "ok":
                raise scheduling.JobFailed(f"{args.once} {outcome['status']}: {outcome['detail']}")
            print(f"{args.once} ok: {outcome['detail']}")
        else:
            scheduling.run_scheduler(config)
    except SedaError as exc:
        print(f"scheduler: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("scheduler: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

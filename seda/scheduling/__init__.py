"""The scheduler: the nightly crawl and the weekly digest on the config's cron lines, in Asia/Tehran.

``scheduler.py`` and ``seda schedule`` are thin shells over this package:

- :func:`run_scheduler` runs APScheduler in the foreground (job store in the database, missed runs
  coalesced within ``schedule.misfire_grace_minutes``) until SIGTERM/SIGINT, and stops cleanly;
- :func:`run_once` runs one job now, through the same lock and record;
- :func:`list_lines` / :func:`next_fire_times` tell when the jobs fire next.

The job callables (:mod:`seda.scheduling.jobs`) take only the config path, so the job store can keep them.
"""

from __future__ import annotations

from seda.scheduling.jobs import JOB_IDS, crawl_job, digest_job
from seda.scheduling.runner import (
    JobFailed,
    SchedulerBusy,
    build_scheduler,
    config_file,
    history_lines,
    list_lines,
    run_once,
    run_scheduler,
    sync_jobs,
)
from seda.scheduling.triggers import cron_trigger, digest_week, next_fire_times, triggers

__all__ = ["JOB_IDS", "JobFailed", "SchedulerBusy", "build_scheduler", "config_file", "crawl_job", "cron_trigger",
           "digest_job", "digest_week", "history_lines", "list_lines", "next_fire_times", "run_once",
           "run_scheduler", "sync_jobs", "triggers"]

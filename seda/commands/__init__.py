"""One module per ``seda`` command; ALL is what the CLI registers."""

from seda.commands.check import check, sources
from seda.commands.classify import classify_cmd, eval_cmd, train_cmd
from seda.commands.correct import correct
from seda.commands.crawl import crawl
from seda.commands.db import db
from seda.commands.demo import demo
from seda.commands.digest import digest
from seda.commands.evaluate import eval_extract
from seda.commands.export import export
from seda.commands.report import report, runs
from seda.commands.reprocess import reprocess
from seda.commands.schedule import schedule
from seda.commands.serve import serve
from seda.commands.search import search
from seda.commands.user import user

ALL = [check, sources, classify_cmd, correct, crawl, db, demo, eval_extract, eval_cmd, export, report, reprocess, runs, train_cmd, digest, schedule, search, serve, user]

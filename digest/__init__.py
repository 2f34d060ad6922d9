"""The weekly digest email of the PR council: which agencies reached the national media this week.

One Iranian week (Saturday to Friday, Asia/Tehran) is collected from the coverage store
(:func:`collect_week`), rendered from Jinja2 templates as Persian right-to-left HTML and plain text
(:mod:`digest.render`), wrapped in a MIME message (:func:`build_message`) and sent once per week
(:func:`send_week`), with every outcome recorded in ``DigestRecord``. ``seda digest`` is the shell around it;
the scheduler calls :func:`send_week`.
"""

from __future__ import annotations

from digest.collect import AgencyLine, TopStory, WeekDigest, collect_week
from digest.errors import DigestError, DigestSendError
from digest.message import build_message, to_bytes
from digest.render import render_html, render_text
from digest.send import SendResult, send_week, week_message
from digest.week import Week

__all__ = [
    "AgencyLine", "DigestError", "DigestSendError", "SendResult", "TopStory", "Week", "WeekDigest",
    "build_message", "collect_week", "render_html", "render_text", "send_week", "to_bytes",
    "week_message",
]

"""The week's figures: totals, the per-agency scorecard and ranking, top stories, crawl health.

An item counts for an agency when its effective relevance is ``about`` and its effective source agency is
that agency (analysts' corrections win). The scorecard counts *national* items only (sources of level
``national``, ministries included): the digest measures the reach of the province's PR offices beyond it.
A ministry main-page placement is a placement on a source of kind ``ministry``; a national homepage
placement one on a national source of any other kind. Each (item, homepage) pair counts once however many
nightly snapshots saw it.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from digest import queries
from digest.queries import Item, SourceInfo
from digest.week import Week
from seda.dates import TEHRAN
from seda.registry import Registry

# Homepage snapshots are taken by the nightly crawl (01:30 Tehran): an item published on Friday evening is
# first seen on a homepage early on Saturday. Placements seen up to a day after the week still count, so
# the digest sent on Saturday morning and one rebuilt later give the same figures.
PLACEMENT_GRACE = datetime.timedelta(days=1)
# Enough to fill the first screen of the email; the scorecard still lists every agency with coverage.
MOST_ACTIVE = 3
TOP_STORIES = 8
# Kinds the scorecard shows in their own column (the rest are news, photos and notes).
INTERVIEW, REPORT = "interview", "report"


@dataclass
class AgencyLine:
    """One agency's week (national coverage only) against its previous week."""

    agency_id: str
    name_fa: str
    national: int = 0
    interviews: int = 0
    reports: int = 0
    ministry_placements: int = 0
    homepage_placements: int = 0
    outlet_ids: set[str] = field(default_factory=set)
    previous: int = 0
    rank: int | None = None

    @property
    def outlets(self) -> int:
        return len(self.outlet_ids)

    @property
    def placements(self) -> int:
        return self.ministry_placements + self.homepage_placements

    @property
    def change(self) -> int:
        return self.national - self.previous


@dataclass
class StoryCopy:
    source_id: str
    source_name: str
    url: str
    title: str
    published: datetime.datetime
    on_ministry: bool = False
    on_homepage: bool = False


@dataclass
class TopStory:
    title: str
    url: str
    published: datetime.datetime
    agency_id: str | None
    agency_name: str | None
    copies: list[StoryCopy]
    evidence: str | None
    agency_corrected: bool = False

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(c.source_name for c in self.copies))

    @property
    def ministry_placements(self) -> int:
        return sum(c.on_ministry for c in self.copies)

    @property
    def homepage_placements(self) -> int:
        return sum(c.on_homepage for c in self.copies)


@dataclass
class Totals:
    about: int = 0              # items about the province, any level
    national: int = 0           # ... on national sources, credited or not
    credited: int = 0           # ... credited to an agency of the registry (the scorecard's sum)
    previous_credited: int = 0
    interviews: int = 0
    reports: int = 0
    ministry_placements: int = 0
    homepage_placements: int = 0
    outlets: int = 0
    active_agencies: int = 0
    agencies: int = 0
    stories: int = 0

    @property
    def change(self) -> int:
        return self.credited - self.previous_credited


@dataclass
class RunIssue:
    run_id: int
    started_at: datetime.datetime
    status: str
    warnings: list[str]


@dataclass
class QuietSource:
    source_id: str
    name: str
    runs: int
    article_links: int


@dataclass
class Health:
    runs: int = 0
    issues: list[RunIssue] = field(default_factory=list)
    quiet_sources: list[QuietSource] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.runs > 0 and not self.issues and not self.quiet_sources


@dataclass
class WeekDigest:
    week: Week
    province_name: str
    generated_at: datetime.datetime
    totals: Totals
    lines: dict[str, AgencyLine]
    ranking: list[AgencyLine]
    scorecard: list[AgencyLine]
    most_active: list[AgencyLine]
    passive: list[AgencyLine]
    top_stories: list[TopStory]
    health: Health

    @property
    def empty(self) -> bool:
        return self.totals.about == 0

    @property
    def max_national(self) -> int:
        return max((ln.national for ln in self.ranking), default=0)


def _agencies(registry: Registry) -> dict[str, str]:
    return {a.id: a.name_fa for a in registry.agencies if a.kind == "agency"}


def _national_by_agency(items: Iterable[Item], srcs: dict[str, SourceInfo], agencies: dict[str, str]
                        ) -> Counter[str]:
    return Counter(it.agency for it in items
                   if it.agency in agencies and srcs.get(it.source_id, _UNKNOWN).national)


_UNKNOWN = SourceInfo("?", "?", "other", "provincial")


def collect_week(session: Session, registry: Registry, week: Week | datetime.date, *,
                 source_ids: Iterable[str] | None = None, now: datetime.datetime | None = None) -> WeekDigest:
    """Everything the digest shows for ``week`` (a :class:`Week` or any day in it).

    ``source_ids`` are the configured (enabled) sources the health section checks for silence; by default
    every source in the store."""
    if not isinstance(week, Week):
        week = Week.of(week)
    agencies = _agencies(registry)
    srcs = queries.sources(session)
    items = queries.about_items(session, week.begins_at, week.ends_at)
    previous = queries.about_items(session, week.previous.begins_at, week.previous.ends_at)
    national = [it for it in items if srcs.get(it.source_id, _UNKNOWN).national]
    placed = queries.placements(session, [it.id for it in national], week.begins_at,
                                week.ends_at + PLACEMENT_GRACE)

    def on_ministry(it: Item) -> int:
        return sum(1 for s in placed.get(it.id, ()) if srcs.get(s, _UNKNOWN).ministry)

    def on_homepage(it: Item) -> int:
        return sum(1 for s in placed.get(it.id, ())
                   if srcs.get(s, _UNKNOWN).national and not srcs.get(s, _UNKNOWN).ministry)

    lines = {aid: AgencyLine(aid, name) for aid, name in agencies.items()}
    for aid, n in _national_by_agency(previous, srcs, agencies).items():
        lines[aid].previous = n
    totals = Totals(about=len(items), national=len(national), agencies=len(agencies))
    totals.previous_credited = sum(ln.previous for ln in lines.values())
    outlets: set[str] = set()
    for it in national:
        m, h = on_ministry(it), on_homepage(it)
        totals.ministry_placements += m
        totals.homepage_placements += h
        totals.interviews += it.kind == INTERVIEW
        totals.reports += it.kind == REPORT
        outlets.add(it.source_id)
        line = lines.get(it.agency or "")
        if line is None:
            continue
        line.national += 1
        line.interviews += it.kind == INTERVIEW
        line.reports += it.kind == REPORT
        line.ministry_placements += m
        line.homepage_placements += h
        line.outlet_ids.add(it.source_id)
    totals.outlets = len(outlets)
    totals.credited = sum(ln.national for ln in lines.values())
    totals.stories = len({_story_key(it) for it in national})

    ranking = sorted((ln for ln in lines.values() if ln.national),
                     key=lambda ln: (-ln.national, -ln.placements, -ln.outlets, ln.name_fa, ln.agency_id))
    for i, ln in enumerate(ranking):
        before = ranking[i - 1] if i else None
        same = before is not None and (before.national, before.placements, before.outlets) == (
            ln.national, ln.placements, ln.outlets)
        ln.rank = before.rank if same and before is not None else i + 1
    totals.active_agencies = len(ranking)
    dropped = sorted((ln for ln in lines.values() if not ln.national and ln.previous),
                     key=lambda ln: (-ln.previous, ln.name_fa))
    passive = sorted((ln for ln in lines.values() if not ln.national), key=lambda ln: (ln.name_fa, ln.agency_id))

    return WeekDigest(
        week=week, province_name=registry.province_name, generated_at=(now or datetime.datetime.now(TEHRAN)),
        totals=totals, lines=lines, ranking=ranking, scorecard=ranking + dropped,
        most_active=ranking[:MOST_ACTIVE], passive=passive,
        top_stories=_top_stories(national, srcs, {a.id: a.name_fa for a in registry.agencies}, placed),
        health=_health(session, week, srcs, source_ids),
    )


def _story_key(it: Item) -> tuple[str, int]:
    return ("story", it.story_id) if it.story_id is not None else ("article", it.id)


def _evidence_line(it: Item) -> str | None:
    """The credit line that named the agency (``به گزارش روابط عمومی ...``), else the sentence that made the
    item about the province. A corrected agency makes the model's credit phrase wrong: the sentence is shown."""
    ev = it.evidence
    credit = None if "agency" in it.corrected else (ev.get("agency") or it.credit_evidence)
    line = credit or ev.get("relevance")
    return " ".join(str(line).split()) if line else None


def _top_stories(national: list[Item], srcs: dict[str, SourceInfo], names: dict[str, str],
                 placed: dict[int, set[str]]) -> list[TopStory]:
    """The week's national stories, syndicated copies together, by reach. ``names``: every registry entry
    (agencies, and the speakers and outlets a story may be credited to)."""
    groups: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for it in national:
        groups[_story_key(it)].append(it)
    stories = []
    for copies in groups.values():
        rows = []
        for it in copies:
            where = placed.get(it.id, set())
            rows.append(StoryCopy(
                source_id=it.source_id, source_name=srcs.get(it.source_id, _UNKNOWN).name if it.source_id in srcs
                else it.source_id, url=it.url, title=it.title, published=it.published,
                on_ministry=any(srcs.get(s, _UNKNOWN).ministry for s in where),
                on_homepage=any(srcs.get(s, _UNKNOWN).national and not srcs.get(s, _UNKNOWN).ministry
                                for s in where)))
        # The copy shown first: one on a ministry main page, else on a homepage, else the earliest.
        order = sorted(range(len(copies)), key=lambda i: (not rows[i].on_ministry, not rows[i].on_homepage,
                                                          copies[i].published, copies[i].id))
        lead = copies[order[0]]
        votes = Counter(it.agency for it in copies if it.agency)
        agency = lead.agency if lead.agency else (votes.most_common(1)[0][0] if votes else None)
        stories.append(TopStory(
            title=lead.title, url=lead.url, published=min(it.published for it in copies), agency_id=agency,
            agency_name=names.get(agency or ""), copies=[rows[i] for i in order],
            evidence=_evidence_line(lead), agency_corrected="agency" in lead.corrected))
    # Reach: every outlet that ran the story and every homepage that showed it count alike; placements
    # break ties (an editor chose them), then the earlier story comes first.
    stories.sort(key=lambda s: (-(len(s.outlets) + s.ministry_placements + s.homepage_placements),
                                -(s.ministry_placements + s.homepage_placements), s.published, s.url))
    return stories[:TOP_STORIES]


def _health(session: Session, week: Week, srcs: dict[str, SourceInfo], source_ids: Iterable[str] | None) -> Health:
    runs, yields = queries.runs_between(session, week.begins_at, week.ends_at)
    health = Health(runs=len(runs))
    health.issues = [RunIssue(r.id, r.started_at, r.status, r.warnings) for r in runs
                     if r.status != "ok" or r.warnings]
    if not runs:
        return health
    published = queries.articles_per_source(session, week.begins_at, week.ends_at)
    wanted = list(source_ids) if source_ids is not None else sorted(srcs)
    for sid in wanted:
        y = yields.get(sid, queries.SourceYield())
        if y.articles == 0 and published.get(sid, 0) == 0:
            name = srcs[sid].name if sid in srcs else sid
            health.quiet_sources.append(QuietSource(sid, name, y.runs, y.article_links))
    return health

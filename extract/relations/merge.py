"""One record per trial: merge drafts of the same trial, resolve the document's own study.

Drafts that share an NCT id, a normalised name, or a name variant ("I-SPY" /
"I-SPY2") are one trial, except when their NCT ids disagree. Keys: canonical
name, else NCT id, else unnamed-<n> in order of appearance.
"""
from __future__ import annotations

import re

from extract.records import Trial
from extract.relations.attributes import phases_in
from extract.relations.context import REGISTRATION, BodyReader, final_citation
from extract.relations.drafts import Draft, norm_name
from extract.relations.mentions import sentence_around

def _variant(a: str, b: str) -> bool:
    """"ispy" ~ "ispy2", "patricia" ~ "patriciaii": one is the other plus a number."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or not long_.startswith(short):
        return False
    return bool(re.fullmatch(r"\d{1,2}|i{1,3}|iv|v", long_[len(short):]))


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Union drafts of the same trial (NCT id, name, name variant); NCT conflicts block a merge."""
    groups: list[Draft] = []
    for d in sorted(drafts, key=lambda x: (x.source != "body", x.order)):
        if not d.named:
            groups.append(d)
            continue
        target = None
        for g in groups:
            if not g.named:
                continue
            if set(d.ncts) & set(g.ncts):
                target = g
                break
        if target is None:
            cands = [g for g in groups if g.named and (d.keys & g.keys)
                     and not (d.ncts and g.ncts and not set(d.ncts) & set(g.ncts))]
            if not cands:
                cands = [g for g in groups if g.named and any(_variant(a, b) for a in d.keys for b in g.keys)
                         and not (d.ncts and g.ncts and not set(d.ncts) & set(g.ncts))]
            if len(cands) >= 1 and len({id(c) for c in cands}) == 1:
                target = cands[0]
        if target is None:
            groups.append(d)
        else:
            target.absorb(d)
    groups.sort(key=lambda g: g.order)
    return groups


def attach_results(groups: list[Draft], results: list[Draft], title: str = "") -> list[Draft]:
    """Results tables belong to the document's own study: the one named study, the study its title
    names ("...: the Spinnaker retrospective study"), or the one described; else they stand alone."""
    named = [g for g in groups if g.named]
    main = named[0] if len(named) == 1 else (titled_study(groups, title) or dominant_study(groups))
    if main is None:
        # no one named study it reports: the study the document reports as its own ("we performed a
        # meta-analysis", "we report the results of a retrospective multicentre study"); trials it
        # names for context do not own its tables
        main = next((g for g in groups if g.opened == "own"), None)
    if main is not None:
        for r in results:
            drop_restated(main, r)
            main.absorb(r)
        return groups
    return sorted(groups + results, key=lambda g: g.order)


def drop_cited_in_passing(groups: list[Draft]) -> list[Draft]:
    """In a report of one study, other trials named for context ("the KEYNOTE-189 and IMpower130
    phase III trials showed ...") without a number of theirs are not records: the schema's
    records are studies reported with a number. Reviews keep them (their trials are the subject)."""
    if not any(g.outcomes for g in groups):
        return groups
    return [g for g in groups if not g.named or g.outcomes or g.sample_size is not None]


def titled_study(groups: list[Draft], title: str) -> Draft | None:
    """The one named study whose name or registry id the document's title gives."""
    t = norm_name(title or "")
    if not t:
        return None
    hits = [g for g in groups if g.named and any(k and len(k) >= 4 and k in t for k in g.keys | {norm_name(x) for x in g.ncts})]
    return hits[0] if len(hits) == 1 else None


def drop_restated(main: Draft, table: Draft) -> None:
    """A number the text restates from a results table is one outcome: keep the table's (it has its row)."""
    in_table = {_restated_key(o) for o in table.outcomes}
    main.outcomes = [o for o in main.outcomes if _restated_key(o) not in in_table]


_REAL_WORLD = re.compile(r"^(?:rw(?=[A-Z])|[Rr]eal[\s-]world\s+)")


def _restated_key(o) -> tuple:
    """(measure, statistic, value): a real-world study's table says "PFS" where its text says "rwPFS"."""
    return norm_name(_REAL_WORLD.sub("", o.endpoint or "")), o.statistic, round(float(o.value), 6)


_REVIEW_TITLE = re.compile(r"\b(?:review|meta-?analys[ie]s|overview|perspectives?|landscape|advances|update)\b", re.IGNORECASE)
_DESIGN_TITLE = re.compile(r"\b(?:phase\s+\S+|single[\s-](?:arm|group)|open[\s-]label|randomi[sz]ed|multicent\w+|"
                           r"prospective)\b[^.]{0,60}\b(?:trial|study)\b", re.IGNORECASE)
_REPORT_HEADINGS = (re.compile(r"^\W*(?:\d+\.?\s*)?(?:patients\s+and\s+)?methods?\b", re.IGNORECASE),
                    re.compile(r"^\W*(?:\d+\.?\s*)?results?\b", re.IGNORECASE))


def report_like(title: str, headings: list[str] = ()) -> bool:
    """An original report of one study: its title names a study design, or it has Methods and Results sections."""
    if _REVIEW_TITLE.search(title or ""):
        return False
    if _DESIGN_TITLE.search(title or ""):
        return True
    return all(any(rx.match(h) for h in headings) for rx in _REPORT_HEADINGS)


def resolve_own_study(groups: list[Draft], reader: "BodyReader", own_ids: set[str], title: str = "",
                      headings: list[str] = (), title_drugs: list[str] = ()) -> list[Draft]:
    """Single-study reports: orphan results and unnamed results join the document's own study.

    The own study is the trial whose registry id is given as the document's registration
    ("ClinicalTrials.gov, NCT..."); a lone named trial without an id is the same study.
    Without a registration, "we enrolled ..." sentences make an unnamed own study.
    """
    own_cue = reader.own_cue
    main: Draft | None = None
    if not own_ids and not own_cue:
        main = dominant_study(groups)
        if main is None and reader.primary and reader.orphans and report_like(title, headings):
            # a single-study report without "we" or a registration: the study its primary end point is
            # stated for, else an unnamed study of its own
            ps = reader.primary_study
            main = next((g for g in groups if ps is not None and (g is ps or (g.named and g.keys & ps.keys))), None)
            if main is None and ps is None and not any(g.named and g.outcomes for g in groups):
                own_cue = True
                # "A single-arm phase 2 trial of X": the report's treatment, when no sentence gave it
                for x in title_drugs:
                    if x not in reader.own.drugs:
                        reader.own.drugs.append(x)
        if main is None and not own_cue:
            return groups
    if not own_ids and main is not None:
        if reader.own.evidence:
            main.absorb(reader.own)
        return _join_own(groups, reader, main, after=main.order)
    main = next((g for g in groups if set(g.ncts) & own_ids), None)
    if main is not None and not main.names:
        named = [g for g in groups if g.names and not g.ncts]
        if len(named) == 1:
            main.absorb(named[0])
            groups = [g for g in groups if g is not named[0]]
    if main is None and reader.own_named is not None:
        main = next((g for g in groups if g is reader.own_named or (g.named and (
            set(g.ncts) & set(reader.own_named.ncts) or g.keys & reader.own_named.keys))), None)
    if main is None:
        if not own_cue:
            return groups
        main = Draft(order=min([o.order for o in reader.orphans] + [10 ** 9]), opened="own")
        main.absorb(reader.own)
        main.order = min([o.order for o in reader.orphans] + [g.order for g in groups if g.opened == "bare"] + [10 ** 9])
        groups = groups + [main]
    else:
        main.absorb(reader.own)
    if main.phase is None and phases_in(title):
        main.phase = phases_in(title)[0][0]
    return _join_own(groups, reader, main)


def dominant_study(groups: list[Draft]) -> Draft | None:
    """The one named study a document describes (phase, size or results), when no other named study has results.

    Studies only named in passing ("... has extended the approach") do not count.
    """
    described = [g for g in groups if g.named and (g.phase or g.sample_size or g.outcomes)]
    if len(described) != 1:
        return None
    main = described[0]
    if any(g.named and g.outcomes and g is not main for g in groups):
        return None
    return main


def _join_own(groups: list[Draft], reader: "BodyReader", main: Draft, after: int = -1) -> list[Draft]:
    """Unnamed, uncited results (orphans and bare studies) join the document's own study."""
    # a cited sentence reports someone else's study, even in a single-study report
    own = [g for g in reader.orphans + [g for g in groups if g.opened == "bare"]
           if not any(final_citation(e) for e in g.evidence) and g.order > after]
    for g in own:
        main.absorb(g)
    taken = {id(g) for g in own}
    groups = [g for g in groups if id(g) not in taken or g is main]
    return sorted(groups, key=lambda g: g.order)


def own_registry_ids(text: str, mentions, methods: tuple[int, int] | None = None) -> set[str]:
    """Registry ids written as the document's own registration ("Trial registration: NCT...").

    In a report of one study (`methods` = the character span of its Methods section), a
    single registry id given in the Methods, in an uncited sentence that names no trial,
    registers the study itself, even when it registers a database or cohort
    ("The X database (NCT...) was authorised ..."): reports name their own registration
    in Methods, cited trials there come with their name or reference.
    """
    ids = {m.name for m in mentions if m.label == "NCT" and REGISTRATION.search(text[max(0, m.start - 70):m.start])}
    if ids or methods is None:
        return ids
    a, b = methods
    cand = {m.name for m in mentions if m.label == "NCT" and a <= m.start < b}
    if len(cand) != 1:
        return ids
    nct = next(iter(cand))
    for m in mentions:
        if m.label == "NCT" and m.name == nct and a <= m.start < b:
            s0, e0 = sentence_around(text, m.start, m.end, a, b)
            if final_citation(text[s0:e0]) or any(t.label == "TRIAL" and s0 <= t.start < e0 for t in mentions):
                return ids
    return {nct}


def to_trials(groups: list[Draft]) -> list[Trial]:
    """Plain `Trial` records with keys: canonical name, else NCT id, else unnamed-<n>."""
    out: list[Trial] = []
    n_unnamed = 0
    seen: set = set()
    for g in groups:
        if not g.named:
            # the schema: a study with neither name, registry id nor a number is not a record
            if not g.outcomes and (g.opened != "own" or g.sample_size is None):
                continue
            facts = _facts(g)
            if facts in seen:
                continue  # the same unnamed study with the same numbers, restated (a repeated chapter)
            seen.add(facts)
            n_unnamed += 1
            key = f"unnamed-{n_unnamed}"
        else:
            key = g.canonical or (g.names[0] if g.names else g.ncts[0])
        drugs = list(dict.fromkeys(g.drugs))
        eps = list(dict.fromkeys(e for e in g.endpoints if e))
        out.append(Trial(key=key, names=list(g.names), nct_ids=list(g.ncts), phase=g.phase,
                         sample_size=g.sample_size, drugs=drugs, endpoints=eps, outcomes=list(g.outcomes),
                         evidence=list(g.evidence), pages=sorted(set(g.pages))))
    return out


def _facts(g: Draft) -> tuple:
    """What an unnamed study says, whatever sentence said it."""
    outs = frozenset((o.endpoint, o.arm, o.statistic, o.value, o.unit, o.timepoint) for o in g.outcomes)
    return g.phase, g.sample_size, frozenset(g.drugs), outs


def drop_name_conflicts(drafts: list[Draft]) -> None:
    """A table name printed on rows with different NCT ids: keep it only on the row whose drugs
    agree best with the text about that name; with no clear winner, on none of them."""
    by_key: dict[str, set[str]] = {}
    for d in drafts:
        if d.source != "table" or not d.ncts:
            continue
        for k in d.keys:
            by_key.setdefault(k, set()).update(d.ncts)
    clash = {k for k, ids in by_key.items() if len(ids) > 1}
    for k in clash:
        rows = [d for d in drafts if d.source == "table" and k in d.keys]
        text_drugs = {x for d in drafts if d.source == "body" and k in d.keys for x in d.drugs}
        # rows with the same ids are one trial printed twice (a restated or repeated table): one candidate
        score: dict[frozenset, float] = {}
        for r in rows:
            sc = len(text_drugs & set(r.drugs)) / len(text_drugs | set(r.drugs)) if text_drugs or r.drugs else 0.0
            ids = frozenset(r.ncts)
            score[ids] = max(score.get(ids, 0.0), sc)
        best = max(score.values(), default=0.0)
        tops = [ids for ids, sc in score.items() if sc == best]
        winner = tops[0] if best > 0 and len(tops) == 1 else None
        for r in rows:
            if frozenset(r.ncts) == winner:
                continue
            r.names = [n for n in r.names if norm_name(n) != k]
            if r.canonical and norm_name(r.canonical) == k:
                r.canonical = None

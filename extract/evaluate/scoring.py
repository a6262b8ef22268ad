"""The scorer of CONTRACT.md "Scoring": pure functions over loaded Documents.

Keys (micro-averaged over documents): ent_NCT, ent_TRIAL, ent_DRUG,
ent_ENDPOINT, trials, outcomes, phase, sample_size, drugs, endpoints.

Conventions (where the contract leaves a choice):
- Every "matched at most once" rule is a maximum bipartite matching, so the
  counts never depend on list order; exact canonical matches are tried first,
  which only decides which item the report calls the false positive.
- Entities: the predicted side is the *set* of normalised canonical names
  (duplicates after normalising collapse); predicted aliases are not scored.
  A second predicted name that only matches an already-matched gold entity
  (e.g. "T-DM1" next to "trastuzumab emtansine") is a false positive.
- Trials: only `names` and `nct_ids` identify a trial; `key` is a label
  (in gold it is always one of them or "unnamed-*"). Gold trial names are
  widened with every surface form of the gold TRIAL entity they belong to.
  The unnamed rule needs a predicted trial with empty names and nct_ids and
  a gold trial whose key starts with "unnamed".
- phase / sample_size on matched pairs: both null -> not counted; equal ->
  tp; gold value, prediction null -> fn; gold null, predicted value -> fp;
  two different values -> fp + fn (one wrong answer, one missed answer).
- drugs / endpoints on matched pairs: sets compared like entities, using
  the gold document's DRUG / ENDPOINT aliases.
- phase / sample_size / drugs / endpoints are scored on matched pairs only,
  as the contract says, so they measure how right a found trial's fields
  are, apart from trial recall. The field items of unmatched gold trials
  are counted as `unscored`; when a key has no compared pair but gold has
  unscored items (an empty prediction), its P, R and F are 0, not 1.
- Outcomes: multisets of (trial pair, canonical endpoint, statistic, value);
  statistic absent == null; arm, population, unit and relation are not
  scored. Outcomes of unmatched predicted trials are fp, of unmatched gold
  trials fn.
- P, R, F with nothing on either side are 1.0 (nothing to find, nothing
  wrongly found); otherwise x/0 is 0.0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from extract.evaluate.annotations import Document, Entity, Outcome, Trial, endpoint_canon
from extract.evaluate.normalize import format_value, norm_name, norm_phase, value_equal

KEYS: tuple[str, ...] = (
    "ent_NCT", "ent_TRIAL", "ent_DRUG", "ent_ENDPOINT",
    "trials", "outcomes", "phase", "sample_size", "drugs", "endpoints",
)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    unscored: int = 0  # gold field items of unmatched trials (not compared)

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.unscored += other.unscored

    @property
    def p(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 and self.unscored == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def r(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 and self.unscored == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f(self) -> float:
        p, r = self.p, self.r
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, float | int]:
        return {"p": self.p, "r": self.r, "f": self.f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class ErrorItem:
    """One false positive or false negative, with what a developer needs to fix it."""

    key: str  # one of KEYS
    kind: str  # "missed" | "spurious" | "wrong value"
    what: str  # human description
    evidence: str = ""
    page: int | None = None
    doc: str = ""


@dataclass
class DocScore:
    doc: str
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KEYS})
    errors: list[ErrorItem] = field(default_factory=list)
    missing_prediction: bool = False


@dataclass
class Result:
    docs: list[DocScore]

    @property
    def total(self) -> dict[str, Counts]:
        out = {k: Counts() for k in KEYS}
        for d in self.docs:
            for k in KEYS:
                out[k].add(d.counts[k])
        return out


def max_matching(n_left: int, edges: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); edges[i] lists right nodes in preference order.

    Returns {left: right}. A greedy pass in preference order comes first, so
    preferred pairs are kept whenever that does not lose a match.
    """
    owner: dict[int, int] = {}
    match: dict[int, int] = {}
    for i in range(n_left):
        for j in edges[i]:
            if j not in owner:
                owner[j], match[i] = i, j
                break

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j], match[i] = i, j
                return True
        return False

    for i in range(n_left):
        if i not in match:
            augment(i, set())
    return match


def _dedupe(names: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        k = norm_name(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def _entity_for(name: str, entities: list[Entity]) -> Entity:
    """The gold entity whose canonical name (else any alias) is `name`."""
    key = norm_name(name)
    for ent in entities:
        if norm_name(ent.name) == key:
            return ent
    for ent in entities:
        if key in {norm_name(f) for f in ent.forms}:
            return ent
    return Entity(name=name)


def match_names(pred: list[str], gold: list[Entity]) -> tuple[dict[int, int], list[str]]:
    """Alias-aware name matching; returns ({pred index: gold index}, deduplicated preds)."""
    pred = _dedupe(pred)
    gold_forms = [{norm_name(f) for f in g.forms} for g in gold]
    edges = []
    for p in pred:
        k = norm_name(p)
        exact = [j for j, g in enumerate(gold) if norm_name(g.name) == k]
        alias = [j for j, forms in enumerate(gold_forms) if k in forms and j not in exact]
        edges.append(exact + alias)
    return max_matching(len(pred), edges), pred


Finder = Callable[[str, bool], "tuple[str, int | None]"]


def _set_score(key: str, pred: list[str], gold: list[Entity], counts: Counts,
               errors: list[ErrorItem], context: str, find: Finder) -> None:
    match, pred = match_names(pred, gold)
    counts.tp += len(match)
    counts.fp += len(pred) - len(match)
    counts.fn += len(gold) - len(match)
    taken = set(match.values())
    for i, name in enumerate(pred):
        if i not in match:
            k = norm_name(name)
            dup = next((gold[j].name for j in taken if k in {norm_name(f) for f in gold[j].forms}), None)
            what = f"{context}{name!r}" + (f" (another form of {dup!r}, already matched)" if dup else "")
            ev, page = find(name, True)
            errors.append(ErrorItem(key, "spurious", what, ev, page))
    for j, ent in enumerate(gold):
        if j not in taken:
            ev, page = find(ent.name, False)
            errors.append(ErrorItem(key, "missed", f"{context}{ent.name!r}", ev, page))


def _trial_ids(trial: Trial, gold_trials: list[Entity] | None = None) -> tuple[set[str], set[str]]:
    """(normalised names, normalised NCT ids) of a trial."""
    names = {norm_name(n) for n in trial.names}
    ncts = {norm_name(n) for n in trial.nct_ids}
    if gold_trials:
        for ent in gold_trials:
            forms = {norm_name(f) for f in ent.forms}
            if forms & names:
                names |= forms
    names.discard("")
    ncts.discard("")
    return names, ncts


def match_trials(pred: list[Trial], gold: list[Trial], gold_doc: Document) -> dict[int, int]:
    """NCT id first, then name/alias, then unnamed trials by a shared (endpoint, value)."""
    canon = endpoint_canon(gold_doc.entities)
    gids = [_trial_ids(t, gold_doc.entities["TRIAL"]) for t in gold]
    pids = [_trial_ids(t) for t in pred]
    match: dict[int, int] = {}

    def phase(test: Callable[[int, int], bool]) -> None:
        left = [i for i in range(len(pred)) if i not in match]
        free = [j for j in range(len(gold)) if j not in match.values()]
        edges = [[j for j in free if test(i, j)] for i in left]
        for a, j in max_matching(len(left), edges).items():
            match[left[a]] = j

    def shares_outcome(i: int, j: int) -> bool:
        if pids[i][0] or pids[i][1] or not gold[j].key.lower().startswith("unnamed"):
            return False
        return any(_ep(po.endpoint, canon) == _ep(go.endpoint, canon) and value_equal(go.value, po.value)
                   for po in pred[i].outcomes for go in gold[j].outcomes)

    phase(lambda i, j: bool(pids[i][1] & gids[j][1]))
    phase(lambda i, j: bool(pids[i][0] & gids[j][0]))
    phase(shares_outcome)
    return match


def _ep(endpoint: str | None, canon: dict[str, str]) -> str:
    if endpoint is None:
        return ""  # no endpoint (a median follow-up): equal only to another null
    k = norm_name(endpoint)
    return canon.get(k, k)


def _outcome_text(o: Outcome) -> str:
    stat = f" {o.statistic}" if o.statistic else ""
    rel = o.relation or ""
    unit = f" {o.unit}" if o.unit else ""
    arm = f" [{o.arm}]" if o.arm else ""
    pop = f" ({o.population})" if o.population else ""
    return f"{o.endpoint or '(no endpoint)'}{stat} {rel}{format_value(o.value)}{unit}{arm}{pop}"


def _line_naming(forms: list[str], lines: list[str]) -> str:
    """The first line naming one of `forms` as a whole word (canonical name tried first)."""
    for form in forms:
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
        for line in lines:
            if pattern.search(line):
                return line
    return ""


def _evidence_line(trial: Trial, needle: str) -> str:
    for line in trial.evidence:
        if needle and needle.lower() in line.lower():
            return line
    return trial.evidence[0] if trial.evidence else ""


def _pair_outcomes(pouts: list[Outcome], gouts: list[Outcome], canon: dict[str, str]
                   ) -> tuple[dict[int, int], dict[int, int]]:
    """(matched, wrong): predicted index -> gold index. A match has the same endpoint, statistic
    and value; an unmatched prediction with a free gold of the same endpoint and statistic is a
    wrong value of it."""
    def sig(o: Outcome) -> tuple[str, str | None]:
        return _ep(o.endpoint, canon), o.statistic

    edges = []
    for po in pouts:
        cands = [j for j, go in enumerate(gouts) if sig(go) == sig(po) and value_equal(go.value, po.value)]
        cands.sort(key=lambda j: format_value(gouts[j].value) != format_value(po.value))
        edges.append(cands)
    match = max_matching(len(pouts), edges)
    free_gold = [j for j in range(len(gouts)) if j not in match.values()]
    wrong: dict[int, int] = {}
    for i, po in enumerate(pouts):
        if i in match:
            continue
        j = next((j for j in free_gold if sig(gouts[j]) == sig(po)), None)
        if j is not None:
            free_gold.remove(j)
            wrong[i] = j
    return match, wrong


def _score_outcomes(pt: Trial | None, gt: Trial | None, canon: dict[str, str], label: str,
                    counts: Counts, errors: list[ErrorItem]) -> None:
    pouts = pt.outcomes if pt else []
    gouts = gt.outcomes if gt else []
    match, wrong = _pair_outcomes(pouts, gouts, canon)
    counts.tp += len(match)
    counts.fp += len(pouts) - len(match)
    counts.fn += len(gouts) - len(match)
    for i, po in enumerate(pouts):
        if i in match:
            continue
        if i in wrong:
            what = f"{label}: gold {_outcome_text(gouts[wrong[i]])} / predicted {_outcome_text(po)}"
            errors.append(ErrorItem("outcomes", "wrong value", what, po.evidence, po.page))
        else:
            errors.append(ErrorItem("outcomes", "spurious", f"{label}: {_outcome_text(po)}",
                                    po.evidence, po.page))
    for j in sorted(set(range(len(gouts))) - set(match.values()) - set(wrong.values())):
        go = gouts[j]
        ev = go.evidence or _evidence_line(gt, format_value(go.value))
        errors.append(ErrorItem("outcomes", "missed", f"{label}: {_outcome_text(go)}", ev, go.page))


def outcome_verdicts(gold: Document, pred: Document) -> tuple[list[list[str]], list[tuple[str, Outcome, str]]]:
    """Per predicted trial, per outcome: "correct", "wrong" (a value of a gold outcome with another
    number) or "spurious"; and the gold outcomes no prediction matched, as (trial label, outcome,
    evidence). The same matching as the outcome score."""
    canon = endpoint_canon(gold.entities)
    match = match_trials(pred.trials, gold.trials, gold)
    verdicts: list[list[str]] = []
    missed: list[tuple[str, Outcome, str]] = []
    used: set[int] = set()
    for i, pt in enumerate(pred.trials):
        gt = gold.trials[match[i]] if i in match else None
        ok, wrong = _pair_outcomes(pt.outcomes, gt.outcomes if gt else [], canon)
        verdicts.append(["correct" if k in ok else "wrong" if k in wrong else "spurious"
                         for k in range(len(pt.outcomes))])
        if gt is not None:
            used.add(match[i])
            for j in sorted(set(range(len(gt.outcomes))) - set(ok.values())):
                go = gt.outcomes[j]
                missed.append((_trial_label(gt), go, go.evidence or _evidence_line(gt, format_value(go.value))))
    for j, gt in enumerate(gold.trials):
        if j not in used:
            for go in gt.outcomes:
                missed.append((_trial_label(gt) + " (trial not matched)", go,
                               go.evidence or _evidence_line(gt, format_value(go.value))))
    return verdicts, missed


def _field(key: str, gold_v, pred_v, equal: bool, label: str, counts: Counts,
           errors: list[ErrorItem], evidence: str, page: int | None) -> None:
    if gold_v is None and pred_v is None:
        return
    if equal:
        counts.tp += 1
    elif pred_v is None:
        counts.fn += 1
        errors.append(ErrorItem(key, "missed", f"{label}: gold {gold_v!r}, predicted null", evidence, page))
    elif gold_v is None:
        counts.fp += 1
        errors.append(ErrorItem(key, "spurious", f"{label}: gold null, predicted {pred_v!r}", evidence, page))
    else:
        counts.fp += 1
        counts.fn += 1
        errors.append(ErrorItem(key, "wrong value", f"{label}: gold {gold_v!r}, predicted {pred_v!r}",
                                evidence, page))


def _pred_evidence(pt: Trial) -> tuple[str, int | None]:
    return (pt.evidence[0] if pt.evidence else ""), (pt.pages[0] if pt.pages else None)


def _trial_finder(pt: Trial | None, gt: Trial | None, entities: list[Entity]) -> Finder:
    """Evidence for a drug/endpoint item: the line of its trial that names it, else the first."""
    def find(name: str, predicted: bool) -> tuple[str, int | None]:
        trial = pt if predicted else gt
        if trial is None:
            return "", None
        page = trial.pages[0] if trial.pages else None
        line = _line_naming(_entity_for(name, entities).forms, trial.evidence)
        return line or (trial.evidence[0] if trial.evidence else ""), page
    return find


def _score_pair(pt: Trial | None, gt: Trial | None, gold: Document, canon: dict[str, str],
                c: dict[str, Counts], errors: list[ErrorItem]) -> None:
    """Field and outcome scores of a matched pair, or of one unmatched trial (other side None).

    An unmatched trial's outcomes are all false negatives (gold) or false
    positives (predicted); its fields are not compared (matched pairs only),
    and the gold ones are counted as `unscored`.
    """
    ev, page = _pred_evidence(pt) if pt else ("", None)
    label = _trial_label(gt) if gt else _trial_label(pt)
    if gt is None or pt is None:
        label += " (trial not matched)"
        if gt is not None:
            c["phase"].unscored += gt.phase is not None
            c["sample_size"].unscored += gt.sample_size is not None
            c["drugs"].unscored += len(_dedupe(gt.drugs))
            c["endpoints"].unscored += len(_dedupe(gt.endpoints))
        _score_outcomes(pt, gt, canon, label, c["outcomes"], errors)
        return
    g_phase, p_phase = (gt.phase if gt else None), (pt.phase if pt else None)
    same = g_phase is not None and p_phase is not None and norm_phase(g_phase) == norm_phase(p_phase)
    gold_ev = _evidence_line(gt, "phase") if gt else ""
    _field("phase", g_phase, p_phase, same, label, c["phase"], errors, ev or gold_ev, page)
    g_n, p_n = (gt.sample_size if gt else None), (pt.sample_size if pt else None)
    same = g_n is not None and p_n is not None and g_n == p_n
    gold_ev = _evidence_line(gt, str(g_n or "")) if gt else ""
    _field("sample_size", g_n, p_n, same, label, c["sample_size"], errors, ev or gold_ev, page)
    drug_ents = [_entity_for(d, gold.entities["DRUG"]) for d in _dedupe(gt.drugs)] if gt else []
    find = _trial_finder(pt, gt, gold.entities["DRUG"])
    _set_score("drugs", pt.drugs if pt else [], drug_ents, c["drugs"], errors, f"{label}: ", find)
    ep_ents = [_entity_for(e, gold.entities["ENDPOINT"]) for e in _dedupe(gt.endpoints)] if gt else []
    find = _trial_finder(pt, gt, gold.entities["ENDPOINT"])
    _set_score("endpoints", pt.endpoints if pt else [], ep_ents, c["endpoints"], errors, f"{label}: ", find)
    _score_outcomes(pt, gt, canon, label, c["outcomes"], errors)


def _trial_label(t: Trial) -> str:
    return t.key if not t.names or t.key in t.names else f"{t.key} ({t.names[0]})"


def score_document(gold: Document, pred: Document | None, doc_id: str | None = None) -> DocScore:
    """All ten keys for one document; `pred=None` means no prediction file.

    `doc_id` (default: gold's "doc") names the document in rows and errors.
    """
    doc_id = doc_id or gold.doc
    out = DocScore(doc=doc_id, missing_prediction=pred is None)
    pred = pred or Document(doc=gold.doc, path="", entities={k: [] for k in gold.entities}, trials=[])
    c, errors = out.counts, out.errors

    def mention_finder(label: str) -> Finder:
        def find(name: str, predicted: bool) -> tuple[str, int | None]:
            if predicted:
                k = norm_name(name)
                for m in pred.mentions:
                    if m.get("label") == label and k in (norm_name(str(m.get("normalized", ""))),
                                                         norm_name(str(m.get("text", "")))):
                        page = m.get("page")
                        return str(m.get("sentence", "")), page if isinstance(page, int) else None
                return "", None
            lines = [line for t in gold.trials for line in t.evidence]
            return _line_naming(_entity_for(name, gold.entities[label]).forms, lines), None
        return find

    for label in ("NCT", "TRIAL", "DRUG", "ENDPOINT"):
        _set_score(f"ent_{label}", [e.name for e in pred.entities.get(label, [])], gold.entities[label],
                   c[f"ent_{label}"], errors, "", mention_finder(label))

    canon = endpoint_canon(gold.entities)
    match = match_trials(pred.trials, gold.trials, gold)
    c["trials"].tp += len(match)
    c["trials"].fp += len(pred.trials) - len(match)
    c["trials"].fn += len(gold.trials) - len(match)
    for i, pt in enumerate(pred.trials):
        if i not in match:
            errors.append(ErrorItem("trials", "spurious", _trial_label(pt), *_pred_evidence(pt)))
            _score_pair(pt, None, gold, canon, c, errors)
        else:
            _score_pair(pt, gold.trials[match[i]], gold, canon, c, errors)
    matched_gold = set(match.values())
    for j, gt in enumerate(gold.trials):
        if j not in matched_gold:
            ev = gt.evidence[0] if gt.evidence else ""
            errors.append(ErrorItem("trials", "missed", _trial_label(gt), ev))
            _score_pair(None, gt, gold, canon, c, errors)
    for e in errors:
        e.doc = doc_id
    return out


def score_corpus(gold: dict[str, Document], pred: dict[str, Document | None]) -> Result:
    """Score every gold document (sorted by id = file stem); a missing prediction scores as empty."""
    return Result(docs=[score_document(gold[d], pred.get(d), d) for d in sorted(gold)])

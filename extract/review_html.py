"""The HTML of `extract review`: one page per document and an index, self-contained.

Boxes are placed in percent of the page's size in PDF points, so they sit on the
image at any zoom without script. The script only selects: a click on an outcome
row (or its box) highlights both, scrolls the box into view and opens the evidence
row under the outcome.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.review import DocView

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;display:flex;flex-direction:column;height:100vh}
header{padding:8px 16px;background:#f3f3f3;border-bottom:1px solid #ccc}
h1{font-size:18px;margin:0}h2{font-size:15px;margin:16px 0 6px}
main{display:flex;flex:1;min-height:0}
#records{flex:0 0 48%;overflow:auto;padding:0 12px 24px 16px}
#pages{flex:1;overflow:auto;background:#666;padding:12px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;
vertical-align:top}th{background:#fafafa;position:sticky;top:0}
tr.outcome{cursor:pointer}tr.outcome:hover{background:#eef5ff}tr.outcome.hl{background:#ffe98a}
tr.evidence{display:none}tr.evidence.open{display:table-row}tr.evidence td{background:#fffbe6;font-size:13px}
.index{padding:0 16px;overflow:auto}
.page{position:relative;margin:0 auto 12px;background:#fff;box-shadow:0 1px 4px #0008}
.page img{width:100%;display:block}.pno{position:absolute;left:4px;top:2px;font-size:11px;color:#888}
.box{position:absolute;border:1.5px solid #1f6feb;background:#1f6feb22;cursor:pointer}
.box.hl{border:2px solid #e3119a;background:#e3119a44;outline:3px solid #e3119a66}
.correct{color:#1a7f37}.wrong{color:#cf222e}.spurious{color:#bc4c00}.v{font-weight:600}
.box.correct{border-color:#1a7f37}.box.wrong{border-color:#cf222e}.box.spurious{border-color:#bc4c00}
.note{color:#666;font-style:italic}.num{text-align:right;font-variant-numeric:tabular-nums}
"""

SCRIPT = """
function pick(id){
  document.querySelectorAll('.hl').forEach(function(e){e.classList.remove('hl')});
  document.querySelectorAll('tr.evidence.open').forEach(function(e){e.classList.remove('open')});
  var row=document.getElementById('o'+id), box=document.getElementById('b'+id), ev=document.getElementById('e'+id);
  if(row){row.classList.add('hl');row.scrollIntoView({block:'nearest'});}
  if(ev){ev.classList.add('open');}
  if(box){box.classList.add('hl');box.scrollIntoView({block:'center',inline:'center'});}
  document.body.dataset.selected=id;
}
document.addEventListener('click',function(e){
  var t=e.target.closest('[data-pick]'); if(t){pick(t.dataset.pick);}
});
"""


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{CSS}</style></head><body>{body}<script>{SCRIPT}</script></body></html>\n")


def _trials_table(trials: list[dict]) -> str:
    rows = []
    for t in trials:
        rows.append("<tr>" + "".join(f"<td>{escape(_fmt(x))}</td>" for x in (
            t["key"], "; ".join(t.get("names", [])[1:]), "; ".join(t.get("nct_ids", [])), t.get("phase"),
            t.get("sample_size"), "; ".join(t.get("drugs", [])), "; ".join(t.get("endpoints", [])))) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("trial", "aliases", "ids", "phase", "size", "drugs", "endpoints"))
    return f"<table id=\"trials\"><tr>{head}</tr>{''.join(rows)}</table>"


def _outcome_rows(view: "DocView") -> tuple[str, list[tuple[int, str, dict]]]:
    """Outcome table rows, and (page, id, outcome) of every boxed value."""
    rows, boxed = [], []
    n = 0
    for ti, t in enumerate(view.record["trials"]):
        for oi, o in enumerate(t.get("outcomes", [])):
            n += 1
            oid = str(n)
            verdict = view.verdicts[ti][oi] if view.verdicts and ti < len(view.verdicts) \
                and oi < len(view.verdicts[ti]) else ""
            value = (o.get("relation") or "") + _fmt(o.get("value"))
            cells = [t["key"], o.get("endpoint"), o.get("arm"), o.get("statistic"), value, o.get("unit"), o.get("page")]
            tds = "".join(f"<td>{escape(_fmt(c))}</td>" for c in cells)
            if view.verdicts is not None:
                tds += f"<td class=\"v {verdict}\">{verdict}</td>"
            has_box = bool(o.get("bbox")) and o.get("page") in view.pages
            attrs = f' data-pick="{oid}"' + (f' data-page="{o["page"]}"' if has_box else "")
            rows.append(f"<tr class=\"outcome {verdict}\" id=\"o{oid}\"{attrs}>{tds}</tr>")
            where = f"page {o.get('page')}" + ("" if has_box else " (no box)")
            span = 8 if view.verdicts is not None else 7
            rows.append(f"<tr class=\"evidence\" id=\"e{oid}\"><td colspan=\"{span}\">{escape(where)}: "
                        f"&ldquo;{escape(o.get('evidence') or '')}&rdquo;</td></tr>")
            if has_box:
                boxed.append((o["page"], oid, {**o, "verdict": verdict}))
    head = "".join(f"<th>{h}</th>" for h in ("trial", "endpoint", "arm", "statistic", "value", "unit", "page"))
    if view.verdicts is not None:
        head += "<th>vs gold</th>"
    return f"<table id=\"outcomes\"><tr>{head}</tr>{''.join(rows)}</table>", boxed


def _pages_html(view: "DocView", boxed: list[tuple[int, str, dict]]) -> str:
    if not view.pages:
        return f"<p class=\"note\">{escape(view.note or 'no boxed values')}</p>"
    out = []
    for number, (src, width, height) in sorted(view.pages.items()):
        boxes = []
        for page, oid, o in boxed:
            if page != number:
                continue
            x0, top, x1, bottom = o["bbox"]
            pad = 1.0
            style = (f"left:{100 * (x0 - pad) / width:.3f}%;top:{100 * (top - pad) / height:.3f}%;"
                     f"width:{100 * (x1 - x0 + 2 * pad) / width:.3f}%;height:{100 * (bottom - top + 2 * pad) / height:.3f}%")
            label = f"{o.get('endpoint') or ''} {o.get('statistic') or ''} {_fmt(o.get('value'))}".strip()
            boxes.append(f"<div class=\"box {o['verdict']}\" id=\"b{oid}\" data-pick=\"{oid}\" style=\"{style}\" "
                         f"data-bbox=\"{' '.join(_fmt(v) for v in o['bbox'])}\" title=\"{escape(label)}\"></div>")
        out.append(f"<div class=\"page\" id=\"p{number}\" style=\"max-width:{width * 1.5:.0f}px;"
                   f"aspect-ratio:{width:.2f}/{height:.2f}\" data-width=\"{width:g}\" data-height=\"{height:g}\">"
                   f"<img src=\"{escape(src)}\" alt=\"page {number}\" loading=\"lazy\">"
                   f"<span class=\"pno\">page {number}</span>{''.join(boxes)}</div>")
    return "".join(out)


def _missed_html(view: "DocView") -> str:
    if view.verdicts is None:
        return ""
    if not view.missed:
        return "<h2>Missed gold values</h2><p class=\"note\">none</p>"
    items = "".join(f"<li><b>{escape(label)}</b>: {escape(o['text'])}<br><span class=\"note\">&ldquo;"
                    f"{escape(ev)}&rdquo;</span></li>" for label, o, ev in view.missed)
    return f"<h2>Missed gold values ({len(view.missed)})</h2><ul id=\"missed\">{items}</ul>"


def counts(view: "DocView") -> dict[str, int]:
    outs = [o for t in view.record["trials"] for o in t.get("outcomes", [])]
    c = {"trials": len(view.record["trials"]), "outcomes": len(outs),
         "boxed": sum(1 for o in outs if o.get("bbox"))}
    if view.verdicts is not None:
        flat = [v for vs in view.verdicts for v in vs]
        for k in ("correct", "wrong", "spurious"):
            c[k] = flat.count(k)
        c["missed"] = len(view.missed)
    return c


def document_page(view: "DocView") -> str:
    rec = view.record
    c = counts(view)
    summary = f"{c['trials']} trials, {c['outcomes']} outcomes ({c['boxed']} with a box on the page)"
    if view.verdicts is not None:
        summary += (f"; against gold: {c['correct']} correct, {c['wrong']} wrong, {c['spurious']} spurious, "
                    f"{c['missed']} missed")
    table, boxed = _outcome_rows(view)
    body = (f"<header><h1>{escape(rec.get('title') or view.doc)}</h1><a href=\"index.html\">all documents</a> · "
            f"{escape(view.doc)} · {escape(summary)}</header><main><section id=\"records\">"
            f"<h2>Trials</h2>{_trials_table(rec['trials'])}<h2>Outcomes</h2>"
            f"<p class=\"note\">Click a row to see its value on the page.</p>{table}{_missed_html(view)}"
            f"</section><section id=\"pages\">{_pages_html(view, boxed)}</section></main>")
    return _page(view.doc, body)


def index_page(views: list["DocView"], errors: list[dict], gold: bool) -> str:
    cols = ["document", "trials", "outcomes", "with a box"] + (["correct", "wrong", "spurious", "missed"] if gold else [])
    rows = []
    for v in views:
        c = counts(v)
        cells = [c["trials"], c["outcomes"], c["boxed"]] + ([c["correct"], c["wrong"], c["spurious"], c["missed"]]
                                                           if gold and v.verdicts is not None else [""] * (4 if gold else 0))
        rows.append(f"<tr><td><a href=\"{escape(v.doc)}.html\">{escape(v.doc)}</a></td>"
                    + "".join(f"<td class=\"num\">{escape(_fmt(x))}</td>" for x in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in cols)
    err = ""
    if errors:
        items = "".join(f"<tr><td>{escape(e.get('doc', ''))}</td><td>{escape(e.get('stage', ''))}</td>"
                        f"<td>{escape(e.get('message', ''))}</td></tr>" for e in errors)
        err = (f"<h2>Errors ({len(errors)}): not read</h2><table id=\"errors\"><tr><th>document</th><th>stage</th>"
               f"<th>message</th></tr>{items}</table>")
    body = (f"<header><h1>Review: {len(views)} documents</h1>{len(errors)} errors</header>"
            f"<div class=\"index\"><table id=\"documents\"><tr>{head}</tr>{''.join(rows)}</table>{err}</div>")
    return _page("extract review", body)

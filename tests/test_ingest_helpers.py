"""Shared helpers for the ingest tests: document functions that worker processes
can import (spawned workers import this module by name), and test inputs.

No tests here. The fake document functions stand in for the pipeline so the
batch machinery is tested on its own; `read_only_document` runs the real reader.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from extract.records import DocumentRecord, EntityMention, Entity, Outcome, Trial


def fake_record(doc_id: str, path: str) -> DocumentRecord:
    text = Path(path).read_bytes()
    n = len(text)
    return DocumentRecord(
        doc=doc_id, title=f"Title of {doc_id}", n_pages=1 + n % 3, source=str(path),
        entities={"NCT": [Entity("NCT00000001")], "TRIAL": [Entity("ALPHA-1", ["ALPHA 1"])],
                  "DRUG": [Entity("examplumab")], "ENDPOINT": [Entity("PFS", long="progression-free survival")]},
        mentions=[EntityMention("DRUG", "Examplumab", "examplumab", 1, "Examplumab was given."),
                  EntityMention("REGISTRY", "ISRCTN12345678", "ISRCTN12345678", 1, "Registered."),
                  EntityMention("NCT", "NCT00000001", "NCT00000001", 2, "See NCT00000001.")],
        trials=[Trial(key="ALPHA-1", names=["ALPHA-1", "ALPHA 1"], nct_ids=["NCT00000001"], phase="II",
                      sample_size=n, drugs=["examplumab", "placebo"], endpoints=["PFS", "OS"],
                      outcomes=[Outcome("PFS", 8.5, "months", arm="examplumab", page=2,
                                        evidence="Median PFS was 8.5 vs 5.1 months."),
                                Outcome("PFS", 0.01, statistic="p", relation="<", page=2,
                                        evidence="Median PFS was 8.5 vs 5.1 months (P<0.01).")],
                      pages=[2, 1, 2])],
    )


def fake_document(path: str, doc_id: str, model: str | None = None) -> DocumentRecord:
    """Deterministic record from the file's bytes; fails on files whose text says so.

    Behaviour is steered by the file content so one function serves every test:
    "RAISE" -> an exception; "SLEEP" -> hangs; "EXIT" -> the worker dies;
    env EXTRACT_TEST_SLOW=<doc> -> that document hangs (interrupt test);
    env EXTRACT_TEST_CALLS=<dir> -> one marker file per call (cache tests).
    """
    calls = os.environ.get("EXTRACT_TEST_CALLS")
    if calls:
        Path(calls, f"{doc_id}.{os.getpid()}.{time.monotonic_ns()}").touch()
    data = Path(path).read_bytes()
    if os.environ.get("EXTRACT_TEST_SLOW") == doc_id or b"SLEEP" in data:
        time.sleep(120)
    if b"RAISE" in data:
        raise RuntimeError("deliberate failure for the test")
    if b"EXIT" in data:
        os._exit(3)
    return fake_record(doc_id, path)


def read_only_document(path: str, doc_id: str, model: str | None = None) -> DocumentRecord:
    """The real reader, no NLP: robustness of the read stage without the later stages."""
    from extract.reader import load_document

    dt = load_document(path)
    return DocumentRecord(doc=doc_id, title=dt.title, n_pages=dt.n_pages, source=str(path),
                          notes=f"{len(dt.text.split())} words")


def calls_made(calls_dir: Path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in calls_dir.iterdir())


# ---- test inputs ------------------------------------------------------------
def make_pdf(path: Path, pages: list[str]) -> Path:
    """A born-digital PDF with one paragraph of text per page (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for text in pages:
        y = 780
        for line in text.split("\n"):
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    return path


def make_image_only_pdf(path: Path, n_pages: int = 2) -> Path:
    """Pages with drawn shapes and no text layer, like a scan."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(n_pages):
        for k in range(20):
            c.rect(60 + 10 * k, 500 + 5 * i, 8, 40 + k, fill=1)
        c.showPage()
    c.save()
    return path


SAMPLE_PAGE = ("In the randomised phase III EXAMPLE-7 trial (NCT09999999), 412 patients\n"
               "received examplumab or placebo. Median progression-free survival was\n"
               "9.1 versus 6.0 months (hazard ratio 0.71; 95% CI 0.55-0.90; P=0.004).")


NON_ASCII_NAME = "Étude clinique – résumé 2"


def make_robustness_inputs(root: Path, big_pages: int = 0) -> dict[str, Path]:
    """Good and bad inputs side by side: {label: path}. Folder `root/in` holds them all."""
    import random

    import pikepdf

    src = root / "in"
    (src / "sub").mkdir(parents=True, exist_ok=True)
    good = make_pdf(src / "good.pdf", [SAMPLE_PAGE] * 3)
    data = good.read_bytes()
    paths = {"good PDF": good,
             "name with spaces and non-ASCII": make_pdf(src / f"{NON_ASCII_NAME}.pdf", [SAMPLE_PAGE, SAMPLE_PAGE]),
             "plain text": src / "notes.txt"}
    paths["plain text"].write_text(SAMPLE_PAGE.replace("\n", " ") + "\n", encoding="utf-8")
    paths["zero-byte"] = src / "zero.pdf"
    paths["zero-byte"].write_bytes(b"")
    paths["not a PDF"] = src / "webpage.pdf"
    paths["not a PDF"].write_text("<!DOCTYPE html><html><body>Access denied</body></html>", encoding="utf-8")
    paths["truncated"] = src / "truncated.pdf"
    paths["truncated"].write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    for i in random.Random(7).sample(range(200, len(flipped) - 200), 40):
        flipped[i] ^= 0xFF
    paths["bit-flipped"] = src / "bitflipped.pdf"
    paths["bit-flipped"].write_bytes(bytes(flipped))
    paths["encrypted"] = src / "encrypted.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(paths["encrypted"], encryption=pikepdf.Encryption(user="secret", owner="owner"))
    paths["image-only"] = make_image_only_pdf(src / "scanned.pdf")
    paths["duplicate id"] = src / "sub" / "good.txt"  # same stem as good.pdf, found second
    paths["duplicate id"].write_text("another document called good", encoding="utf-8")
    paths["unreadable"] = src / "locked.pdf"
    paths["unreadable"].write_bytes(data)
    if big_pages:
        paths[f"{big_pages} pages"] = make_pdf(src / "long.pdf", [f"Page {i + 1}.\n{SAMPLE_PAGE}"
                                                                   for i in range(big_pages)])
    return paths


def lock(path: Path, monkeypatch) -> None:
    """Make `path` unreadable: chmod 000, or, as root (who reads anyway), make opening it fail."""
    import builtins
    import errno

    path.chmod(0)
    if os.geteuid() != 0:
        return
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)

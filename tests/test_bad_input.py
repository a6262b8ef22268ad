"""Unreadable inputs give one InputError naming the file and the problem."""
from __future__ import annotations

import random

import pytest

import pdf_fixtures as F
from extract.errors import InputError
from extract.reader import load_document


def _problem(path) -> str:
    with pytest.raises(InputError) as info:
        load_document(path)
    err = info.value
    assert err.path == str(path)
    assert str(path) in str(err)
    assert "\n" not in str(err)
    return err.problem


def test_zero_byte_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    assert "empty" in _problem(p)


def test_png_named_pdf(tmp_path):
    p = tmp_path / "picture.pdf"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    problem = _problem(p)
    assert "not a PDF" in problem and "PNG" in problem


def test_text_named_pdf(tmp_path):
    p = tmp_path / "notes.pdf"
    p.write_text("just some notes, not a PDF at all\n")
    problem = _problem(p)
    assert "not a PDF" in problem and "text" in problem


def test_truncated_pdf(tmp_path):
    good = F.plain_pdf(tmp_path)
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "truncated" in _problem(bad)


def test_bit_flipped_pdf(tmp_path):
    data = bytearray(F.plain_pdf(tmp_path).read_bytes())
    # damage the cross-reference table and trailer, keep header and %%EOF intact
    end = data.rindex(b"%%EOF")
    start = data.rindex(b"xref")
    rnd = random.Random(7)
    for _ in range(12):
        i = rnd.randrange(start, end)
        data[i] ^= 1 << rnd.randrange(8)
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(bytes(data))
    try:
        doc = load_document(bad)
    except InputError as err:
        assert err.path == str(bad)
        assert "damaged" in err.problem or "no pages" in err.problem or "no text" in err.problem
    else:  # pdfminer may rebuild a broken xref: then the text must still be right
        assert "Plain page 1 line 1" in doc.text


def test_heavily_bit_flipped_pdfs_never_crash(tmp_path):
    data = F.plain_pdf(tmp_path).read_bytes()
    for seed in range(25):
        rnd = random.Random(seed)
        b = bytearray(data)
        for _ in range(40):
            i = rnd.randrange(len(b))
            b[i] ^= 1 << rnd.randrange(8)
        bad = tmp_path / f"flip{seed}.pdf"
        bad.write_bytes(bytes(b))
        try:
            load_document(bad)
        except InputError as err:
            assert err.path == str(bad) and err.problem
        # any other exception fails the test


def test_encrypted_pdf_with_password(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    good = F.plain_pdf(tmp_path)
    bad = tmp_path / "locked.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(bad, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    problem = _problem(bad)
    assert "encrypted" in problem and "password" in problem


def test_encrypted_pdf_without_user_password_is_read(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    good = F.plain_pdf(tmp_path)
    locked = tmp_path / "owner_only.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="", owner="owner"))
    assert "Plain page 2 line 29" in load_document(locked).text


def test_image_only_pdf_asks_for_ocr(tmp_path):
    problem = _problem(F.image_only(tmp_path))
    assert "no text layer" in problem and "OCR" in problem


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in _problem(tmp_path / "absent.pdf")
    folder = tmp_path / "dir.pdf"
    folder.mkdir()
    assert "folder" in _problem(folder)


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "table.xlsx"
    p.write_bytes(b"PK\x03\x04rest")
    assert "unsupported" in _problem(p)


def test_pdf_with_unusual_suffix_is_sniffed(tmp_path):
    good = F.plain_pdf(tmp_path)
    renamed = tmp_path / "download.bin"
    renamed.write_bytes(good.read_bytes())
    assert "Plain page 1 line 1" in load_document(renamed).text


def test_empty_and_binary_text_files(tmp_path):
    empty = tmp_path / "blank.txt"
    empty.write_text("  \n\n")
    assert "empty" in _problem(empty)
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert "not a text file" in _problem(binary)


def test_scan_behind_a_text_cover_page_asks_for_ocr(tmp_path):
    problem = _problem(F.mostly_scanned(tmp_path))
    assert "3 of 4 pages have no text layer" in problem and "OCR" in problem

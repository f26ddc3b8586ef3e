"""The one CSV writer (cigraph.render.csvout): OWASP formula neutralising, numbers kept."""

from __future__ import annotations

import csv
import io

import pytest

from cigraph.render.csvout import FORMULA_START, csv_writer, rows_to_csv, safe_cell


@pytest.mark.parametrize("start", FORMULA_START)
def test_each_formula_start_is_quoted(start):
    value = f"{start}cmd|' /C calc'!A0"
    text = rows_to_csv(["v"], [[value]])
    assert list(csv.reader(io.StringIO(text))) == [["v"], ["'" + value]]


@pytest.mark.parametrize("value", ["-0.5", "+3", "1e-3", "-12", ".5", "-1.5E+3"])
def test_text_of_a_number_is_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", ["-0.5+A1", "-1-1", "+1 555 0100", "-", "=", "@", "- item", "+-1"])
def test_almost_numbers_are_quoted(value):
    assert safe_cell(value) == "'" + value


def test_numbers_and_other_values():
    assert [safe_cell(v) for v in (-0.5, 3, None, False, "plain", " =not first")] == \
        [-0.5, 3, "", "false", "plain", " =not first"]


def test_header_quotes_separators_and_line_breaks():
    text = rows_to_csv(["=name", "b"], [['a,"b"\nc', "@x"]])
    assert list(csv.reader(io.StringIO(text))) == [["'=name", "b"], ['a,"b"\nc', "'@x"]]


def test_streaming_writer_and_tsv():
    buf = io.StringIO()
    w = csv_writer(buf, delimiter="\t")
    w.writerows([["a", "=1"], [-1, "+x"]])
    assert buf.getvalue() == "a\t'=1\n-1\t'+x\n"

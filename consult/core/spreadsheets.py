"""Cells that leave the system in CSV or XLSX files.

Text typed by the public is written so that a spreadsheet never runs it as a formula
("=HYPERLINK(...)" in a proposal's title would otherwise be live in Excel).
"""
from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row: dict) -> dict:
    return {key: safe_cell(value) for key, value in row.items()}

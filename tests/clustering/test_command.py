"""The offline command, run as an analyst would: python -m consult.clustering.algorithms ..."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args):
    return subprocess.run([sys.executable, "-m", "consult.clustering.algorithms", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def _write(path, lines):
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return str(path)


def test_cluster_command(tmp_path, proposals):
    lines = [json.dumps({"id": f"p{i}", "text": text, "axis": "x"}, ensure_ascii=False)
             for i, (_, _, text) in enumerate(proposals)]
    result = _run("cluster", _write(tmp_path / "in.jsonl", lines), "--k", "3")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == [f"p{i}" for i in range(len(proposals))]
    assert set(rows[0]) == {"id", "cluster", "label"}
    assert len({row["cluster"] for row in rows}) == 3
    assert rows[0]["cluster"] == rows[1]["cluster"] == rows[2]["cluster"]
    assert any("\u0600" <= c <= "\u06ff" for c in rows[0]["label"])  # Arabic terms too
    assert "البلدية" in result.stdout or "بشفافية" in result.stdout  # UTF-8, not \u escapes
    assert "\\u" not in result.stdout


def test_similarity_command(tmp_path):
    lines = [
        json.dumps({"id": 1, "text_a": "Publier le budget de la commune",
                    "text_b": "نشر ميزانية البلدية"}, ensure_ascii=False),
        json.dumps({"id": 2, "text_a": "Publish the municipal budget",
                    "text_b": "Construire un stade pour les jeunes"}),
    ]
    result = _run("similarity", _write(tmp_path / "pairs.jsonl", lines))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == [1, 2]
    assert 0 <= rows[1]["score"] < rows[0]["score"] <= 1
    assert rows[0]["score"] > 0.8 and rows[1]["score"] < 0.3


@pytest.mark.parametrize("command, lines, message", [
    ("cluster", ['{"id": 1, "text": "ok"}', "{not json"], "line 2: not valid JSON"),
    ("cluster", ['{"id": 1, "text": "ok"}', '{"text": "no id"}'], "line 2: missing field 'id'"),
    ("cluster", ['{"id": 1, "text": 5}'], "line 1: field 'text' must be a string"),
    ("cluster", [], "empty file"),
    ("similarity", ['{"id": 1, "text_a": "a"}'], "line 1: missing field 'text_b'"),
    ("similarity", ['[1, 2]'], "line 1: expected a JSON object"),
])
def test_bad_input_is_reported_with_line_and_status_2(tmp_path, command, lines, message):
    result = _run(command, _write(tmp_path / "bad.jsonl", lines))
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_missing_file_and_bad_k(tmp_path):
    missing = _run("cluster", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    bad_k = _run("cluster", _write(tmp_path / "in.jsonl", ['{"id": 1, "text": "x"}']), "--k", "0")
    assert bad_k.returncode == 2


def test_the_old_module_name_still_runs_the_command(tmp_path):
    """`python -m consult.clustering` was the command's name before it moved to `.algorithms`."""
    result = subprocess.run([sys.executable, "-m", "consult.clustering", "cluster", str(tmp_path / "nope.jsonl")],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2 and "cannot read" in result.stderr

"""The command line on good input: files written, one summary line per file, JSON to stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "samples" / "000_04157b405fe51554.txt"
DEV = ROOT / "corpus" / "samples" / "14_shanghai_2022.txt"


def run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT, **kwargs)


def test_extract_into_a_folder(tmp_path):
    result = run("extract", str(SEED), str(DEV), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(str(SEED)) and "忻医保发〔2023〕10号 · 山西省忻州市 · city · 2023 · 10 sections" in lines[0]
    assert "沪医保规〔2021〕20号 · 上海市 · province · 2022" in lines[1]
    record = json.loads((tmp_path / "out" / "000_04157b405fe51554.json").read_text("utf-8"))
    assert record["source"] == SEED.name
    assert record["documents"][0]["meta"]["doc_number"] == "忻医保发〔2023〕10号"
    assert (tmp_path / "out" / "14_shanghai_2022.json").exists()


def test_extract_to_stdout():
    result = run("extract", str(DEV), "--indent", "0")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 1
    assert records[0]["documents"][0]["meta"]["province"] == "上海市"


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("extract", "eval", "schema"):
        assert command in result.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "mednotice"
    assert script.exists(), "pip install -e . installs the mednotice command"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.stdout.startswith("mednotice ")


def test_schema_check_detects_drift(tmp_path):
    stale = tmp_path / "schema.json"
    stale.write_text("{}", "utf-8")
    result = run("schema", "--out", str(stale), "--check")
    assert result.returncode == 1
    assert "differs from the models" in result.stderr
    assert run("schema", "--check").returncode == 0

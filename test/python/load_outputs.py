#!/usr/bin/env python3
"""Load every replica-diffusion command's CSV and JSON the way a pandas user would, with no options
or special cases, and check that the numbers arrive as numbers (±inf included).

    python3 test/python/load_outputs.py   # after npm run build; needs pandas (apt: python3-pandas)

The two lines of docs/output-schema.md, the same for every command:
CSV:   pd.read_csv(f, comment="#")     (with or without --csv-header; plain pd.read_csv(f) without it)
JSON:  obj = pd.read_json(f, typ="series"); pd.DataFrame(obj["rows"])   (json.load for every bit)
JSONL: pd.read_json(f, lines=True)
pandas' own JSON parser keeps 15 decimals (precise_float=True would keep every bit but
refuses the 1e999 of ±∞), so those tables are compared with the exact ones to a relative 1e-9
(it reads 0.0010987950746864756 as 0.001098795074686: 15 decimals, at least 10 significant digits
for the numbers JSON writes in positional form, |x| >= 1e-6).
Prints one line per command and "N passed, N failed" at the end; exit code 1 on any failure.
"""
import io
import json
import math
import os
import subprocess
import sys

import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SPEC = json.load(open(os.path.join(ROOT, "test", "python", "commands.json")))
WORDS = set(SPEC["stringColumns"])


def run(argv):
    out = subprocess.run(["node", os.path.join(ROOT, "dist", "cli", "main.js"), *argv], capture_output=True, text=True, check=True)
    return out.stdout


def numeric_ok(df, where):
    problems = []
    for c in df.columns:
        if c in WORDS:
            continue
        if not pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]):
            problems.append(f"{where}: column {c} has dtype {df[c].dtype} ({df[c].tolist()[:3]})")
    return problems


def same_table(a, b, where):
    """Same columns, rows and values (numbers to a relative 1e-9: pandas keeps 15 decimals)."""
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return [f"{where}: columns {list(a.columns)} × {len(a)} differ from {list(b.columns)} × {len(b)}"]
    problems = []
    for c in a.columns:
        for x, y in zip(a[c].tolist(), b[c].tolist()):
            if isinstance(x, float) and isinstance(y, (int, float)) and not isinstance(y, bool):
                if math.isnan(x) and math.isnan(y):
                    continue
                if x == y or abs(x - y) <= 1e-9 * abs(y):
                    continue
            elif x == y or (x is None and y is None):
                continue
            problems.append(f"{where}: column {c}: {x!r} != {y!r}")
            break
    return problems


def table_of(obj):
    # docs/output-schema.md: every command's JSON is an object whose "rows" is a list of flat records.
    if not isinstance(obj, dict) or not isinstance(obj.get("rows"), list):
        raise ValueError("JSON is not {settings..., rows: [...], diagnostics...}")
    return pd.DataFrame(obj["rows"])


def check(argv):
    problems = []
    name = " ".join(argv)
    argv = [a for a in argv]
    csv = pd.read_csv(io.StringIO(run(argv + ["--csv"])))
    problems += numeric_ok(csv, f"{name} --csv")
    with_header = pd.read_csv(io.StringIO(run(argv + ["--csv", "--csv-header"])), comment="#")
    if list(with_header.columns) != list(csv.columns) or len(with_header) != len(csv):
        problems.append(f"{name} --csv --csv-header: read with comment='#' differs from the plain CSV")
    text = run(argv + ["--json"])
    obj = json.loads(text)
    df = table_of(obj)
    problems += numeric_ok(df, f"{name} --json")
    if list(df.columns) != list(csv.columns):
        problems.append(f"{name}: JSON row keys {list(df.columns)} differ from the CSV columns {list(csv.columns)}")
    # The same table through pandas alone: read_json as a series, then its rows.
    series = pd.read_json(io.StringIO(text), typ="series")
    via_pandas = pd.DataFrame(series["rows"])
    problems += same_table(via_pandas, df, f"{name} --json via pd.read_json(typ='series')")
    lines = pd.read_json(io.StringIO(run(argv + ["--jsonl"])), lines=True)
    problems += numeric_ok(lines, f"{name} --jsonl")
    problems += same_table(lines, df, f"{name} --jsonl via pd.read_json(lines=True)")
    return problems, csv, df


def main():
    passed = failed = 0
    for argv in SPEC["commands"]:
        try:
            problems, csv, df = check(argv)
        except Exception as e:  # noqa: BLE001 — report and go on
            problems = [f"{' '.join(argv)}: {type(e).__name__}: {e}"]
            csv = df = None
        if problems:
            failed += 1
            for p in problems:
                print("FAIL", p)
        else:
            passed += 1
            print(f"ok   {' '.join(argv)}: CSV {csv.shape[0]}×{csv.shape[1]}, JSON {df.shape[0]}×{df.shape[1]}")
    # ±∞ arrive as floats: dκ/dw at ridge 0 and n = d, in CSV (inf) and JSON (1e999).
    inf_csv = pd.read_csv(io.StringIO(run(["kappa", "--spectrum", "iso:d=10", "--n", "10", "--ridge", "0", "--csv"])))
    inf_json = pd.DataFrame(json.loads(run(["kappa", "--spectrum", "iso:d=10", "--n", "10", "--ridge", "0", "--json"]))["rows"])
    if math.isinf(inf_csv["dkappaDridge"][0]) and math.isinf(inf_json["dkappaDridge"][0]) and inf_json["dkappaDridge"].dtype.kind == "f":
        passed += 1
        print("ok   infinity loads as float inf from CSV and JSON")
    else:
        failed += 1
        print("FAIL infinity:", inf_csv["dkappaDridge"].tolist(), inf_json["dkappaDridge"].tolist())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Load every replica-diffusion command's CSV and JSON the way a pandas user would, with no options
or special cases, and check that the numbers arrive as numbers (±inf included).

    python3 test/python/load_outputs.py   # after npm run build; needs pandas (apt: python3-pandas)

CSV:  pd.read_csv(f)                 (and pd.read_csv(f, comment='#') with --csv-header)
JSON: json.load(f); tables:  pd.DataFrame(obj["rows"]) or pd.DataFrame(obj) for a list of records
                    one record: pd.json_normalize(obj)   (json_normalize takes either)
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


def table_of(obj):
    if isinstance(obj, list):
        return pd.DataFrame(obj)
    if "rows" in obj:
        return pd.DataFrame(obj["rows"])
    return pd.json_normalize(obj)


def check(argv):
    problems = []
    name = " ".join(argv)
    argv = [a for a in argv]
    csv = pd.read_csv(io.StringIO(run(argv + ["--csv"])))
    problems += numeric_ok(csv, f"{name} --csv")
    with_header = pd.read_csv(io.StringIO(run(argv + ["--csv", "--csv-header"])), comment="#")
    if list(with_header.columns) != list(csv.columns) or len(with_header) != len(csv):
        problems.append(f"{name} --csv --csv-header: read with comment='#' differs from the plain CSV")
    obj = json.loads(run(argv + ["--json"]))
    df = table_of(obj)
    problems += numeric_ok(df, f"{name} --json")
    # pd.json_normalize reads the records of every command too (dict or list).
    pd.json_normalize(obj)
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
    inf_json = pd.json_normalize(json.loads(run(["kappa", "--spectrum", "iso:d=10", "--n", "10", "--ridge", "0", "--json"])))
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

#!/usr/bin/env python3
"""Validate oncomatch JSON reports against the JSON Schema (python3-jsonschema, Debian)."""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: validate.py SCHEMA REPORT.json...", file=sys.stderr)
        return 2
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
        for e in errors[:10]:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
        bad += bool(errors)
    print(f"schema: {len(sys.argv) - 2 - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

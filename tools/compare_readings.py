"""Compare two dumps of tools/dump_readings.py: per document, the cells, reading notes and findings that differ.

    python tools/compare_readings.py BEFORE.jsonl AFTER.jsonl
"""

from __future__ import annotations

import json
import sys


def load(path):
    with open(path, encoding="utf-8") as fh:
        return {d["doc"]: d for d in map(json.loads, fh)}


def main(argv=None) -> int:
    before_path, after_path = (argv or sys.argv[1:])[:2]
    before, after = load(before_path), load(after_path)
    differ = 0
    for doc in sorted(set(before) | set(after)):
        a, b = before.get(doc), after.get(doc)
        if a == b:
            continue
        differ += 1
        print(f"== {doc}")
        if a is None or b is None:
            print("   only in", "after" if a is None else "before")
            continue
        for key in sorted(set(a) | set(b)):
            if key in ("cells",):
                for cell in sorted(set(a[key]) | set(b[key])):
                    if a[key].get(cell) != b[key].get(cell):
                        print(f"   cell {cell}: {a[key].get(cell)} -> {b[key].get(cell)}")
            elif key in ("notes", "findings"):
                xa = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in a.get(key, [])]
                xb = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in b.get(key, [])]
                for x in xa:
                    if x not in xb:
                        print(f"   - {key}: {x[:400]}")
                for x in xb:
                    if x not in xa:
                        print(f"   + {key}: {x[:400]}")
            elif a.get(key) != b.get(key):
                print(f"   {key}: {a.get(key)!r} -> {b.get(key)!r}")
    print(f"{differ} of {len(set(before) | set(after))} documents differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

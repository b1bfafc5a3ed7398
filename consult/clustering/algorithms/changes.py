"""What a new grouping would change: which themes stay, which merge, which split, how many
proposals move (the preview a coordinator reads before applying a run).

``compare_groupings(before, after, kept) -> dict``: ``before[i]`` is the key of proposal i's
theme today (None: not grouped), ``after[i]`` its group in the new grouping, ``kept`` maps the
new groups that are today's themes kept as they are (locked) to their key.

- a theme *stays* when a new group holds the same proposals (Jaccard >= ``STAY_JACCARD``), or
  when it is kept;
- themes *merge* when two or more of them each send most (> half) of their proposals to one
  new group;
- a theme *splits* when two or more new groups each take at least ``SPLIT_SHARE`` of it (and
  two proposals);
- a theme *dissolves* when none of these holds and no new group takes most of it;
- a proposal *moves* when it does not go where most of its theme goes; proposals not grouped
  today are counted apart.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Hashable, Mapping, Sequence

STAY_JACCARD = 0.7
SPLIT_SHARE = 0.25


def compare_groupings(before: Sequence[Hashable | None], after: Sequence[int],
                      kept: Mapping[int, Hashable] | None = None) -> dict:
    if len(before) != len(after):
        raise ValueError("before and after must have one entry per proposal")
    kept = dict(kept or {})
    old_members: dict = defaultdict(set)
    new_members: dict = defaultdict(set)
    for i, (old, new) in enumerate(zip(before, after)):
        new_members[int(new)].add(i)
        if old is not None:
            old_members[old].add(i)
    overlap: dict = defaultdict(Counter)   # old key -> new group -> count
    for old, new in zip(before, after):
        if old is not None:
            overlap[old][int(new)] += 1

    def order(key):
        return (-len(old_members[key]), str(key))

    successor = {old: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
                 for old, counts in overlap.items()}
    stays, splits, dissolved = [], [], []
    stayed_groups = {}
    for old in sorted(old_members, key=order):
        group = successor[old]
        members = old_members[old]
        jaccard = len(members & new_members[group]) / len(members | new_members[group])
        if kept.get(group) == old or jaccard >= STAY_JACCARD:
            stays.append({"theme": old, "group": group, "size_before": len(members),
                          "size_after": len(new_members[group]), "kept": kept.get(group) == old})
            stayed_groups[group] = old
            continue
        parts = sorted((g for g, count in overlap[old].items()
                        if count >= 2 and count >= SPLIT_SHARE * len(members)),
                       key=lambda g: (-overlap[old][g], g))
        if len(parts) >= 2:
            splits.append({"theme": old, "groups": parts, "size_before": len(members),
                           "sizes": [overlap[old][g] for g in parts]})
        elif overlap[old][group] * 2 <= len(members):
            dissolved.append({"theme": old, "size_before": len(members)})
    merged_into: dict = defaultdict(list)
    for old, group in successor.items():
        if overlap[old][group] * 2 > len(old_members[old]) and group not in stayed_groups:
            merged_into[group].append(old)
    merges = [{"group": group, "themes": sorted(olds, key=order), "size_after": len(new_members[group])}
              for group, olds in sorted(merged_into.items()) if len(olds) >= 2]
    continued = {group for group, olds in merged_into.items() if olds} | set(stayed_groups)
    for split in splits:
        continued.update(split["groups"])
    new = [{"group": group, "size_after": len(members)} for group, members in sorted(new_members.items())
           if group not in continued]
    moved = sum(1 for i, (old, new_group) in enumerate(zip(before, after))
                if old is not None and successor[old] != int(new_group))
    origins = {group: [{"theme": old, "count": overlap[old][group]}
                       for old in sorted((o for o in overlap if overlap[o][group]), key=lambda o: -overlap[o][group])]
               for group in new_members}
    return {"themes_before": len(old_members), "themes_after": len(new_members),
            "stays": stays, "merges": merges, "splits": splits, "dissolved": dissolved, "new": new,
            "moved": moved, "newly_grouped": sum(1 for old in before if old is None),
            "proposals": len(before), "origins": {str(g): o for g, o in origins.items()}}

"""Offline grouping help for facilitators: suggestions, duplicates, a first draft.

Pure Python, no Flask, no SQL, no network. The caller computes
``featurize(text)`` once per note (when it is posted, off the request path)
and keeps the result in memory by note id; every other function takes that
cache and only does cheap sparse arithmetic:

    cache[note_id] = featurize(text)                       # on note posted
    ungrouped, groups = groups_from_assignment(assignment, titles)
    suggest_groups(ungrouped, groups, cache)               # on any grouping change
    find_duplicates(cache) / duplicates_of(note_id, cache) # on request / on post
    draft_groups({n: cache[n] for n in ungrouped})         # on request

Everything returned is advice: nothing here moves, merges or names a group.
See docs/grouping.md for the method and its measured quality.
"""
from .draft import DraftGroup, draft_groups
from .duplicates import duplicates_of, find_duplicates, refresh_duplicates
from .features import NoteFeatures, featurize
from .ranking import Group, groups_from_assignment, suggest_groups

__all__ = [
    "DraftGroup", "Group", "NoteFeatures", "draft_groups", "duplicates_of",
    "featurize", "find_duplicates", "groups_from_assignment", "refresh_duplicates",
    "suggest_groups",
]

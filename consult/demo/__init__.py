"""Demo data: a national consultation in its collection phase, its workshops, proposals and accounts."""

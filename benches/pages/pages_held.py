"""Held-out pages, written after the cleanup rules."""

def add_held(g):
    pass

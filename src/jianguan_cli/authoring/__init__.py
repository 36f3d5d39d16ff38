"""Authoring: a new district's repository (init), new measure files for staff to fill in (new), and one
layout for every file that keeps comments (fmt)."""

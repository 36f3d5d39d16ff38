"""Authoring: writing new measure files for staff to fill in."""

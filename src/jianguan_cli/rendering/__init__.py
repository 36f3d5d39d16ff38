"""Rendering measures for publication: the HTML site (and, later, official .docx)."""

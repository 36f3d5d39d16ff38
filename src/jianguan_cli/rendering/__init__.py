"""Rendering measures for publication: the HTML site, official .docx (GB/T 9704) and PDF, and blank templates."""

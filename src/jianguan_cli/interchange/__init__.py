"""Interchange with other systems: export (JSON, CSV, XLSX), catalogue import from spreadsheets, and
measures read back from Word (`jianguan import`)."""

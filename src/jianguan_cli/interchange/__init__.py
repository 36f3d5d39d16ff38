"""Interchange with other systems: exporting measures as JSON, CSV and XLSX."""

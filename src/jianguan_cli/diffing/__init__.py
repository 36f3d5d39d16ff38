"""`jianguan diff`: what changed in the measures since a git revision, for 区编办 and 区法制办.

git (read-only) → both versions of every measure → a comparison by field and by word →
a report as text, JSON, an HTML redline or .docx with Word tracked changes.
"""

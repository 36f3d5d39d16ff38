"""`jianguan lsp`: the lint engine's findings, the schema's help and the scaffold, live in the editor."""

"""All lint rules. Importing this package registers every rule in RULES."""

from jianguan_cli.rules import (  # noqa: F401  (imported to register their rules)
    actions,
    catalog_match,
    catalog_rules,
    collaboration,
    coverage_rules,
    deadline_rules,
    random_checks,
    responsibility,
    review,
    schema_rules,
    settings_rules,
    text,
    topics,
    yaml_rules,
)
from jianguan_cli.rules.base import (
    CATALOG,
    DEADLINE,
    MEASURE,
    REPOSITORY,
    RULES,
    RepositoryContext,
    Rule,
    RuleContext,
)

__all__ = ["CATALOG", "DEADLINE", "MEASURE", "REPOSITORY", "RULES", "RepositoryContext", "Rule", "RuleContext"]

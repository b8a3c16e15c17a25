"""The matter catalog: services described as data, loaded from YAML and checked on load."""
from .loader import DEFAULT_DIR, Catalog, CatalogError, Problem, load_catalog
from .schema import (Bundle, Choice, Evidence, FormField, Identity, InstantApproval, MaterialSpec,
                     Matter, PageSpec, Rule, Text, Validation)

__all__ = [
    "DEFAULT_DIR", "Bundle", "Catalog", "CatalogError", "Choice", "Evidence", "FormField", "Identity",
    "InstantApproval", "MaterialSpec", "Matter", "PageSpec", "Problem", "Rule", "Text", "Validation",
    "load_catalog",
]

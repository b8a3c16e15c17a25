"""Smart pre-review (智能预审): rule families over frozen case facts, giving findings and an outcome."""
from .engine import FAMILIES, review
from .findings import BLOCKED, INSTANT, STAFF, Finding, Review

__all__ = ["BLOCKED", "FAMILIES", "INSTANT", "STAFF", "Finding", "Review", "review"]

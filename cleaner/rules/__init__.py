"""The rule engine: rule kinds, rule packs and the ordered set a Cleaner applies."""
from .base import Rule, RunContext
from .engine import RuleSet
from .loader import RULE_KINDS, RulePack, default_rules, load_rules, parse_rules, register_rule_kind

__all__ = ["Rule", "RunContext", "RuleSet", "RulePack", "RULE_KINDS", "default_rules",
           "load_rules", "parse_rules", "register_rule_kind"]

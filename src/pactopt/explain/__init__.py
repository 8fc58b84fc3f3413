"""Explanations in the planner's terms, derived from the rule declarations and a Solution:
marginal values, binding rules as sentences, diagnoses of infeasibility."""

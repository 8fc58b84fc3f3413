"""Analyses of a plan or a model: impacts, pre-solve checks, the frontier, uncertainty."""

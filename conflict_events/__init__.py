"""Domain logic of the conflict-events pipeline: sources → fetch → parse → extract → normalise → warehouse.

Nothing in this package imports Dagster; the assets in ``assets/`` are thin wrappers around it.
"""

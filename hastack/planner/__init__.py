"""The planner: stated requirements to the cheapest design that meets them.

The top library layer: it composes the shipped blueprints, the cost estimator and the
availability analysis, so none of those has to know about the others (see docs/architecture.md).
"""

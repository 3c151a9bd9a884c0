"""Availability analysis: SLA composition, AZ/region-loss checks and the requirements planner.

Left to right: ``sources`` (templates, stacks or apps → analysis sources with cross-stack
inputs), ``values`` (the few intrinsic functions that decide placement), ``topology`` (tiers and
the AZs each part of a stack runs in), ``sla`` (the bundled, sourced SLA table),
``availability`` (series/parallel composition, downtime budget, failover time), ``resilience``
(remove an AZ or a region and see what is left) and ``plan`` (enumerate designs, price them with
the cost estimator, pick the cheapest that meets every requirement). Nothing here imports boto3.
"""

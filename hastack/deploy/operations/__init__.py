"""The operations of a run, all of one shape: :class:`~hastack.deploy.operations.base.Operation`.

deploy, diff, destroy and status each take a :class:`~hastack.deploy.run.RunState`, get the
selected stacks once (``begin``: read-only checks and set-up) and then one stack at a time
(``one``); :func:`~hastack.deploy.operations.base.across_graph` runs the ones that change stacks
over the dependency graph, :func:`~hastack.deploy.operations.base.in_order` the read-only ones.
"""

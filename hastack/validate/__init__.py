"""Validation: cfn-lint in-process plus hastack's HA and security rule pack.

``hastack.validate(...)`` (see :func:`hastack.validate.api.validate`) checks templates, stacks
or apps and returns a :class:`~hastack.validate.finding.Report`. Importing this package is
cheap; cfn-lint is only loaded when a template actually has to be linted (not on a cache hit).
"""

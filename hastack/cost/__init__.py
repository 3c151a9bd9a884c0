"""Monthly cost of any CloudFormation template, from a bundled and dated price catalog.

The entry point is :func:`hastack.cost.api.estimate`. The parts, left to right: ``catalog``
(prices with source and date), ``resolver`` (intrinsic functions and conditions, so a template's
parameters and mappings decide what is priced), ``usage`` (usage-file values and documented
defaults), ``pricers`` (one module per service family), ``model`` (the estimate and its JSON
shape), ``render`` (table, markdown) and ``compare``. Nothing here imports boto3: only
``refresh`` does, and only when asked to rebuild the catalog.
"""

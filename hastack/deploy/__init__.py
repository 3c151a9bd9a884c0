"""Deploying stacks with CloudFormation change sets: to AWS, or to the local emulator.

The public entry points live in :mod:`hastack.deploy.api` (``deploy``, ``diff``, ``destroy``,
``outputs``, ``status``) and :mod:`hastack.deploy.session` (``AwsTarget``). Nothing here is
imported by ``hastack`` at start-up: boto3 loads only when a deploy command runs.
"""

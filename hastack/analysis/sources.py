"""What the analysis reads: stack artifacts, loaded by the one loader.

A split app passes subnet ids from the network stack to the web stack as parameters, so the web
stack's Auto Scaling group only says ``Ref: PrivateSubnetIds``. To know which AZs it spans, the
analysis follows the parameter back to the producer's output (the artifact's ``inputs``) and
resolves it there; :mod:`hastack.core.loader` fills ``inputs`` from apps, from the manifest.json
of synthesized files and from the descriptions synth writes on consumed parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hastack.core.artifact import StackArtifact
from hastack.core.loader import load
from hastack.template.transforms import expand_artifact

AnalysisSource = StackArtifact
"""One template with what the analysis needs around it (region, parameters, inputs)."""


def load_sources(
    targets: Any, *, context: Any = None, stacks: Iterable[str] = (), region: str | None = None
) -> list[StackArtifact]:
    """The artifacts of ``targets``; ``region`` applies to templates that carry none.

    Templates are read as CloudFormation runs them (``Fn::ForEach`` and SAM expanded), as cost
    reads them: a SAM function is analysed as the Lambda function it becomes."""
    return load(
        targets,
        context=context,
        stacks=stacks,
        region=region,
        verb="analyse",
        transform=expand_artifact,
    )

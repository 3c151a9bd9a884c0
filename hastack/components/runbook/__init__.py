"""Code that runs in the cloud as part of a component (shipped inline in the template)."""

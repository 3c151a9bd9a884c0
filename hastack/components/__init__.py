"""Components: each adds one concern's resources to a template and returns a small handle.

``network`` → ``log_bucket`` → ``load_balancer`` → ``compute`` → ``database`` → ``dns`` →
``monitoring``: a blueprint is a few calls that pass one component's handle to the next. Safe
and highly available defaults live here, once; logical IDs are module constants because
renaming one replaces a live resource.
"""

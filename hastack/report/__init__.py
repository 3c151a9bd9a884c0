"""Pictures and pages: the architecture diagram with failure domains, and the one-page report.

Both read templates through the analysis topology (and so the shared template model), so the
picture and the page agree with ``hastack availability``, ``resilience``, ``cost`` and
``validate``.
"""

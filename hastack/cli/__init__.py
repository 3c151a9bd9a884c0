"""The ``hastack`` command line: thin click commands over the Python API, one module each."""

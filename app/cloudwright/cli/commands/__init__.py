"""One module per sub-command (discovered by :mod:`cloudwright.cli.main`)."""

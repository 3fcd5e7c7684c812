"""Framework-free helpers. Nothing here imports Django apps."""

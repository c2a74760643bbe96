"""Package data: the seed act's metadata and texts, one folder per act."""

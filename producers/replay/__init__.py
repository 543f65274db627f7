"""The seed replayer: saved pages segmented into articles and published to the raw topic."""

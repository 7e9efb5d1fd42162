"""The dataset's seed files: read, validate, turn into rows and load them in one transaction."""

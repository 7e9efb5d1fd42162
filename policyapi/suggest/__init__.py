"""The provision suggester: text in, ranked provisions with calibrated scores and evidence out.

One module for the CLI (`policyapi suggest`) and the API (`/v1/suggest`). corpus.py reads the
targets and reviewed citations, lexical.py and neighbours.py score them, features.py and
ranker.py re-rank and calibrate, relations.py guesses the relation, model.py puts them together
and abstains, cache.py keeps one built model per dataset version per process, evaluate.py says
how good it is.
"""

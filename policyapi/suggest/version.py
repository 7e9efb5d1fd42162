"""The suggester's name and version, as answers and drafted citations report them.

Bump the version whenever a change could change a score: features, training, calibration.
"""

MODEL_NAME = "policyapi-suggest"
MODEL_VERSION = "1.2.0"

"""The provision suggester: text in, ranked provisions with calibrated scores and evidence out.

One module for the CLI (`policyapi suggest`) and the API (`/v1/suggest`). corpus.py reads the
targets and reviewed citations, lexical.py, semantic.py and neighbours.py score them,
features.py and ranker.py re-rank and calibrate, relations.py guesses the relation, model.py
puts them together and abstains, cache.py keeps one built model per dataset version per
process, evaluate.py says how good it is.
"""

import os

# The meaning match's libraries (semantic.py) never go to the Hugging Face hub: the model ships
# in a package. Set here, when the package is first imported (create_app imports it in the main
# thread), not in the background build that loads them: changing the environment while other
# threads read it is not safe. The tokenizer's own thread pool stays off (one thread per
# suggestion, beside the worker's other requests).
os.environ.update(
    {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
)

"""One cold start: import a skill and answer one idea request, in a fresh process.

Run as `python bench/cold_start.py closer|baseline`; prints the peak RSS in KiB.
"""

import json
import resource
import sys
from pathlib import Path

event = json.loads((Path(__file__).parent / "idea_request.json").read_text())
if sys.argv[1] == "closer":
    from skill.lambda_function import lambda_handler
else:
    sys.path.insert(0, str(Path(__file__).parent))
    from baseline_skill import lambda_handler
response = lambda_handler(event, None)
assert response["response"]["outputSpeech"]["ssml"]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

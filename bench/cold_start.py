"""One cold start: import a skill and answer one idea request, in a fresh process.

Run as `python bench/cold_start.py closer|baseline`; prints the peak RSS in KiB
and the moment the response was ready, on the system-wide monotonic clock
(CLOCK_MONOTONIC on Linux), so the caller can tell the time a listener waits
for the answer from the time the process takes to exit.
"""

import json
import sys
import time
from pathlib import Path

event = json.loads((Path(__file__).parent / "idea_request.json").read_text())
if sys.argv[1] == "closer":
    from skill.lambda_function import lambda_handler
else:
    sys.path.insert(0, str(Path(__file__).parent))
    from baseline_skill import lambda_handler
response = lambda_handler(event, None)
ready = time.monotonic()
assert response["response"]["outputSpeech"]["ssml"]
# VmHWM, not ru_maxrss: after fork and exec, ru_maxrss still counts the parent's pages.
status = Path("/proc/self/status").read_text()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), ready)

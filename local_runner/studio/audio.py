"""WAV rendering for the studio: one speech engine on one thread, answers before lines.

pyttsx3's engine must stay on the thread that made it, so every render goes
through one worker. The chat's answers and a pressed play button jump the
queue; the background pass that measures every content line waits behind them.
"""

from __future__ import annotations

import hashlib
import itertools
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

from local_runner.speech import SpeechUnavailable, Voice

URGENT, BACKGROUND = 0, 1


class AudioWorker:
    def __init__(self, folder: Path, rate: int | None = None, voice: str | None = None) -> None:
        self.folder = folder
        self._voice = Voice(rate=rate, voice=voice)
        self._jobs: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()
        self._done: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="studio-audio", daemon=True)
        self._thread.start()

    def render(self, ssml: str, priority: int = URGENT) -> Future:
        """A future of (path, seconds); the same SSML is rendered once."""
        key = hashlib.sha256(ssml.encode()).hexdigest()[:20]
        with self._lock:
            known = self._done.get(key)
            if known is not None and (priority == BACKGROUND or known.done()):
                return known
            future = known or Future()
            self._done[key] = future
        self._jobs.put((priority, next(self._order), key, ssml, future))
        return future

    def close(self) -> None:
        """Finish the render under way and stop, so the folder can be removed."""
        self._jobs.put((-1, -1, "", "", None))
        self._thread.join(timeout=30)

    def path(self, key: str) -> Path | None:
        candidate = self.folder / f"{key}.wav"
        return candidate if candidate.is_file() else None

    def _work(self) -> None:
        while True:
            _priority, _order, key, ssml, future = self._jobs.get()
            if future is None:  # close(): stop before anything else queued
                return
            if future.done():  # already rendered through a more urgent copy of the job
                continue
            target = self.folder / f"{key}.wav"
            try:
                seconds = self._voice.render(ssml, target)
            except SpeechUnavailable as error:
                future.set_exception(error)
            except Exception as error:  # noqa: BLE001 - a bad line must not stop the worker
                future.set_exception(SpeechUnavailable(f"could not render ({error})"))
            else:
                future.set_result((target, seconds))

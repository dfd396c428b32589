"""The matcher's intent classifier: trained with scikit-learn, answered without it.

Training fits a logistic regression over TF-IDF word pairs and character
n-grams. What the fit learned (the vocabularies, idf weights, coefficients and
intercepts) is exported to a compact file, and `CompactClassifier` repeats the
vectorise-and-dot-product in plain Python. Importing scikit-learn and numpy
costs more than the rest of a one-shot `ask`, so answering never imports them.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from operator import add, mul
from pathlib import Path

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 4)
_MAGIC = b"CLOSERM1"
_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
_SPACES = re.compile(r"\s\s+")


def limit_threads() -> None:
    """One BLAS thread: on two shared cores, more threads only fight each other."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def fit(texts: Sequence[str], labels: Sequence[str], regularisation: float):
    """A fitted scikit-learn pipeline (imported here: only training needs it)."""
    limit_threads()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from threadpoolctl import threadpool_limits

    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True),
    )
    pipeline = make_pipeline(features, LogisticRegression(C=regularisation, max_iter=3000))
    with threadpool_limits(1):
        pipeline.fit(list(texts), list(labels))
    return pipeline


def export(pipeline, path: Path) -> None:
    """Write what `pipeline` learned to `path`, atomically (readers never see half a file)."""
    union, regression = pipeline.steps[0][1], pipeline.steps[-1][1]
    word, char = (transformer for _, transformer in union.transformer_list)
    classes = [str(c) for c in regression.classes_]
    coefficients = regression.coef_
    if len(classes) == 2:  # a binary fit keeps one row; the multinomial form needs both
        coefficients = [-coefficients[0] / 2, coefficients[0] / 2]
        intercepts = [-regression.intercept_[0] / 2, regression.intercept_[0] / 2]
    else:
        intercepts = list(regression.intercept_)
    header = json.dumps({
        "classes": classes,
        "word": {term: int(index) for term, index in word.vocabulary_.items()},
        "char": {term: int(index) for term, index in char.vocabulary_.items()},
    }).encode("utf-8")
    # Feature-major coefficients: an utterance touches few features, so each
    # one's row of per-class weights is read in one contiguous slice.
    weights = array("d", (float(w) for column in zip(*coefficients, strict=True) for w in column))
    body = b"".join([
        _MAGIC, struct.pack("<I", len(header)), header,
        array("d", word.idf_).tobytes(), array("d", char.idf_).tobytes(),
        array("d", (float(b) for b in intercepts)).tobytes(), weights.tobytes(),
    ])
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(body)
    os.replace(partial, path)


class CompactClassifier:
    """predict_proba of the exported pipeline, in plain Python."""

    def __init__(self, path: Path) -> None:
        """ValueError for a file that is not a whole model, so the caller trains again."""
        data = Path(path).read_bytes()
        if data[:len(_MAGIC)] != _MAGIC:
            raise ValueError(f"{path} is not a matcher model")
        try:
            (size,) = struct.unpack_from("<I", data, len(_MAGIC))
            start = len(_MAGIC) + 4
            header = json.loads(data[start:start + size])
            self.classes: list[str] = header["classes"]
            self._word: dict[str, int] = header["word"]
            self._char: dict[str, int] = header["char"]
            floats = array("d")
            floats.frombytes(data[start + size:])
        except (struct.error, KeyError, TypeError) as error:
            raise ValueError(f"{path} is damaged ({error})") from None
        n_word, n_char, n_classes = len(self._word), len(self._char), len(self.classes)
        self._word_idf = floats[:n_word]
        self._char_idf = floats[n_word:n_word + n_char]
        self._intercepts = list(floats[n_word + n_char:n_word + n_char + n_classes])
        self._weights = floats[n_word + n_char + n_classes:]
        if len(self._weights) != (n_word + n_char) * n_classes:
            raise ValueError(f"{path} is truncated")

    def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._probabilities(text) for text in texts]

    def _probabilities(self, text: str) -> list[float]:
        n_classes = len(self.classes)
        scores = list(self._intercepts)
        offset = len(self._word)
        features = _tfidf(_word_ngrams(text), self._word, self._word_idf, 0)
        features += _tfidf(_char_wb_ngrams(text), self._char, self._char_idf, offset)
        weights = self._weights
        for column, value in features:
            row = weights[column * n_classes:(column + 1) * n_classes]  # a C-level slice
            # map over operator functions runs in C: the same sums, in the same order, faster
            scores = list(map(add, scores, map(mul, row, repeat(value, n_classes))))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


def _tfidf(terms: list[str], vocabulary: dict[str, int], idf: array, offset: int) -> list[tuple[int, float]]:
    """Sublinear tf times idf, L2-normalised, as TfidfVectorizer computes it."""
    counts = Counter(vocabulary[t] for t in terms if t in vocabulary)
    values = [(index, (1.0 + math.log(count)) * idf[index]) for index, count in counts.items()]
    norm = math.sqrt(sum(v * v for _, v in values))
    if not norm:
        return []
    return [(offset + index, v / norm) for index, v in values]


def _word_ngrams(text: str) -> list[str]:
    tokens = _WORD_TOKEN.findall(text.lower())
    low, high = WORD_NGRAMS
    grams = []
    for n in range(low, high + 1):
        grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def _char_wb_ngrams(text: str) -> list[str]:
    """scikit-learn's char_wb analyzer: n-grams inside each word padded with spaces."""
    low, high = CHAR_NGRAMS
    grams = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset:offset + n])
            while offset + n < length:
                offset += 1
                grams.append(padded[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return grams

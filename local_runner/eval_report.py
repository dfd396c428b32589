"""The eval summary as terminal text, Markdown, JSON and two pictures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _slot_line(summary: dict[str, Any]) -> str:
    if summary["slot_accuracy"] is None:
        return "no slot labels"
    return f"{_percent(summary['slot_accuracy'])} of {summary['slot_labelled']} labelled utterances"


def as_text(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['source']}: {summary['utterances']} utterances",
        f"intent accuracy  {_percent(summary['intent_accuracy'])} "
        f"({summary['intent_correct']} of {summary['utterances']})",
        f"slot accuracy    {_slot_line(summary)}",
        "",
    ]
    width = max(len(name) for name in summary["per_intent"]) if summary["per_intent"] else 6
    lines.append(f"{'intent':<{width}}  precision  recall     f1  support")
    for name, row in summary["per_intent"].items():
        lines.append(f"{name:<{width}}  {row['precision']:>9.2f}  {row['recall']:>6.2f}  {row['f1']:>5.2f}"
                     f"  {row['support']:>7}")
    lines += ["", "most frequent confusions (expected -> got):"]
    lines += [f"  {c['count']:>3} x {c['expected']} -> {c['got']}"
              for c in summary["confusions"]] or ["  none"]
    lines += ["", f"misclassified ({len(summary['misclassified'])}):"]
    lines += [f"  {m['utterance']!r}: expected {m['expected']}, got {m['got']} ({m['confidence']:.2f})"
              for m in summary["misclassified"]] or ["  none"]
    if summary["slot_errors"]:
        lines += ["", f"slot errors ({len(summary['slot_errors'])}):"]
        lines += [f"  {e['utterance']!r}: expected {e['expected']}, got {e['got']}"
                  for e in summary["slot_errors"]]
    return "\n".join(lines)


def as_markdown(summary: dict[str, Any]) -> str:
    def cell(text: Any) -> str:
        return str(text).replace("|", "\\|")

    lines = [
        f"# NLU report: {cell(summary['source'])}", "",
        f"- utterances: {summary['utterances']}",
        f"- intent accuracy: **{_percent(summary['intent_accuracy'])}** "
        f"({summary['intent_correct']} of {summary['utterances']})",
        f"- slot accuracy: {_slot_line(summary)}", "",
        "![confusion matrix](confusion_matrix.png)", "", "![F1 per intent](f1_per_intent.png)", "",
        "## Per intent", "", "| intent | precision | recall | F1 | support |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {cell(n)} | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1']:.2f} | {r['support']} |"
              for n, r in summary["per_intent"].items()]
    lines += ["", "## Most frequent confusions", "", "| expected | got | count |", "| --- | --- | ---: |"]
    lines += [f"| {cell(c['expected'])} | {cell(c['got'])} | {c['count']} |" for c in summary["confusions"]]
    lines += ["", "## Misclassified utterances", "", "| utterance | expected | got | confidence |",
              "| --- | --- | --- | ---: |"]
    lines += [f"| {cell(m['utterance'])} | {cell(m['expected'])} | {cell(m['got'])} | {m['confidence']:.2f} |"
              for m in summary["misclassified"]]
    if summary["slot_errors"]:
        lines += ["", "## Slot errors", "", "| utterance | expected | got |", "| --- | --- | --- |"]
        lines += [f"| {cell(e['utterance'])} | {cell(e['expected'])} | {cell(e['got'])} |"
                  for e in summary["slot_errors"]]
    return "\n".join(lines) + "\n"


def _short(intent: str) -> str:
    return intent.replace("AMAZON.", "").replace("Intent", "")


def write_report(summary: dict[str, Any], folder: Path) -> list[Path]:
    """report.json, report.md, confusion_matrix.png and f1_per_intent.png in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "report.json", folder / "report.md"]
    written[0].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    written[1].write_text(as_markdown(summary), encoding="utf-8")
    written += [_confusion_png(summary, folder / "confusion_matrix.png"),
                _f1_png(summary, folder / "f1_per_intent.png")]
    return written


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt

    return plt


def _confusion_png(summary: dict[str, Any], path: Path) -> Path:
    """Rows are the expected intents, columns what was heard; each row shaded by its share
    and labelled with counts, so the diagonal and the few mistakes stand out."""
    plt = _pyplot()
    labels, matrix = summary["labels"], summary["confusion_matrix"]
    shares = [[count / (sum(row) or 1) for count in row] for row in matrix]
    size = max(5.0, 0.5 * len(labels) + 2.5)
    figure, axes = plt.subplots(figsize=(size + 1, size))
    image = axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for r, row in enumerate(matrix):
        for c, count in enumerate(row):
            if count:
                axes.text(c, r, str(count), ha="center", va="center", fontsize=8,
                          color="white" if shares[r][c] > 0.6 else ("#b00020" if r != c else "black"))
    short = [_short(label) for label in labels]
    axes.set_xticks(range(len(labels)), short, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(labels)), short, fontsize=8)
    axes.set_xlabel("heard as")
    axes.set_ylabel("expected")
    axes.set_title(f"Intent confusion: {_percent(summary['intent_accuracy'])} correct "
                   f"of {summary['utterances']}")
    figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04, label="share of the expected intent")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _f1_png(summary: dict[str, Any], path: Path) -> Path:
    plt = _pyplot()
    rows = [(name, row["f1"]) for name, row in summary["per_intent"].items() if row["support"]]
    rows.sort(key=lambda item: item[1])
    figure, axes = plt.subplots(figsize=(7, max(3.0, 0.35 * len(rows) + 1.2)))
    colours = ["#c0392b" if f1 < 0.8 else "#e0a030" if f1 < 0.95 else "#2e8b57" for _, f1 in rows]
    axes.barh([_short(name) for name, _ in rows], [f1 for _, f1 in rows], color=colours)
    for index, (_, f1) in enumerate(rows):
        axes.text(min(f1 + 0.01, 0.93), index, f"{f1:.2f}", va="center", fontsize=8)
    axes.set_xlim(0, 1)
    axes.set_xlabel("F1")
    axes.set_title("F1 per intent (expected intents only)")
    axes.tick_params(axis="y", labelsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path

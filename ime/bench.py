"""How fast and how right the Chinese input is, on names, address words and trades.

    python -m ime.bench                      # the engines in this process
    python -m ime.bench --http http://127.0.0.1:5000   # the same lookups through a running kiosk

Figures, not a pass/fail test. The words (tests/samples/input/vocabulary.tsv) come from everyday
names, addresses and 个体工商户 trades; their pinyin comes from pypinyin, a dictionary of its own,
not from librime's. The strokes are Make Me a Hanzi's medians (strokes.json), drawn from the
Arphic fonts and independent of the Tegaki data zinnia's model learnt from; each character is also
written a second time "by hand" (seeded wobble, slant and size). Half the words are held out:
nothing was tuned on them, and their figures are printed apart.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "samples" / "input"
PAD = 300          # the writing pad's side in pixels, about what the kiosk shows
TOP = 5
PAGE = 8           # candidates on one page of the keyboard's bar


def vocabulary() -> list[tuple[str, str, str]]:
    rows = []
    for line in (SAMPLES / "vocabulary.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


def strokes() -> dict:
    return json.loads((SAMPLES / "strokes.json").read_text(encoding="utf-8"))["characters"]


def pinyin_of(word: str) -> list[str]:
    from pypinyin import lazy_pinyin
    return lazy_pinyin(word)          # "ü" as "v", the way pinyin keyboards take it


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, math.ceil(0.95 * len(values)) - 1)]
    return f"median {statistics.median(values) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   (n={len(values)})"


# ---- how the lookups are made: the engines here, or a kiosk over HTTP
class Local:
    def __init__(self):
        from ime.rime import RimePinyin
        from ime.zinnia import ZinniaHandwriting
        self.user_dir = tempfile.mkdtemp(prefix="rime-bench-")
        self.rime = RimePinyin(self.user_dir)
        self.zinnia = ZinniaHandwriting()

    def pinyin(self, keys: str, picks=()) -> dict:
        return self.rime.compose(keys, list(picks)).as_json()

    def handwriting(self, strokes) -> dict:
        return self.zinnia.recognise(strokes, PAD, PAD).as_json()


class Http:
    """A kiosk's /api/input endpoints, with the page token a screen would send."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(self.base + "/").read().decode()
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def _post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRFToken": self.token})
        return json.loads(self.opener.open(request).read())

    def pinyin(self, keys: str, picks=()) -> dict:
        return self._post("/api/input/pinyin", {"keys": keys, "picks": list(picks)})

    def handwriting(self, strokes) -> dict:
        return self._post("/api/input/handwriting", {"strokes": strokes, "width": PAD, "height": PAD})


# ---- pinyin
def enter_by_pinyin(lookup, word: str, keys: str, top: int = TOP) -> int | None:
    """Picks a citizen needs when each pick is the longest candidate among the first ``top`` that
    the word starts with; None when at some point none of them fits."""
    picks, done = [], ""
    while True:
        answer = lookup.pinyin(keys, picks)
        if answer["commit"] is not None:
            return len(picks) if answer["commit"] == word else None
        fitting = [(len(c), i) for i, c in enumerate(answer["candidates"][:top]) if word[len(done):].startswith(c)]
        if not fitting:
            return None
        length, index = max(fitting)
        picks.append(index)
        done += word[len(done):len(done) + length]


def bench_pinyin(lookup, words) -> None:
    latencies = []
    for part in ("dev", "heldout"):
        chosen = [(kind, text) for kind, text, p in words if p == part]
        whole = single = 0
        picks_needed, one_page = [], []
        for kind, text in chosen:
            syllables = pinyin_of(text)
            keys = "".join(syllables)
            for n in range(1, len(keys) + 1):            # one lookup per keystroke, as the keyboard does
                started = time.perf_counter()
                answer = lookup.pinyin(keys[:n])
                latencies.append(time.perf_counter() - started)
            whole += text in answer["candidates"][:TOP]
            single += all(ch in lookup.pinyin(s)["candidates"][:TOP] for ch, s in zip(text, syllables))
            picks_needed.append(enter_by_pinyin(lookup, text, keys))
            one_page.append(enter_by_pinyin(lookup, text, keys, top=PAGE) is not None)
        done = [p for p in picks_needed if p is not None]
        print(f"  {part:8s} {len(chosen):3d} words: whole word in top {TOP} {whole / len(chosen):6.1%}   "
              f"enterable picking only in the top {TOP} {len(done) / len(chosen):6.1%} "
              f"(mean {statistics.mean(done):.2f} picks)   every character in the top {TOP} alone "
              f"{single / len(chosen):6.1%}   enterable on the first candidate page ({PAGE}) "
              f"{sum(one_page) / len(chosen):6.1%}")
        for kind in ("name", "address", "trade"):
            of_kind = [p for (k, _), p in zip(chosen, picks_needed) if k == kind]
            print(f"      {kind:8s} enterable {sum(p is not None for p in of_kind) / len(of_kind):6.1%}")
    print(f"  latency per keystroke   {percentiles(latencies)}")


# ---- handwriting
def on_pad(stroke, transform) -> list[list[int]]:
    """A median stroke (1024 box) densified to a finger's sampling and placed on the pad."""
    points = [stroke[0]]
    for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) // 12))
        points += [[x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n] for i in range(1, n + 1)]
    return [list(transform(x / 1024, y / 1024)) for x, y in points]


def by_hand(seed: int):
    """A seeded hand: smaller or larger, slanted, off-centre, with a shaky line."""
    rnd = random.Random(seed)
    scale, slant, dx, dy = rnd.uniform(0.65, 1.0), rnd.uniform(-0.15, 0.15), rnd.uniform(0, 0.2), rnd.uniform(0, 0.2)

    def transform(x, y):
        x, y = (x - 0.5 + slant * (y - 0.5)) * scale + 0.5 + dx - 0.1, (y - 0.5) * scale + 0.5 + dy - 0.1
        return (min(PAD, max(0, round(x * PAD + rnd.gauss(0, 2.5)))),
                min(PAD, max(0, round(y * PAD + rnd.gauss(0, 2.5)))))
    return transform


def bench_handwriting(lookup, words) -> None:
    medians = strokes()
    dev_chars = {ch for _, text, part in words if part == "dev" for ch in text}
    held_chars = {ch for _, text, part in words if part == "heldout" for ch in text} - dev_chars
    latencies = []
    for part, chars in (("dev", sorted(dev_chars)), ("heldout", sorted(held_chars))):
        for style in ("clean", "by hand"):
            hits = first = 0
            for i, ch in enumerate(chars):
                if style == "clean":
                    transform = (lambda x, y: (round(x * PAD), round(y * PAD)))
                else:
                    transform = by_hand(i)
                written = [on_pad(s, transform) for s in medians[ch]]
                for n in range(1, len(written) + 1):          # asked again after every stroke
                    started = time.perf_counter()
                    answer = lookup.handwriting(written[:n])
                    latencies.append(time.perf_counter() - started)
                hits += ch in answer["candidates"][:TOP]
                first += answer["candidates"][:1] == [ch]
            print(f"  {part:8s} {style:8s} {len(chars):3d} characters: in the top {TOP} {hits / len(chars):6.1%}   "
                  f"first {first / len(chars):6.1%}")
    print(f"  latency per stroke      {percentiles(latencies)}")


def bench_deploy() -> None:
    """librime's start: with Debian's prebuilt tables (what the kiosk does), and compiling the
    luna-pinyin dictionary from its source, each in a fresh process and user folder."""
    from ime.rime import SHARED_DATA
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "shared")
        source.mkdir()
        for f in Path(SHARED_DATA).iterdir():
            if f.is_file():
                (source / f.name).symlink_to(f)
        (source / "build").mkdir()          # an empty prebuilt folder: everything is compiled
        for label, shared in (("prebuilt tables", SHARED_DATA), ("compiled from the dictionary", str(source))):
            code = ("import sys; from ime.rime import RimePinyin; "
                    f"print(RimePinyin(sys.argv[1], {shared!r}).deploy_seconds)")
            out = subprocess.run([sys.executable, "-c", code, tempfile.mkdtemp(dir=tmp)], capture_output=True,
                                 text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
            print(f"  deploy, {label:30s} {float(out.stdout.split()[-1]):6.2f} s")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http", metavar="URL", help="a running kiosk to ask instead of the engines here")
    args = parser.parse_args(argv)
    lookup = Http(args.http) if args.http else Local()
    words = vocabulary()
    print(f"Chinese input, {'through ' + args.http if args.http else 'engines in process'}; "
          f"{len(words)} words, hit = the intended text among the first {TOP} candidates")
    print("pinyin (librime, luna_pinyin_simp):")
    bench_pinyin(lookup, words)
    print(f"handwriting (zinnia, Tegaki zh_CN model, {PAD}-pixel pad):")
    bench_handwriting(lookup, words)
    if not args.http:
        print("librime start-up:")
        bench_deploy()


if __name__ == "__main__":
    main()

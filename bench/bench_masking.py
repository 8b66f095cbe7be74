"""The masking gate (shared/masking.py): normal log lines, and adversarial input (long runs of
e-mail-like text) from 1 kB to 1 MB. Throughput is printed next to a plain str copy of the same
text in the same run, and the time per kB at each size shows whether growth is linear."""

from __future__ import annotations

import time

from shared.masking import mask_text

NORMAL = ("request dsar_get 4711 -> 200 (12 ms) run 3f2a client 17 debtor jan.jansen@example.nl "
          "iban NL91ABNA0417164300 phone 06-12345678 postcode 1234 AB")
SIZES = [1_000, 10_000, 100_000, 1_000_000]
ADVERSARIAL = {
    "runs without @": lambda n: (("a" * 60 + ".") * (n // 61 + 1))[:n],
    "many @": lambda n: (("x" * 20 + "@" + "y" * 20 + "-") * (n // 42 + 1))[:n],
    "addresses in a path": lambda n: (("/jan.jansen@example.nl") * (n // 22 + 1))[:n],
}


def timed(fn, text: str, seconds: float = 0.3) -> float:
    """Seconds per call, over at least `seconds` of repeated calls."""
    n, started = 0, time.perf_counter()
    while True:
        fn(text)
        n += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return elapsed / n


def copy(text: str) -> str:
    return text + " "  # a real copy of the characters (str(text) would return the same object)


def main() -> None:
    lines = "\n".join([NORMAL] * 1000)
    gate, base = timed(mask_text, lines), timed(copy, lines)
    mb = len(lines) / 1e6
    print(f"normal log lines ({len(lines) / 1000:.0f} kB): gate {mb / gate:7.1f} MB/s, str copy {mb / base:8.1f} MB/s,"
          f" gate/copy time {gate / base:.0f}x")
    for label, make in ADVERSARIAL.items():
        print(f"adversarial: {label}")
        first = None
        for size in SIZES:
            text = make(size)
            gate, base = timed(mask_text, text), timed(copy, text)
            per_kb = gate / (size / 1000)
            first = first or per_kb
            print(f"  {size / 1000:6.0f} kB: gate {size / 1e6 / gate:7.1f} MB/s, "
                  f"str copy {size / 1e6 / base:8.1f} MB/s, {per_kb * 1e6:7.1f} µs per kB "
                  f"({per_kb / first:.2f}x the 1 kB cost per kB)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates golden event outputs with the real v2e EventEmulator (SensorsINI/v2e).

Our own script (no v2e code is copied here). It feeds small deterministic clips to v2e's
EventEmulator.generate_events(frame, t) and writes one gzip'd little-endian golden file per case
(format: see README.md), read by org.tnas.pipelines.emulator.V2eGolden in the Java tests.

Usage:
  V2E_HOME=/tmp/v2e /usr/bin/python3 make_goldens.py OUTPUT_DIR            # the committed goldens
  V2E_HOME=/tmp/v2e /usr/bin/python3 make_goldens.py OUTPUT_DIR --video FILE --frames 10 --size 64
  V2E_HOME=/tmp/v2e /usr/bin/python3 make_goldens.py OUTPUT_DIR --statistics   # noisy-mode statistics
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import tempfile

import numpy as np

# v2e imports a few pip-only modules for GUI, logging and AEDAT output that the emulator core does
# not need; give it tiny stand-ins so it runs from Debian packages alone.
_STANDINS = {
    "screeninfo": "def get_monitors():\n    return []\n",
    "engineering_notation": "class EngNumber(float):\n    def __new__(cls, v, *a, **k):\n        return float.__new__(cls, v)\n",
    "easygui": "",
    "tkinter": "",
    "tkinter/filedialog": "",
    "numba": "def njit(*a, **k):\n    if a and callable(a[0]):\n        return a[0]\n    return lambda f: f\n",
    "dv_processing": "",
}


def _install_standins():
    root = tempfile.mkdtemp(prefix="v2e-standins-")
    for name, text in _STANDINS.items():
        if "/" in name:
            path = os.path.join(root, name + ".py")
        else:
            os.makedirs(os.path.join(root, name), exist_ok=True)
            path = os.path.join(root, name, "__init__.py")
        with open(path, "w") as f:
            f.write(text)
    sys.path.insert(0, root)


def _emulator_class():
    home = os.environ.get("V2E_HOME", "/tmp/v2e")
    sys.path.insert(0, home)
    _install_standins()
    import logging
    logging.disable(logging.WARNING)
    from v2ecore.emulator import EventEmulator
    return EventEmulator


def moving_gradient(width, height, frames, speed, period, offset=0.0, fractional=False):
    """A diagonal sinusoidal grating moving right by `speed` px/frame, plus a dark disc moving down."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float64)
    out = []
    for i in range(frames):
        phase = 2 * math.pi * ((xs + 0.5 * ys - speed * i + offset) / period)
        img = 128 + 100 * np.sin(phase)
        cy, cx = height * 0.3 + 0.6 * i, width * 0.6
        disc = (ys - cy) ** 2 + (xs - cx) ** 2 < (min(width, height) * 0.15) ** 2
        img[disc] = 10 + 3 * (i % 5)
        img = np.clip(img, 0, 255)
        out.append(img.astype(np.float32) if fractional else np.round(img).astype(np.uint8))
    return out


def run_case(EventEmulator, frames, fps, params):
    kwargs = dict(pos_thres=params["pos_thres"], neg_thres=params["neg_thres"],
                  sigma_thres=params["sigma_thres"], cutoff_hz=params["cutoff_hz"],
                  leak_rate_hz=params["leak_rate_hz"], refractory_period_s=params["refractory_period_s"],
                  shot_noise_rate_hz=params["shot_noise_rate_hz"],
                  leak_jitter_fraction=params["leak_jitter_fraction"],
                  noise_rate_cov_decades=params["noise_rate_cov_decades"], seed=params["seed"],
                  hdr=params["hdr"], device="cpu")
    em = EventEmulator(**kwargs)
    times = [i / fps for i in range(len(frames))]
    chunks = []
    per_frame = []
    for frame, t in zip(frames, times):
        ev = em.generate_events(frame.astype(np.float64) if frame.dtype == np.uint8 else frame, t)
        per_frame.append(0 if ev is None else len(ev))
        if ev is not None:
            chunks.append(np.asarray(ev, dtype=np.float32))
    events = np.concatenate(chunks) if chunks else np.zeros((0, 4), np.float32)
    return times, events, per_frame


def write_golden(path, frames, times, events, params):
    header = "".join(f"{k}={v}\n" for k, v in params.items()).encode("utf-8")
    h, w = frames[0].shape
    is_float = frames[0].dtype != np.uint8
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(b"TNASV2EG")
        f.write(struct.pack("<i", 1))
        f.write(struct.pack("<i", len(header)))
        f.write(header)
        f.write(struct.pack("<iiii", w, h, len(frames), 1 if is_float else 0))
        f.write(np.asarray(times, dtype="<f8").tobytes())
        for fr in frames:
            f.write(np.ascontiguousarray(fr, dtype="<f4" if is_float else np.uint8).tobytes())
        n = len(events)
        f.write(struct.pack("<q", n))
        f.write(events[:, 0].astype("<f4").tobytes())
        f.write(events[:, 1].astype("<i2").tobytes())
        f.write(events[:, 2].astype("<i2").tobytes())
        f.write((events[:, 3] > 0).astype(np.int8).tobytes())
    return n


DETERMINISTIC = dict(pos_thres=0.2, neg_thres=0.2, sigma_thres=0.0, cutoff_hz=0.0, leak_rate_hz=0.0,
                     refractory_period_s=0.0, shot_noise_rate_hz=0.0, leak_jitter_fraction=0.0,
                     noise_rate_cov_decades=0.0, seed=0, hdr=False)


def cases():
    g30 = moving_gradient(64, 48, 24, speed=2.0, period=23.0)
    g1000 = moving_gradient(48, 32, 30, speed=0.35, period=17.0, offset=3.0)
    gfloat = moving_gradient(40, 30, 20, speed=1.3, period=19.0, offset=1.0, fractional=True)
    static16 = [np.tile(np.linspace(5, 250, 16), (12, 1)).round().astype(np.uint8)] * 150
    hdr = [np.log(np.maximum(f.astype(np.float32), 1.0)).astype(np.float32) for f in moving_gradient(32, 24, 16, 1.5, 13.0, fractional=True)]
    d = DETERMINISTIC
    return [
        ("gradient_64x48_30fps", g30, 30.0, dict(d)),
        ("gradient_64x48_30fps_thresholds", g30, 30.0, dict(d, pos_thres=0.15, neg_thres=0.25)),
        ("gradient_48x32_1000fps_cutoff100_refractory", g1000, 1000.0,
         dict(d, cutoff_hz=100.0, refractory_period_s=0.0005)),
        ("gradient_48x32_1000fps_cutoff300", g1000, 1000.0, dict(d, cutoff_hz=300.0)),
        ("gradient_48x32_1000fps_refractory", g1000, 1000.0, dict(d, refractory_period_s=0.0004)),
        ("float_40x30_60fps_refractory", gfloat, 60.0, dict(d, refractory_period_s=0.01)),
        ("float_40x30_60fps_cutoff30", gfloat, 60.0, dict(d, cutoff_hz=30.0)),
        ("static_16x12_100fps_leak1hz", static16, 100.0, dict(d, leak_rate_hz=1.0)),
        ("hdr_32x24_30fps", hdr, 30.0, dict(d, hdr=True)),
    ]


def statistics(EventEmulator, out_dir):
    """Noisy-mode statistics of v2e over several seeds (v2e's torch RNG cannot be reproduced)."""
    result = {}
    static = [np.full((64, 64), 127, np.uint8)] * 201
    g = moving_gradient(64, 48, 61, speed=2.0, period=23.0)
    configs = {
        "static_127_64x64_100fps_shot1": (static, 100.0, dict(DETERMINISTIC, shot_noise_rate_hz=1.0)),
        "gradient_64x48_30fps_cli_defaults": (g, 30.0, dict(DETERMINISTIC, sigma_thres=0.03, cutoff_hz=300.0,
            leak_rate_hz=0.01, shot_noise_rate_hz=0.001, refractory_period_s=0.0005,
            leak_jitter_fraction=0.1, noise_rate_cov_decades=0.1)),
        "gradient_64x48_30fps_noisy": (g, 30.0, dict(DETERMINISTIC, sigma_thres=0.05, cutoff_hz=30.0,
            leak_rate_hz=0.1, shot_noise_rate_hz=5.0, leak_jitter_fraction=0.1, noise_rate_cov_decades=0.1)),
        "gradient_64x48_30fps_sigma0.03": (g, 30.0, dict(DETERMINISTIC, sigma_thres=0.03)),
    }
    # the frames of the gradient clip (no events) so the Java test feeds exactly the same input
    write_golden(os.path.join(out_dir, "statistics_gradient_64x48_61frames.v2eg.gz"), g,
                 [i / 30.0 for i in range(len(g))], np.zeros((0, 4), np.float32), DETERMINISTIC)
    for name, (frames, fps, params) in configs.items():
        runs = []
        for seed in range(1, 9):
            _, ev, per_frame = run_case(EventEmulator, frames, fps, dict(params, seed=seed))
            runs.append(dict(seed=seed, events=int(len(ev)), on=int((ev[:, 3] > 0).sum()), per_frame=per_frame))
        result[name] = dict(parameters=params, fps=fps, frames=len(frames), runs=runs)
        counts = [r["events"] for r in runs]
        print(f"{name}: mean {np.mean(counts):.1f} sd {np.std(counts, ddof=1):.1f}")
    with open(os.path.join(out_dir, "v2e_noisy_statistics.json"), "w") as f:
        json.dump(result, f, indent=1)


def video_statistics(EventEmulator, frames, fps, name, out_dir):
    """Noisy-mode statistics of v2e on frames of a real clip: stats_<name>.v2eg.gz (the frames, no
    events) and stats_<name>.json (per configuration, seeds 1..8: events, ON events, events per frame)."""
    write_golden(os.path.join(out_dir, f"stats_{name}.v2eg.gz"), frames, [i / fps for i in range(len(frames))],
                 np.zeros((0, 4), np.float32), DETERMINISTIC)
    configs = {
        "cli_defaults": dict(DETERMINISTIC, sigma_thres=0.03, cutoff_hz=300.0, leak_rate_hz=0.01,
            shot_noise_rate_hz=0.001, refractory_period_s=0.0005, leak_jitter_fraction=0.1, noise_rate_cov_decades=0.1),
        "noisy": dict(DETERMINISTIC, sigma_thres=0.05, cutoff_hz=30.0, leak_rate_hz=0.1, shot_noise_rate_hz=5.0,
            leak_jitter_fraction=0.1, noise_rate_cov_decades=0.1),
    }
    result = {}
    for config, params in configs.items():
        runs = []
        for seed in range(1, 9):
            _, ev, per_frame = run_case(EventEmulator, frames, fps, dict(params, seed=seed))
            runs.append(dict(seed=seed, events=int(len(ev)), on=int((ev[:, 3] > 0).sum()), per_frame=per_frame))
        result[config] = dict(parameters=params, fps=fps, frames=len(frames), runs=runs)
        counts = [r["events"] for r in runs]
        print(f"stats_{name} {config}: mean {np.mean(counts):.1f} sd {np.std(counts, ddof=1):.1f}")
    with open(os.path.join(out_dir, f"stats_{name}.json"), "w") as f:
        json.dump(result, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output_dir")
    ap.add_argument("--video")
    ap.add_argument("--frames", type=int, default=10)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--statistics", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    EventEmulator = _emulator_class()
    if args.statistics and not args.video:
        statistics(EventEmulator, args.output_dir)
        return
    if args.video:
        import cv2
        cap = cv2.VideoCapture(args.video)
        frames = []
        index = 0
        while len(frames) < args.frames:
            ok, bgr = cap.read()
            if not ok:
                break
            if index >= args.start:
                gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
                frames.append(cv2.resize(gray, (args.size, args.size), interpolation=cv2.INTER_AREA))
            index += 1
        fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        name = os.path.splitext(os.path.basename(args.video))[0]
        if args.statistics:
            video_statistics(EventEmulator, frames, fps, name, args.output_dir)
            return
        for suffix, params in (("", dict(DETERMINISTIC)), ("_cutoff300_refractory", dict(DETERMINISTIC, cutoff_hz=300.0, refractory_period_s=0.0005))):
            times, ev, _ = run_case(EventEmulator, frames, fps, params)
            n = write_golden(os.path.join(args.output_dir, f"video_{name}{suffix}.v2eg.gz"), frames, times, ev, params)
            print(f"video_{name}{suffix}: {n} events")
        return
    for name, frames, fps, params in cases():
        times, ev, _ = run_case(EventEmulator, frames, fps, params)
        n = write_golden(os.path.join(args.output_dir, name + ".v2eg.gz"), frames, times, ev, params)
        print(f"{name}: {n} events, {os.path.getsize(os.path.join(args.output_dir, name + '.v2eg.gz'))} bytes")


if __name__ == "__main__":
    main()

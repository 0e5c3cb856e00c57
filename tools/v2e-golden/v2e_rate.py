#!/usr/bin/env python3
"""Times v2e's own EventEmulator on given frames, one thread, for the side-by-side benchmark.

Our own script (no v2e code is copied here); it is driven by
org.tnas.pipelines.bench.V2eSideBySideBenchmark (pipelines test sources), which writes the frames
and reads the lines this script prints. It can also be run by hand:

  V2E_HOME=/tmp/v2e /usr/bin/python3 tools/v2e-golden/v2e_rate.py --frames clip.npy --fps 25 \
      --param pos_thres=0.2 --param neg_thres=0.2 ... --seed 1 --repeat 3

Input: a uint8 .npy array [N, H, W]; frame i is fed at t = i / fps, as v2e.py does without SloMo,
as float32 (what v2e.py passes). Parameters: v2e's EventEmulator keyword names (the Java side passes
EmulatorParameters.toMap() without the "emulator." prefix). torch runs on one thread.

Output: one line per repeat, "rate cpu_seconds=<s> wall_seconds=<s> frames=<n> events=<m>", where
cpu_seconds is the process CPU time (time.process_time) of the frame loop; then "done".
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_goldens import _emulator_class  # noqa: E402  (our own helper: v2e import with stand-ins)

FLOAT_PARAMETERS = {
    "pos_thres", "neg_thres", "sigma_thres", "cutoff_hz", "leak_rate_hz", "shot_noise_rate_hz",
    "refractory_period_s", "leak_jitter_fraction", "noise_rate_cov_decades",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", required=True, help="uint8 .npy [N, H, W]")
    parser.add_argument("--fps", type=float, required=True)
    parser.add_argument("--param", action="append", default=[], help="name=value (v2e keyword)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import torch
    torch.set_num_threads(1)
    EventEmulator = _emulator_class()
    frames = np.load(args.frames)
    if frames.ndim != 3 or frames.dtype != np.uint8:
        sys.exit("Invalid frames: expected uint8 [N, H, W], got %s %s" % (frames.dtype, frames.shape))
    params = {}
    for item in args.param:
        name, _, value = item.partition("=")
        if name not in FLOAT_PARAMETERS:
            sys.exit("Invalid parameter: " + item)
        params[name] = float(value)
    floats = [f.astype(np.float32) for f in frames]
    print("v2e torch %s threads %d frames %d size %dx%d params %s seed %d"
          % (torch.__version__, torch.get_num_threads(), frames.shape[0], frames.shape[2], frames.shape[1],
             params, args.seed), flush=True)
    for _ in range(args.repeat):
        torch.manual_seed(args.seed)
        np.random.seed(args.seed)
        emulator = EventEmulator(device="cpu", seed=args.seed, output_folder=None, **params)
        events = 0
        cpu = time.process_time()
        wall = time.perf_counter()
        with torch.no_grad():
            for i, frame in enumerate(floats):
                out = emulator.generate_events(frame, i / args.fps)
                if out is not None:
                    events += len(out)
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        try:
            emulator.cleanup()
        except Exception:  # v2e's cleanup closes output files we did not open
            pass
        print("rate cpu_seconds=%.6f wall_seconds=%.6f frames=%d events=%d" % (cpu, wall, len(floats), events),
              flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()

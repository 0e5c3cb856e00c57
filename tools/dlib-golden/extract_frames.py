"""Writes chosen frames of a video as 8-bit gray PGM files (OpenCV decode, cvtColor BGR2GRAY: v2e's conversion).

usage: extract_frames.py <video> <output dir> <frame index>...
"""
import sys
import cv2

video, out, wanted = sys.argv[1], sys.argv[2], sorted(int(i) for i in sys.argv[3:])
capture = cv2.VideoCapture(video)
index = 0
stem = video.rsplit("/", 1)[-1].rsplit(".", 1)[0]
while wanted:
    ok, frame = capture.read()
    if not ok:
        break
    if index == wanted[0]:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        cv2.imwrite(f"{out}/{stem}_{index:05d}.pgm", gray)
        wanted.pop(0)
    index += 1
